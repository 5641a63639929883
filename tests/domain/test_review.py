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


# ---- one review a week for the person ------------------------------------------------------


def test_the_review_walks_active_relationships_and_ended_ones_whose_news_is_due(store, rel):
    mentoring = store.add_relationship(partner="Bruno", role="mentor", started_on=dt.date(2026, 10, 1))
    news_due = store.add_relationship(partner="Chloé", role="mentee", started_on=dt.date(2025, 1, 1))
    store.close_relationship(news_due.id, dt.date(2026, 6, 1))  # news every 3 months: due since September
    quiet = store.add_relationship(partner="Dan", role="mentee", started_on=dt.date(2025, 1, 1))
    store.close_relationship(quiet.id, dt.date(2026, 11, 1))  # news due in February
    assert {r.partner for r in reviews.in_review(store, TODAY)} == {"Ana", "Bruno", "Chloé"}
    # One review for the week, whichever relationship it is opened from.
    assert reviews.open_review(store, TODAY).id == reviews.open_review(store, TODAY).id
    assert len(store.reviews()) == 1 and mentoring.id != rel.id


def test_streak_and_goals_done_are_the_persons(store, rel):
    other = store.add_relationship(partner="Bruno", role="mentor", started_on=dt.date(2026, 10, 1))
    for week in ("2026-W46", "2026-W47"):
        store.update_review(store.start_review(week).id, completed_at=dt.datetime(2026, 11, 20, 10))
    for relationship in (rel, other):
        store.set_goal_status(store.add_goal(relationship.id, "Done this week").id, "done")
    assert reviews.streak(store, TODAY) == 2
    assert reviews.goals_done_per_week(store, TODAY)[-1] == 2


def test_a_change_made_from_the_review_names_its_relationship(store, rel):
    from mentortui.domain.goals import set_goal_status

    other = store.add_relationship(partner="Bruno", role="mentor", started_on=dt.date(2026, 10, 1))
    goal = store.add_goal(other.id, "Ship the guide")
    review = reviews.open_review(store, TODAY)
    set_goal_status(store, goal.id, "done", review=review)
    assert store.review(review.week).changes == [
        {"what": reviews.GOAL_DONE, "params": {"title": "Ship the guide"}, "relationship_id": other.id}]
    assert reviews.split_answer_key(reviews.answer_key(other.id, "goals")) == (other.id, "goals")
    assert reviews.split_answer_key("wins") == (None, "wins")


def test_merging_a_weeks_reviews_keeps_what_each_was_about():
    from mentortui.data.schema import merge_week_reviews

    def row(rid, **values):
        return {"id": rid, "relationship_id": rid, "week": "2026-W47", "step": 7, "started_at": f"2026-11-2{rid}",
                "completed_at": f"2026-11-2{rid}T10", "answers": {}, "changes": [], **values}

    merged = merge_week_reviews([row(2, answers={"wins": "B", "goals": "x"}), row(1, answers={"wins": "A"},
                                 changes=[{"what": "Thanks logged", "params": {}}])])
    assert merged == {"id": 1, "week": "2026-W47", "step": 7, "started_at": "2026-11-21",
                      "completed_at": "2026-11-22T10", "answers": {"wins": "A\nB", "2:goals": "x"},
                      "changes": [{"what": "Thanks logged", "params": {}, "relationship_id": 1}]}
