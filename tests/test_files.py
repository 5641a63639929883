"""Files written the way careful tools write them (mentortui.core.files): private from the first
byte, an existing file replaced only when asked, never through a symbolic link, and nothing
partial left under the target's name by a kill or a full disk."""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mentortui.core import files
from mentortui.app import make_app
from mentortui.cli import main
from mentortui.core.files import TargetExists, UnsafeTarget, publish, write_private
from mentortui.ui.forms import FormScreen
from tests.conftest import sha256
from tests.ui_helpers import fill_field, screen_text

ROOT = Path(__file__).resolve().parent.parent


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".part"))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    return path


# ---- the writer ------------------------------------------------------------------------------


def test_the_file_is_private_from_its_first_byte_even_under_umask_0(tmp_path):
    seen = {}

    def fill(fd: int, temp: Path) -> None:
        seen["mode"] = os.fstat(fd).st_mode & 0o777
        seen["temp"] = temp
        os.write(fd, b"notes about people")

    old = os.umask(0)
    try:
        written = publish(tmp_path / "out.md", fill)
    finally:
        os.umask(old)
    assert seen["mode"] == 0o600 and seen["temp"].parent == tmp_path
    assert written == tmp_path / "out.md" and written.read_bytes() == b"notes about people"
    assert written.stat().st_mode & 0o777 == 0o600
    assert leftovers(tmp_path) == []


def test_an_existing_file_is_replaced_only_when_asked(tmp_path):
    target = tmp_path / "agenda.md"
    target.write_text("edited by hand")
    target.chmod(0o644)
    with pytest.raises(TargetExists):
        write_private(target, "new text")
    assert target.read_text() == "edited by hand"
    write_private(target, "new text", replace=True)
    assert target.read_text() == "new text" and target.stat().st_mode & 0o777 == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("replace", [False, True])
def test_a_symbolic_link_is_never_written_through(tmp_path, replace):
    real = tmp_path / "real.txt"
    real.write_text("precious")
    link, dangling = tmp_path / "link.md", tmp_path / "dangling.md"
    link.symlink_to(real)
    dangling.symlink_to(tmp_path / "nowhere.txt")
    for target in (link, dangling):
        with pytest.raises(UnsafeTarget, match="symbolic link"):
            write_private(target, "x", replace=replace)
        assert target.is_symlink()
    assert real.read_text() == "precious" and not (tmp_path / "nowhere.txt").exists()
    with pytest.raises(UnsafeTarget, match="not a regular file"):
        write_private(tmp_path, "x", replace=replace)
    assert leftovers(tmp_path) == []


def test_a_file_that_appears_while_writing_is_not_overwritten(tmp_path):
    target = tmp_path / "update.md"

    def fill(fd: int, _temp: Path) -> None:
        os.write(fd, b"mine")
        target.write_text("written meanwhile by another program")

    with pytest.raises(TargetExists):
        publish(target, fill)
    assert target.read_text() == "written meanwhile by another program"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("existing", [None, "the previous export"])
