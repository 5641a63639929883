"""Each meeting's revision, for calendars: ``meetings.sequence`` (ICS SEQUENCE) goes up and
``meetings.modified_at`` (LAST-MODIFIED) is set whenever something its calendar event shows
changes — its time, mode or status, its agenda, the partner's name. Notes are not in the
event, so typing them changes nothing here.

Temporary triggers on each store's connection, like the undo journal's: the time is the
store's clock, which only this connection can call. These columns are not record fields, so
undo never takes them back: undoing a move is one more revision, as a calendar that already
took the move needs (it ignores an event whose SEQUENCE did not go up).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

_BUMP = "UPDATE meetings SET sequence = sequence + 1, modified_at = mentortui_now() WHERE "
_TRIGGERS = {
    "meeting_moved": "AFTER UPDATE OF starts_at, mode, status ON main.meetings "
    "WHEN OLD.starts_at IS NOT NEW.starts_at OR OLD.mode IS NOT NEW.mode OR OLD.status IS NOT NEW.status "
    "BEGIN " + _BUMP + "id = NEW.id; END",
    "agenda_added": "AFTER INSERT ON main.agenda_items BEGIN " + _BUMP + "id = NEW.meeting_id; END",
    "agenda_removed": "AFTER DELETE ON main.agenda_items BEGIN " + _BUMP + "id = OLD.meeting_id; END",
    "agenda_edited": "AFTER UPDATE OF text, position, meeting_id ON main.agenda_items "
    "WHEN OLD.text IS NOT NEW.text OR OLD.position IS NOT NEW.position OR OLD.meeting_id IS NOT NEW.meeting_id "
    "BEGIN " + _BUMP + "id IN (OLD.meeting_id, NEW.meeting_id); END",
    "partner_renamed": "AFTER UPDATE OF partner ON main.relationships WHEN OLD.partner IS NOT NEW.partner "
    "BEGIN " + _BUMP + "relationship_id = NEW.id; END",
}


def track_revisions(conn: sqlite3.Connection, now: Callable[[], dt.datetime]) -> None:
    """Keep the meetings' revisions on ``conn``, stamped with ``now()``."""
    conn.create_function("mentortui_now", 0, lambda: now().isoformat())
    for name, body in _TRIGGERS.items():
        conn.execute("CREATE TEMP TRIGGER IF NOT EXISTS revision_" + name + " " + body)


def meeting_revisions(conn: sqlite3.Connection, relationship_id: int) -> dict[int, tuple[int, dt.datetime | None]]:
    """Meeting id -> (sequence, modified_at or None if never changed) for one relationship."""
    rows = conn.execute("SELECT id, sequence, modified_at FROM meetings WHERE relationship_id = ?", [relationship_id])
    return {row[0]: (row[1], dt.datetime.fromisoformat(row[2]) if row[2] else None) for row in rows}
