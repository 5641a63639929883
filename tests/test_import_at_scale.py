"""`mentortui import` at scale (issue #19): the file is read a record at a time, so memory does
not grow with it; a bad record late in the file still leaves nothing written; the imported
workbook has every index and search trigger a new one has."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

from benchmarks.workbook import write_workbook
from mentortui.cli import main
from mentortui.core.clock import FrozenClock
from mentortui.data.search import search
from mentortui.data.store import Store
from mentortui.exchange.json_reader import JsonReader
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


def test_memory_stays_flat_as_the_file_grows(tmp_path, capsys):
    # Before, the links check kept the id and links of every goal, meeting, agenda item, action
    # and feedback about a goal: ~77 bytes an entry, +1 MiB from 6k to 20k entries.
    medium, large = _export(tmp_path, 6_000), _export(tmp_path, 20_000)
    medium_peak = _import_peak(capsys, medium, tmp_path / "medium.db")
    large_peak = _import_peak(capsys, large, tmp_path / "large.db")
    assert capsys.readouterr().out == f"Imported 22011 records into {tmp_path / 'large.db'}\n"
    assert large_peak - medium_peak < 256 * 1024
    store = Store.open(tmp_path / "large.db", FrozenClock(NOW))
    try:
        counts = [store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("goals", "feedback")]
        assert counts == [2_010, 20_000]
    finally:
        store.close()


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


def _without_uids(export: Path, schema: int = 10) -> Path:
    """The export as a backup written before rows had global ids (schema 10) would be."""
    data = json.loads(export.read_text(encoding="utf-8"))
    data["schema"] = schema

    def strip(value):
        if isinstance(value, dict):
            for field in ("uid", "shared", "notes_shared"):
                value.pop(field, None)
            for child in value.values():
                strip(child)
        elif isinstance(value, list):
            for child in value:
                strip(child)

    strip(data)
    older = export.with_name("older-" + export.name)
    older.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return older


def test_a_backup_without_uids_is_read_a_record_at_a_time_and_each_row_gets_one(tmp_path, capsys):
    # Before: such a record's lists waited for its uid, never came, and were read whole.
    small, large = _without_uids(_export(tmp_path, 1_000)), _without_uids(_export(tmp_path, 6_000))
    small_peak = _import_peak(capsys, small, tmp_path / "small.db")
    large_peak = _import_peak(capsys, large, tmp_path / "large.db")
    assert capsys.readouterr().out == f"Imported 6611 records into {tmp_path / 'large.db'}\n"
    assert large_peak - small_peak < 1.5 * (large.stat().st_size - small.stat().st_size)

    store = Store.open(tmp_path / "large.db", FrozenClock(NOW))
    try:
        for table, rows in (("relationships", 1), ("goals", 611 - 1), ("feedback", 6_000)):
            counts = store.db.execute(f"SELECT count(*), count(DISTINCT uid) FROM {table}").fetchone()
            assert counts == (rows, rows)
        [rel] = store.relationships()
        assert store.add_goal(rel.id, title="Written after the import").uid is not None
    finally:
        store.close()
    assert _schema_objects(tmp_path / "large.db") == _schema_objects(tmp_path / "source-6000.db")


def test_a_uid_placed_after_a_records_lists_is_named_and_nothing_is_written(tmp_path, capsys):
    export = _export(tmp_path, 50)
    data = json.loads(export.read_text(encoding="utf-8"))
    relationship = data["relationships"][0]
    relationship["uid"] = relationship.pop("uid")  # now the last field, after the lists
    export.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "--db", str(tmp_path / "new.db"), str(export)]) == 1
    err = capsys.readouterr().err
    assert "nothing was written — relationships[0].uid: must come before the record's lists" in err
    assert not (tmp_path / "new.db").exists()


def test_a_large_value_read_whole_is_decoded_a_few_times_not_once_a_chunk():
    text = json.dumps({"notes": ["x" * 60] * 70_000})  # ~4.5 MiB, 70 chunks
    reads = []

    class CountingFile(io.StringIO):
        def read(self, size=-1):
            reads.append(size)
            return super().read(size)

    assert JsonReader(CountingFile(text)).value() == json.loads(text)
    assert len(reads) <= 10  # the window doubles: ~log2(70) + the end; before, one read a chunk


def test_a_uid_used_twice_is_refused_and_nothing_is_written(tmp_path, capsys):
    # The uids' unique indexes are made again at the end of the writing: still all or nothing.
    export = _export(tmp_path, 2_500)
    data = json.loads(export.read_text(encoding="utf-8"))
    feedback = data["relationships"][0]["feedback"]
    feedback[2_400]["uid"] = feedback[10]["uid"]
    export.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "--db", str(tmp_path / "new.db"), str(export)]) == 1
    err = capsys.readouterr().err
    assert "nothing was written — the file's links or ids are inconsistent (UNIQUE constraint failed: feedback.uid)" in err
    assert not (tmp_path / "new.db").exists()
