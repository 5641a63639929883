"""The import's rules at scale, on a fresh store: the links checked in SQL on the rows written,
and a reused id found against the rows already written (no row is kept once written)."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.data.model import Feedback
from mentortui.data.search import search
from mentortui.data.validation import check_links
from mentortui.data.model import ValidationError


def test_links_are_checked_on_the_rows_written_and_the_first_bad_one_is_named(store):
    # In SQL on the rows in the workbook (an import keeps none of them in memory).
    ana = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 1, 1))
    ben = store.add_relationship(partner="Ben", role="mentee", started_on=dt.date(2026, 1, 1))
    top = store.add_goal(ana.id, title="Lead")
    under = store.add_goal(ana.id, title="Talk", parent_id=top.id)
    elsewhere = store.add_goal(ben.id, title="Ship")
    check_links(store)
    with store.bulk():
        store.defer_foreign_keys()
        store.conn.execute("UPDATE goals SET parent_id = ? WHERE id = ?", [under.id, top.id])
        with pytest.raises(ValidationError) as cycle:
            check_links(store)
        store.conn.execute("UPDATE goals SET parent_id = NULL WHERE id = ?", [top.id])
        store.conn.execute("UPDATE goals SET parent_id = ? WHERE id = ?", [elsewhere.id, under.id])
        with pytest.raises(ValidationError) as other:
            check_links(store)
        store.conn.execute("UPDATE goals SET parent_id = 999 WHERE id = ?", [under.id])
        with pytest.raises(ValidationError) as missing:
            check_links(store)
        store.conn.execute("UPDATE goals SET parent_id = ? WHERE id = ?", [top.id, under.id])
    check_links(store)
    assert str(cycle.value) == f"goals[id={top.id}].parent_id: goals are each other's parents (a cycle)"
    assert str(other.value) == f"goals[id={under.id}].parent_id: points at a record of another relationship"
    assert str(missing.value) == f"goals[id={under.id}].parent_id: points at a record that is not in the file"


def test_a_reused_id_is_found_in_the_batch_or_among_the_rows_written(store):
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 1, 1))
    written = store.add_feedback(rel.id, direction="given", kind="praise", text="Clear demo", date=dt.date(2026, 1, 2))
    assert store.reused_id(Feedback, [written.id + 1, written.id + 2]) is None
    assert store.reused_id(Feedback, [written.id + 1, written.id, written.id + 2]) == written.id
    assert store.reused_id(Feedback, [written.id + 3, written.id + 4, written.id + 3]) == written.id + 3


def test_newest_matches_come_first_when_they_rank_the_same(store):
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 1, 1))
    ids = [store.add_feedback(rel.id, direction="given", kind="praise", text=f"Clear quokka demo {n}",
                              date=dt.date(2026, 1, 1) + dt.timedelta(days=n)).id for n in range(12)]
    assert [hit.id for hit in search(store, "quok")] == ids[::-1][:8]
