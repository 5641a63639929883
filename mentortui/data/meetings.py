"""Meetings (practices E2 and M2): when to meet, the agenda the mentee owns, notes, and the
action items that carry from one meeting to the next. No Textual here.

A stored meeting is never moved by the cadence: the agreement's rhythm only *proposes*
dates after the last scheduled meeting, and the user schedules one of them (or another
date) explicitly. Every write below is one ``store.change`` so ``ctrl+z`` undoes it whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from mentortui.domain.agreements import next_meetings
from mentortui.data.model import MODES, Action, AgendaItem, Agreement, Feedback, Goal, Meeting
from mentortui.data.store import Store
from mentortui.core.dates import local_time
from mentortui.core.i18n import N_, _
from mentortui.core.policy import ADVICE_PER_AGENDA, ADVICE_WAIT_DAYS
from mentortui.core.text import one_line

# How long an agenda line made from a longer text (a piece of advice) may be.
AGENDA_LINE = 160
# Modes a meeting itself can take; email is a way to keep in touch, not to meet.
LIVE_MODES = ("video", "in-person", "phone", "chat")

STATUS_LABELS = {"planned": N_("planned"), "held": N_("held"), "cancelled": N_("cancelled")}
# What an agenda item is, in a word (shown beside it and in the Markdown agenda).
KIND_LABELS = {
    "topic": N_("Topic"),
    "question": N_("Question"),
    "action": N_("Action"),
    "goal": N_("Goal"),
    "advice": N_("Advice"),
    "revisit": N_("Agreement"),
}
OWNER_LABELS = {"me": N_("me"), "partner": N_("my partner")}


# ---- the list of meetings ------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRow:
    """A meeting with the counts the list shows."""

    meeting: Meeting
    agenda_items: int
    covered: int
    open_actions: int


def meeting_rows(store: Store, relationship_id: int, *, goal_id: int | None = None) -> list[MeetingRow]:
    """Every meeting of a relationship, oldest first, with its counts — one query.

    With ``goal_id``, only the meetings whose agenda or actions link that goal.
    """
    sql = """
        SELECT m.*,
            (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id) AS agenda_count,
            (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id AND a.done = 1) AS covered_count,
            (SELECT count(*) FROM actions x WHERE x.meeting_id = m.id AND x.done_at IS NULL) AS open_count
        FROM meetings m
        WHERE m.relationship_id = ?
    """
    params: list = [relationship_id]
    if goal_id is not None:
        sql += """
            AND (m.id IN (SELECT meeting_id FROM agenda_items WHERE goal_id = ?)
                 OR m.id IN (SELECT meeting_id FROM actions WHERE goal_id = ?))
        """
        params += [goal_id, goal_id]
    sql += " ORDER BY m.starts_at, m.id"
    return [
        MeetingRow(Meeting.from_row(row), row["agenda_count"], row["covered_count"], row["open_count"])
        for row in store.db.query(sql, params)
    ]


def proposed_dates(store: Store, relationship_id: int, *, count: int = 3) -> list[dt.datetime]:
    """The next dates the agreement's cadence proposes, after the last scheduled meeting.

    Proposals never touch stored meetings: they start after the latest meeting still to
    come (so a meeting moved later is not proposed again) and stop at the agreed end.
    """
    relationship = store.relationship(relationship_id)
    if relationship.status == "ended":
        return []
    now = store.clock.now()
    latest = store.conn.execute(
        "SELECT max(starts_at) FROM meetings WHERE relationship_id = ? AND starts_at > ?",
        [relationship_id, now.isoformat()],
    ).fetchone()[0]
    after = max(now, local_time(dt.datetime.fromisoformat(latest))) if latest else now
    dates = next_meetings(store.current_agreement(relationship_id), after, count)
    if relationship.end_on is not None:
        dates = [when for when in dates if when.date() <= relationship.end_on]
    return dates


def meeting_modes(agreement: Agreement | None, current: str | None = None) -> list[str]:
    """The modes a meeting may take, the agreement's own first (the usual one leading)."""
    agreed = [mode for mode in (agreement.modes if agreement else []) if mode in LIVE_MODES]
    modes = agreed or [mode for mode in MODES if mode in LIVE_MODES]
    if current and current not in modes:
        modes.append(current)
    return modes


