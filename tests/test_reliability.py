"""Reliability: crashes, two instances, damaged files and upgrades lose nothing.

The long versions run with ``MENTORTUI_SOAK=1 python -m pytest tests/test_reliability.py``
(README, "Reliability soak"); CI runs the short ones.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentortui.core.clock import FrozenClock
from mentortui.data import schema
from mentortui.data.db import open_database
from mentortui.data.store import Store
from tests.conftest import sha256

SOAK = os.environ.get("MENTORTUI_SOAK") == "1"
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def _worker(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability_worker", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _workbook(path: Path) -> tuple[int, int]:
    store = Store.open(path, FrozenClock("2026-11-26T10:00"))
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    goal = store.add_goal(rel.id, "Shared goal")
    store.close()
    return rel.id, goal.id


def test_sigkill_mid_write_loses_no_committed_change(tmp_path):
    path = tmp_path / "crash.db"
    _workbook(path)
    rng = random.Random(48)
    trials = 50 if SOAK else 4
    seen: list[int] = []
    for _ in range(trials):
        child = _worker("commit", str(path))
        # Wait for a few commits (a line each), then kill at a random moment after them.
        wanted = rng.randint(1, 30)
        for _ in range(wanted):
            line = child.stdout.readline()
            assert line, child.stderr.read()
            seen.append(int(line))
        deadline = time.monotonic() + rng.random() * 0.05
        while time.monotonic() < deadline:
            pass  # a busy wait of a few ms: the child keeps writing meanwhile
        child.send_signal(signal.SIGKILL)
        out, _err = child.communicate()
        seen += [int(line) for line in out.split()]
    conn = sqlite3.connect(path)
    stored = {row[0] for row in conn.execute("SELECT id FROM feedback")}
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert set(seen) <= stored
    assert len(seen) >= trials


def test_two_instances_read_modify_write_without_locks_or_lost_updates(tmp_path):
    path = tmp_path / "two.db"
    _rel, goal_id = _workbook(path)
    times = 300 if SOAK else 60
    children = [_worker("append", str(path), str(goal_id), str(times), tag) for tag in ("a", "b")]
    outputs = [child.communicate(timeout=300) for child in children]
    for child, (out, err) in zip(children, outputs):
        assert child.returncode == 0, err
        assert out.strip() == "locked=0"
    store = Store.open(path)
    notes = store.goal(goal_id).notes
    store.close()
    assert (notes.count("a"), notes.count("b")) == (times, times)


def test_the_app_never_overwrites_another_instances_change_with_stale_data(db_path, clock):
    """An open form writes only the fields the user changed."""
    import asyncio

    from mentortui.app import make_app
    from tests.ui_helpers import fill_field

    store = Store.open(db_path, clock)
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1), why="old why")
    other = Store.open(db_path, clock)

    async def scenario() -> None:
        app = make_app(store=store, start_mode="relationship")
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            other.update_relationship(rel.id, why="written by the other instance")
            await fill_field(pilot, "partner", "Ana Souza")
            await pilot.press("ctrl+s")
            await pilot.pause()

    asyncio.run(scenario())
    after = other.relationship(rel.id)
    assert (after.partner, after.why) == ("Ana Souza", "written by the other instance")
    other.close()
    store.close()


# ---- files ------------------------------------------------------------------------------


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _truncated(path: Path) -> None:
    _workbook(path)
    _checkpoint(path)
    path.write_bytes(path.read_bytes()[:1000])


def _scribbled(path: Path) -> None:
    _workbook(path)
    _checkpoint(path)
    data = bytearray(path.read_bytes())
    data[4096:4096 + 512] = b"\xff" * 512
    path.write_bytes(bytes(data))


def _newer(path: Path) -> None:
    _workbook(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    _checkpoint(path)


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _read_only_file(path: Path) -> None:
    _workbook(path)
    _checkpoint(path)
    path.chmod(0o444)


def _read_only_dir(path: Path) -> None:
    _workbook(path)
    _checkpoint(path)
    for leftover in path.parent.glob(path.name + "-*"):
        leftover.unlink()
    path.parent.chmod(0o555)


FILE_CASES = {
    "garbage": (_garbage, "not a SQLite database"),
    "truncated": (_truncated, "damaged"),
    "scribbled-page": (_scribbled, "damaged"),
    "newer-schema": (_newer, "newer than this mentortui knows"),
    "read-only-file": (_read_only_file, "read-only"),
    "read-only-dir": (_read_only_dir, "read-only"),
}


@pytest.mark.parametrize("case", FILE_CASES)
@pytest.mark.parametrize("command", [[], ["check"], ["export", "--format", "json"], ["demo"]])
def test_a_bad_file_gives_one_line_and_stays_byte_identical(tmp_path, case, command):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "workbook.db"
    make, expected = FILE_CASES[case]
    make(path)
    if case.startswith("read-only") and command in (["check"], ["export", "--format", "json"]):
        pytest.skip("reading a read-only file is allowed")
    before = sha256(path)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mentortui", *command, "--db", str(path)],
            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, cwd=ROOT,
        )
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    assert result.returncode == 1, result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(path) in result.stderr and expected in result.stderr
    assert sha256(path) == before


@pytest.mark.parametrize("where", ["missing-folder", "directory"])
def test_a_bad_path_gives_one_line(tmp_path, where):
    path = tmp_path / "nowhere" / "workbook.db" if where == "missing-folder" else tmp_path
    result = subprocess.run(
        [sys.executable, "-m", "mentortui", "--db", str(path)],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr
    assert not (tmp_path / "nowhere").exists()


# ---- upgrades ---------------------------------------------------------------------------


def _fixture_versions() -> list[Path]:
    return sorted(FIXTURES.glob("schema-v*.db"))


def test_there_is_a_fixture_for_every_past_schema_version():
    versions = {int(p.stem.removeprefix("schema-v")) for p in _fixture_versions()}
    assert versions == {schema.migration_number(name) for name in schema.migration_names()}


@pytest.mark.parametrize("fixture", _fixture_versions(), ids=lambda p: p.stem)
def test_every_past_schema_version_upgrades_with_its_data(tmp_path, fixture):
    path = tmp_path / "old.db"
    shutil.copy(fixture, path)
    store = Store(open_database(path, now=dt.datetime(2026, 11, 26, 10)), FrozenClock("2026-11-26T10:00"))
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    [rel] = store.relationships()
    assert rel.partner == "Ana Souza"
    assert [g.title for g in store.goals(rel.id)] == ["Become a tech lead", "Lead a design review"]
    assert store.feedback(rel.id)[0].text == "Ask one open question per meeting"
    assert store.current_agreement(rel.id).cadence == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    store.close()
    version = int(fixture.stem.removeprefix("schema-v"))
    if version < schema.SCHEMA_VERSION:
        assert list(tmp_path.glob(f"old.db.v{version}-*.bak"))


def make_fixture(path: Path) -> None:
    """The workbook each schema fixture holds (run with the code of that version)."""
    store = Store.open(path, FrozenClock("2026-11-26T10:00"))
    rel = store.add_relationship(partner="Ana Souza", role="mentee", started_on=dt.date(2026, 9, 1))
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", modes=["video"])
    career = store.add_goal(rel.id, "Become a tech lead", horizon="long")
    store.add_goal(rel.id, "Lead a design review", parent_id=career.id)
    store.add_feedback(rel.id, direction="received", kind="advice", text="Ask one open question per meeting",
                       date=dt.date(2026, 11, 20))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("PRAGMA journal_mode = DELETE")
    store.close()


if __name__ == "__main__":
    # python -m tests.test_reliability N: write the fixture of schema version N, made with
    # the first N migrations only (so a fixture can be remade after later ones exist).
    version = int(sys.argv[1]) if len(sys.argv) > 1 else schema.SCHEMA_VERSION
    schema.MIGRATIONS._migrations = schema.MIGRATIONS._migrations[:version]
    schema.SCHEMA_VERSION = version
    target = FIXTURES / f"schema-v{version}.db"
    FIXTURES.mkdir(exist_ok=True)
    target.unlink(missing_ok=True)
    make_fixture(target)
    print(f"wrote {target}")


# ---- disk errors ----------------------------------------------------------------------------


def _fill_the_disk(store: Store) -> None:
    """Make the file unable to grow: the next write that needs a page fails as on a full disk."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {int(pages):d}")  # noqa: S608 - an int we read


