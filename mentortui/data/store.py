"""The data layer: every read and write the app and the command line make.

Every public write is one ``BEGIN IMMEDIATE`` transaction, committed before it returns,
and recorded in the undo journal under a label the UI can show. User text only ever
reaches SQL as a parameter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mentortui.core.clock import Clock
from mentortui.data.db import (
    IntegrityError,
    SQLiteError,
    database_path,
    hold_writes,
    open_database,
    settle_pending_check,
    vacuum_into,
    write_transaction,
)
from mentortui.data.journal import Change, Journal, UndoRefused
from mentortui.data.revisions import track_revisions
from mentortui.data.model import Record, column_kinds, to_sql
from mentortui.data.schema import _UUID4_SQL, SEARCHABLE, SHARED_TABLES
from mentortui.core.safetext import clean_stored
from mentortui.data.store_feedback import FeedbackRecords
from mentortui.data.store_goals import GoalRecords
from mentortui.data.store_meetings import MeetingRecords
from mentortui.data.store_relationships import RelationshipRecords
from mentortui.data.validation import clean_values, validate

if TYPE_CHECKING:
    from mentortui.data.db import OpenDatabase

R = TypeVar("R", bound=Record)


class NotFound(LookupError):
    """The row is gone (deleted here or by another instance)."""


class Store(RelationshipRecords, GoalRecords, MeetingRecords, FeedbackRecords):
    """Open/close, changes and undo, backup, generic row access and settings; the records of each
    area come from the mixins (data/store_*.py)."""

    def __init__(self, db: OpenDatabase, clock: Clock | None = None) -> None:
        self.db = db
        self.conn = db.conn
        self.clock = clock or Clock()
        self.journal = Journal(self.conn)
        track_revisions(self.conn, self._now)
        hold_writes(self.conn)

    @classmethod
    def open(cls, path: Path, clock: Clock | None = None, *, check_in_background: bool = False) -> Store:
        """``check_in_background``: the file's quick_check runs in a thread, and
        ``check_pages`` gives its answer; nothing is written before it passed (db.PendingCheck)."""
        clock = clock or Clock()
        store = cls(open_database(path, now=clock.now(), check_later=check_in_background), clock)
        check = getattr(store.conn, "pending_check", None)
        if check is not None:
            check.start()
        return store

    def check_pages(self) -> SQLiteError | None:
        """What the file's pending quick_check found wrong, or None (waits for its answer,
        running it if no one has; from then on writes are allowed). None too when the check
        was made on opening."""
        return settle_pending_check(self.conn)

    @property
    def path(self) -> Path:
        """The file this store works on."""
        return database_path(self.conn)

    # Rows written to the settings (the active relationship, how the goal tree was left):
    # where a screen was left is no change to what the screens show.
    _settings_changes = 0

    def total_changes(self) -> int:
        """Rows of the workbook written through this store since it opened (undo included;
        settings aside)."""
        return self.conn.total_changes - self._settings_changes

    def data_version(self) -> int:
        """Changes when another connection (another running copy) commits to the file."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    # ---- transactions and undo -------------------------------------------------------

    @contextlib.contextmanager
    def change(self, label: str, **params: Any) -> Iterator[None]:
        """One user-visible change: atomic, committed on exit, undoable as a whole."""
        if self.conn.in_transaction:
            yield  # part of an enclosing change
            return
        try:
            with write_transaction(self.conn):
                self.journal.begin(label, params)
                try:
                    yield
                finally:
                    self.journal.end()
        except IntegrityError as error:
            if "FOREIGN KEY" not in str(error):
                raise
            # What the change points at was deleted meanwhile (by another window): rolled
            # back, nothing written, said as the row being gone rather than as SQLite's words.
            raise NotFound(str(error)) from error

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """A large write that is not undoable (demo data, import)."""
        with write_transaction(self.conn):
            yield

    def defer_foreign_keys(self) -> None:
        """Inside ``bulk`` or a change: check links at commit, so rows may point to rows written later."""
        self.conn.execute("PRAGMA defer_foreign_keys = ON")

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Inside ``bulk``, into an empty workbook (import): many rows written fast. Kept up
        row by row, the full-text index and the indexes cost ten times the writing itself;
        their insert triggers (and the indexes of tables no link points at, so checking a
        link never scans a table) are dropped, then made again from their own definitions
        and the full-text indexes rebuilt once at the end. So are the uids' unique indexes
        (a uid used twice is refused when they are made again) and the triggers giving a uid
        to a row written without one (an older backup): one UPDATE a row, the missing uids
        are filled by one statement a table at the end. All inside the transaction: if it
        fails, the rollback puts them back as they were."""
        assert self.conn.in_transaction
        linked = {
            row[0]
            for (table,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            for row in self.conn.execute("SELECT \"table\" FROM pragma_foreign_key_list(?)", [table])
        }
        searchable = [table for table in SEARCHABLE if _text_index_is_external(self.conn, table)]
        uid_objects = [table + suffix for table in SHARED_TABLES for suffix in ("_uid", "_by_uid")]
        # Plain (not unique) indexes of unlinked tables, each searchable table's insert trigger,
        # and the uid triggers and indexes.
        dropped = self.conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
            " (type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name NOT IN (SELECT value FROM json_each(?)))"
            " OR (type = 'trigger' AND name IN (SELECT value || '_ai' FROM json_each(?)))"
            " OR name IN (SELECT value FROM json_each(?)))",
            [json.dumps(sorted(linked)), json.dumps(searchable), json.dumps(uid_objects)],
        ).fetchall()
        for kind, name, _sql in dropped:
            self.conn.execute("DROP " + kind.upper() + ' "' + name + '"')  # names read from the schema
        yield
        for _kind, name, _sql in dropped:
            if name.endswith("_by_uid"):  # before its index is back: one pass, no index to keep up
                table = name.removesuffix("_by_uid")
                self.conn.execute("UPDATE " + table + " SET uid = " + _UUID4_SQL + " WHERE uid IS NULL")
        for _kind, _name, sql in dropped:
            self.conn.execute(sql)
        for table in searchable:
            self.conn.execute("INSERT INTO " + table + "_fts (" + table + "_fts) VALUES ('rebuild')")

    # Bookkeeping (where a review stands) is written the same way: atomic, not undoable;
    # inside a user's change it simply joins it.
    bookkeeping = bulk

    def undo(self) -> Change | None:
        """Undo the last change made through this store; return it, or None if nothing is left.

        Raises UndoRefused if another instance changed what the change wrote: nothing is
        written, and the refused change is dropped from the journal, so the next undo
        takes back the change before it (keeping it would block every earlier undo)."""
        refused = None
        with write_transaction(self.conn):
            change = self.journal.last()
            if change is None:
                return None
            try:
                self.journal.revert(change)
            except UndoRefused as error:
                refused = error
                self.journal.forget(change)
        if refused is not None:
            raise refused
        return change

    def backup(self, target: Path, *, replace: bool = False) -> Path:
        """A consistent copy of the workbook at ``target`` (see ``vacuum_into``)."""
        return vacuum_into(self.conn, Path(target), replace=replace)

    # ---- generic row access --------------------------------------------------------

    def _now(self) -> dt.datetime:
        return self.clock.now()

    def _get(self, cls: type[R], row_id: int) -> R:
        cursor = self.conn.execute("SELECT * FROM " + cls.table + " WHERE id = ?", [row_id])
        row = cursor.fetchone()  # read straight from the cursor: this runs after every write
        if row is None:
            raise NotFound(f"{cls.table} {row_id}")
        return cls.from_row(dict(zip([column[0] for column in cursor.description], row)))

    def select(self, cls: type[R], where: str, params: list, order: str) -> list[R]:
        # ``where`` and ``order`` are SQL literals written in the data layer; values go in ``params``.
        sql = "SELECT * FROM " + cls.table + " WHERE " + where + " ORDER BY " + order
        return [cls.from_row(row) for row in self.db.query(sql, params)]

    def _insert(self, cls: type[R], values: dict[str, Any]) -> R:
        row = sql_values(cls, values)
        columns = list(row)
        cursor = self.conn.execute(insert_sql(cls.table, columns), [row[c] for c in columns])
        return self._get(cls, cursor.lastrowid)

    def insert_rows(self, cls: type[Record], rows: Iterable[dict[str, Any]]) -> int:
        """Insert rows that were already checked (import), ids included, as they are: no
        cleaning or validation here. One executemany per run of rows with the same columns;
        return how many rows were written."""
        kinds = column_kinds(cls)
        as_is = {column for column, kind in kinds.items() if kind in (str, int)}  # to_sql keeps them
        written = 0
        for columns, run in itertools.groupby(rows, key=tuple):
            params = [
                [row[column] if column in as_is else to_sql(kinds[column], row[column]) for column in columns]
                for row in run
            ]
            self.conn.executemany(insert_sql(cls.table, list(columns)), params)
            written += len(params)
        return written

    def reused_id(self, cls: type[Record], ids: list[int]) -> int | None:
        """The first of ``ids`` that is already in ``cls``'s table or appears twice in ``ids``."""
        taken = {row[0] for row in self.conn.execute(
            "SELECT id FROM " + cls.table + " WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]
        )}
        for row_id in ids:
            if row_id in taken:
                return row_id
            taken.add(row_id)
        return None

    def _update(self, cls: type[R], row_id: int, changes: dict[str, Any]) -> R:
        current = self._get(cls, row_id)
        row = sql_values(cls, changes)
        if row:
            assignments = ", ".join(column + " = ?" for column in row)
            self.conn.execute(
                "UPDATE " + cls.table + " SET " + assignments + " WHERE id = ?", [*row.values(), row_id]
            )
            return self._get(cls, row_id)
        return current

    def _delete(self, cls: type[Record], row_id: int) -> None:
        self._get(cls, row_id)
        self.conn.execute("DELETE FROM " + cls.table + " WHERE id = ?", [row_id])

    # ---- settings (not undoable: preferences, not work) ------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        before = self.conn.total_changes
        with write_transaction(self.conn):
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [clean_stored(key), clean_stored(value)],
            )
        self._settings_changes += self.conn.total_changes - before

    def is_empty(self) -> bool:
        return all(
            self.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")").fetchone()[0]
            for table in ("relationships", "candidates", "reviews")
        )


def _text_index_is_external(conn: Any, table: str) -> bool:
    """Whether ``table``'s full-text index reads its text from the table (so it can be rebuilt)."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table + "_fts"]).fetchone()
    return row is not None and "content=" in row[0].replace(" ", "")


def insert_sql(table: str, columns: list[str]) -> str:
    """``INSERT INTO table (columns) VALUES (?, …)`` for a table and columns of our own schema."""
    return "INSERT INTO " + table + " (" + ", ".join(columns) + ") VALUES (" + ", ".join(["?"] * len(columns)) + ")"


def sql_values(cls: type[Record], values: dict[str, Any]) -> dict[str, Any]:
    """The SQL values of a write: text cleaned as the store keeps it, then validated.

    Every write goes through here (forms, review answers, checklist notes, import, demo)."""
    values = clean_values(cls, values)
    validate(cls, values)
    kinds = column_kinds(cls)
    return {name: to_sql(kinds[name], value) for name, value in values.items()}
