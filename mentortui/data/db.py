"""Opening the SQLite file safely: refuse what isn't ours, back up before upgrading, lock for writes.

Rules (DESIGN.md, "Storage rules"):
- a file that is not a healthy mentortui database is refused and never written (the app
  checks its pages while it imports its screens: see ``PendingCheck``);
- a schema newer than this code is refused;
- before an existing database is upgraded, a ``VACUUM INTO`` copy is taken;
- WAL, ``BEGIN IMMEDIATE`` for every write, new files 0600 and a new data dir 0700.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentortui.core.files import publish
from mentortui.core.i18n import _
from mentortui.data import schema

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
_WAL_VERSIONS = b"\x02\x02"  # header bytes 18-19: the file is in WAL mode (opening it writes nothing)
BUSY_TIMEOUT_SECONDS = 10.0
FILE_MODE = 0o600
DIR_MODE = 0o700


# The errors SQLite raises, for the layers above to catch: only the data layer imports
# sqlite3 (pyproject.toml, [tool.importlinter]).
SQLiteError = sqlite3.Error
IntegrityError = sqlite3.IntegrityError


class StorageError(Exception):
    """A problem with the database file, said in one line a user can act on."""


@dataclass(frozen=True)
class Inspection:
    """What a read-only look at an existing file found."""

    exists: bool
    schema_version: int  # 0 for a new or empty file
    pending: tuple[str, ...]  # migrations this code would apply
    pages_checked: bool = True  # False: the quick_check was left to a PendingCheck


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
    return StorageError(_("{label}: {value}", label=path, value=f"{reason} — {hint}"))


def _damaged(path: Path, finding: object) -> StorageError:
    # Only an integrity check (or SQLite finding a malformed page) says this: it sends the
    # user to an older copy, so it must never stand for "locked", "read-only" or "full".
    return _refuse(path, _("the database is damaged ({error})", error=finding), _("restore a backup (mentortui backup makes one)"))


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26


def explain(path: Path, error: sqlite3.Error | OSError) -> StorageError:
    """What went wrong with the database at ``path``, and what to do, in one line."""
    if isinstance(error, OSError):
        code = {errno.ENOSPC: _SQLITE_FULL, errno.EROFS: _SQLITE_READONLY, errno.EACCES: _SQLITE_PERM}.get(error.errno)
    else:
        code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        holder = lock_holder(path)
        reason = (
            _("it is locked by another program ({program})", program=holder)
            if holder
            else _("it is locked by another program")
        )
        return _refuse(path, reason, _("close that program (another mentortui? a sqlite3 shell?) and try again"))
    if code == _SQLITE_FULL:
        return _refuse(path, _("the disk is full"), _("free some space, then try again; what was saved before is safe"))
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN):
        # The folder first: even a read needs to write SQLite's shared-memory file beside the file.
        if path.parent.is_dir() and not _writable(path.parent):
            return _refuse(path, _("the folder is read-only"), _("SQLite writes beside the file even to read it; copy it to a writable folder"))
        if path.exists() and not _writable(path):
            return _refuse(path, _("the file is read-only"), _("make it writable, or work on a copy"))
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return _damaged(path, error)
    if code == _SQLITE_IOERR:
        return _refuse(path, _("the disk reported an error ({error})", error=error), _("check the disk, then run mentortui check"))
    return _refuse(path, _("cannot be opened ({error})", error=error), _("check the file and its folder"))


def database_path(conn: sqlite3.Connection) -> Path:
    """The file an open connection works on."""
    return Path(conn.execute("PRAGMA database_list").fetchone()[2])


def lock_holder(path: Path) -> str | None:
    """Best effort: the program holding a lock on the database (or its -wal/-shm), as
    "name, process N", read from /proc/locks (Linux); None if it cannot be told."""
    wanted = set()
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            st = candidate.stat()
        except OSError:
            continue
        wanted.add(f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}")
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        # "1: POSIX  ADVISORY  WRITE 1234 fe:00:2147110 0 EOF"
        if len(fields) > 5 and fields[5] in wanted and fields[4].isdigit() and int(fields[4]) != os.getpid():
            pid = fields[4]
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                name = "?"
            return _("{name}, process {pid}", name=name, pid=pid)
    return None


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


def inspect(path: Path, *, thorough: bool = False, check_later: bool = False) -> Inspection:
    """Look at ``path`` without writing to it; raise StorageError if it is not usable by this code.

    ``thorough`` runs the full ``integrity_check`` (for ``mentortui check``) instead of the
    quicker ``quick_check`` done on every open. ``check_later`` leaves the quick_check to the
    caller (``pages_checked`` False) when the file is an up-to-date mentortui workbook in WAL
    mode, that opening writes nothing to; anything else is checked now.
    """
    if not path.exists() or path.stat().st_size == 0:
        return Inspection(exists=False, schema_version=0, pending=schema.migration_names())
    with open(path, "rb") as handle:
        header = handle.read(100)
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise _refuse(path, _("not a SQLite database"), _("this file was not made by mentortui; choose another --db"))
    try:
        conn = _read_only_connection(path)
    except sqlite3.Error as error:
        raise explain(path, error) from error
    try:
        if not check_later:
            _check_pages(conn, path, thorough=thorough)
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if application_id != schema.APPLICATION_ID:
            if tables:
                raise _refuse(path, _("this is not a mentortui database"), _("choose another --db"))
            if check_later:
                _check_pages(conn, path)
            return Inspection(exists=True, schema_version=0, pending=schema.migration_names())
        applied: set[str] = set()
        if "_sqlite_migrations" in tables:
            applied = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [schema.MIGRATIONS.name]
                )
            }
        unknown = applied - set(schema.migration_names())
        pending = tuple(name for name in schema.migration_names() if name not in applied)
        if check_later and (pending or header[18:20] != _WAL_VERSIONS) and not (user_version > schema.SCHEMA_VERSION or unknown):
            # Opening will write (an upgrade, or switching to WAL): check the pages first.
            _check_pages(conn, path)
            check_later = False
    except sqlite3.Error as error:
        raise explain(path, error) from error
    finally:
        conn.close()
    if user_version > schema.SCHEMA_VERSION or unknown:
        raise _refuse(
            path,
            _("its schema (version {found}) is newer than this mentortui knows ({known})", found=user_version, known=schema.SCHEMA_VERSION),
            _("upgrade mentortui to open it"),
        )
    return Inspection(exists=True, schema_version=user_version, pending=pending, pages_checked=not check_later)


def _check_pages(conn: sqlite3.Connection, path: Path, *, thorough: bool = False) -> None:
    """Raise StorageError ("damaged") unless SQLite's quick_check (or, ``thorough``, its
    integrity_check and foreign_key_check) finds the file sound."""
    check = conn.execute("PRAGMA integrity_check" if thorough else "PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise _damaged(path, check)
    if thorough:
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            table, row_id, parent, _fk = broken[0]
            raise _damaged(path, _("{count} records point to records that do not exist, e.g. {table} {row} → {parent}",
                                   count=len(broken), table=table, row=row_id, parent=parent))


class PendingCheck:
    """The quick_check of a file opened before it ran (``open_database(check_later=True)``).
    It grows with the file (10 ms for the large demo, 44 ms at 100k entries, 130 ms at 300k),
    so the app runs it in a thread (``start``) while it imports its screens, and waits for
    its answer (``settle_pending_check``) before it starts: a damaged file is still refused
    before anything is shown, in the same words.

    What guarantees that a damaged file is never written, whoever holds the connection:
    until the check has passed the connection is ``PRAGMA query_only`` (SQLite itself refuses
    any write, to temporary tables too), and ``write_transaction`` first waits for the check
    — running it if no one has — and raises its finding instead of writing. Only an
    up-to-date mentortui file in WAL mode gets here (``inspect``): opening it wrote nothing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._done = False
        self._problem: sqlite3.Error | None = None

    def start(self) -> None:
        """Run the check in a thread of its own (SQLite works without Python's lock meanwhile)."""
        threading.Thread(target=self.run, name="mentortui quick_check", daemon=True).start()

    def run(self) -> sqlite3.Error | None:
        """Run the check once, in whichever thread asks first (the others wait for its
        answer); return what it found wrong, as SQLite's error for a damaged file."""
        with self._lock:
            if not self._done:
                self._problem = self._check()
                self._done = True
        return self._problem

    def _check(self) -> sqlite3.Error | None:
        try:
            conn = _read_only_connection(self.path)
            try:
                finding = conn.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.Error as error:
            return error
        if finding == "ok":
            return None
        # Said like SQLite's own "malformed" error, so that every layer above reports it as
        # a damaged file (``explain``), with the same words as a refusal on opening.
        problem = sqlite3.DatabaseError(finding)
        problem.sqlite_errorcode = _SQLITE_CORRUPT
        return problem


