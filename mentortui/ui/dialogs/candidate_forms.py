"""The form for a mentor candidate (Guide screen): a name, the guide's four criteria scored
0–3, notes. It writes through mentortui.domain.candidates."""

from __future__ import annotations

from typing import Any

from mentortui.core.i18n import N_, _
from mentortui.data.model import CANDIDATE_CRITERIA, Candidate
from mentortui.data.store import Store
from mentortui.domain import candidates as candidate_actions
from mentortui.domain.candidates import CRITERIA_LABELS
from mentortui.ui.forms import Field, FormScreen

SCORE_CHOICES = (
    (0, N_("0 — not at all")),
    (1, N_("1 — a little")),
    (2, N_("2 — fairly")),
    (3, N_("3 — strongly")),
)


def candidate_form(store: Store, candidate: Candidate | None) -> FormScreen:
    """Add a candidate (``candidate`` None) or edit one; the form's result is the candidate."""
    fields = [
        Field("name", N_("Name"), required=True, max_length=200),
        *[Field(criterion, CRITERIA_LABELS[criterion], "choice", required=True, choices=SCORE_CHOICES)
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
