"""The Guide screen's forms: a mentor candidate (a name, the guide's four criteria scored
0–3, notes), written through mentortui.domain.candidates; my note on a practice or an item
of the checklist, through mentortui.domain.guide."""

from __future__ import annotations

from typing import Any

from mentortui.core.i18n import N_, _
from mentortui.data.model import CANDIDATE_CRITERIA, Candidate
from mentortui.data.store import Store
from mentortui.domain import candidates as candidate_actions
from mentortui.core.text import one_line
from mentortui.domain.candidates import CRITERIA_LABELS, GOALS_CRITERION, CareerGoals
from mentortui.domain.guide import PRACTICE_NOTE, ItemStatus, PracticeStatus, write_note
from mentortui.ui.forms import Field, FormScreen

SCORE_CHOICES = (
    (0, N_("0 — not at all")),
    (1, N_("1 — a little")),
    (2, N_("2 — fairly")),
    (3, N_("3 — strongly")),
)


def _scored_against(career: CareerGoals | None) -> str:
    """The career-goals criterion's hint: the long-term goals it is scored against."""
    if career is None:
        return ""
    if career.goals:
        titles = ", ".join("“" + one_line(goal.title, 60) + "”" for goal in career.goals)
        return _("Against your long-term goals: {goals}.", goals=titles)
    return _("Against where you want your career to be in a few years (no long-term goal written yet).")


def candidate_form(store: Store, candidate: Candidate | None, career: CareerGoals | None = None) -> FormScreen:
    """Add a candidate (``candidate`` None) or edit one; the form's result is the candidate.
    ``career`` is what the career-goals criterion is scored against (its hint)."""
    fields = [
        Field("name", N_("Name"), required=True, max_length=200),
        *[Field(criterion, CRITERIA_LABELS[criterion], "choice", required=True, choices=SCORE_CHOICES,
                help=_scored_against(career) if criterion == GOALS_CRITERION else "")
          for criterion in CANDIDATE_CRITERIA],
        Field("notes", N_("Notes"), "area", help=N_("What you know of them, who could introduce you.")),
    ]
    values: dict[str, Any] = {criterion: 0 for criterion in CANDIDATE_CRITERIA}
    if candidate is not None:
        values = {"name": candidate.name, "notes": candidate.notes,
                  **{criterion: getattr(candidate, criterion) for criterion in CANDIDATE_CRITERIA}}

    def save(v: dict[str, Any]) -> Candidate:
        if candidate is None:
            return candidate_actions.add_candidate(store, **v)
        return candidate_actions.edit_candidate(store, candidate.id, **v)

    title = _("A mentor candidate") if candidate is None else _("Candidate: {name}", name=candidate.name)
    return FormScreen(title, fields, values, on_save=save,
                      intro=_("Score each of the guide's criteria from 0 (not at all) to 3 (strongly)."))


def note_form(store: Store, relationship_id: int, practice: PracticeStatus, item: ItemStatus | None) -> FormScreen:
    """My note on ``item``, or on the practice itself for None; the result is None when the note
    is unchanged."""
    if item is None:
        title = _("My note on “{practice}”", practice=practice.practice.heading())
        key, note = PRACTICE_NOTE, practice.note
    else:
        title = _("My note on “{item}”", item=item.item.label())
        key, note = item.item.key, item.note

    def save(values: dict[str, Any]) -> object:
        return write_note(store, relationship_id, practice.practice.key, key, values["note"])

    return FormScreen(title, [Field("note", N_("Note"), "area")], {"note": note}, on_save=save)