class _Connection(sqlite3.Connection):
    pending_check: PendingCheck | None = None


def hold_writes(conn: sqlite3.Connection) -> None:
    """Refuse every write on ``conn`` until its pending check has passed (``write_transaction``
    lifts this). Called once the connection's temporary tables are set up."""
    if getattr(conn, "pending_check", None) is not None:
        conn.execute("PRAGMA query_only = ON")


def settle_pending_check(conn: sqlite3.Connection) -> sqlite3.Error | None:
    """Wait for ``conn``'s pending check (running it if no one has) in the connection's own
    thread; once it passed, writes are allowed. Return what it found wrong, or None."""
    check = getattr(conn, "pending_check", None)
    if check is None:
        return None
    problem = check.run()
    if problem is None:
        conn.execute("PRAGMA query_only = OFF")
        conn.pending_check = None
    return problem


def _pass_pending_check(conn: sqlite3.Connection) -> None:
    problem = settle_pending_check(conn)
    if problem is not None:
        raise problem  # damaged: nothing was written, and nothing will be


def _create_private_file(path: Path) -> None:
    """Create an empty file 0600 whatever the umask (SQLite's -wal/-shm copy its mode)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)


def vacuum_into(conn: sqlite3.Connection, target: Path, *, replace: bool = False) -> Path:
    """A consistent copy of the open database at ``target``, mode 0600, written to a temporary
    file beside it and renamed into place (mentortui.core.files): a killed or failed copy leaves
    nothing under ``target``. An existing ``target`` is replaced only with ``replace``."""
    # VACUUM INTO accepts the empty file ``publish`` created; it writes through its own handle,
    # and ``publish`` then fsyncs the file through ``fd`` before the rename.
    return publish(target, lambda _fd, temp: conn.execute("VACUUM INTO ?", [str(temp)]), replace=replace)


def _upgrade_backup_path(path: Path, from_version: int, now: dt.datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.v{from_version}-{stamp}.bak")


def _connect(path: Path) -> _Connection:
    # isolation_level=None: the driver never opens transactions behind our back; we issue
    # BEGIN IMMEDIATE ourselves (see ``write_transaction``).
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, factory=_Connection)
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
    for each other (busy timeout) instead of failing with "database is locked" mid-way.
    On a file whose integrity check is pending, it waits for the check, and raises what it
    found (SQLite's error for a damaged file) instead of writing."""
    if conn.in_transaction:
        # Nested write: join the outer transaction.
        yield
        return
    _pass_pending_check(conn)
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