def test_a_full_disk_keeps_the_form_and_saves_nothing_partial(store):
    import asyncio

    from mentortui.app import make_app
    from mentortui.ui.wizard import WizardScreen
    from tests.ui_helpers import fill_field, screen_text, type_text

    long_why = "Because it matters. " * 5000  # 100 KB: needs new pages

    async def scenario() -> None:
        app = make_app(store=store, start_mode="relationship")
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await type_text(pilot, "Ana")
            await pilot.press("ctrl+n", "ctrl+n")
            await pilot.pause()
            await fill_field(pilot, "cadence", "weekly")
            await pilot.press("ctrl+n")
            await pilot.pause()
            app.screen.query_one("#field-why").value = long_why  # one line in the welcome
            _fill_the_disk(store)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, WizardScreen)
            assert "full" in screen_text(pilot) and "your text is still here" in screen_text(pilot)
            assert app.screen.query_one("#field-why").value == long_why
            assert app.screen.query_one("#field-partner").value == "Ana"

    asyncio.run(scenario())
    assert store.conn.execute("SELECT count(*) FROM relationships").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM agreements").fetchone()[0] == 0


# ---- another instance changed the data under an open screen ---------------------------------


def test_undo_never_takes_back_another_instances_edit(db_path, clock):
    mine = Store.open(db_path, clock)
    rel = mine.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    goal = mine.add_goal(rel.id, "Draft")
    other = Store.open(db_path, clock)
    mine.update_goal(goal.id, title="Write the design doc")
    other.update_goal(goal.id, notes="Notes typed in the other window")
    mine.undo()
    after = other.goal(goal.id)
    assert (after.title, after.notes) == ("Draft", "Notes typed in the other window")
    other.close()
    mine.close()