def next_planned(store: Store, relationship_id: int) -> Meeting | None:
    """The first planned meeting from today on (one earlier today may be under way)."""
    found = store.select(
        Meeting,
        "relationship_id = ? AND status = 'planned' AND starts_at >= ?",
        [relationship_id, store.clock.today().isoformat()],
        "starts_at, id LIMIT 1",
    )
    return found[0] if found else None


# ---- one meeting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaEntry:
    """An agenda item with what the agenda shows beside it."""

    item: AgendaItem
    goal_title: str | None  # the linked goal's title
    carried_from_date: dt.datetime | None  # when the meeting it was carried from took place


def agenda_entries(store: Store, meeting_id: int) -> list[AgendaEntry]:
    """A meeting's agenda in order, with linked goals and where carried items came from."""
    sql = """
        SELECT a.*, g.title AS goal_title, origin_meeting.starts_at AS origin_starts_at
        FROM agenda_items a
        LEFT JOIN goals g ON g.id = a.goal_id
        LEFT JOIN agenda_items origin ON origin.id = a.carried_from
        LEFT JOIN meetings origin_meeting ON origin_meeting.id = origin.meeting_id
        WHERE a.meeting_id = ?
        ORDER BY a.position, a.id
    """
    return [
        AgendaEntry(
            AgendaItem.from_row(row),
            row["goal_title"],
            dt.datetime.fromisoformat(row["origin_starts_at"]) if row["origin_starts_at"] else None,
        )
        for row in store.db.query(sql, [meeting_id])
    ]


def linkable_goals(store: Store, relationship_id: int, keep: Iterable[int | None] = ()) -> list[tuple[Goal, int]]:
    """Open goals (and any in ``keep``, already linked) in tree order, with their depth."""
    wanted = {goal_id for goal_id in keep if goal_id is not None}
    depth: dict[int, int] = {}
    found = []
    for goal in store.goals(relationship_id):
        depth[goal.id] = depth[goal.parent_id] + 1 if goal.parent_id in depth else 0
        if goal.status == "open" or goal.id in wanted:
            found.append((goal, depth[goal.id]))
    return found


def schedule_meeting(store: Store, relationship_id: int, starts_at: dt.datetime, mode: str) -> Meeting:
    return store.add_meeting(relationship_id, starts_at, mode=mode, status="planned")


def reschedule_meeting(store: Store, meeting_id: int, starts_at: dt.datetime, mode: str) -> Meeting:
    """Move a meeting (and set its mode); a cancelled meeting moved to a new date is on again."""
    current = store.meeting(meeting_id)
    status = "planned" if current.status == "cancelled" else current.status
    with store.change(N_("Reschedule the meeting")):
        return store.update_meeting(meeting_id, starts_at=starts_at, mode=mode, status=status)


def cancel_meeting(store: Store, meeting_id: int) -> Meeting:
    with store.change(N_("Cancel the meeting")):
        return store.update_meeting(meeting_id, status="cancelled")


def save_notes(store: Store, meeting_id: int, notes: str) -> Meeting:
    with store.change(N_("Take notes")):
        return store.update_meeting(meeting_id, notes=notes)


def set_covered(store: Store, item_id: int, covered: bool) -> AgendaItem:
    current = store.agenda_item(item_id)
    label = N_("Tick “{text}” as covered") if covered else N_("Untick “{text}”")
    with store.change(label, text=current.text):
        return store.update_agenda_item(item_id, done=covered)


def move_agenda_item(store: Store, item_id: int, steps: int) -> bool:
    """Move an item up (negative) or down the agenda; False when it is already at that end."""
    item = store.agenda_item(item_id)
    order = [entry.id for entry in store.agenda(item.meeting_id)]
    index = order.index(item_id)
    target = index + steps
    if not 0 <= target < len(order):
        return False
    order.insert(target, order.pop(index))
    store.reorder_agenda(item.meeting_id, order)
    return True


def set_action_done(store: Store, action_id: int, done: bool) -> Action:
    current = store.action(action_id)
    label = N_("Tick “{text}” as done") if done else N_("Untick “{text}”")
    with store.change(label, text=current.text):
        return store.set_action_done(action_id, done)


# ---- carrying over and preparing the agenda --------------------------------------------------


@dataclass(frozen=True)
class _NewItem:
    text: str
    kind: str
    goal_id: int | None
    origin: int | None  # the item it is carried from


