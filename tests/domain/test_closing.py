"""Seeing what needs you: stale goals, when a relationship is due to close, and what closing
asks first — at the domain level, on a fresh store and a frozen clock (Thu 2026-11-26)."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.data import review as reviews
from mentortui.data.model import ValidationError
from mentortui.domain.meetings import proposed_dates
from mentortui.domain.relationships import (
    END_DATE_CAME,
    GOAL_REACHED,
    close_relationship,
    closing_checklist,
    closing_due,
    create_relationship,
)

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def rel(store):
    return create_relationship(store, partner="Ana", role="mentee", started_on=dt.date(2026, 3, 1),
                               end=dt.date(2027, 3, 1), cadence="FREQ=WEEKLY;BYDAY=TU")


def test_stale_goals_are_the_open_ones_untouched_for_three_weeks_oldest_first(store, clock, rel):
    clock.advance(days=-40)
    oldest = store.add_goal(rel.id, "Oldest")
    clock.advance(days=5)
    store.add_goal(rel.id, "Done long ago", status="done", done_at=clock.now())
    second = store.add_goal(rel.id, "Second")
    clock.advance(days=5)
    third, fourth = store.add_goal(rel.id, "Third"), store.add_goal(rel.id, "Fourth")
    clock.advance(days=10)  # 20 days ago: not stale yet
    store.add_goal(rel.id, "Recent")
    clock.advance(days=20)
    now = clock.now()
    stale = reviews.stale_goals(store, rel.id, now)
    # The same rule as the review's "untouched for 3+ weeks".
    assert stale.count == sum(reviews.is_stale(g, now) for g in store.goals(rel.id) if g.status == "open") == 4
    assert [g.id for g in stale.oldest] == [oldest.id, second.id, third.id]
    assert reviews.stale_goals(store, rel.id, now, named=10).oldest[-1].id == fourth.id
    assert reviews.stale_goals(store, rel.id, now - dt.timedelta(days=30)) == reviews.StaleGoals(0, [])


def test_closing_is_due_at_the_agreed_end_or_once_the_long_term_goals_are_reached(store, clock, rel):
    assert closing_due(store, rel, TODAY) is None
    assert closing_due(store, rel, dt.date(2027, 3, 1)) == END_DATE_CAME  # on the agreed day itself
    career = store.add_goal(rel.id, "Become a tech lead", horizon="long")
    store.add_goal(rel.id, "A side quest", horizon="long", status="dropped")
    store.add_goal(rel.id, "A short step", horizon="short")  # open, but not what the mentoring aims at
    assert closing_due(store, rel, TODAY) is None
    store.update_goal(career.id, status="done", done_at=clock.now())
    assert closing_due(store, rel, TODAY) == GOAL_REACHED
    store.add_goal(rel.id, "Speak at a conference", horizon="long")  # a new long-term goal: not yet
    assert closing_due(store, rel, TODAY) is None
    closed = close_relationship(store, rel.id, TODAY)
    assert closing_due(store, closed, dt.date(2027, 6, 1)) is None  # ended: nothing more to offer


def test_the_checklist_counts_the_thanks_and_recap_of_the_last_month(store, rel):
    store.add_feedback(rel.id, direction="given", kind="thanks", text="Back in spring", date=dt.date(2026, 4, 2))
    store.add_feedback(rel.id, direction="received", kind="thanks", text="Theirs", date=TODAY)
    checklist = closing_checklist(store, rel, TODAY)
    assert (checklist.thanks, checklist.recap, checklist.stay_in_touch_months) == (None, None, 3)
    assert checklist.left == ["thanks", "recap"]
    thanks = store.add_feedback(rel.id, direction="given", kind="thanks", text="Thank you", date=dt.date(2026, 10, 27))
    recap = store.add_feedback(rel.id, direction="given", kind="progress-update", text="# Recap", date=TODAY)
    checklist = closing_checklist(store, rel, TODAY)
    assert (checklist.thanks, checklist.recap, checklist.left) == (thanks, recap, [])


def test_closing_keeps_the_rhythm_of_news_stops_proposing_and_is_undone_in_one_step(store, rel):
    assert proposed_dates(store, rel.id)
    closed = close_relationship(store, rel.id, TODAY)
    assert (closed.status, closed.ended_on, closed.stay_in_touch_months) == ("ended", TODAY, 3)
    assert proposed_dates(store, rel.id) == []
    assert store.feedback(rel.id) == []  # no thanks given, none written
    assert store.undo().label == "Close relationship with {partner}"
    reopened = store.relationship(rel.id)
    assert (reopened.status, reopened.ended_on) == ("active", None)


def test_closing_refuses_a_day_after_today_and_a_relationship_closed_already(store, rel):
    with pytest.raises(ValidationError, match="today or an earlier day"):
        close_relationship(store, rel.id, dt.date(2200, 1, 1))
    assert store.relationship(rel.id).status == "active"
    close_relationship(store, rel.id, TODAY)
    # Another window, still showing it open, closes it on another day: the first end stays.
    with pytest.raises(ValidationError, match="closed on Nov 26, 2026 already"):
        close_relationship(store, rel.id, dt.date(2026, 11, 20), stay_in_touch_months=6)
    kept = store.relationship(rel.id)
    assert (kept.status, kept.ended_on, kept.stay_in_touch_months) == ("ended", TODAY, 3)
    assert store.undo().label == "Close relationship with {partner}"  # the refused close recorded nothing
    assert store.relationship(rel.id).status == "active"