def test_a_key_on_an_item_deleted_elsewhere_says_so_and_keeps_the_app(db_path, clock):
    import asyncio

    from mentortui.app import make_app

    store = Store.open(db_path, clock)
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    goal = store.add_goal(rel.id, "Goal deleted elsewhere")
    other = Store.open(db_path, clock)

    async def scenario() -> None:
        app = make_app(store=store, start_mode="goals")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            other.delete_goal(goal.id)
            await pilot.press("space")
            await pilot.pause()
            assert app.is_running
            assert any("no longer exists" in n.message for n in app._notifications)

    asyncio.run(scenario())
    other.close()
    store.close()


# ---- errors that say what happened -----------------------------------------------------------


def _say(argv: list[str], capsys) -> str:
    from mentortui.cli import main

    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


@pytest.fixture
def holder(tmp_path):
    """Another program holding the workbook's exclusive lock, as the sqlite3 shell does
    with ``PRAGMA locking_mode = EXCLUSIVE`` and a write in progress."""
    path = tmp_path / "locked.db"
    _workbook(path)
    code = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA locking_mode = EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
        "c.execute('UPDATE goals SET notes = notes')\n"
        "print('locked', flush=True); sys.stdin.read()\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "locked"
    yield path, process.pid
    process.stdin.close()
    process.wait(timeout=30)


@pytest.mark.parametrize("command", [[], ["check"], ["export", "--format", "json"], ["demo"]])
def test_a_file_locked_by_another_program_is_said_so(holder, command, capsys, monkeypatch):
    from mentortui.data import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_SECONDS", 0.05)  # not the user's 10 s wait
    path, pid = holder
    before = sha256(path)
    err = _say([*command, "--db", str(path)], capsys)
    assert str(path) in err and "locked by another program" in err and "damaged" not in err
    assert f"process {pid}" in err and "try again" in err  # the holder, found in /proc/locks
    assert sha256(path) == before


def _unshare_works() -> bool:
    try:
        return subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.skipif(not _unshare_works(), reason="needs a private mount namespace to make a read-only folder as root")
