"""The storage rules of DESIGN.md, each with a test that fails without it."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from mentortui.data import schema
from mentortui.data.db import StorageError, _MigratingDatabase, default_db_path, ensure_private_dir, open_database
from mentortui.data.store import Store
from tests.conftest import sha256


def _workbook(path: Path, clock) -> None:
    store = Store.open(path, clock)
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    store.add_goal(rel.id, "Lead a design review")
    store.close()


def test_new_database_uses_wal_and_foreign_keys(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert store.conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID


def test_every_write_begins_immediate(store):
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    rel = store.add_relationship(partner="Ana", role="mentor", started_on=dt.date(2026, 1, 5))
    goal = store.add_goal(rel.id, "Speak at a meetup")
    store.update_goal(goal.id, status="done")
    store.delete_goal(goal.id)
    store.undo()
    store.conn.set_trace_callback(None)
    begins = [s for s in statements if s.strip().upper().startswith("BEGIN")]
    assert begins and all(s.strip().upper() == "BEGIN IMMEDIATE" for s in begins)
    assert statements.count("COMMIT") == len(begins)


def _hammer(path: Path, clock, errors: list[BaseException], rounds: int) -> None:
    store = Store.open(path, clock)
    try:
        rel_id = store.relationships()[0].id
        for i in range(rounds):
            # Read-then-write inside one change: with a deferred BEGIN the upgrade to a
            # write lock fails at once ("database is locked") when the other thread wrote.
            store.set_checklist(rel_id, "M1", f"item-{i % 5}", state="doing" if i % 2 else "done")
    except BaseException as error:  # noqa: BLE001 - collected for the assertion
        errors.append(error)
    finally:
        store.close()


def test_two_writers_never_see_database_is_locked(db_path, clock):
    _workbook(db_path, clock)
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_hammer, args=(db_path, clock, errors, 150)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = sqlite3.connect(db_path)
    assert check.execute("SELECT count(*) FROM checklist").fetchone()[0] == 5
    check.close()


def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Overwrite the second page (the first table's root) with noise, keep the header.
    data[page_size : page_size + 200] = bytes(range(200))
    path.write_bytes(bytes(data))


def _checkpointed(path: Path, clock) -> Path:
    _workbook(path, clock)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return path


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda p: p.write_bytes(os.urandom(4096)), "not a SQLite database"),
        (lambda p: p.write_bytes(p.read_bytes()[:1500]), "damaged"),
        (_scribble, "damaged"),
    ],
    ids=["garbage", "truncated", "scribbled-page"],
)
def test_damaged_file_is_refused_and_left_untouched(db_path, clock, damage, expected):
    _checkpointed(db_path, clock)
    damage(db_path)
    before = sha256(db_path)
    with pytest.raises(StorageError) as refused:
        open_database(db_path)
    assert str(db_path) in str(refused.value)
    assert expected in str(refused.value)
    assert sha256(db_path) == before


def test_foreign_sqlite_file_is_refused_and_left_untouched(db_path):
    other = sqlite3.connect(db_path)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.execute("INSERT INTO recipes VALUES ('soup')")
    other.commit()
    other.close()
    before = sha256(db_path)
    with pytest.raises(StorageError, match="not a mentortui database"):
        open_database(db_path)
    assert sha256(db_path) == before


def test_newer_schema_is_refused_and_left_untouched(db_path, clock):
    _checkpointed(db_path, clock)
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('mentortui', 'm999_future', 'x')")
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    before = sha256(db_path)
    with pytest.raises(StorageError, match="newer than this mentortui knows"):
        open_database(db_path)
    assert sha256(db_path) == before


CURRENT_VERSION = schema.SCHEMA_VERSION
NEXT_VERSION = CURRENT_VERSION + 1
MIGRATIONS_APPLIED = len(schema.migration_names())  # by this release (numbers may have gaps while branches merge)


@pytest.fixture
def extra_migration(monkeypatch):
    """The next schema version, as a future release would add it."""
    extended = Migrations(schema.MIGRATIONS.name)
    extended._migrations = list(schema.MIGRATIONS._migrations)
    calls = {"fail": False}

    @extended()
    def m999_goal_colour(db):
        db.execute("ALTER TABLE goals ADD COLUMN colour TEXT")
        db.execute("UPDATE goals SET colour = 'blue'")
        if calls["fail"]:
            raise RuntimeError("disk full halfway")
        db.execute("PRAGMA user_version = " + str(NEXT_VERSION))

    def activate(*, fail: bool = False) -> None:
        calls["fail"] = fail
        monkeypatch.setattr(schema, "MIGRATIONS", extended)
        monkeypatch.setattr(schema, "SCHEMA_VERSION", NEXT_VERSION)

    return activate


def test_upgrade_takes_a_vacuum_into_backup_first(db_path, clock, extra_migration):
    _workbook(db_path, clock)
    extra_migration()
    db = open_database(db_path, now=clock.now())
    assert db.execute("PRAGMA user_version").fetchone()[0] == NEXT_VERSION
    assert db.execute("SELECT colour FROM goals").fetchone()[0] == "blue"
    db.close()
    backups = list(db_path.parent.glob(f"workbook.db.v{CURRENT_VERSION}-*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    assert old.execute("SELECT title FROM goals").fetchone()[0] == "Lead a design review"
    old.close()
    assert os.stat(backups[0]).st_mode & 0o777 == 0o600


def test_failed_upgrade_leaves_the_database_as_it_was(db_path, clock, extra_migration):
    _workbook(db_path, clock)
    extra_migration(fail=True)
    with pytest.raises(RuntimeError):
        open_database(db_path, now=clock.now())
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    columns = [row[1] for row in conn.execute("PRAGMA table_info(goals)")]
    assert "colour" not in columns
    assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == MIGRATIONS_APPLIED
    conn.close()
    assert list(db_path.parent.glob(f"workbook.db.v{CURRENT_VERSION}-*.bak"))


def test_migration_scripts_split_as_sqlite_utils_splits_them():
    # Our faster splitter must run exactly the statements sqlite-utils would: a trigger body
    # holds ";", so does a string, and a comment may follow the last statement.
    script = """
        CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'a;b');
        CREATE TABLE log (what TEXT);
        CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
            INSERT INTO log VALUES ('inserted; ' || new.note);
            INSERT INTO log VALUES ('twice');
        END;
        INSERT INTO t (note) VALUES ('x;y');
        -- a closing comment
    """

    def run(database_class: type[Database]) -> list[tuple]:
        conn = sqlite3.connect(":memory:")
        conn.execute("BEGIN")
        database_class(conn).executescript(script)
        conn.execute("COMMIT")
        return conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() + conn.execute(
            "SELECT what FROM log ORDER BY rowid").fetchall()

    ours = run(_MigratingDatabase)
    assert ours == run(Database)
    assert ("inserted; x;y",) in ours and len(ours) == 5


def test_new_files_are_private_under_umask_022(tmp_path, clock):
    old = os.umask(0o022)
    try:
        data_dir = tmp_path / "data" / "mentortui"
        ensure_private_dir(data_dir)
        store = Store.open(data_dir / "mentortui.db", clock)
        store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
        backup = store.backup(tmp_path / "copy.db")
        modes = {p.name: p.stat().st_mode & 0o777 for p in data_dir.iterdir()}
        store.close()
    finally:
        os.umask(old)
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert modes == {"mentortui.db": 0o600, "mentortui.db-wal": 0o600, "mentortui.db-shm": 0o600}
    assert backup.stat().st_mode & 0o777 == 0o600


def test_default_path_is_in_the_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("MENTORTUI_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "mentortui" / "mentortui.db"
    monkeypatch.setenv("MENTORTUI_DB", str(tmp_path / "elsewhere.db"))
    assert default_db_path() == tmp_path / "elsewhere.db"


@pytest.mark.parametrize("situation", ["read-only file", "read-only folder", "missing folder", "directory"])
def test_unusable_locations_are_refused(tmp_path, clock, situation):
    path = tmp_path / "workbook.db"
    if situation == "read-only file":
        _workbook(path, clock)
        path.chmod(0o400)
    elif situation == "read-only folder":
        _workbook(path, clock)
        tmp_path.chmod(0o500)
    elif situation == "missing folder":
        path = tmp_path / "nowhere" / "workbook.db"
    else:
        path = tmp_path
    before = sha256(path) if path.is_file() else None
    try:
        with pytest.raises(StorageError) as refused:
            open_database(path)
    finally:
        tmp_path.chmod(0o700)
    assert str(path) in str(refused.value)
    if before is not None:
        assert sha256(path) == before


def test_hostile_text_is_stored_as_typed_but_terminal_escapes(store):
    # SQL, markup and format fields are data and kept; a terminal escape is not (Text safety).
    nasty = "Robert'); DROP TABLE goals;-- [bold]x[/] \x1b[2J ? :name %s {0}"
    kept = "Robert'); DROP TABLE goals;-- [bold]x[/]  ? :name %s {0}"
    rel = store.add_relationship(partner=nasty, role="mentor", started_on=dt.date(2026, 1, 1))
    goal = store.add_goal(rel.id, nasty, notes=nasty)
    assert store.relationship(rel.id).partner == kept
    assert store.goal(goal.id).title == kept
    assert store.goal(goal.id).notes == kept
    assert "goals" in store.db.table_names()
