"""Meetings (practices E2 and M2): the read queries of the meetings area. No Textual here;
the user's actions (scheduling, preparing, ticking, …) are in ``mentortui.domain.meetings``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from mentortui.data.model import MODES, AgendaItem, Agreement, Goal, Meeting
from mentortui.data.store import Store
from mentortui.core.dates import local_time

# Modes a meeting itself can take; email is a way to keep in touch, not to meet.
LIVE_MODES = ("video", "in-person", "phone", "chat")


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


def latest_upcoming_start(store: Store, relationship_id: int) -> dt.datetime | None:
    """When the latest meeting still to come starts (None when none is to come)."""
    now = store.clock.now()
    latest = store.conn.execute(
        "SELECT max(starts_at) FROM meetings WHERE relationship_id = ? AND starts_at > ?",
        [relationship_id, now.isoformat()],
    ).fetchone()[0]
    return local_time(dt.datetime.fromisoformat(latest)) if latest else None


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


# ---- what the agenda is prepared from ------------------------------------------------------


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


def planned_after(store: Store, meeting: Meeting) -> Meeting | None:
    """The first other planned meeting from this one's start on."""
    later = store.select(
        Meeting,
        "relationship_id = ? AND status = 'planned' AND starts_at >= ? AND id != ?",
        [meeting.relationship_id, meeting.starts_at.isoformat(), meeting.id],
        "starts_at, id LIMIT 1",
    )
    return later[0] if later else None


def goals_before_next_meeting(store: Store, relationship_id: int) -> list[Goal]:
    """Open goals set for before the next meeting, soonest due first."""
    return store.select(
        Goal, "relationship_id = ? AND before_next_meeting = 1 AND status = 'open'", [relationship_id], "due_on, id"
    )