@pytest.mark.parametrize("command", [[], ["check"], ["export", "--format", "json"]])
def test_a_read_only_folder_is_said_so(tmp_path, command):
    """For real: the folder is a read-only bind mount, in a mount namespace of its own."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "workbook.db"
    _workbook(path)
    _checkpoint(path)
    before = sha256(path)
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", str(folder), sys.executable, "-m", "mentortui", *command, "--db", str(path)],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, cwd=ROOT,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    # Opening to write finds the file read-only first; reading needs the folder writable.
    expected = "read-only" if command == [] else "the folder is read-only"
    assert expected in result.stderr and "damaged" not in result.stderr and str(path) in result.stderr
    assert sha256(path) == before


def _capped(connect):
    """``_connect`` on a disk that is full: the file cannot grow by one page (SQLITE_FULL)."""

    def capped(path):
        conn = connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(int(pages), 1):d}")
        return conn

    return capped


def test_a_full_disk_when_creating_a_workbook_is_said_so_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    from mentortui.data import db

    monkeypatch.setattr(db, "_connect", _capped(db._connect))
    path = tmp_path / "new.db"
    err = _say(["demo", "--db", str(path)], capsys)
    assert "the disk is full" in err and "free some space" in err and "damaged" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_while_writing_is_said_so(tmp_path, capsys, monkeypatch):
    from mentortui.data import db

    path = tmp_path / "workbook.db"
    Store.open(path, FrozenClock("2026-11-26T10:00")).close()
    monkeypatch.setattr(db, "_connect", _capped(db._connect))
    err = _say(["demo", "--db", str(path)], capsys)
    assert str(path) in err and "the disk is full" in err and "database or disk is full" not in err
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM relationships").fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize(
    "code, expected",
    [
        (5, "it is locked by another program"),  # SQLITE_BUSY
        (6, "it is locked by another program"),  # SQLITE_LOCKED
        (13, "the disk is full"),  # SQLITE_FULL
        (8, "the folder is read-only"),  # SQLITE_READONLY, in a folder marked read-only
        (14, "the folder is read-only"),  # SQLITE_CANTOPEN, same
        (11, "the database is damaged"),  # SQLITE_CORRUPT: SQLite found a malformed page
        (26, "the database is damaged"),  # SQLITE_NOTADB
        (10, "the disk reported an error"),  # SQLITE_IOERR
        (1, "cannot be opened"),  # anything else
    ],
)
def test_each_sqlite_error_is_told_apart(tmp_path, code, expected):
    from mentortui.data.db import explain

    path = tmp_path / "data" / "workbook.db"
    path.parent.mkdir()
    _workbook(path)
    error = sqlite3.OperationalError("some SQLite message")
    error.sqlite_errorcode = code
    path.parent.chmod(0o555)
    try:
        said = str(explain(path, error))
    finally:
        path.parent.chmod(0o755)
    assert said.startswith(f"{path}: {expected}")
    assert ("restore a backup" in said) == (expected == "the database is damaged")


# ---- a crash ------------------------------------------------------------------------------------


def test_a_crash_exits_1_with_a_private_report_and_one_line(tmp_path, capsys, monkeypatch):
    from textual.app import App

    from mentortui.app import MentorApp
    from mentortui.cli import main

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "workbook.db"
    _workbook(path)

    def broken(self, preferred=None):
        note = "Private note about Ana's burnout"  # a local the report must not show
        raise KeyError(len(note))

    monkeypatch.setattr(MentorApp, "_pick_relationship", broken)
    # The same path as the command line, with a headless terminal.
    monkeypatch.setattr(MentorApp, "run", lambda self: App.run(self, headless=True, size=(80, 24)))
    assert main(["--db", str(path)]) == 1
    err = capsys.readouterr().err
    [report] = (tmp_path / "state" / "mentortui").glob("crash-*.txt")
    assert err == f"mentortui stopped on an unexpected error; the report is in {report}\n"
    assert report.stat().st_mode & 0o777 == 0o600 and report.parent.stat().st_mode & 0o777 == 0o700
    text = report.read_text()
    assert "Traceback" in text and "KeyError: 32" in text and "_pick_relationship" in text
    assert "burnout" not in text.replace('note = "Private note about Ana\'s burnout"', "")


def test_a_crash_of_a_command_exits_1_with_a_report(tmp_path, capsys, monkeypatch):
    from mentortui.exchange import meetings_export

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "workbook.db"
    _workbook(path)
    monkeypatch.setattr(meetings_export, "calendar_ics", lambda store, lang: 1 / 0)
    err = _say(["export", "--format", "ics", "--db", str(path)], capsys)
    assert "mentortui stopped on an unexpected error; the report is in" in err
    [report] = (tmp_path / "state" / "mentortui").glob("crash-*.txt")
    assert "ZeroDivisionError" in report.read_text()


def test_undo_while_another_program_holds_the_lock_says_so_and_can_be_retried(tmp_path):
    import asyncio

    from mentortui.app import make_app

    path = tmp_path / "workbook.db"
    store = Store.open(path, FrozenClock("2026-11-26T10:00"))
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    goal = store.add_goal(rel.id, "Ship portfolio")
    store.conn.execute("PRAGMA busy_timeout = 50")  # not the user's 10 s wait
    code = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); sys.stdin.read()\n"
    )
    holder = None

    async def scenario() -> None:
        nonlocal holder
        app = make_app(store=store, start_mode="goals")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
            assert holder.stdout.readline().strip() == "locked"
            await pilot.press("ctrl+z")
            await pilot.pause()
            [message] = [n.message for n in app._notifications if "locked" in n.message]
            assert f"process {holder.pid}" in message and "try again" in message
            assert app.is_running
            holder.stdin.close()
            holder.wait(timeout=30)
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert any(n.message == "Undone: Add goal “Ship portfolio”" for n in app._notifications)

    try:
        asyncio.run(scenario())
    finally:
        if holder is not None and holder.poll() is None:
            holder.stdin.close()
            holder.wait(timeout=30)
    assert store.goals(rel.id) == [] and goal.id
    store.close()
