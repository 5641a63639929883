"""The command line contract: commands, one-line errors, exit codes."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest

from mentortui import __version__
from mentortui.cli import main
from mentortui.data.schema import SCHEMA_VERSION
from tests.conftest import sha256


def run(*argv: str) -> int:
    return main(list(argv))


def test_version_and_help_as_a_user_runs_them():
    version = subprocess.run([sys.executable, "-m", "mentortui", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.strip() == f"mentortui {__version__}"
    usage = subprocess.run([sys.executable, "-m", "mentortui", "--help"], capture_output=True, text=True)
    assert usage.returncode == 0
    for command in ("demo", "export", "import", "backup", "check"):
        assert command in usage.stdout


def test_help_in_french():
    usage = subprocess.run([sys.executable, "-m", "mentortui", "--lang", "fr", "--help"], capture_output=True, text=True)
    assert "remplir une base" in usage.stdout


def test_the_demo_summary_names_every_table_in_words(tmp_path, capsys, store):
    from mentortui.cli_commands import DEMO_TABLE_WORDS
    from mentortui.exchange.demo import fill_demo

    assert set(fill_demo(store)) <= set(DEMO_TABLE_WORDS)  # else the summary says "3 learnings"
    assert run("--lang", "fr", "demo", "--db", str(tmp_path / "demo.db")) == 0
    out = capsys.readouterr().out
    assert "3 relations" in out and "choses apprises du mentoré" in out and "learnings" not in out


def test_demo_export_import_check_backup(tmp_path, capsys):
    source, target = tmp_path / "demo.db", tmp_path / "restored.db"
    assert run("demo", "--db", str(source)) == 0
    assert "Demo workbook written" in capsys.readouterr().out
    assert run("export", "--db", str(source), "--format", "json", "-o", str(tmp_path / "out.json")) == 0
    assert os.stat(tmp_path / "out.json").st_mode & 0o777 == 0o600
    assert run("import", "--db", str(target), str(tmp_path / "out.json")) == 0
    capsys.readouterr()
    assert run("export", "--db", str(target), "--format", "json") == 0
    printed = json.loads(capsys.readouterr().out)
    saved = json.loads((tmp_path / "out.json").read_text())
    printed.pop("exported_at"), saved.pop("exported_at")
    assert printed == saved
    assert run("check", "--db", str(target)) == 0
    assert f"ok, schema version {SCHEMA_VERSION}" in capsys.readouterr().out
    assert run("backup", "--db", str(target), "-o", str(tmp_path / "copy.db")) == 0
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("SELECT count(*) FROM relationships").fetchone()[0] == 3
    copy.close()


def test_db_from_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MENTORTUI_DB", str(tmp_path / "env.db"))
    assert run("demo") == 0
    assert (tmp_path / "env.db").exists()


def test_demo_refuses_a_database_that_holds_a_workbook(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert run("demo", "--db", str(path)) == 0
    before = sha256(path)
    assert run("demo", "--db", str(path)) == 1
    assert "already holds a workbook" in capsys.readouterr().err
    assert sha256(path) == before


@pytest.mark.parametrize(
    "setup, expected",
    [
        (lambda p: p.write_bytes(b"\x00" * 10 + os.urandom(5000)), "not a SQLite database"),
        (lambda p: p.write_text("not json"), "not a SQLite database"),
    ],
)
def test_storage_errors_are_one_line_on_stderr(tmp_path, setup, expected):
    path = tmp_path / "bad.db"
    setup(path)
    before = sha256(path)
    for argv in (["--db", str(path)], ["check", "--db", str(path)], ["export", "--db", str(path), "--format", "json"]):
        result = subprocess.run([sys.executable, "-m", "mentortui", *argv], capture_output=True, text=True)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and expected in result.stderr and str(path) in result.stderr
        assert "Traceback" not in result.stderr
    assert sha256(path) == before


def test_import_refusal_touches_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "mentortui", "schema": 1, "relationships": [{"partner": "x"}], "candidates": []}))
    target = tmp_path / "target.db"
    assert run("import", "--db", str(target), str(bad)) == 1
    err = capsys.readouterr().err
    assert "import refused, nothing was written" in err and "relationships[0]" in err
    # Nothing written means no file either: not even an empty workbook at the new path.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_import_of_a_file_that_is_not_json(tmp_path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    assert run("import", "--db", str(tmp_path / "t.db"), str(bad)) == 1
    assert "not a JSON file" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["export", "backup"])
def test_an_output_file_is_replaced_only_with_force(tmp_path, capsys, command):
    source = tmp_path / "demo.db"
    assert run("demo", "--db", str(source)) == 0
    target = tmp_path / "out.file"
    target.write_text("kept")
    target.chmod(0o644)
    argv = [command, "--db", str(source), "-o", str(target)] + (["--format", "json"] if command == "export" else [])
    capsys.readouterr()
    assert run(*argv) == 1
    assert capsys.readouterr().err == f"mentortui: {target} exists; add --force to replace it\n"
    assert target.read_text() == "kept"
    assert run(*argv, "--force") == 0
    assert target.read_bytes() != b"kept" and target.stat().st_mode & 0o777 == 0o600
    # A symbolic link is refused even with --force; what it points to is untouched.
    link = tmp_path / "link.file"
    link.symlink_to(tmp_path / "precious.txt")
    (tmp_path / "precious.txt").write_text("precious")
    capsys.readouterr()
    argv[argv.index(str(target))] = str(link)
    assert run(*argv, "--force") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a symbolic link" in err and str(link) in err
    assert link.is_symlink() and (tmp_path / "precious.txt").read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_exports_printed_to_a_terminal_carry_no_control_characters(tmp_path, capsys):
    source = tmp_path / "demo.db"
    assert run("demo", "--db", str(source)) == 0
    # Text stored before cleaning on the way in existed (written past the store on purpose).
    hostile = "title\x1b]2;owned\x07 clip\x1b]52;c;aGk=\x1b\\ csi\x9b31m red\x9d8;;x\x9c end"
    conn = sqlite3.connect(source)
    with conn:
        conn.execute("UPDATE meetings SET notes = ?", [hostile])
        conn.execute("UPDATE agenda_items SET text = ?", [hostile])
    conn.close()
    for format in ("md", "ics", "json"):
        capsys.readouterr()
        assert run("export", "--db", str(source), "--format", format) == 0
        out = capsys.readouterr().out
        bad = [ch for ch in out if (ord(ch) < 32 and ch not in "\n\r\t") or 0x7F <= ord(ch) <= 0x9F]
        assert bad == [], (format, bad)
        if format == "json":  # still lossless: the C1 characters are escaped, not dropped
            notes = {m["notes"] for r in json.loads(out)["relationships"] for m in r["meetings"]}
            assert notes == {hostile}


# ---- check ----------------------------------------------------------------------------------


def _one_line_refusal(capsys, expected: str) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err
    return err


def test_check_refuses_a_zero_byte_file(tmp_path, capsys):
    path = tmp_path / "empty.db"
    path.touch()
    assert run("check", "--db", str(path)) == 1
    _one_line_refusal(capsys, "the file is empty (0 bytes)")
    assert path.stat().st_size == 0


def test_check_refuses_an_empty_sqlite_file(tmp_path, capsys):
    path = tmp_path / "blank.db"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE t (x); DROP TABLE t;")  # a SQLite file, with no tables
    conn.close()
    assert path.stat().st_size > 0
    assert run("check", "--db", str(path)) == 1
    _one_line_refusal(capsys, "not a mentortui workbook")


def test_check_finds_records_pointing_nowhere(tmp_path, capsys):
    path = tmp_path / "links.db"
    assert run("demo", "--db", str(path)) == 0
    conn = sqlite3.connect(path)  # foreign keys are off by default here: the link breaks quietly
    goal_id = conn.execute("SELECT min(id) FROM goals").fetchone()[0]
    conn.execute("UPDATE goals SET relationship_id = 9999 WHERE id = ?", [goal_id])
    conn.commit()
    conn.close()
    capsys.readouterr()
    before = sha256(path)
    assert run("check", "--db", str(path)) == 1
    err = _one_line_refusal(capsys, "the database is damaged (1 records point to records that do not exist")
    assert "goals" in err and "relationships" in err
    assert sha256(path) == before


def test_what_the_command_line_says_carries_no_escape_sequence_from_a_typed_path(tmp_path, capsys):
    """A path typed with an OSC or CSI sequence (a title change, a screen clear) is named as
    text, in what the commands print and in their errors, never sent to the terminal as one."""
    hostile = "ev\x1b]0;pwned\x07il\x1b[2J\u202e"
    db = tmp_path / (hostile + ".db")
    assert main(["demo", "--db", str(db)]) == 0
    assert main(["backup", "--db", str(db), "-o", str(tmp_path / (hostile + "-copy.db"))]) == 0
    assert main(["import", "--db", str(tmp_path / "other.db"), str(tmp_path / (hostile + ".json"))]) != 0
    said = capsys.readouterr()
    assert "Demo workbook written" in said.out and "Backup written" in said.out and "mentortui:" in said.err
    for text in (said.out, said.err):
        assert "evil" in text and not any(char in text for char in "\x1b\x07\u202e")
