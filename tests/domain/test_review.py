"""The weekly review's own actions and the dashboard's counts, at the domain and data level."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.data import review as reviews
from mentortui.domain.review import complete_review, save_answers

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def rel(store):
    return store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))


def test_answers_and_step_are_kept_but_not_undone(store, rel):
    review = reviews.open_review(store, TODAY)
    review = save_answers(store, review, {"wins": "Shipped", "goals": "  "}, 2)
    assert (review.step, review.answers) == (2, {"wins": "Shipped"})  # a blank answer is not kept…
    review = save_answers(store, review, {"wins": ""}, 3)
    assert (review.step, review.answers) == (3, {"wins": ""})  # …unless it clears one typed before
    assert store.journal.last().label == "Add relationship with {partner}"  # bookkeeping, not a change


def test_completing_is_one_change_that_undo_takes_back(store, clock, rel):
    review = reviews.open_review(store, TODAY)
    completed = complete_review(store, review, clock.now())
    assert completed.completed_at == clock.now()
    assert store.undo().label == "Update the review"
    assert store.review(review.week).completed_at is None


def test_the_dashboard_counts(store, rel):
    meeting = store.add_meeting(rel.id, dt.datetime(2026, 12, 1, 18))
    assert reviews.agenda_size(store, meeting.id) == 0
    store.add_agenda_item(meeting.id, "Ask about design docs")
    store.add_agenda_item(meeting.id, "Send the draft")
    assert reviews.agenda_size(store, meeting.id) == 2
    store.add_goal(rel.id, "Late", due_on=dt.date(2026, 11, 1))
    store.add_goal(rel.id, "Due today", due_on=TODAY)
    done = store.add_goal(rel.id, "Late but done", due_on=dt.date(2026, 11, 1))
    store.set_goal_status(done.id, "done")
    assert reviews.overdue_goals(store, rel.id, TODAY) == 1