def open_database(
    path: Path, *, now: dt.datetime | None = None, read_only: bool = False, check_later: bool = False
) -> OpenDatabase:
    """Open (creating or upgrading as needed) the mentortui database at ``path``.

    Raises StorageError, with the path and a hint, for anything that is not a usable
    mentortui database; in that case the file has not been written. ``check_later``: an
    up-to-date workbook is opened before its quick_check, which is left to the connection's
    ``pending_check`` (see ``PendingCheck``: no write happens before it passed).
    """
    path = Path(path).expanduser()
    _check_location(path, will_write=not read_only)
    found = inspect(path, check_later=check_later and not read_only)
    if read_only:
        if found.pending:
            raise _refuse(path, _("the database needs an upgrade"), _("open it once with mentortui to upgrade it"))
        return _database(_read_only_connection(path))
    created = not path.exists()
    try:
        if created:
            _create_private_file(path)
        conn = _connect(path)
    except (sqlite3.Error, OSError) as error:
        raise explain(path, error) from error
    if not found.pages_checked:
        conn.pending_check = PendingCheck(path)
    if found.pending:
        try:
            if found.schema_version > 0:
                vacuum_into(conn, _upgrade_backup_path(path, found.schema_version, now or dt.datetime.now()))
            migrate(conn)
        except BaseException as error:
            conn.close()
            if created:  # a new file that could not be set up: leave nothing behind
                for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    leftover.unlink(missing_ok=True)
            if isinstance(error, (sqlite3.Error, OSError)):
                raise explain(path, error) from error
            raise
    return _database(conn)


