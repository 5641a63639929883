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

from mentortui.clock import FrozenClock
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
    assert versions == set(range(1, schema.SCHEMA_VERSION + 1))


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
    from mentortui.ui.forms import WizardScreen
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
            app.screen.query_one("#field-why").text = long_why
            _fill_the_disk(store)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, WizardScreen)
            assert "full" in screen_text(pilot) and "your text is still here" in screen_text(pilot)
            assert app.screen.query_one("#field-why").text == long_why
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