@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_a_full_disk_leaves_the_target_as_it_was_and_no_temp(tmp_path, monkeypatch, existing, failing):
    target = tmp_path / "export.json"
    if existing is not None:
        target.write_text(existing)
    real_write = os.write
    calls = []

    def write_half_then_full(fd, data):
        calls.append(fd)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, bytes(data)[: len(data) // 2])

    def fsync_full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "write":
        monkeypatch.setattr(files.os, "write", write_half_then_full)
    else:
        monkeypatch.setattr(files.os, "fsync", fsync_full)
    with pytest.raises(OSError) as raised:
        write_private(target, "x" * 100_000, replace=True)
    assert raised.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert (target.read_text() if target.exists() else None) == existing
    assert leftovers(tmp_path) == []


def test_a_killed_runs_temp_is_removed_by_the_next_run_a_live_ones_is_not(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    stale = tmp_path / f".copy.db.{dead_pid}-0123abcd.part"
    live = tmp_path / f".copy.db.{os.getppid()}-0123abcd.part"
    other = tmp_path / f".other.db.{dead_pid}-0123abcd.part"
    for path in (stale, live, other):
        path.write_text("partial")
    write_private(tmp_path / "copy.db", "whole")
    assert leftovers(tmp_path) == sorted([live.name, other.name])


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_folder_is_reported_and_nothing_is_written(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            write_private(folder / "out.md", "x")
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o700)


# ---- killed and starved commands (real processes) ------------------------------------------------

# Runs the command line in a child that stops at a chosen point, says "ready" and waits to be
# killed: in the middle of SQLite's copy, or after the temp file is complete but before the rename.
CHILD = r"""
import os, sys
import mentortui.data.db as db
from mentortui.cli import main

point, argv = sys.argv[1], sys.argv[2:]


def wait_to_be_killed():
    print("ready", flush=True)
    sys.stdin.readline()
    os._exit(3)


if point == "before-rename":
    real_fsync = os.fsync

    def fsync_then_wait(fd):
        real_fsync(fd)
        wait_to_be_killed()

    os.fsync = fsync_then_wait
else:  # "mid-copy": SQLite calls back every 100 steps of the VACUUM INTO
    real_connection, real_publish = db._read_only_connection, db.publish
    copying = []

    def progress():
        if copying:
            copying.append(1)
            if len(copying) > 20:
                wait_to_be_killed()
        return 0  # go on

    def connection(path):
        conn = real_connection(path)
        conn.set_progress_handler(progress, 100)
        return conn

    def publish(target, fill, **kwargs):
        return real_publish(target, lambda fd, temp: (copying.append(1), fill(fd, temp)), **kwargs)

    db._read_only_connection, db.publish = connection, publish
sys.exit(main(argv))
"""


def run_child(point: str, *argv: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", CHILD, point, *argv], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.mark.parametrize(
    ("command", "point"),
    [("backup", "mid-copy"), ("backup", "before-rename"), ("export", "before-rename")],
)
@pytest.mark.parametrize("existing", [False, True])
def test_a_killed_backup_or_export_leaves_nothing_under_the_target_and_never_blocks_the_next(
    demo_db, tmp_path, command, point, existing
):
    target = tmp_path / ("copy.db" if command == "backup" else "export.json")
    if existing:
        target.write_text("the previous copy")
    args = ["--db", str(demo_db), "-o", str(target), "--force"]
    args = ["backup", *args] if command == "backup" else ["export", "--format", "json", *args]
    child = run_child(point, *args)
    ready = child.stdout.readline()  # blocks until the child stops at ``point`` (or ends)
    assert ready == "ready\n", child.communicate()[1]
    [temp] = leftovers(tmp_path)
    assert (tmp_path / temp).stat().st_mode & 0o777 == 0o600
    child.send_signal(signal.SIGKILL)
    child.communicate()
    assert child.returncode == -signal.SIGKILL
    assert (target.read_text() if target.exists() else None) == ("the previous copy" if existing else None)
    # The next run works, and removes the killed run's temp file.
    assert main(args) == 0
    assert leftovers(tmp_path) == []
    if command == "backup":
        copy = sqlite3.connect(target)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM relationships").fetchone()[0] == 3
        copy.close()
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_backup_killed_as_soon_as_its_temp_appears_leaves_no_partial_file(tmp_path_factory, tmp_path):
    """The plain command, uninstrumented, on the large demo: killed when its temp file shows
    up, it leaves either nothing or a whole, healthy copy under the target's name."""
    source = tmp_path_factory.mktemp("large") / "large.db"
    assert main(["demo", "--db", str(source), "--size", "large"]) == 0
    target = tmp_path / "copy.db"
    args = ["backup", "--db", str(source), "-o", str(target)]
    child = subprocess.Popen([sys.executable, "-m", "mentortui", *args], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    for _attempt in range(1_000_000):  # bounded: the child ends long before
        if leftovers(tmp_path) or child.poll() is not None:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    if target.exists():  # the rename came first: then the copy is whole
        copy = sqlite3.connect(target)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copy.close()
        target.unlink()
    assert main(args) == 0 and leftovers(tmp_path) == []
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT count(*) FROM meetings").fetchone()[0] > 100
    copy.close()


def _file_size_limit(limit: int):
    def apply() -> None:
        import resource

        # Writing past the limit then fails with EFBIG, as a full disk fails with ENOSPC.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("command", ["backup", "export"])
@pytest.mark.parametrize("existing", [False, True])
def test_a_full_disk_during_backup_or_export_leaves_the_target_as_it_was(demo_db, tmp_path, command, existing):
    target = tmp_path / ("copy.db" if command == "backup" else "export.json")
    if existing:
        target.write_text("the previous copy")
    before = sha256(target) if existing else None
    args = ["--db", str(demo_db), "-o", str(target), "--force"]
    args = ["backup", *args] if command == "backup" else ["export", "--format", "json", *args]
    assert demo_db.stat().st_size > 128 * 1024
    result = subprocess.run([sys.executable, "-m", "mentortui", *args], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=_file_size_limit(64 * 1024))
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert (sha256(target) if target.exists() else None) == before
    assert leftovers(tmp_path) == []


# ---- in the app ------------------------------------------------------------------------------


async def test_the_progress_update_is_never_written_through_a_link(store, tmp_path):
    mentee = store.add_relationship(partner="Margaret Okafor", role="mentee", started_on=dt.date(2026, 9, 1))
    goal = store.add_goal(mentee.id, "---")  # a title that is a Markdown rule if left as is
    store.update_goal(goal.id, status="done")
    precious = tmp_path / "precious.txt"
    precious.write_text("precious")
    link = tmp_path / "update.md"
    link.symlink_to(precious)
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await fill_field(pilot, "path", str(link))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and "does not write through links" in screen_text(pilot)
        assert precious.read_text() == "precious" and link.is_symlink()
        assert store.feedback(mentee.id) == []  # nothing logged either
        target = tmp_path / "real-update.md"
        await fill_field(pilot, "path", str(target))
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "## Goals reached\n\n- \\--- (Nov 26, 2026)" in target.read_text()
    assert target.stat().st_mode & 0o777 == 0o600
