"""The feedback log's actions, on a fresh store: each is one undoable change, the rubric
kept only where it applies, and the week's review told inside the same change."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.data import review as reviews
from mentortui.domain import feedback as actions

TODAY = dt.date(2026, 11, 26)  # the frozen clock's Thursday
TICKS = ["honest", "about-the-work", "confidence"]


@pytest.fixture
def mentor(store):
    return store.add_relationship(partner="Ana Souza", role="mentor", started_on=dt.date(2026, 9, 1))


def values(**changes):
    return {"date": TODAY, "direction": "given", "kind": "constructive", "text": "Pick the two goals that matter",
            "goal_id": None, "rubric": TICKS, **changes}


def changes_recorded(store) -> int:
    return store.conn.execute("SELECT count(*) FROM temp.undo_changes").fetchone()[0]


def test_logged_feedback_keeps_the_rubric_only_where_it_applies(store, mentor):
    goal = store.add_goal(mentor.id, "Run the design review")
    given = actions.log_feedback(store, mentor.id, values(goal_id=goal.id))
    entry = store.feedback_entry(given.id)
    assert (entry.date, entry.direction, entry.kind, entry.goal_id) == (TODAY, "given", "constructive", goal.id)
    assert entry.rubric == TICKS
    assert store.journal.last().label == "Log feedback"
    # Praise, or anything received, has no rubric: ticks sent along are not kept.
    praise = actions.log_feedback(store, mentor.id, values(kind="praise"))
    received = actions.log_feedback(store, mentor.id, values(direction="received", kind="advice"))
    assert store.feedback_entry(praise.id).rubric == store.feedback_entry(received.id).rubric == []


def test_editing_to_praise_drops_the_ticks_and_an_unchanged_edit_records_nothing(store, mentor):
    entry = actions.log_feedback(store, mentor.id, values())
    edited = actions.edit_feedback(store, entry.id, values(kind="praise"))
    assert (edited.kind, edited.rubric) == ("praise", [])
    assert store.journal.last().label == "Edit feedback"
    before = changes_recorded(store)
    actions.edit_feedback(store, entry.id, values(kind="praise"))
    assert changes_recorded(store) == before  # ctrl+z has nothing empty to undo
    store.undo()
    assert (store.feedback_entry(entry.id).kind, store.feedback_entry(entry.id).rubric) == ("constructive", TICKS)


def test_a_result_takes_advice_off_the_awaiting_list_and_undo_puts_it_back(store, mentor):
    advice = actions.log_feedback(store, mentor.id, values(direction="received", kind="advice", text="Ask more"))
    assert [e.id for e in store.advice_awaiting_result(mentor.id)] == [advice.id]
    done = actions.record_result(store, advice.id, tried=False, result="No quiet slot", result_on=TODAY)
    assert (done.tried, done.result, done.result_on) == (False, "No quiet slot", TODAY)
    assert store.advice_awaiting_result(mentor.id) == []
    assert store.journal.last().label == "Record what came of the advice"
    before = changes_recorded(store)
    actions.record_result(store, advice.id, tried=False, result="No quiet slot", result_on=TODAY)
    assert changes_recorded(store) == before
    store.undo()
    assert store.feedback_entry(advice.id).result == ""
    assert [e.id for e in store.advice_awaiting_result(mentor.id)] == [advice.id]


def test_from_the_review_a_result_and_thanks_are_noted_in_it_within_the_same_change(store, mentor):
    advice = actions.log_feedback(store, mentor.id, values(direction="received", kind="advice",
                                                           text="Write the doc\nbefore the meeting"))
    review = reviews.open_review(store, TODAY)
    actions.record_result(store, advice.id, tried=True, result="Shorter meeting", result_on=TODAY, review=review)
    actions.log_feedback(store, mentor.id, values(kind="thanks", text="Thank you", rubric=[]), review=review)
    changes = store.review(review.week).changes
    assert changes == [
        reviews.change_entry(reviews.RESULT_RECORDED, mentor.id, advice="Write the doc before the meeting"),
        reviews.change_entry("Thanks logged", mentor.id),
    ]
    # One ctrl+z takes back the thanks and its line in the review together.
    store.undo()
    assert [e.kind for e in store.select(type(advice), "relationship_id = ?", [mentor.id], "id")] == ["advice"]
    assert store.review(review.week).changes == changes[:1]


def test_progress_update_is_logged_as_given_and_delete_is_undoable(store, mentor):
    update = actions.log_progress_update(store, mentor.id, "# Progress update\n", TODAY)
    assert (update.direction, update.kind, update.text, update.date) == ("given", "progress-update",
                                                                          "# Progress update\n", TODAY)
    assert store.journal.last().label == "Log a progress update"
    deleted = actions.delete_feedback(store, update.id)
    assert deleted.text == "# Progress update\n"
    assert store.journal.last().label == "Delete feedback"
    with pytest.raises(LookupError):
        store.feedback_entry(update.id)
    store.undo()
    assert store.feedback_entry(update.id).text == "# Progress update\n"


def test_logging_for_a_relationship_another_window_deleted_says_it_is_gone(store, mentor, db_path, clock):
    from mentortui.data.store import NotFound, Store

    other = Store.open(db_path, clock)  # a second copy of the app on the same file
    try:
        with other.change("Delete relationship"):
            other.delete_relationship(mentor.id)
    finally:
        other.close()
    with pytest.raises(NotFound):  # not SQLite's "FOREIGN KEY constraint failed"
        actions.log_feedback(store, mentor.id, values(kind="thanks", text="Thank you"))
    assert store.conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 0
    assert store.journal.last() is None or store.journal.last().label != "Log feedback"


def test_sharing_an_entry_is_one_undoable_change_and_sharing_it_again_records_nothing(store, mentor):
    entry = actions.log_feedback(store, mentor.id, values())
    assert store.feedback_entry(entry.id).shared is False  # private unless the user says otherwise
    assert actions.set_shared(store, entry.id, True).shared is True
    assert store.feedback_entry(entry.id).shared is True
    assert store.journal.last().label == "Share feedback with my partner"
    before = changes_recorded(store)
    actions.set_shared(store, entry.id, True)
    assert changes_recorded(store) == before
    store.undo()
    assert store.feedback_entry(entry.id).shared is False
    actions.set_shared(store, entry.id, True)
    actions.set_shared(store, entry.id, False)
    assert store.feedback_entry(entry.id).shared is False
    assert store.journal.last().label == "Keep feedback private"


def test_the_form_can_log_an_entry_already_shared(store, mentor):
    entry = actions.log_feedback(store, mentor.id, values(shared=True))
    assert store.feedback_entry(entry.id).shared is True
    # An edit that leaves the sharing as it was records nothing.
    before = changes_recorded(store)
    actions.edit_feedback(store, entry.id, values(shared=True))
    assert changes_recorded(store) == before
    actions.edit_feedback(store, entry.id, values(shared=False))
    assert store.feedback_entry(entry.id).shared is False
