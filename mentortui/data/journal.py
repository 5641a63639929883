"""Undo for every change, through one mechanism.

Temporary triggers (this connection only) copy each row a change inserts, updates or
deletes — cascades included — into a temporary log, tagged with the change it belongs to.
Undoing a change replays its log backwards. Nothing is written to the user's file for this:
the log lives in SQLite's temp schema and ends with the session.

Another copy of the app may have written to the same rows since. Undo therefore puts rows
back only if they still hold what the change wrote (the columns it altered; for a row it
added or removed, the whole row), and only if putting them back touches no row outside the
change (a cascade onto a row added since, a parent deleted since). Otherwise it refuses
with ``UndoRefused``, writes nothing, and the refused change leaves the journal.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass

from mentortui.data.model import RECORD_TYPES, column_kinds
from mentortui.core.dates import week_label
from mentortui.core.i18n import N_, _, format_date
from mentortui.core.text import one_line

UNDO_DEPTH = 25
# The pairing with a partner's workbook (mentortui.data.partner_links) is no record the user
# edits, but a merge writes it with the rows: undoing the merge takes both back, so the next
# export does not tell the partner their changes were deleted here.
PAIRING_TABLE = "partner_links"
PAIRING_COLUMNS = (
    "id", "relationship_id", "secret", "shared_state", "partner_state", "base_state",
    "accepted_at", "last_sent_at", "last_received_at", "created_at", "exchanges",
)
_TABLES = {cls.table: tuple(column_kinds(cls)) for cls in RECORD_TYPES} | {PAIRING_TABLE: PAIRING_COLUMNS}
# Columns JSON cannot hold as they are: logged as hex, written back as bytes.
_BLOBS = {PAIRING_TABLE: frozenset({"secret", "shared_state", "partner_state", "base_state"})}
# Stamped by every edit: a later stamp alone is no conflict, and undo keeps the later one.
_BOOKKEEPING = frozenset({"updated_at"})
# The column that names a row to the user, for the tables that have one.
_NAME_COLUMNS = {
    "relationships": "partner",
    "goals": "title",
    "agenda_items": "text",
    "actions": "text",
    "feedback": "text",
    "candidates": "name",
    "checklist": "item",
    "learnings": "text",
}

# Why an undo was refused (``item`` names the row).
CHANGED_SINCE = N_("Not undone: “{item}” was changed since (in another window?).")
DELETED_SINCE = N_("Not undone: “{item}” was deleted since (in another window?).")
ENTANGLED = N_("Not undone: what goes with “{item}” was changed since (in another window?).")
EXCHANGED_SINCE = N_("Not undone: files were exchanged with {item} since this merge, so it stays.")


class UndoRefused(Exception):
    """Undoing would overwrite or remove work done since; nothing was written."""

    def __init__(self, reason: str, item: str) -> None:
        super().__init__(_(reason, item=item))
        self.reason = reason  # a message id with an ``{item}`` parameter
        self.item = item  # stored text: clean it before showing it


@dataclass(frozen=True)
class Change:
    """A change the user can undo: ``label`` is an English message id with ``params``."""

    id: int
    label: str
    params: dict


def _quote(identifier: str) -> str:
    # Identifiers come from our own schema (``_TABLES``), never from user text.
    return '"' + identifier.replace('"', '""') + '"'


def _row_json(prefix: str, table: str, columns: tuple[str, ...]) -> str:
    blobs = _BLOBS.get(table, frozenset())
    pairs = ", ".join(
        "'" + name + "', " + ("hex(" + prefix + "." + _quote(name) + ")" if name in blobs else prefix + "." + _quote(name))
        for name in columns
    )
    return "json_object(" + pairs + ")"


def _stored(table: str, column: str, value: object) -> object:
    """A logged value as the column holds it."""
    return bytes.fromhex(value) if column in _BLOBS.get(table, ()) and isinstance(value, str) else value


# A row as the journal records it: the same JSON, so values compare equal.
_CURRENT_SQL = {
    table: "SELECT " + _row_json("r", table, columns) + " FROM main." + _quote(table) + " AS r WHERE id = ?"
    for table, columns in _TABLES.items()
}


def item_name(table: str, values: dict) -> str:
    """How the user knows a row: its title or text, else what it is and when."""
    if table == PAIRING_TABLE:
        return _("the pairing with your partner")
    column = _NAME_COLUMNS.get(table)
    if column is not None:
        return one_line(str(values[column]), 60)
    if table == "meetings":
        return _("the meeting of {date}", date=format_date(dt.datetime.fromisoformat(values["starts_at"]).date()))
    if table == "agreements":
        return _("the agreement (version {n})", n=values["version"])
    return _("the review of {week}", week=week_label(values["week"]))


class Journal:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.executescript(
            """
            CREATE TEMP TABLE IF NOT EXISTS undo_changes (
                id INTEGER PRIMARY KEY, label TEXT NOT NULL, params TEXT NOT NULL);
            CREATE TEMP TABLE IF NOT EXISTS undo_log (
                seq INTEGER PRIMARY KEY, change_id INTEGER NOT NULL, tbl TEXT NOT NULL,
                op TEXT NOT NULL, row_id INTEGER NOT NULL, old TEXT, new TEXT);
            CREATE TEMP TABLE IF NOT EXISTS undo_state (change_id INTEGER);
            """
        )
        if conn.execute("SELECT count(*) FROM temp.undo_state").fetchone()[0] == 0:
            conn.execute("INSERT INTO temp.undo_state VALUES (NULL)")
        for table, columns in _TABLES.items():
            self._install_triggers(table, columns)

    def _install_triggers(self, table: str, columns: tuple[str, ...]) -> None:
        recording = "WHEN (SELECT change_id FROM temp.undo_state) IS NOT NULL"
        log = "INSERT INTO undo_log (change_id, tbl, op, row_id, old, new) SELECT change_id, '" + table + "', "
        for op, event, row_id, old, new in (
            ("I", "INSERT", "NEW.id", "NULL", _row_json("NEW", table, columns)),
            ("U", "UPDATE", "OLD.id", _row_json("OLD", table, columns), _row_json("NEW", table, columns)),
            ("D", "DELETE", "OLD.id", _row_json("OLD", table, columns), "NULL"),
        ):
            name = _quote("undo_" + table + "_" + op)
            self.conn.execute(
                "CREATE TEMP TRIGGER IF NOT EXISTS " + name + " AFTER " + event + " ON main." + _quote(table)
                + " " + recording + " BEGIN " + log + "'" + op + "', " + row_id + ", " + old + ", " + new
                + " FROM temp.undo_state; END"
            )

    def begin(self, label: str, params: dict | None) -> None:
        """Start recording a change (inside the caller's write transaction)."""
        cursor = self.conn.execute(
            "INSERT INTO temp.undo_changes (label, params) VALUES (?, ?)",
            [label, json.dumps(params or {}, ensure_ascii=False)],
        )
        self.conn.execute("UPDATE temp.undo_state SET change_id = ?", [cursor.lastrowid])

    def end(self) -> None:
        # A change that wrote nothing is not kept: undoing it would announce a change and do nothing.
        self.conn.execute(
            "DELETE FROM temp.undo_changes WHERE id = (SELECT change_id FROM temp.undo_state) "
            "AND NOT EXISTS (SELECT 1 FROM temp.undo_log WHERE undo_log.change_id = undo_changes.id)"
        )
        self.conn.execute("UPDATE temp.undo_state SET change_id = NULL")
        # Keep the last few changes only.
        self.conn.execute(
            "DELETE FROM temp.undo_changes WHERE id NOT IN "
            "(SELECT id FROM temp.undo_changes ORDER BY id DESC LIMIT ?)",
            [UNDO_DEPTH],
        )
        self.conn.execute("DELETE FROM temp.undo_log WHERE change_id NOT IN (SELECT id FROM temp.undo_changes)")

    def last(self) -> Change | None:
        row = self.conn.execute("SELECT id, label, params FROM temp.undo_changes ORDER BY id DESC LIMIT 1").fetchone()
        return Change(row[0], row[1], json.loads(row[2])) if row else None

    def forget(self, change: Change) -> None:
        self.conn.execute("DELETE FROM temp.undo_log WHERE change_id = ?", [change.id])
        self.conn.execute("DELETE FROM temp.undo_changes WHERE id = ?", [change.id])

    def revert(self, change: Change) -> None:
        """Replay ``change`` backwards (inside the caller's write transaction, not recording).

        Raises UndoRefused, having written nothing, if another instance changed what the
        change wrote, or if putting rows back would reach rows outside the change."""
        entries = [
            (table, op, row_id, json.loads(old) if old else None, json.loads(new) if new else None)
            for table, op, row_id, old, new in self.conn.execute(
                "SELECT tbl, op, row_id, old, new FROM temp.undo_log WHERE change_id = ? ORDER BY seq",
                [change.id],
            )
        ]
        self._check_rows_hold_what_was_written(entries)
        # Rows come back parents-after-children or the reverse; check references at commit.
        self.conn.execute("PRAGMA defer_foreign_keys = ON")
        own = {(table, row_id) for table, _op, row_id, _old, _new in entries}
        # Record the replay itself under a mark of its own, to see every row it reaches.
        replay_mark = -change.id
        self.conn.execute("SAVEPOINT undo_replay")
        self.conn.execute("UPDATE temp.undo_state SET change_id = ?", [replay_mark])
        # Only the replay's own entries are looked at (seq is the rowid: a range read).
        seen = self.conn.execute("SELECT coalesce(max(seq), 0) FROM temp.undo_log").fetchone()[0]
        try:
            for table, op, row_id, old, new in reversed(entries):
                try:
                    self._replay(table, op, row_id, old, new)
                except sqlite3.IntegrityError as error:  # e.g. a unique key taken since
                    raise UndoRefused(ENTANGLED, item_name(table, new or old)) from error
                reached = self.conn.execute(
                    "SELECT seq, tbl, row_id FROM temp.undo_log WHERE change_id = ? AND seq > ? ORDER BY seq",
                    [replay_mark, seen],
                ).fetchall()
                if any((t, r) not in own for _seq, t, r in reached):  # a cascade onto a row added since
                    raise UndoRefused(ENTANGLED, item_name(table, new or old))
                seen = reached[-1][0] if reached else seen
            self._check_references(entries)
        except UndoRefused:
            self.conn.execute("ROLLBACK TO undo_replay")
            raise
        finally:
            self.conn.execute("UPDATE temp.undo_state SET change_id = NULL")
            self.conn.execute("DELETE FROM temp.undo_log WHERE change_id = ?", [replay_mark])
            self.conn.execute("RELEASE undo_replay")
        self.forget(change)

    def _current(self, table: str, row_id: int) -> dict | None:
        row = self.conn.execute(_CURRENT_SQL[table], [row_id]).fetchone()
        return json.loads(row[0]) if row else None

    def _check_rows_hold_what_was_written(self, entries: list) -> None:
        before: dict[tuple[str, int], dict | None] = {}
        after: dict[tuple[str, int], dict | None] = {}
        for table, op, row_id, old, new in entries:
            before.setdefault((table, row_id), old)  # None: the change added the row
            after[(table, row_id)] = new  # None: the change removed the row
        for (table, row_id), written in after.items():
            was = before[(table, row_id)]
            current = self._current(table, row_id)
            if written is None:
                if current is not None:  # its id holds a row added since
                    raise UndoRefused(ENTANGLED, item_name(table, was))
                continue
            if current is None:
                raise UndoRefused(DELETED_SINCE, item_name(table, written))
            # A row the change added must be as it left it; for a row it edited, the columns
            # it altered (another instance's edit of the others is kept by the undo).
            watched = [c for c in _TABLES[table] if c not in _BOOKKEEPING and (was is None or was[c] != written[c])]
            if any(current[c] != written[c] for c in watched):
                if table == PAIRING_TABLE:  # an export or an import since: the partner may hold the merge
                    raise UndoRefused(EXCHANGED_SINCE, self._partner(written["relationship_id"]))
                raise UndoRefused(CHANGED_SINCE, item_name(table, written))

    def _partner(self, relationship_id: int) -> str:
        row = self.conn.execute("SELECT partner FROM main.relationships WHERE id = ?", [relationship_id]).fetchone()
        return one_line(row[0], 60) if row else _("your partner")

    def _replay(self, table: str, op: str, row_id: int, old: dict | None, new: dict | None) -> None:
        columns = _TABLES[table]
        target = "main." + _quote(table)
        if op == "I":
            self.conn.execute("DELETE FROM " + target + " WHERE id = ?", [row_id])
        elif op == "U":
            current = self._current(table, row_id) or {}
            altered = [
                c for c in columns
                if old[c] != new[c] and (c not in _BOOKKEEPING or current.get(c) == new[c])
            ]
            if altered:
                assignments = ", ".join(_quote(c) + " = ?" for c in altered)
                self.conn.execute(
                    "UPDATE " + target + " SET " + assignments + " WHERE id = ?",
                    [_stored(table, c, old[c]) for c in altered] + [row_id],
                )
        else:
            placeholders = ", ".join(["?"] * len(columns))
            self.conn.execute(
                "INSERT INTO " + target + " (" + ", ".join(map(_quote, columns)) + ") VALUES (" + placeholders + ")",
                [_stored(table, c, old[c]) for c in columns],
            )

    def _check_references(self, entries: list) -> None:
        """A row put back must not point to a row deleted since (a goal whose relationship is gone)."""
        own = {(table, row_id): new or old for table, _op, row_id, old, new in entries}
        for table in {table for table, *_rest in entries}:
            for _table, row_id, _parent, _fk in self.conn.execute("PRAGMA foreign_key_check(" + _quote(table) + ")"):
                if (table, row_id) in own:
                    raise UndoRefused(ENTANGLED, item_name(table, own[(table, row_id)]))
