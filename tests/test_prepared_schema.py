"""A new workbook gets the prepared schema (issue #19, first frame): the statements the
migrations leave behind, run without sqlite-utils; the file must be the one the migrations
would have made."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from mentortui.data import prepared_schema, schema
from mentortui.data.db import migrate, open_database
from tests.test_fast_start import FIRST_FRAME, ROOT


def _schema_of(conn: sqlite3.Connection) -> dict:
    return {
        "objects": sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")),
        "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
        "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
        "migrations": conn.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall(),
    }


def _rows_of(conn: sqlite3.Connection) -> dict:
    """How many rows each table holds, and the settings' keys (their values are the file's own)."""
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    counts = {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
    return {"counts": counts, "settings": sorted(row[0] for row in conn.execute("SELECT key FROM settings"))}


def _migrated(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, prepared=False)
    return conn


def test_a_new_workbook_has_the_schema_the_migrations_make(tmp_path):
    migrated = _migrated(tmp_path / "migrated.db")
    new = open_database(tmp_path / "new.db").conn
    assert _schema_of(new) == _schema_of(migrated)
    assert _schema_of(new)["user_version"] == schema.SCHEMA_VERSION
    # The rows the migrations write too: the workbook's random id, its own in each file.
    assert _rows_of(new) == _rows_of(migrated)
    workbook_id = "SELECT value FROM settings WHERE key = 'workbook_id'"
    other = open_database(tmp_path / "other.db").conn
    assert len(new.execute(workbook_id).fetchone()[0]) == 32
    assert new.execute(workbook_id).fetchone() != other.execute(workbook_id).fetchone()
    # The module is the one the migrations give today: after changing a migration, write it
    # again with `python -m mentortui.data.schema`.
    source = (Path(prepared_schema.__file__)).read_text(encoding="utf-8")
    assert source == schema.prepared_schema_source(migrated), "run: python -m mentortui.data.schema"


def test_a_prepared_schema_that_is_not_this_codes_is_left_to_the_migrations(tmp_path, monkeypatch):
    monkeypatch.setattr(prepared_schema, "MIGRATIONS", ("m001_renamed",))
    monkeypatch.setattr(prepared_schema, "STATEMENTS", ("CREATE TABLE wrong (id INTEGER PRIMARY KEY)",))
    new = open_database(tmp_path / "new.db").conn
    migrated = _migrated(tmp_path / "migrated.db")
    assert _schema_of(new) == _schema_of(migrated)
    assert _rows_of(new) == _rows_of(migrated)


def test_a_prepared_schema_older_than_the_code_is_followed_by_the_newer_migrations(tmp_path, monkeypatch):
    # The schema as it was before the last migration, prepared the same way.
    older = sqlite3.connect(tmp_path / "older.db", isolation_level=None)
    older.execute("PRAGMA foreign_keys = ON")
    from sqlite_utils import Database

    schema.MIGRATIONS.apply(Database(older), stop_before=schema.migration_names()[-1])
    prepared: dict = {}
    exec(schema.prepared_schema_source(older), prepared)
    assert len(prepared["MIGRATIONS"]) == schema.SCHEMA_VERSION - 1
    monkeypatch.setattr(prepared_schema, "MIGRATIONS", prepared["MIGRATIONS"])
    monkeypatch.setattr(prepared_schema, "STATEMENTS", prepared["STATEMENTS"])
    new = open_database(tmp_path / "new.db").conn
    migrated = _migrated(tmp_path / "migrated.db")
    assert _schema_of(new) == _schema_of(migrated)
    assert _rows_of(new) == _rows_of(migrated)


def test_a_new_workbooks_first_frame_needs_no_sqlite_utils(tmp_path):
    db = tmp_path / "new.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(db)], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=120, check=True)
    seen = json.loads(result.stdout.splitlines()[-1])
    assert "Welcome to mentortui" in seen["first frame"]
    assert not any(name.split(".")[0] in ("sqlite_utils", "click", "pluggy") for name in seen["modules at first frame"])
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == list(
        schema.migration_names())
    assert conn.execute("SELECT count(*) FROM relationships").fetchone()[0] == 0