@dataclass
class _Agenda:
    """A meeting's agenda about to be added to: what it holds, what will be added (never
    twice), then one write for all of it."""

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

    def write(self, label: str) -> list[AgendaItem]:
        """Store what was offered, as one change (none when there is nothing new)."""
        if not self.pending:
            return []
        with self.store.change(label):
            return [
                self.store.add_agenda_item(self.meeting_id, new.text, kind=new.kind, goal_id=new.goal_id,
                                           carried_from=new.origin)
                for new in self.pending
            ]


def uncovered_before(store: Store, meeting: Meeting) -> list[AgendaItem]:
    """What earlier meetings left open for this one: the uncovered items of the last held
    meeting before it, and the items of meetings cancelled since (never discussed)."""
    before = [meeting.relationship_id, meeting.starts_at.isoformat(), meeting.id]
    held = store.select(
        Meeting,
        "relationship_id = ? AND status = 'held' AND starts_at <= ? AND id != ?",
        before,
        "starts_at DESC, id DESC LIMIT 1",
    )
    since = held[0].starts_at.isoformat() if held else ""
    sources = [m.id for m in held] + [
        m.id
        for m in store.select(
            Meeting,
            "relationship_id = ? AND status = 'cancelled' AND starts_at <= ? AND id != ? AND starts_at > ?",
            [*before, since],
            "starts_at, id",
        )
    ]
    return [item for source in sources for item in store.agenda(source) if not item.done]


def carry_over(store: Store, items: Iterable[AgendaItem], meeting_id: int) -> list[AgendaItem]:
    """Put ``items`` on a meeting's agenda as carried items (kind, goal and origin kept)."""
    agenda = _Agenda.of(store, meeting_id)
    for item in items:
        agenda.offer(item.text, item.kind, goal_id=item.goal_id, origin=item.id)
    return agenda.write(N_("Carry items over to the next meeting"))


def advice_line(advice: Feedback) -> str:
    return _("What came of the advice “{advice}”", advice=one_line(advice.text, AGENDA_LINE - 40))


def prepare_agenda(store: Store, meeting_id: int) -> list[AgendaItem]:
    """Fill a meeting's agenda from what is open; return the items added (in order).

    In order: what the last meeting left uncovered (carried, with its origin), open action
    items, small goals to reach before this meeting, advice still waiting for its result
    ("tell them what came of it"), and the agreement's revisit when it is due by then.
    Nothing already on the agenda is added twice, so preparing again only adds what is new.
    """
    meeting = store.meeting(meeting_id)
    relationship_id = meeting.relationship_id
    agenda = _Agenda.of(store, meeting_id)
    for item in uncovered_before(store, meeting):
        agenda.offer(item.text, item.kind, goal_id=item.goal_id, origin=item.id)
    for action in store.open_actions(relationship_id):
        agenda.offer(action.text, "action", goal_id=action.goal_id)
    small_goals = store.select(
        Goal, "relationship_id = ? AND before_next_meeting = 1 AND status = 'open'", [relationship_id], "due_on, id"
    )
    for goal in small_goals:
        agenda.offer(goal.title, "goal", goal_id=goal.id)
    waiting = store.advice_awaiting_result(
        relationship_id, older_than=store.clock.today() - dt.timedelta(days=ADVICE_WAIT_DAYS)
    )
    for advice in reversed(waiting[-ADVICE_PER_AGENDA:]):
        agenda.offer(advice_line(advice), "advice", goal_id=advice.goal_id)
    agreement = store.current_agreement(relationship_id)
    if agreement and agreement.revisit_on and agreement.revisit_on <= meeting.starts_at.date():
        agenda.offer(_("Revisit our agreement: rhythm, modes, each side's responsibilities"), "revisit")
    return agenda.write(N_("Prepare the agenda"))


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
        later = store.select(
            Meeting,
            "relationship_id = ? AND status = 'planned' AND starts_at >= ? AND id != ?",
            [meeting.relationship_id, meeting.starts_at.isoformat(), meeting_id],
            "starts_at, id LIMIT 1",
        )
        carried_to = later[0] if later and uncovered else None
        if carried_to is not None:
            carry_over(store, uncovered, carried_to.id)
    return Held(meeting, len(uncovered), carried_to)
