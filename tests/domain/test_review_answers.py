"""Weekly review answers that become data: goals for before the next meeting, notes on a
practice. Each is one change, recorded in the review, taken back by one undo."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.data import review as reviews
from mentortui.data.model import MAX_TITLE, ValidationError
from mentortui.data.store import NotFound
from mentortui.domain.goals import goals_from_answer
from mentortui.domain.guide import note_from_review
from mentortui.domain.relationships import delete_relationship

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def rel(store):
    return store.add_relationship(partner="Ana", role="mentor", started_on=dt.date(2026, 9, 1))


def practice_note(store, rel_id: int, practice: str) -> str | None:
    return next((e.note for e in store.checklist(rel_id) if (e.practice, e.item) == (practice, "")), None)


def test_each_line_becomes_a_goal_for_before_the_next_meeting_in_one_change(store, rel):
    review = reviews.open_review(store, TODAY)
    existing = store.add_goal(rel.id, "Become a better mentor", horizon="long")
    added = goals_from_answer(store, rel.id, "Ask Ana about the demo\n\n  • Read her draft  \n- \n* Book the room",
                              review=review)
    assert [(g.title, g.owner, g.horizon, g.before_next_meeting, g.parent_id, g.position) for g in added] == [
        ("Ask Ana about the demo", "mentor", "step", True, None, 1),  # me, as the relationship's mentor
        ("Read her draft", "mentor", "step", True, None, 2),
        ("Book the room", "mentor", "step", True, None, 3),
    ]
    assert [reviews.describe_change(c) for c in store.review(review.week).changes] == [
        f"“{title}” added for before the next meeting" for title in ("Ask Ana about the demo", "Read her draft",
                                                                      "Book the room")
    ]
    change = store.undo()
    assert change.label == "Goals for before the next meeting: {titles}"
    assert [g.id for g in store.goals(rel.id)] == [existing.id]
    assert store.review(review.week).changes == []


def test_a_blank_answer_writes_nothing_and_a_line_too_long_writes_no_goal(store, rel):
    before = store.journal.last()
    assert goals_from_answer(store, rel.id, " \n - \n") == []
    assert store.journal.last() == before
    with pytest.raises(ValidationError):
        goals_from_answer(store, rel.id, "Fine\n" + "x" * (MAX_TITLE + 1))
    assert store.goals(rel.id) == [] and store.journal.last() == before


def test_an_answer_is_added_to_the_practice_note_under_its_date(store, rel):
    review = reviews.open_review(store, TODAY)
    assert note_from_review(store, rel.id, "M3", "Listened more", today=TODAY, review=review) is not None
    assert practice_note(store, rel.id, "M3") == "Nov 26, 2026, weekly review: Listened more"
    # A second answer (another week) is added after the first, which stays.
    note_from_review(store, rel.id, "M3", "  Asked about her worries\n", today=dt.date(2026, 12, 3))
    assert practice_note(store, rel.id, "M3") == ("Nov 26, 2026, weekly review: Listened more\n\n"
                                                  "Dec 3, 2026, weekly review: Asked about her worries")
    assert store.undo().label == "Add a note to “{practice}”"
    assert practice_note(store, rel.id, "M3") == "Nov 26, 2026, weekly review: Listened more"
    assert [reviews.describe_change(c) for c in store.review(review.week).changes] == [
        "Note added to “Practise active listening and show empathy”"
    ]
    store.undo()
    assert practice_note(store, rel.id, "M3") is None
    assert store.review(review.week).changes == []
    assert note_from_review(store, rel.id, "M3", "   ", today=TODAY) is None


def test_answers_for_a_relationship_another_window_deleted_write_nothing_and_say_so(store, rel):
    review = reviews.open_review(store, TODAY)
    delete_relationship(store, rel.id)
    with pytest.raises(NotFound):
        note_from_review(store, rel.id, "M3", "Listened more", today=TODAY, review=review)
    with pytest.raises(NotFound):
        goals_from_answer(store, rel.id, "Call them", review=review)
    assert store.review(review.week).changes == []
    assert store.undo().label == "Delete relationship with {partner}"  # the refused writes recorded nothing
