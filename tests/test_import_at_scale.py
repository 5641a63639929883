"""`mentortui import` at scale (issue #19): the file is read a record at a time, so memory does
not grow with it; a bad record late in the file still leaves nothing written; the imported
workbook has every index and search trigger a new one has."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from benchmarks.workbook import write_workbook
from mentortui.cli import main
from mentortui.core.clock import FrozenClock
from mentortui.data.search import search
from mentortui.data.store import Store
from tests.conftest import NOW


def _export(folder: Path, entries: int) -> Path:
    source = write_workbook(folder / f"source-{entries}.db", feedback=entries, goals=entries // 10)
    export = folder / f"export-{entries}.json"
    assert main(["export", "--format", "json", "--db", str(source), "-o", str(export)]) == 0
    return export


def _import_peak(capsys, export: Path, target: Path) -> int:
    """The most memory Python held during the import (bytes)."""
    capsys.readouterr()
    tracemalloc.start()
    try:
        assert main(["import", "--db", str(target), str(export)]) == 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _schema_objects(path: Path) -> set[tuple[str, str, str]]:
    store = Store.open(path, FrozenClock(NOW))
    try:
        return set(store.conn.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"))
    finally:
        store.close()


def test_a_large_import_holds_a_fraction_of_the_file_and_keeps_every_index(tmp_path, capsys):
    small, large = _export(tmp_path, 1_000), _export(tmp_path, 6_000)
    small_peak = _import_peak(capsys, small, tmp_path / "small.db")
    large_peak = _import_peak(capsys, large, tmp_path / "large.db")
    assert capsys.readouterr().out == f"Imported 6611 records into {tmp_path / 'large.db'}\n"
    # Reading the whole file held ~3.3 bytes per byte of JSON; a record at a time, under one.
    assert large_peak - small_peak < 1.5 * (large.stat().st_size - small.stat().st_size)

    store = Store.open(tmp_path / "large.db", FrozenClock(NOW))
    try:
        [rel] = store.relationships()
        assert store.db.execute("SELECT count(*) FROM feedback").fetchone()[0] == 6_000
        [newest] = store.feedback(rel.id, limit=1)
        assert newest.text.endswith("(#5999).")
        assert [hit.snippet for hit in search(store, newest.text[:6] + " #5999")] == [newest.text]
        goal = store.goals(rel.id)[0]
        store.update_goal(goal.id, title="Mentor the quokka team")
        assert [hit.ref.goal_id for hit in search(store, "quokka")] == [goal.id]
    finally:
        store.close()
    # The indexes and the search triggers dropped for the writing are all back, as they were.
    assert _schema_objects(tmp_path / "large.db") == _schema_objects(tmp_path / "source-6000.db")


def test_a_bad_entry_after_thousands_of_good_ones_writes_nothing(tmp_path, capsys):
    export = _export(tmp_path, 2_500)
    data = json.loads(export.read_text(encoding="utf-8"))
    data["relationships"][0]["feedback"][-1]["kind"] = "gossip"
    export.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "--db", str(tmp_path / "new.db"), str(export)]) == 1
    err = capsys.readouterr().err
    assert "import refused, nothing was written — relationships[0].feedback[2499].kind: must be one of" in err
    assert not (tmp_path / "new.db").exists()

    empty = Store.open(tmp_path / "empty.db", FrozenClock(NOW))
    empty.close()
    assert main(["import", "--db", str(tmp_path / "empty.db"), str(export)]) == 1
    store = Store.open(tmp_path / "empty.db", FrozenClock(NOW))
    try:
        assert store.is_empty() and store.db.execute("SELECT count(*) FROM feedback").fetchone()[0] == 0
    finally:
        store.close()


def test_a_file_cut_short_after_thousands_of_entries_writes_nothing(tmp_path, capsys):
    export = _export(tmp_path, 2_500)
    text = export.read_text(encoding="utf-8")
    export.write_text(text[: len(text) * 9 // 10], encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "--db", str(tmp_path / "new.db"), str(export)]) == 1
    assert "not a JSON file" in capsys.readouterr().err
    assert not (tmp_path / "new.db").exists()


def test_an_id_reused_late_in_the_file_is_named_and_nothing_is_written(tmp_path, capsys):
    export = _export(tmp_path, 2_500)
    data = json.loads(export.read_text(encoding="utf-8"))
    feedback = data["relationships"][0]["feedback"]
    feedback[2_400]["id"] = feedback[10]["id"]
    export.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "--db", str(tmp_path / "new.db"), str(export)]) == 1
    err = capsys.readouterr().err
    assert f"nothing was written — feedback[id={feedback[10]['id']}].id: the same id is used twice" in err
    assert not (tmp_path / "new.db").exists()
