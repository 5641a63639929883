"""The import's rules at scale, on a fresh store: which rows the links check needs whole, and a
reused id found against the rows already written (the rest of the rows are not kept)."""

from __future__ import annotations

import datetime as dt

from mentortui.data.model import Action, Candidate, ChecklistEntry, Feedback, Goal, Review
from mentortui.data.search import search
from mentortui.data.validation import has_links_to_check


def test_only_rows_that_point_or_are_pointed_at_are_kept_for_the_links_check():
    assert not has_links_to_check(Feedback, {"id": 1, "relationship_id": 1, "goal_id": None})
    assert has_links_to_check(Feedback, {"id": 2, "relationship_id": 1, "goal_id": 7})
    assert not has_links_to_check(Candidate, {"id": 1, "relationship_id": None})
    assert has_links_to_check(Candidate, {"id": 2, "relationship_id": 1})
    assert has_links_to_check(Goal, {"id": 1, "relationship_id": 1, "parent_id": None})
    assert has_links_to_check(Action, {"id": 1, "meeting_id": 1, "goal_id": None})
    assert not has_links_to_check(ChecklistEntry, {"id": 1, "relationship_id": 1})
    assert not has_links_to_check(Review, {"id": 1})


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
