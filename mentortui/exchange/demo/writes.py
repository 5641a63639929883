"""Every write the demo makes, one small adapter per user action.

The generator never writes a row itself: it calls the adapter named after the action a
user's key performs (create a relationship, schedule a meeting, log feedback, …), and the
adapter calls the domain function that key calls, with the store's clock moved to the moment
the action happened. So the demo cannot write what the app could not, and what the store
stamps (created_at, done_at, changed_at, …) tells the story's time. The whole fill is one
transaction outside the undo history (``Store.bulk``): each action's change joins it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from mentortui.core.clock import Clock
from mentortui.data import review as reviews
from mentortui.data.model import (
    CHECK_STATES,
    RECORD_TYPES,
    Action,
    AgendaItem,
    Agreement,
    Candidate,
    ChecklistEntry,
    Feedback,
    Goal,
    Learning,
    Meeting,
    Record,
    Relationship,
    Review,
)
from mentortui.data.store import Store
from mentortui.data.validation import check_links
from mentortui.domain import agreements as agreement_actions
from mentortui.domain import candidates as candidate_actions
from mentortui.domain import feedback as feedback_actions
from mentortui.domain import goals as goal_actions
from mentortui.domain import guide as guide_actions
from mentortui.domain import learning as learning_actions
from mentortui.domain import meetings as meeting_actions
from mentortui.domain import relationships as relationship_actions
from mentortui.domain import review as review_actions

R = TypeVar("R", bound=Record)


class DemoClock(Clock):
    """The store's clock while the demo fills it: at the moment of the action being replayed."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def now(self) -> dt.datetime:
        return self.at


class Fill:
    """One fill of the demo: the store (with the demo's clock) the actions write to, and
    every record they made, by table, in the order they were made."""

    def __init__(self, store: Store, clock: DemoClock) -> None:
        self.store = store
        self.clock = clock
        self.made: dict[type[Record], list[Record]] = {cls: [] for cls in RECORD_TYPES}

    def keep(self, record: R) -> R:
        """Keep a record an action wrote, to check the links to it and count it."""
        self.made[type(record)].append(record)
        return record

    def at(self, moment: dt.datetime) -> Store:
        """The store, with its clock at ``moment``."""
        self.clock.at = moment
        return self.store

    def counts(self) -> dict[str, int]:
        """Check the links between all the rows as an import would (an error undoes the
        whole fill); how many rows went into each table."""
        check_links(self.store)
        return {cls.table: len(self.made[cls]) for cls in RECORD_TYPES}


def _follow(record: Record, stored: Record) -> None:
    """Keep the generator's copy of a record as the domain wrote it."""
    vars(record).update(vars(stored))


# ---- relationships ----


def create_relationship(fill: Fill, *, partner: str, role: str, started_on: dt.date, created_at: dt.datetime,
                        **profile: Any) -> Relationship:
    """A relationship with its profile (the new-relationship form). The store's own write, not
    the domain's create_relationship: that one also proposes a first agreement, and the demo's
    agreements tell their own story (save_agreement)."""
    store = fill.at(created_at)
    return fill.keep(store.add_relationship(partner=partner, role=role, started_on=started_on, **profile))


def close_relationship(fill: Fill, relationship: Relationship, ended_on: dt.date, at: dt.datetime) -> None:
    """The relationship ended (its thanks are in the feedback log already); ``relationship`` follows."""
    closed = relationship_actions.close_relationship(
        fill.at(at), relationship.id, ended_on, stay_in_touch_months=relationship.stay_in_touch_months
    )
    _follow(relationship, closed)


def save_agreement(fill: Fill, relationship: Relationship, *, created_at: dt.datetime, **terms: Any) -> Agreement:
    """The next version of the agreement (the agreement screen's form)."""
    return fill.keep(agreement_actions.save_agreement(fill.at(created_at), relationship.id, terms))


def set_check(fill: Fill, relationship: Relationship, practice: str, item: str, *, state: str, note: str,
              changed_at: dt.datetime) -> ChecklistEntry | None:
    """A guide item ticked on to ``state`` (the guide screen's space key) and its note (the
    note form), at ``changed_at``; None for an item left to do without a note, which the
    guide keeps no row for."""
    store = fill.at(changed_at)
    entry = None
    for _ in range(CHECK_STATES.index(state)):
        entry = guide_actions.tick_item(store, relationship.id, practice, item)
    entry = guide_actions.write_note(store, relationship.id, practice, item, note) or entry
    return fill.keep(entry) if entry is not None else None


def add_candidate(fill: Fill, *, name: str, created_at: dt.datetime, **values: Any) -> Candidate:
    return fill.keep(candidate_actions.add_candidate(fill.at(created_at), name, **values))


# ---- goals ----


def add_goal(fill: Fill, relationship: Relationship, parent: Goal | None, *, title: str, created_at: dt.datetime,
             **fields: Any) -> Goal:
    return fill.keep(goal_actions.add_goal(
        fill.at(created_at), relationship.id, title, parent_id=parent.id if parent else None, **fields
    ))


def set_goal_status(fill: Fill, goal: Goal, status: str, *, at: dt.datetime) -> None:
    """Done, dropped or open again (the goals screen's keys), at ``at``; ``goal`` follows."""
    _follow(goal, goal_actions.set_goal_status(fill.at(at), goal.id, status))


