"""Replication with Litestream: a writer killed mid-write loses nothing that was replicated,
`mentortui restore` gives a checked workbook; the sync-folder warning is said once."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from mentortui.cli import main
from mentortui.exchange.replicate import (
    INSTALL_HINT,
    ReplicationError,
    config_path,
    litestream_binary,
    prepare_replication,
    replica_url,
    sync_folder_warning,
)

ROOT = Path(__file__).resolve().parent.parent

# A user's changes, one transaction each, as fast as the disk allows; each id is printed
# only once its transaction has committed.
WRITER = """
import sys
from pathlib import Path
from mentortui.data.store import Store

store = Store.open(Path(sys.argv[1]))
number = 0
while True:
    number += 1
    print(store.add_candidate("Candidate " + str(number)).id, flush=True)
"""


def _has_litestream() -> bool:
    try:
        litestream_binary()
    except ReplicationError:
        return False
    return True


needs_litestream = pytest.mark.skipif(
    not _has_litestream(), reason=f"Litestream is not installed (install it with: {INSTALL_HINT})"
)


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONPATH=str(ROOT), LANG="C.UTF-8")
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    return env


def _mentortui(*argv: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mentortui", *argv], env=env, capture_output=True, text=True, **kwargs)


def _candidate_ids(path: Path) -> set[int]:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM candidates")}
    finally:
        conn.close()


def _replica_holds(url: str, wanted: int, probe: Path, env: dict[str, str]) -> bool:
    """Whether the replica already has the change ``wanted`` (restored into ``probe``)."""
    probe.unlink(missing_ok=True)
    result = subprocess.run(
        [str(litestream_binary()), "restore", "-o", str(probe), url], capture_output=True, text=True, env=env
    )
    return result.returncode == 0 and wanted in _candidate_ids(probe)


def _wait_for(url: str, wanted: int, probe: Path, env: dict[str, str], replication: subprocess.Popen, deadline: float) -> None:
    while not _replica_holds(url, wanted, probe, env):
        assert time.monotonic() < deadline, "the replica never caught up"
        with pytest.raises(subprocess.TimeoutExpired):  # replication must still be running
            replication.wait(timeout=0.1)


def _replicate_kill_restore(tmp_path: Path, target: str, url: str, env: dict[str, str]) -> None:
    """A writer commits while `mentortui replicate --to target` runs; SIGKILL it mid-write;
    `mentortui restore` must give a checked workbook with every committed change."""
    workbook, restored = tmp_path / "workbook.db", tmp_path / "elsewhere" / "restored.db"
    restored.parent.mkdir()
    assert _mentortui("demo", "--db", str(workbook), env=env).returncode == 0

    replication = subprocess.Popen(
        [sys.executable, "-m", "mentortui", "replicate", "--db", str(workbook), "--to", target],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert "Replicating" in replication.stdout.readline()
        # The first snapshot is in place before the writer starts: what follows travels as WAL.
        probe = tmp_path / "probe.db"
        _wait_for(url, max(_candidate_ids(workbook)), probe, env, replication, time.monotonic() + 15)
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(workbook)], env=env, stdout=subprocess.PIPE, text=True
        )
        committed = [int(writer.stdout.readline()) for _ in range(300)]
        writer.send_signal(signal.SIGKILL)  # mid-write: it never stops between changes
        last_commit = time.monotonic()
        writer.wait(timeout=10)
        assert writer.returncode == -signal.SIGKILL

        # Litestream, still running, ships what the killed writer committed.
        _wait_for(url, committed[-1], probe, env, replication, last_commit + 15)
        lag = time.monotonic() - last_commit

        replication.send_signal(signal.SIGINT)  # ctrl+c
        out, err = replication.communicate(timeout=15)
        assert replication.returncode == 0, (out, err)
        assert "litestream shut down" in out
    finally:
        if replication.poll() is None:
            replication.kill()
            replication.communicate()

    result = _mentortui("restore", "--from", url, "-o", str(restored), env=env)
    assert result.returncode == 0, result.stderr
    assert f"{restored}: ok, schema version" in result.stdout
    assert restored.stat().st_mode & 0o777 == 0o600
    restored_ids = _candidate_ids(restored)
    assert set(committed) <= restored_ids
    print(f"\n{len(committed)} changes committed, {len(set(committed) & restored_ids)} restored; replica lag ≤ {lag:.2f} s")

    # The restored workbook opens as any other, and a second restore never overwrites it.
    assert _mentortui("check", "--db", str(restored), env=env).returncode == 0
    again = _mentortui("restore", "--from", url, "-o", str(restored), env=env)
    assert again.returncode == 1
    assert again.stderr.strip() == f"mentortui: {restored}: a workbook is already there; restore to a new path with -o"
    assert set(committed) <= _candidate_ids(restored)


@needs_litestream
def test_writer_killed_mid_write_then_restore_has_every_committed_change(tmp_path):
    replica = tmp_path / "replica"
    _replicate_kill_restore(tmp_path, str(replica), replica.as_uri(), _env(tmp_path))


@needs_litestream
@pytest.mark.skipif(
    not os.environ.get("MENTORTUI_S3_TEST") or shutil.which("moto_server") is None,
    reason='opt-in: MENTORTUI_S3_TEST=1 and moto_server (pip install "moto[server]")',
)
def test_the_same_against_a_local_s3_compatible_server(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [shutil.which("moto_server"), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    env = _env(tmp_path)
    env.update(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1")
    env.pop("AWS_CA_BUNDLE", None)  # Litestream refuses a CA bundle with a plain-HTTP endpoint
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                urllib.request.urlopen(urllib.request.Request(endpoint + "/mentortui", method="PUT"), timeout=1)
                break
            except OSError:
                assert time.monotonic() < deadline, "moto_server did not start"
                with pytest.raises(subprocess.TimeoutExpired):
                    server.wait(timeout=0.1)
        url = f"s3://mentortui/workbook?endpoint={endpoint}&region=us-east-1&forcePathStyle=true"
        _replicate_kill_restore(tmp_path, url, url, env)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_replicate_remembers_the_replica_in_a_private_config(tmp_path):
    workbook, config_dir = tmp_path / "workbook.db", tmp_path / "config"
    config, url = prepare_replication(workbook, str(tmp_path / "backups"), config_dir)
    assert url == (tmp_path / "backups").resolve().as_uri()
    assert config == config_path(workbook, config_dir) and config.stat().st_mode & 0o777 == 0o600
    assert f'path: "{workbook.resolve()}"' in config.read_text()
    # Without --to the next run reuses it.
    assert prepare_replication(workbook, None, config_dir) == (config, url)


def test_replica_urls(tmp_path):
    assert replica_url("s3://bucket/mentortui?endpoint=http://127.0.0.1:9000") == "s3://bucket/mentortui?endpoint=http://127.0.0.1:9000"
    assert replica_url("sftp://me@host/backups/mentortui") == "sftp://me@host/backups/mentortui"
    with pytest.raises(ReplicationError, match="unsupported replica"):
        replica_url("gs://bucket/db")


def test_replicate_without_a_replica_yet_says_how(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    workbook = tmp_path / "workbook.db"
    assert main(["demo", "--db", str(workbook)]) == 0
    capsys.readouterr()
    assert main(["replicate", "--db", str(workbook)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"mentortui: {workbook}: no replica chosen yet; give one with --to (a folder, or a file://, sftp:// or s3:// URL)"
    )


def test_without_the_extra_the_commands_say_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("mentortui.exchange.replicate.sysconfig.get_path", lambda name: str(tmp_path))
    workbook = tmp_path / "workbook.db"
    assert main(["demo", "--db", str(workbook)]) == 0
    capsys.readouterr()
    expected = 'mentortui: Replication needs Litestream, which is not installed; install it with: pip install "mentortui[replicate]"'
    assert main(["replicate", "--db", str(workbook), "--to", str(tmp_path / "replica")]) == 1
    assert capsys.readouterr().err.strip() == expected
    assert main(["restore", "--from", str(tmp_path / "replica"), "-o", str(tmp_path / "new.db")]) == 1
    assert capsys.readouterr().err.strip() == expected
    assert not (tmp_path / "new.db").exists()


@pytest.mark.parametrize(
    "folder, marker, service",
    [
        ("Dropbox", None, "Dropbox"),
        ("OneDrive - Example Corp", None, "OneDrive"),
        ("Library/Mobile Documents/com~apple~CloudDocs", None, "iCloud Drive"),
        ("Library/CloudStorage/GoogleDrive-me@example.org/My Drive", None, "Google Drive"),
        ("Nextcloud", None, "Nextcloud"),
        ("Sync", ".stfolder", "Syncthing"),
        ("Documents", ".sync_3f2a1b.db", "Nextcloud"),
    ],
)
def test_a_workbook_in_a_sync_folder_is_warned_about_once(tmp_path, folder, marker, service):
    home = tmp_path / "home"
    synced = home / folder
    (synced / "notes").mkdir(parents=True)
    if marker:
        (synced / marker).write_text("")
    workbook = synced / "notes" / "mentortui.db"
    warning = sync_folder_warning(workbook, tmp_path / "config")
    assert warning == (
        f"mentortui: warning: {workbook.resolve()} is in a {service} folder; syncing a live database corrupts it."
        " Move it out and use `mentortui replicate`, or put `mentortui backup` copies there instead."
    )
    assert sync_folder_warning(workbook, tmp_path / "config") is None  # remembered
    assert sync_folder_warning(tmp_path / "local" / "mentortui.db", tmp_path / "config") is None


def test_the_app_warns_on_stderr_before_it_starts(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr("mentortui.cli._run_tui", lambda args: 0)
    workbook = tmp_path / "Dropbox" / "mentortui.db"
    workbook.parent.mkdir()
    assert main(["--db", str(workbook)]) == 0
    assert "is in a Dropbox folder" in capsys.readouterr().err
    assert main(["--db", str(workbook)]) == 0
    assert capsys.readouterr().err == ""
    assert (tmp_path / "config" / "mentortui" / "sync-folder-warned.txt").stat().st_mode & 0o777 == 0o600