def _database(conn: sqlite3.Connection) -> OpenDatabase:
    # What sqlite-utils' Database sets on a connection, set here whether it is made or not.
    conn.execute("PRAGMA recursive_triggers = ON")
    return OpenDatabase(conn)


class OpenDatabase:
    """The open database: ``conn``, and ``query`` as sqlite-utils' ``Database`` has it. Any
    other attribute is sqlite-utils' own (``table_names``, ``execute``…), made on first use:
    importing sqlite-utils (with click and pluggy) cost ~40 ms before the first frame, for
    reads that need none of it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def query(self, sql: str, params: Sequence | dict[str, Any] | None = None) -> Iterator[dict]:
        """The rows of a SELECT as dicts (column name -> value)."""
        cursor = self.conn.execute(sql, () if params is None else params)
        if cursor.description is None:
            raise ValueError("query() is for statements that return rows")
        keys = [column[0] for column in cursor.description]
        if len(set(keys)) < len(keys):  # a name twice: sqlite-utils' renaming (id, id_2)
            return self.database.query(sql, params)
        return (dict(zip(keys, row)) for row in cursor)

    @property
    def database(self) -> Database:
        """sqlite-utils' Database on this connection."""
        if "_database" not in self.__dict__:
            from sqlite_utils import Database

            # No sqlite-utils plugins: loading them scans every installed package's entry
            # points (16-24 ms), and no plugin of another package belongs on our connection.
            self._database = Database(self.conn, execute_plugins=False)
        return self._database

    def __getattr__(self, name: str) -> Any:
        return getattr(self.database, name)


def __getattr__(name: str) -> Any:
    # The Database the migrations run on, made when first needed (see OpenDatabase).
    if name == "_MigratingDatabase":
        return _migrating_database_class()
    raise AttributeError(name)


@cache
def _migrating_database_class() -> type[Database]:
    from sqlite_utils import Database

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

    return _MigratingDatabase


def migrate(conn: sqlite3.Connection, *, prepared: bool = True) -> None:
    """Apply pending migrations in one transaction: all of them, or none (the DB stays as it was).

    A file with no schema yet (a new workbook) gets the ``prepared`` one: the statements the
    migrations leave behind, run without sqlite-utils (importing it and running the ~110
    statements of eleven migrations took ~80 ms of CPU and 170-220 ms of wall time, most of
    a new workbook's first frame), then only the migrations newer than them, if any."""
    with write_transaction(conn):
        if prepared and _create_prepared_schema(conn):
            return
        db = _migrating_database_class()(conn, execute_plugins=False)
        # Inside our transaction sqlite-utils' per-migration atomic() becomes a savepoint;
        # each migration sets application_id / user_version itself.
        schema.MIGRATIONS.apply(db)


def _create_prepared_schema(conn: sqlite3.Connection) -> bool:
    """In an empty database, run the prepared schema's statements and record its migrations as
    applied (as sqlite-utils does); True when no migration is left to run. Nothing is written
    when the file has a schema already or the prepared one is not the start of this code's
    migrations: then the migrations make the schema."""
    from mentortui.data import prepared_schema

    names = schema.migration_names()
    if names[: len(prepared_schema.MIGRATIONS)] != prepared_schema.MIGRATIONS:
        return False
    if conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None:
        return False
    for statement in prepared_schema.STATEMENTS:
        conn.execute(statement)
    applied_at = str(dt.datetime.now(dt.timezone.utc))  # as sqlite-utils writes it
    conn.executemany(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [(schema.MIGRATIONS.name, name, applied_at) for name in prepared_schema.MIGRATIONS],
    )
    return len(prepared_schema.MIGRATIONS) == len(names)