def set_goal_progress(fill: Fill, goal: Goal, progress: int) -> None:
    """The progress typed in the goal form; the goal's last change stays when it was."""
    _follow(goal, goal_actions.edit_goal(fill.at(goal.updated_at), goal.id, progress=progress))


def mark_before_next_meeting(fill: Fill, goal: Goal) -> None:
    _follow(goal, goal_actions.set_before_next_meeting(fill.at(goal.updated_at), goal.id, True))


# ---- meetings ----


def schedule_meeting(fill: Fill, relationship: Relationship, *, starts_at: dt.datetime, mode: str,
                     created_at: dt.datetime) -> Meeting:
    store = fill.at(created_at)
    return fill.keep(meeting_actions.schedule_meeting(store, relationship.id, starts_at, mode))


def hold_meeting(fill: Fill, meeting: Meeting, notes: str, at: dt.datetime) -> None:
    """The notes taken, then the meeting marked held; ``meeting`` follows."""
    store = fill.at(at)
    meeting_actions.save_notes(store, meeting.id, notes)
    _follow(meeting, meeting_actions.mark_held(store, meeting.id).meeting)


def cancel_meeting(fill: Fill, meeting: Meeting, notes: str, at: dt.datetime) -> None:
    """The meeting cancelled, with a note saying why; ``meeting`` follows."""
    store = fill.at(at)
    meeting_actions.save_notes(store, meeting.id, notes)
    _follow(meeting, meeting_actions.cancel_meeting(store, meeting.id))


def prepare_agenda(fill: Fill, meeting: Meeting, *, text: str, kind: str, goal_id: int | None,
                   carried_from: AgendaItem | None = None) -> AgendaItem | None:
    """One agenda item, written when the meeting was scheduled: carried over from an earlier
    meeting (None when the agenda holds it already), or typed, with the goal it is about."""
    store = fill.at(meeting.created_at)
    if carried_from is not None:
        carried = meeting_actions.carry_over(store, [carried_from], meeting.id)
        return fill.keep(carried[0]) if carried else None
    item = meeting_actions.add_agenda_item(store, meeting.id, text, kind)
    if goal_id is not None:
        item = meeting_actions.link_agenda_item(store, item.id, goal_id)
    return fill.keep(item)


def cover_agenda_item(fill: Fill, item: AgendaItem, done: bool) -> None:
    """Tick (or untick) an item as covered; ``item`` follows."""
    _follow(item, meeting_actions.set_covered(fill.store, item.id, done))


def add_action(fill: Fill, meeting: Meeting, *, text: str, owner: str, due_on: dt.date, goal_id: int | None,
               created_at: dt.datetime) -> Action:
    """An action item noted at the meeting, with the goal it is about, if any."""
    store = fill.at(created_at)
    action = meeting_actions.add_action(store, meeting.id, text, owner=owner, due_on=due_on)
    if goal_id is not None:
        action = meeting_actions.link_action(store, action.id, goal_id)
    return fill.keep(action)


def tick_action(fill: Fill, action: Action, at: dt.datetime) -> None:
    """The action item ticked as done at ``at``; ``action`` follows."""
    _follow(action, meeting_actions.set_action_done(fill.at(at), action.id, True))


# ---- feedback and reviews ----


def log_feedback(fill: Fill, relationship: Relationship, *, created_at: dt.datetime, **values: Any) -> Feedback:
    return fill.keep(feedback_actions.log_feedback(fill.at(created_at), relationship.id, values))


def record_result(fill: Fill, entry: Feedback, tried: bool, result: str, result_on: dt.date) -> None:
    """What came of a piece of advice (the feedback screen's r key); ``entry`` follows."""
    recorded = feedback_actions.record_result(fill.store, entry.id, tried=tried, result=result, result_on=result_on)
    _follow(entry, recorded)


def note_learning(fill: Fill, relationship: Relationship, text: str, at: dt.datetime) -> Learning | None:
    """What a mentor learned from the mentee (the Relationship screen's l key, or the review's question)."""
    entry = learning_actions.note_learning(fill.at(at), relationship.id, text, day=at.date())
    return fill.keep(entry) if entry is not None else None


def save_review(fill: Fill, relationship: Relationship, *, week: str, step: int, started_at: dt.datetime,
                completed_at: dt.datetime, answers: dict[str, str], changes: list[dict[str, Any]]) -> Review | None:
    """The week's review gone through to its summary for ``relationship``: started, the
    changes made from it noted as each action notes them, the answers typed, then completed.
    The review is the person's: a second relationship walked the same week adds to it, and
    then no row is made (None)."""
    store = fill.at(started_at)
    review = store.start_review(week)
    for change in changes:
        review = reviews.record_change(store, review, change["what"], relationship_id=relationship.id,
                                       **change["params"])
    review = review_actions.save_answers(store, review, answers, step)
    fill.clock.at = completed_at
    completed = review_actions.complete_review(store, review, completed_at)
    kept = next((r for r in fill.made[Review] if r.id == completed.id), None)
    if kept is None:
        return fill.keep(completed)
    _follow(kept, completed)
    return None
