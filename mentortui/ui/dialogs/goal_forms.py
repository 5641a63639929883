"""The goal forms and questions, shared by the Goals screen and the weekly review: add and
edit a goal, close one that still has open sub-goals, delete one with what is under it.
Each writes through mentortui.domain.goals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mentortui.core.i18n import N_, _, plural
from mentortui.core.safetext import clean
from mentortui.data import goals as goal_data
from mentortui.data.goals import GoalRow
from mentortui.data.model import MAX_TITLE, Goal
from mentortui.domain import goals as goal_actions
from mentortui.ui.date_readers import DateReaders
from mentortui.ui.forms import ConfirmScreen, Field, FormScreen

if TYPE_CHECKING:
    from mentortui.app import MentorApp

HORIZON_CHOICES = (
    ("long", N_("Long term: where the career is going")),
    ("short", N_("Short term: the next months")),
    ("step", N_("Small step: before a coming meeting")),
)
OWNER_CHOICES = (("mentee", N_("The mentee")), ("mentor", N_("The mentor")), ("both", N_("Both of us")))


def _read_percent(text: str) -> int:
    digits = text.strip().rstrip("%").strip()
    if not digits.isdigit() or not 0 <= int(digits) <= 100:
        raise ValueError(_("A whole number from 0 to 100, like 40."))
    return int(digits)


def _goal_form(
    app: MentorApp, title: str, values: dict[str, Any], *, with_progress: bool, on_save,
    due_before: dt.date | None = None, editing: bool = False
) -> FormScreen:
    """``due_before``: the goal's due date as stored (saving it unchanged asks nothing)."""
    dates = DateReaders(app)
    fields = [
        Field("title", N_("Goal"), required=True, max_length=MAX_TITLE),
        Field("notes", N_("Notes"), "area", help=N_("Why it matters, how you will know it is reached.")),
        Field("horizon", N_("Horizon"), "choice", required=True, choices=HORIZON_CHOICES),
        Field("due_on", N_("Due"), parse=dates.date, preview=dates.show_due_date, placeholder=N_("next friday"),
              help=N_("next friday · +2w · 15/12 · vendredi")),
        Field("owner", N_("Owner"), "choice", required=True, choices=OWNER_CHOICES,
              help=N_("The guide asks the mentor to let the mentee decide: goals are theirs by default.")),
    ]
    if with_progress:
        fields.append(Field("progress", N_("Progress (%)"), parse=_read_percent, placeholder="40",
                            help=N_("Your own estimate. A goal with sub-goals counts its done steps instead.")))
    # Editing writes only what was changed, so another instance's edit of the rest survives.
    return FormScreen(title, fields, values, on_save=on_save, only_changed=editing,
                      ask_first=lambda typed: dates.past_due_question(typed.get("due_on", due_before), due_before))


def add_goal_form(
    app: MentorApp, relationship_id: int, *, parent_id: int | None, position: int | None, horizon: str
) -> FormScreen:
    """A new goal (a sub-goal of ``parent_id``); the form's result is the new goal's id."""

    def save(values: dict[str, Any]) -> int:
        return goal_actions.add_goal(app.store, relationship_id, parent_id=parent_id, position=position,
                                     **values).id

    title = _("A new goal") if parent_id is None else _("A new sub-goal")
    return _goal_form(app, title, {"horizon": horizon, "owner": "mentee"}, with_progress=True, on_save=save)


def edit_goal_form(app: MentorApp, row: GoalRow) -> FormScreen:
    """Edit a goal; the progress field only for a goal with no sub-goal. The result is its id."""
    goal = row.goal
    values = {
        "title": goal.title,
        "notes": goal.notes,
        "horizon": goal.horizon,
        "due_on": goal.due_on.isoformat() if goal.due_on else "",
        "owner": goal.owner,
        "progress": "" if goal.progress is None else str(goal.progress),
    }

    def save(changed: dict[str, Any]) -> int:
        return goal_actions.edit_goal(app.store, goal.id, **changed).id

    return _goal_form(app, _("Edit the goal"), values, with_progress=row.children == 0, on_save=save,
                      due_before=goal.due_on, editing=True)


def change_goal_status(app: MentorApp, goal: Goal, status: str, apply: Callable[[str, bool], None]) -> None:
    """Done / dropped, or back to open when it already is. When open sub-goals would be left
    under a goal that is closed, ask first whether they close too (escape changes nothing).
    ``apply(new_status, with_open_children)`` makes the change (the Goals screen and the
    weekly review each call mentortui.domain.goals.set_goal_status their way)."""
    if goal.status == status:
        apply("open", False)
        return
    open_below = goal_data.open_descendants(app.store, goal.id)
    if not open_below:
        apply(status, False)
        return

    def answered(with_children: bool | None) -> None:
        if with_children is not None:
            apply(status, with_children)

    title = clean(goal.title, single_line=True)
    steps = plural(open_below, N_("{n} open sub-goal"), N_("{n} open sub-goals"), app.lang)
    if status == "done":
        question = _("“{title}” still has {steps}. Complete them too?", title=title, steps=steps)
        yes, no = _("Complete them too"), _("Only this goal")
    else:
        question = _("“{title}” still has {steps}. Drop them too?", title=title, steps=steps)
        yes, no = _("Drop them too"), _("Only this goal")
    app.push_screen(ConfirmScreen(question, yes=yes, no=no), answered)


def confirm_delete_goal(app: MentorApp, goal: Goal, deleted: Callable[[], None]) -> None:
    """Ask, then delete the goal and everything under it; ``deleted()`` runs once it is done."""
    below = goal_data.descendant_count(app.store, goal.id)
    title = clean(goal.title, single_line=True)
    if below:
        question = _("Delete “{title}” and the {goals} under it?", title=title,
                     goals=plural(below, N_("{n} goal"), N_("{n} goals"), app.lang))
    else:
        question = _("Delete “{title}”?", title=title)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        count = goal_actions.delete_goal(app.store, goal.id)
        one, many = N_("Deleted {n} goal. ctrl+z brings it back."), N_("Deleted {n} goals. ctrl+z brings them back.")
        app.notify(plural(count, one, many, app.lang), markup=False)
        deleted()

    app.push_screen(ConfirmScreen(question, yes=_("Delete"), no=_("Keep")), answered)
