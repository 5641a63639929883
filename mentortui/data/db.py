"""Opening the SQLite file safely: refuse what isn't ours, back up before upgrading, lock for writes.

Rules (DESIGN.md, "Storage rules"):
- a file that is not a healthy mentortui database is refused and never written;
- a schema newer than this code is refused;
- before an existing database is upgraded, a ``VACUUM INTO`` copy is taken;
- WAL, ``BEGIN IMMEDIATE`` for every write, new files 0600 and a new data dir 0700.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from mentortui.files import publish
from mentortui.i18n import _
from mentortui.data import schema

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 10.0
FILE_MODE = 0o600
DIR_MODE = 0o700


class StorageError(Exception):
    """A problem with the database file, said in one line a user can act on."""


@dataclass(frozen=True)
class Inspection:
    """What a read-only look at an existing file found."""

    exists: bool
    schema_version: int  # 0 for a new or empty file
    pending: tuple[str, ...]  # migrations this code would apply


def default_db_path() -> Path:
    """``MENTORTUI_DB`` if set, else ``mentortui.db`` in the platform's user data dir."""
    env = os.environ.get("MENTORTUI_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("mentortui", appauthor=False) / "mentortui.db"


def ensure_private_dir(directory: Path) -> None:
    """Create the data dir (and its parents) readable by the owner alone."""
    if not directory.exists():
        directory.mkdir(mode=DIR_MODE, parents=True)
        directory.chmod(DIR_MODE)


def _refuse(path: Path, reason: str, hint: str) -> StorageError:
    return StorageError(f"{path}: {reason} — {hint}")


def _writable(path: Path) -> bool:
    # The mode bits count too: root may write anywhere, but a file or folder marked
    # read-only says the user does not want it written.
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def require_existing(path: Path) -> None:
    """Raise StorageError unless ``path`` is an existing file (for read-only commands)."""
    _check_location(path, will_write=False)


def _check_location(path: Path, *, will_write: bool) -> None:
    if path.is_dir():
        raise _refuse(path, _("this is a directory, not a database file"), _("give the path of a .db file"))
    parent = path.parent
    if not parent.is_dir():
        raise _refuse(path, _("the folder does not exist"), _("create {folder} first, or choose another --db", folder=parent))
    if not will_write:
        if not path.exists():
            raise _refuse(path, _("no such database"), _("check the path, or run mentortui to create it"))
        return
    if path.exists() and not _writable(path):
        raise _refuse(path, _("the file is read-only"), _("make it writable, or work on a copy"))
    if not _writable(parent):
        raise _refuse(
            path,
            _("the folder is read-only"),
            _("SQLite needs to write its journal beside the file; use a writable folder"),
        )


def _read_only_connection(path: Path) -> sqlite3.Connection:
    # mode=ro: an inspection can never write to a file we have not accepted yet.
    return sqlite3.connect(
        path.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
    )


def inspect(path: Path, *, thorough: bool = False) -> Inspection:
    """Look at ``path`` without writing to it; raise StorageError if it is not usable by this code.

    ``thorough`` runs the full ``integrity_check`` (for ``mentortui check``) instead of the
    quicker ``quick_check`` done on every open.
    """
    if not path.exists() or path.stat().st_size == 0:
        return Inspection(exists=False, schema_version=0, pending=schema.migration_names())
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise _refuse(path, _("not a SQLite database"), _("this file was not made by mentortui; choose another --db"))
    try:
        conn = _read_only_connection(path)
    except sqlite3.Error as error:
        raise _refuse(path, _("cannot be opened ({error})", error=error), _("check the file's permissions")) from error
    try:
        check = conn.execute("PRAGMA integrity_check" if thorough else "PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _refuse(path, _("the database is damaged ({error})", error=check), _("restore a backup (mentortui backup makes one)"))
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if application_id != schema.APPLICATION_ID:
            if tables:
                raise _refuse(path, _("this is not a mentortui database"), _("choose another --db"))
            return Inspection(exists=True, schema_version=0, pending=schema.migration_names())
        applied: set[str] = set()
        if "_sqlite_migrations" in tables:
            applied = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [schema.MIGRATIONS.name]
                )
            }
    except sqlite3.DatabaseError as error:
        raise _refuse(path, _("the database is damaged ({error})", error=error), _("restore a backup (mentortui backup makes one)")) from error
    finally:
        conn.close()
    unknown = applied - set(schema.migration_names())
    if user_version > schema.SCHEMA_VERSION or unknown:
        raise _refuse(
            path,
            _("its schema (version {found}) is newer than this mentortui knows ({known})", found=user_version, known=schema.SCHEMA_VERSION),
            _("upgrade mentortui to open it"),
        )
    pending = tuple(name for name in schema.migration_names() if name not in applied)
    return Inspection(exists=True, schema_version=user_version, pending=pending)


