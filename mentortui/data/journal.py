"""Undo for every change, through one mechanism.

Temporary triggers (this connection only) copy each row a change inserts, updates or
deletes — cascades included — into a temporary log, tagged with the change it belongs to.
Undoing a change replays its log backwards. Nothing is written to the user's file for this:
the log lives in SQLite's temp schema and ends with the session.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from mentortui.data.model import RECORD_TYPES, column_kinds

UNDO_DEPTH = 25
_TABLES = {cls.table: tuple(column_kinds(cls)) for cls in RECORD_TYPES}


@dataclass(frozen=True)
class Change:
    """A change the user can undo: ``label`` is an English message id with ``params``."""

    id: int
    label: str
    params: dict


def _quote(identifier: str) -> str:
    # Identifiers come from our own schema (``_TABLES``), never from user text.
    return '"' + identifier.replace('"', '""') + '"'


def _row_json(prefix: str, columns: tuple[str, ...]) -> str:
    pairs = ", ".join("'" + name + "', " + prefix + "." + _quote(name) for name in columns)
    return "json_object(" + pairs + ")"


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
            ("I", "INSERT", "NEW.id", "NULL", "NULL"),
            ("U", "UPDATE", "OLD.id", _row_json("OLD", columns), _row_json("NEW", columns)),
            ("D", "DELETE", "OLD.id", _row_json("OLD", columns), "NULL"),
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

    def revert(self, change: Change) -> None:
        """Replay ``change`` backwards (inside the caller's write transaction, not recording)."""
        # Rows come back parents-after-children or the reverse; check references at commit.
        self.conn.execute("PRAGMA defer_foreign_keys = ON")
        entries = self.conn.execute(
            "SELECT tbl, op, row_id, old, new FROM temp.undo_log WHERE change_id = ? ORDER BY seq DESC",
            [change.id],
        ).fetchall()
        for table, op, row_id, old, new in entries:
            columns = _TABLES[table]
            target = "main." + _quote(table)
            if op == "I":
                self.conn.execute("DELETE FROM " + target + " WHERE id = ?", [row_id])
                continue
            values = json.loads(old)
            if op == "U":
                # Only the columns this change altered: another instance may have edited the
                # others since, and undo must not take their work back.
                written = json.loads(new)
                altered = [c for c in columns if values[c] != written[c]]
                if altered:
                    assignments = ", ".join(_quote(c) + " = ?" for c in altered)
                    self.conn.execute(
                        "UPDATE " + target + " SET " + assignments + " WHERE id = ?",
                        [values[c] for c in altered] + [row_id],
                    )
            else:
                placeholders = ", ".join(["?"] * len(columns))
                self.conn.execute(
                    "INSERT INTO " + target + " (" + ", ".join(map(_quote, columns)) + ") VALUES (" + placeholders + ")",
                    [values[c] for c in columns],
                )
        self.conn.execute("DELETE FROM temp.undo_log WHERE change_id = ?", [change.id])
        self.conn.execute("DELETE FROM temp.undo_changes WHERE id = ?", [change.id])
