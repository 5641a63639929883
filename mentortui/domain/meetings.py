"""Meetings (practices E2 and M2): every user action on meetings, their agenda, their
action items and their notes — one function each, each one undoable change.

``review=`` records the action in that week's review inside the same change, so one
``ctrl+z`` takes both back. Nothing is written (and no change recorded) when an action
would change nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from mentortui.core.dates import local_time
from mentortui.core.policy import ADVICE_PER_AGENDA, ADVICE_WAIT_DAYS, MEETING_SLOT_MINUTES
from mentortui.core.text import one_line
from mentortui.core.i18n import N_, _, format_when
from mentortui.data import review as reviews
from mentortui.data.meetings import goals_before_next_meeting, latest_upcoming_start, planned_after, uncovered_before
from mentortui.data.model import MAX_TITLE, Action, AgendaItem, Feedback, Meeting, Review
from mentortui.domain.feedback import advice_text as follow_up_lines
from mentortui.domain.agreements import next_meetings
from mentortui.data.store import Store

# Advice older than this without a reported result goes on the agenda (practice E3).
# At most this many pieces of advice per agenda, the most recent first: a long backlog
# belongs in the feedback log, not in one meeting.
# How long an agenda line made from a longer text (a piece of advice) may be.
AGENDA_LINE = 160

# What the review's list of changes says (message ids stored in the review).
MEETING_SCHEDULED = N_("Meeting scheduled for {date}")


# ---- scheduling ----------------------------------------------------------------------------


def proposed_dates(store: Store, relationship_id: int, *, count: int = 3) -> list[dt.datetime]:
    """The next dates the agreement's cadence proposes, after the last scheduled meeting.

    A stored meeting is never moved by the cadence: proposals start after the latest
    meeting still to come (so a meeting moved later is not proposed again) and stop at the
    agreed end; the user schedules one of them (or another date) explicitly.
    """
    relationship = store.relationship(relationship_id)
    if relationship.status == "ended":
        return []
    now = store.clock.now()
    latest = latest_upcoming_start(store, relationship_id)
    after = max(now, latest) if latest else now
    dates = next_meetings(store.current_agreement(relationship_id), after, count)
    if relationship.end_on is not None:
        dates = [when for when in dates if when.date() <= relationship.end_on]
    return dates


def meeting_in_the_slot(store: Store, relationship_id: int, starts_at: dt.datetime, *,
                        moving: int | None = None) -> Meeting | None:
    """Another planned meeting of the relationship in the slot of ``starts_at`` (less than
    MEETING_SLOT_MINUTES apart), which booking one there would double; ``moving`` is the
    meeting being moved (it can't take its own slot)."""
    slot = dt.timedelta(minutes=MEETING_SLOT_MINUTES)
    return next((meeting for meeting in store.meetings(relationship_id)
                 if meeting.id != moving and meeting.status == "planned"
                 and abs(local_time(meeting.starts_at) - local_time(starts_at)) < slot), None)


def not_started_yet(meeting: Meeting, now: dt.datetime) -> bool:
    """The meeting's time is still to come: marking it held now is more likely a slip of the
    cursor than news (the screen asks first)."""
    return local_time(meeting.starts_at) > now


def schedule_meeting(store: Store, relationship_id: int, starts_at: dt.datetime, mode: str, *,
                     review: Review | None = None) -> Meeting:
    """Plan a meeting (the one way a meeting is scheduled)."""
    label, params = (MEETING_SCHEDULED, {"date": format_when(starts_at)}) if review else (N_("Schedule a meeting"), {})
    with store.change(label, **params):
        meeting = store.add_meeting(relationship_id, starts_at, mode=mode, status="planned")
        if review is not None:
            reviews.record_change(store, review, MEETING_SCHEDULED, relationship_id=relationship_id, **params)
    return meeting


def schedule_and_prepare(store: Store, relationship_id: int, starts_at: dt.datetime,
                         mode: str) -> tuple[Meeting, list[AgendaItem]]:
    """Plan a meeting and prepare its agenda, as one change (one ctrl+z takes both back)."""
    with store.change(N_("Schedule a meeting")):
        meeting = schedule_meeting(store, relationship_id, starts_at, mode)
        return meeting, prepare_agenda(store, meeting.id)


def reschedule_meeting(store: Store, meeting_id: int, starts_at: dt.datetime, mode: str) -> Meeting:
    """Move a meeting (and set its mode); a cancelled meeting moved to a new date is on again."""
    current = store.meeting(meeting_id)
    status = "planned" if current.status == "cancelled" else current.status
    if (current.starts_at, current.mode, current.status) == (starts_at, mode, status):
        return current
    with store.change(N_("Reschedule the meeting")):
        return store.update_meeting(meeting_id, starts_at=starts_at, mode=mode, status=status)


def cancel_meeting(store: Store, meeting_id: int) -> Meeting:
    with store.change(N_("Cancel the meeting")):
        return store.update_meeting(meeting_id, status="cancelled")


def delete_meeting(store: Store, meeting_id: int) -> None:
    """Delete a meeting with its agenda, notes and actions."""
    with store.change(N_("Delete a meeting")):
        store.delete_meeting(meeting_id)


def save_notes(store: Store, meeting_id: int, notes: str) -> Meeting:
    with store.change(N_("Take notes")):
        return store.update_meeting(meeting_id, notes=notes)


def set_notes_shared(store: Store, meeting_id: int, shared: bool) -> Meeting:
    """Share a meeting's notes with the partner or keep them private (the default);
    nothing is written when they already are."""
    meeting = store.meeting(meeting_id)
    if meeting.notes_shared == shared:
        return meeting
    label = N_("Share the notes with my partner") if shared else N_("Keep the notes private")
    with store.change(label):
        return store.update_meeting(meeting_id, notes_shared=shared)


# ---- the agenda ------------------------------------------------------------------------------


def add_agenda_item(store: Store, meeting_id: int, text: str, kind: str = "topic") -> AgendaItem:
    with store.change(N_("Add agenda item “{text}”"), text=text):
        return store.add_agenda_item(meeting_id, text, kind=kind)


def edit_agenda_item(store: Store, item_id: int, text: str, kind: str) -> AgendaItem:
    current = store.agenda_item(item_id)
    if (current.text, current.kind) == (text, kind):
        return current
    with store.change(N_("Edit agenda item")):
        return store.update_agenda_item(item_id, text=text, kind=kind)


def link_agenda_item(store: Store, item_id: int, goal_id: int | None) -> AgendaItem:
    """Say which goal an agenda item is about (None: no goal)."""
    current = store.agenda_item(item_id)
    if current.goal_id == goal_id:
        return current
    with store.change(N_("Edit agenda item")):
        return store.update_agenda_item(item_id, goal_id=goal_id)


def delete_agenda_item(store: Store, item_id: int) -> None:
    with store.change(N_("Delete agenda item")):
        store.delete_agenda_item(item_id)


def set_covered(store: Store, item_id: int, covered: bool) -> AgendaItem:
    current = store.agenda_item(item_id)
    if current.done == covered:
        return current
    label = N_("Tick “{text}” as covered") if covered else N_("Untick “{text}”")
    with store.change(label, text=current.text):
        return store.update_agenda_item(item_id, done=covered)


def move_agenda_item(store: Store, item_id: int, steps: int) -> bool:
    """Move an item up (negative) or down the agenda; False when it is already at that end."""
    item = store.agenda_item(item_id)
    order = [entry.id for entry in store.agenda(item.meeting_id)]
    index = order.index(item_id)
    target = index + steps
    if not 0 <= target < len(order) or target == index:
        return False
    order.insert(target, order.pop(index))
    with store.change(N_("Reorder the agenda")):
        store.reorder_agenda(item.meeting_id, order)
    return True


# ---- action items ------------------------------------------------------------------------------


def add_action(store: Store, meeting_id: int, text: str, owner: str = "me", due_on: dt.date | None = None) -> Action:
    with store.change(N_("Add action “{text}”"), text=text):
        return store.add_action(meeting_id, text, owner=owner, due_on=due_on)


def edit_action(store: Store, action_id: int, text: str, owner: str, due_on: dt.date | None) -> Action:
    current = store.action(action_id)
    if (current.text, current.owner, current.due_on) == (text, owner, due_on):
        return current
    with store.change(N_("Edit action")):
        return store.update_action(action_id, text=text, owner=owner, due_on=due_on)


def link_action(store: Store, action_id: int, goal_id: int | None) -> Action:
    """Say which goal an action item is about (None: no goal)."""
    current = store.action(action_id)
    if current.goal_id == goal_id:
        return current
    with store.change(N_("Edit action")):
        return store.update_action(action_id, goal_id=goal_id)


def delete_action(store: Store, action_id: int) -> None:
    with store.change(N_("Delete action")):
        store.delete_action(action_id)


def set_action_done(store: Store, action_id: int, done: bool) -> Action:
    current = store.action(action_id)
    if (current.done_at is not None) == done:
        return current
    label = N_("Tick “{text}” as done") if done else N_("Untick “{text}”")
    with store.change(label, text=current.text):
        return store.set_action_done(action_id, done)


@dataclass(frozen=True)
class FollowUp:
    action: Action
    created: bool  # False: this question had its follow-up already (nothing written)


def follow_up_question(store: Store, meeting_id: int, question: str, *, goal_id: int | None = None) -> FollowUp | None:
    """Turn a question of a meeting (an agenda item, a line or a selection of its notes) into
    an action of mine to follow up on it (the guide's E2: follow up on further questions).
    One undoable change; None when the text holds nothing; the follow-up already made when
    the meeting has one for the same question."""
    text = " ".join(follow_up_lines(question).split())
    if not text:
        return None
    text = one_line(text, MAX_TITLE)
    for action in store.actions(meeting_id):
        if action.follow_up and action.text == text:
            return FollowUp(action, created=False)
    with store.change(N_("Follow up on “{text}”"), text=one_line(text, 60)):
        action = store.add_action(meeting_id, text, follow_up=True, goal_id=goal_id)
    return FollowUp(action, created=True)


def follow_up_item(store: Store, item_id: int) -> FollowUp | None:
    """Turn an agenda item (a question) into a follow-up action of its meeting, linked to its goal."""
    item = store.agenda_item(item_id)
    return follow_up_question(store, item.meeting_id, item.text, goal_id=item.goal_id)


# ---- carrying over and preparing the agenda --------------------------------------------------



@dataclass(frozen=True)
class _NewItem:
    text: str
    kind: str
    goal_id: int | None
    origin: int | None  # the item it is carried from


@dataclass
class _Agenda:
    """A meeting's agenda about to be added to: what it holds, and what will be added
    (never twice)."""

    store: Store
    meeting_id: int
    carried: set[int] = field(default_factory=set)  # origins of items carried here
    lines: set[tuple[str, str]] = field(default_factory=set)  # (kind, text)
    goals: set[int] = field(default_factory=set)  # goals with a "goal" item
    has_open_revisit: bool = False
    pending: list[_NewItem] = field(default_factory=list)

    @classmethod
    def of(cls, store: Store, meeting_id: int) -> _Agenda:
        agenda = cls(store, meeting_id)
        for item in store.agenda(meeting_id):
            agenda._remember(_NewItem(item.text, item.kind, item.goal_id, item.carried_from), done=item.done)
        return agenda

    @staticmethod
    def _key(kind: str, text: str) -> tuple[str, str]:
        return kind, " ".join(text.split()).casefold()

    def _remember(self, item: _NewItem, *, done: bool = False) -> None:
        if item.origin is not None:
            self.carried.add(item.origin)
        self.lines.add(self._key(item.kind, item.text))
        if item.kind == "goal" and item.goal_id is not None:
            self.goals.add(item.goal_id)
        if item.kind == "revisit" and not done:
            self.has_open_revisit = True

    def _holds(self, item: _NewItem) -> bool:
        return (
            (item.origin is not None and item.origin in self.carried)
            or self._key(item.kind, item.text) in self.lines
            or (item.kind == "goal" and item.goal_id in self.goals)
            or (item.kind == "revisit" and self.has_open_revisit)
        )

    def offer(self, text: str, kind: str, *, goal_id: int | None = None, origin: int | None = None) -> None:
        """Add the item unless the agenda already holds it (or it was offered already)."""
        item = _NewItem(text, kind, goal_id, origin)
        if not self._holds(item):
            self._remember(item)
            self.pending.append(item)

    def write(self) -> list[AgendaItem]:
        """Store what was offered (the caller holds the change)."""
        return [
            self.store.add_agenda_item(self.meeting_id, new.text, kind=new.kind, goal_id=new.goal_id,
                                       carried_from=new.origin)
            for new in self.pending
        ]


def carry_over(store: Store, items: Iterable[AgendaItem], meeting_id: int) -> list[AgendaItem]:
    """Put ``items`` on a meeting's agenda as carried items (kind, goal and origin kept)."""
    agenda = _Agenda.of(store, meeting_id)
    for item in items:
        agenda.offer(item.text, item.kind, goal_id=item.goal_id, origin=item.id)
    if not agenda.pending:
        return []
    with store.change(N_("Carry items over to the next meeting")):
        return agenda.write()


def advice_line(advice: Feedback) -> str:
    return _("What came of the advice “{advice}”", advice=one_line(advice.text, AGENDA_LINE - 40))


def _open_agenda(store: Store, meeting: Meeting) -> _Agenda:
    """What is still open, offered to a meeting's agenda, in order: what the last meeting
    left uncovered (carried, with its origin), open action items, small goals to reach
    before this meeting, advice still waiting for its result ("tell them what came of it"),
    and the agreement's revisit when it is due by then."""
    relationship_id = meeting.relationship_id
    agenda = _Agenda.of(store, meeting.id)
    for item in uncovered_before(store, meeting):
        agenda.offer(item.text, item.kind, goal_id=item.goal_id, origin=item.id)
    for action in store.open_actions(relationship_id):
        agenda.offer(action.text, "action", goal_id=action.goal_id)
    for goal in goals_before_next_meeting(store, relationship_id):
        agenda.offer(goal.title, "goal", goal_id=goal.id)
    waiting = store.advice_awaiting_result(
        relationship_id, older_than=store.clock.today() - dt.timedelta(days=ADVICE_WAIT_DAYS)
    )
    for advice in reversed(waiting[-ADVICE_PER_AGENDA:]):
        agenda.offer(advice_line(advice), "advice", goal_id=advice.goal_id)
    agreement = store.current_agreement(relationship_id)
    if agreement and agreement.revisit_on and agreement.revisit_on <= meeting.starts_at.date():
        agenda.offer(_("Revisit our agreement: rhythm, modes, each side's responsibilities"), "revisit")
    return agenda


def prepare_agenda(store: Store, meeting_id: int, *, review: Review | None = None) -> list[AgendaItem]:
    """Fill a meeting's agenda from what is open; return the items added (in order).

    Nothing already on the agenda is added twice, so preparing again only adds what is new
    (and, outside a review, records no change when there is nothing new).
    """
    meeting = store.meeting(meeting_id)
    agenda = _open_agenda(store, meeting)
    if review is None:
        if not agenda.pending:
            return []
        with store.change(N_("Prepare the agenda")):
            return agenda.write()
    date = format_when(meeting.starts_at)
    with store.change(reviews.AGENDA_PREPARED, date=date):
        added = agenda.write()
        reviews.record_change(store, review, reviews.AGENDA_PREPARED, relationship_id=meeting.relationship_id, date=date)
    return added


@dataclass(frozen=True)
class Held:
    """What marking a meeting held did with what it left uncovered."""

    meeting: Meeting
    uncovered: int
    carried_to: Meeting | None  # the next planned meeting they went to, if there is one


def mark_held(store: Store, meeting_id: int) -> Held:
    """Mark a meeting held; its uncovered items go to the next planned meeting's agenda
    (or wait for the next ``prepare_agenda`` when none is planned yet)."""
    with store.change(N_("Mark the meeting held")):
        meeting = store.update_meeting(meeting_id, status="held")
        uncovered = [item for item in store.agenda(meeting_id) if not item.done]
        later = planned_after(store, meeting)
        carried_to = later if later is not None and uncovered else None
        if carried_to is not None:
            carry_over(store, uncovered, carried_to.id)
    return Held(meeting, len(uncovered), carried_to)