def _create_private_file(path: Path) -> None:
    """Create an empty file 0600 whatever the umask (SQLite's -wal/-shm copy its mode)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)


def vacuum_into(conn: sqlite3.Connection, target: Path, *, replace: bool = False) -> Path:
    """A consistent copy of the open database at ``target``, mode 0600, written to a temporary
    file beside it and renamed into place (mentortui.files): a killed or failed copy leaves
    nothing under ``target``. An existing ``target`` is replaced only with ``replace``."""
    # VACUUM INTO accepts the empty file ``publish`` created; it writes through its own handle,
    # and ``publish`` then fsyncs the file through ``fd`` before the rename.
    return publish(target, lambda _fd, temp: conn.execute("VACUUM INTO ?", [str(temp)]), replace=replace)


def _upgrade_backup_path(path: Path, from_version: int, now: dt.datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.v{from_version}-{stamp}.bak")


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: the driver never opens transactions behind our back; we issue
    # BEGIN IMMEDIATE ourselves (see ``write_transaction``).
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode != "wal":
        conn.close()
        raise _refuse(path, _("cannot switch to WAL (journal mode is {mode})", mode=mode), _("use a local, writable folder"))
    # FULL: a committed change survives a power cut, not just a crash of the app.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One atomic write. IMMEDIATE takes the write lock up front, so two instances wait
    for each other (busy timeout) instead of failing with "database is locked" mid-way."""
    if conn.in_transaction:
        # Nested write: join the outer transaction.
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def open_database(path: Path, *, now: dt.datetime | None = None, read_only: bool = False) -> Database:
    """Open (creating or upgrading as needed) the mentortui database at ``path``.

    Raises StorageError, with the path and a hint, for anything that is not a usable
    mentortui database; in that case the file has not been written.
    """
    path = Path(path).expanduser()
    _check_location(path, will_write=not read_only)
    found = inspect(path)
    if read_only:
        if found.pending:
            raise _refuse(path, _("the database needs an upgrade"), _("open it once with mentortui to upgrade it"))
        return Database(_read_only_connection(path))
    if not path.exists():
        _create_private_file(path)
    try:
        conn = _connect(path)
    except sqlite3.Error as error:
        raise _refuse(path, _("cannot be opened ({error})", error=error), _("check the file and its folder")) from error
    if found.pending:
        try:
            if found.schema_version > 0:
                vacuum_into(conn, _upgrade_backup_path(path, found.schema_version, now or dt.datetime.now()))
            migrate(conn)
        except BaseException:
            conn.close()
            raise
    return Database(conn)


class _MigratingDatabase(Database):
    """The Database the migrations run on. Inside a transaction sqlite-utils splits a script
    into statements by re-joining and re-testing the text after every character, which
    made creating a new file take ~25 ms; a statement can only end at a ";", so testing
    there alone splits the same way in linear time."""

    def executescript(self, sql: str) -> sqlite3.Cursor:
        if not self.conn.in_transaction:
            return super().executescript(sql)
        cursor = self.conn.cursor()
        start = 0
        for end, char in enumerate(sql, 1):
            if char == ";" and sqlite3.complete_statement(sql[start:end]):
                cursor.execute(sql[start:end])
                start = end
        if sql[start:].strip():
            cursor.execute(sql[start:])
        return cursor


def migrate(conn: sqlite3.Connection) -> None:
    """Apply pending migrations in one transaction: all of them, or none (the DB stays as it was)."""
    db = _MigratingDatabase(conn)
    with write_transaction(conn):
        # Inside our transaction sqlite-utils' per-migration atomic() becomes a savepoint;
        # each migration sets application_id / user_version itself.
        schema.MIGRATIONS.apply(db)
