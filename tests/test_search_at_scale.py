"""Search at scale (issue #19): a search costs the same whatever the workbook holds, the newest
of many equal matches come first, and every typed word is a prefix read from a prefix index
(migration m010), in an upgraded workbook too."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from benchmarks.workbook import insert_feedback
from mentortui.app import make_app
from mentortui.core.refs import FeedbackRef, GoalRef
from mentortui.data import schema
from mentortui.data.search import search
from mentortui.data.store import Store
from tests.ui_helpers import screen_text, type_text

FIXTURES = Path(__file__).parent / "fixtures"


def _log_of(path: Path, clock, entries: int) -> Store:
    store = Store.open(path, clock)
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2016, 11, 26))
    with store.bulk():
        insert_feedback(store, rel.id, entries, [])
    return store


def _steps_of(store: Store, text: str) -> int:
    """SQLite's virtual machine steps (in hundreds) one search takes: a measure of work that
    does not depend on the machine's load."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    store.conn.set_progress_handler(count, 100)
    try:
        search(store, text, relationship_id=1)
    finally:
        store.conn.set_progress_handler(None, 0)
    return steps


def test_a_search_costs_the_same_in_a_log_ten_times_larger(tmp_path, clock):
    # "design" is in one entry in twelve: ~250 matches, then ~2,500; "d" and "de" are prefixes
    # of many words, "the" is in nearly every entry.
    small = _log_of(tmp_path / "small.db", clock, 3_000)
    large = _log_of(tmp_path / "large.db", clock, 30_000)
    try:
        for text in ("design", "the", "d", "de", "design the"):
            assert search(large, text), text
            assert _steps_of(large, text) <= 1.5 * _steps_of(small, text) + 50, text
    finally:
        small.close()
        large.close()


async def test_the_newest_of_many_equal_matches_come_first_in_the_palette(store):
    rel = store.add_relationship(partner="Ana Souza", role="mentee", started_on=dt.date(2026, 1, 1))
    for day in range(300):
        store.add_feedback(rel.id, direction="received", kind="praise", text=f"Clear quokka demo {day}",
                           date=dt.date(2026, 1, 1) + dt.timedelta(days=day))
    newest = store.feedback(rel.id, limit=1)[0]
    assert newest.text == "Clear quokka demo 299"
    app = make_app(store=store)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "quok")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = [line for line in screen_text(pilot).splitlines() if "Clear quokka demo" in line]
        assert "Clear quokka demo 299" in shown[0]
        assert "Clear quokka demo 298" in shown[1]
    assert [hit.ref for hit in search(store, "quokka")][:2] == [FeedbackRef(newest.id), FeedbackRef(newest.id - 1)]


def test_an_upgraded_workbook_is_searched_by_prefix_and_kept_in_step(tmp_path, clock):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-v8.db", path)
    store = Store.open(path, clock)
    try:
        definitions = dict(store.conn.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE '%\\_fts' ESCAPE '\\'"))
        assert set(definitions) == {table + "_fts" for table in schema.SEARCHABLE} | {"reviews_fts"}
        assert all("prefix='1 2 3'" in sql and "remove_diacritics 2" in sql for sql in definitions.values())
        [rel] = store.relationships()
        [career, review] = store.goals(rel.id)
        assert [hit.ref for hit in search(store, "bec")] == [GoalRef(career.id)]
        assert [hit.snippet for hit in search(store, "a open quest")] == ["Ask one open question per meeting"]
        store.update_goal(review.id, title="Mentor the new hires")
        assert [hit.ref for hit in search(store, "mento")] == [GoalRef(review.id)]
        assert search(store, "design") == []
    finally:
        store.close()
