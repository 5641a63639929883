"""What a user does to goals (the Goals screen and the weekly review): one function per
action, each one undoable change. ``review=`` also records the action in that week's
review, inside the same change, so one ctrl+z takes back both.

No Textual here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mentortui.core.i18n import N_, _
from mentortui.data import review as reviews
from mentortui.data.goals import open_descendants, planned_meeting_after
from mentortui.data.model import Goal, Review, ValidationError
from mentortui.data.store import Store
from mentortui.data.store_goals import STATUS_LABELS
from mentortui.domain.agreements import next_meetings

# What the weekly review lists for each status a goal gets there (message ids stored in reviews).
REVIEW_STATUS_CHANGES = {
    "done": reviews.GOAL_DONE,
    "dropped": N_("Goal “{title}” dropped"),
    "open": N_("Goal “{title}” open again"),
}
PLANNED_IN_REVIEW = N_("“{title}” set for before the next meeting")
UNPLANNED_IN_REVIEW = N_("“{title}” no longer set for before the next meeting")


def next_meeting(store: Store, relationship_id: int, now: dt.datetime) -> dt.datetime | None:
    """The next planned meeting; without one in the calendar, the next date of the cadence
    (what "before the next meeting" means)."""
    planned = planned_meeting_after(store, relationship_id, now)
    if planned is not None:
        return planned
    upcoming = next_meetings(store.current_agreement(relationship_id), now, 1)
    return upcoming[0] if upcoming else None


def add_goal(
    store: Store,
    relationship_id: int,
    title: str,
    *,
    parent_id: int | None = None,
    position: int | None = None,
    **fields: Any,
) -> Goal:
    """A new goal under ``parent_id`` (top level for None), at ``position`` among its
    siblings (last for None); ``fields`` are the form's notes, horizon, due date, owner, progress."""
    if fields.get("notes") is None:
        fields["notes"] = ""
    with store.change(N_("Add goal “{title}”"), title=title):
        return store.add_goal(relationship_id, title, parent_id=parent_id, position=position, **fields)


def edit_goal(store: Store, goal_id: int, **changes: Any) -> Goal:
    """Write only the fields given (what the form changed), so another instance's edit of the
    rest survives. Nothing given: nothing written."""
    goal = store.goal(goal_id)
    if "notes" in changes and changes["notes"] is None:
        changes["notes"] = ""
    if not changes:
        return goal
    with store.change(N_("Edit goal “{title}”"), title=goal.title):
        return store.update_goal(goal_id, **changes)


def set_goal_status(
    store: Store, goal_id: int, status: str, *, with_open_children: bool = False, review: Review | None = None
) -> Goal:
    """Mark a goal done, dropped or open again; with ``with_open_children``, its open sub-goals
    (at any depth) get the same status."""
    goal = store.goal(goal_id)
    if status not in STATUS_LABELS:
        raise ValidationError("status", _("must be one of {choices}", choices=", ".join(STATUS_LABELS)))
    if goal.status == status and not (with_open_children and open_descendants(store, goal_id)):
        return goal
    label = REVIEW_STATUS_CHANGES[status] if review is not None else STATUS_LABELS[status]
    with store.change(label, title=goal.title):
        changed = store.set_goal_status(goal_id, status, with_open_children=with_open_children)
        if review is not None:
            reviews.record_change(store, review, label, relationship_id=goal.relationship_id, title=goal.title)
        return changed


def set_before_next_meeting(store: Store, goal_id: int, on: bool, *, review: Review | None = None) -> Goal:
    """Mark a goal (or not) as a step for before the next meeting."""
    goal = store.goal(goal_id)
    if goal.before_next_meeting == on:
        return goal
    if review is not None:
        label = PLANNED_IN_REVIEW if on else UNPLANNED_IN_REVIEW
    else:
        label = N_("Plan “{title}” before the next meeting") if on else N_("Unplan “{title}”")
    with store.change(label, title=goal.title):
        changed = store.update_goal(goal_id, before_next_meeting=on)
        if review is not None:
            reviews.record_change(store, review, label, relationship_id=goal.relationship_id, title=goal.title)
        return changed


ADDED_IN_REVIEW = N_("“{title}” added for before the next meeting")
# What may start a line of a typed list ("- ", "• ", "* "): not part of the goal's title.
LIST_MARKS = "-•*· \t"


def goals_from_answer(store: Store, relationship_id: int, answer: str, *, review: Review | None = None) -> list[Goal]:
    """What the user wrote they will do before the next meeting: each non-empty line becomes
    an open small step at the top of the tree, marked for before the next meeting and owned
    by the user's side of the relationship. One change for all (one ctrl+z takes them back);
    no line, nothing written."""
    titles = [line.strip().lstrip(LIST_MARKS).strip() for line in answer.splitlines()]
    titles = [title for title in titles if title]
    if not titles:
        return []
    with store.change(N_("Goals for before the next meeting: {titles}"), titles=", ".join(titles)):
        # Read inside the write: NotFound when another window deleted the relationship.
        owner = store.relationship(relationship_id).role  # "mentee" or "mentor": me
        added = [
            store.add_goal(relationship_id, title, horizon="step", owner=owner, before_next_meeting=True)
            for title in titles
        ]
        if review is not None:
            for goal in added:
                review = reviews.record_change(store, review, ADDED_IN_REVIEW, relationship_id=relationship_id,
                                                title=goal.title)
        return added


def delete_goal(store: Store, goal_id: int) -> int:
    """Delete a goal and everything under it; return how many goals went."""
    goal = store.goal(goal_id)
    with store.change(N_("Delete goal “{title}”"), title=goal.title):
        return store.delete_goal(goal_id)


# ---- moves -------------------------------------------------------------------------


def move_goal(store: Store, goal_id: int, *, parent_id: int | None, position: int) -> Goal:
    """Put a goal (with its subtree) under ``parent_id`` at ``position`` among its siblings."""
    goal = store.goal(goal_id)
    if goal.parent_id == parent_id and goal.position == position:
        return goal
    with store.change(N_("Move goal “{title}”"), title=goal.title):
        return store.move_goal(goal_id, parent_id=parent_id, position=position)


def move_next_to(store: Store, goal_id: int, sibling_id: int) -> Goal:
    """Take the place of ``sibling_id`` (a sibling): above it when coming from below, below
    it when coming from above."""
    sibling = store.goal(sibling_id)
    goal = store.goal(goal_id)
    if sibling.parent_id != goal.parent_id or sibling.relationship_id != goal.relationship_id:
        raise ValidationError("parent_id", _("not a sibling"))
    return move_goal(store, goal_id, parent_id=goal.parent_id, position=sibling.position)


def indent(store: Store, goal_id: int, new_parent_id: int) -> Goal:
    """Make the goal the last sub-goal of ``new_parent_id`` (its sibling above)."""
    parent = store.goal(new_parent_id)
    last = len(store.goal_children(parent.relationship_id, new_parent_id))
    return move_goal(store, goal_id, parent_id=new_parent_id, position=last)


def outdent(store: Store, goal_id: int) -> Goal:
    """Move the goal up a level, just below its former parent."""
    goal = store.goal(goal_id)
    if goal.parent_id is None:
        raise ValidationError("parent_id", _("already a top-level goal"))
    parent = store.goal(goal.parent_id)
    return move_goal(store, goal_id, parent_id=parent.parent_id, position=parent.position + 1)
