"""The goal actions (mentortui.domain.goals): each one undoable change, none when nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.data import review as reviews
from mentortui.data.model import ValidationError
from mentortui.domain import goals as goal_actions

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def rel(store):
    return store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))


@pytest.fixture
def career(store, rel):
    """A long-term goal with two steps under it, one of them with a step of its own."""
    top = store.add_goal(rel.id, "Become a staff engineer", horizon="long")
    doc = store.add_goal(rel.id, "Write the design doc", parent_id=top.id)
    store.add_goal(rel.id, "Outline it", parent_id=doc.id)
    store.add_goal(rel.id, "Give a talk", parent_id=top.id)
    return top


def last_label(store) -> tuple[str, dict] | None:
    change = store.journal.last()
    return (change.label, change.params) if change else None


def test_add_goal_is_one_change_and_keeps_the_form_fields(store, rel):
    goal = goal_actions.add_goal(store, rel.id, "Learn Rust", notes=None, horizon="short",
                                 due_on=dt.date(2026, 12, 4), owner="both", progress=20)
    assert (goal.title, goal.notes, goal.horizon, goal.due_on, goal.owner, goal.progress) == (
        "Learn Rust", "", "short", dt.date(2026, 12, 4), "both", 20)
    assert last_label(store) == ("Add goal “{title}”", {"title": "Learn Rust"})
    store.undo()
    assert store.goals(rel.id) == []


def test_add_goal_under_another_relationships_goal_is_refused(store, rel, career):
    other = store.add_relationship(partner="Bo", role="mentor", started_on=dt.date(2026, 9, 1))
    with pytest.raises(ValidationError):
        goal_actions.add_goal(store, other.id, "Stray", parent_id=career.id)
    assert [g.title for g in store.goals(other.id)] == []


def test_edit_goal_writes_only_what_is_given_and_nothing_for_no_change(store, rel, career):
    before = last_label(store)
    assert goal_actions.edit_goal(store, career.id) == store.goal(career.id)
    assert last_label(store) == before  # no empty change for ctrl+z to announce
    edited = goal_actions.edit_goal(store, career.id, notes=None, owner="mentor")
    assert (edited.notes, edited.owner, edited.title) == ("", "mentor", "Become a staff engineer")
    assert last_label(store) == ("Edit goal “{title}”", {"title": "Become a staff engineer"})


def test_closing_a_goal_with_its_open_children_is_one_undoable_change(store, rel, career):
    goal_actions.set_goal_status(store, career.id, "done", with_open_children=True)
    assert {g.status for g in store.goals(rel.id)} == {"done"}
    assert last_label(store) == ("Complete goal “{title}”", {"title": "Become a staff engineer"})
    store.undo()
    assert {g.status for g in store.goals(rel.id)} == {"open"}


def test_closing_only_the_goal_leaves_its_children_open(store, rel, career):
    goal_actions.set_goal_status(store, career.id, "dropped")
    statuses = {g.title: g.status for g in store.goals(rel.id)}
    assert statuses.pop("Become a staff engineer") == "dropped"
    assert set(statuses.values()) == {"open"}


def test_setting_the_status_a_goal_has_records_nothing(store, rel, career):
    before = last_label(store)
    goal_actions.set_goal_status(store, career.id, "open")
    assert last_label(store) == before


def test_a_status_set_in_the_review_is_listed_there_and_undone_with_it(store, rel, career):
    review = reviews.open_review(store, TODAY)
    goal_actions.set_goal_status(store, career.id, "done", review=review)
    assert store.review(review.week).changes == [
        {"what": "Goal “{title}” done", "params": {"title": "Become a staff engineer"}, "relationship_id": rel.id}
    ]
    assert last_label(store) == ("Goal “{title}” done", {"title": "Become a staff engineer"})
    goal_actions.set_goal_status(store, career.id, "open", review=review)
    goal_actions.set_goal_status(store, career.id, "dropped", review=review)
    assert [c["what"] for c in store.review(review.week).changes] == [
        "Goal “{title}” done", "Goal “{title}” open again", "Goal “{title}” dropped"
    ]
    store.undo()  # the status and the review's line go back together
    assert store.goal(career.id).status == "open"
    assert len(store.review(review.week).changes) == 2


def test_before_next_meeting_on_and_off(store, rel, career):
    goal = goal_actions.set_before_next_meeting(store, career.id, True)
    assert goal.before_next_meeting
    assert last_label(store) == ("Plan “{title}” before the next meeting", {"title": "Become a staff engineer"})
    before = last_label(store)
    goal_actions.set_before_next_meeting(store, career.id, True)
    assert last_label(store) == before  # already planned: nothing recorded
    assert not goal_actions.set_before_next_meeting(store, career.id, False).before_next_meeting
    assert last_label(store) == ("Unplan “{title}”", {"title": "Become a staff engineer"})


def test_before_next_meeting_from_the_review_is_listed_there(store, rel, career):
    review = reviews.open_review(store, TODAY)
    goal_actions.set_before_next_meeting(store, career.id, True, review=review)
    goal_actions.set_before_next_meeting(store, career.id, False, review=review)
    assert [c["what"] for c in store.review(review.week).changes] == [
        "“{title}” set for before the next meeting", "“{title}” no longer set for before the next meeting"
    ]
    store.undo()
    assert store.goal(career.id).before_next_meeting
    assert len(store.review(review.week).changes) == 1


def test_delete_goal_takes_its_subtree_and_comes_back_whole(store, rel, career):
    assert goal_actions.delete_goal(store, career.id) == 4
    assert store.goals(rel.id) == []
    assert last_label(store) == ("Delete goal “{title}”", {"title": "Become a staff engineer"})
    store.undo()
    assert len(store.goals(rel.id)) == 4


def test_a_move_to_where_the_goal_is_records_nothing(store, rel, career):
    before = last_label(store)
    goal_actions.move_goal(store, career.id, parent_id=None, position=career.position)
    assert last_label(store) == before


def test_outdent_of_a_top_level_goal_is_refused(store, rel, career):
    with pytest.raises(ValidationError):
        goal_actions.outdent(store, career.id)


def test_an_unknown_status_is_refused_before_anything_is_written(store, rel, career):
    before = last_label(store)
    with pytest.raises(ValidationError):
        goal_actions.set_goal_status(store, career.id, "someday")
    assert last_label(store) == before and store.goal(career.id).status == "open"


def test_next_meeting_prefers_the_calendar_then_the_cadence(store, rel):
    now = dt.datetime(2026, 11, 26, 10, 0)
    assert goal_actions.next_meeting(store, rel.id, now) is None
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", cadence_start=dt.datetime(2026, 9, 1, 18, 0))
    assert goal_actions.next_meeting(store, rel.id, now) == dt.datetime(2026, 12, 1, 18, 0)
    store.add_meeting(rel.id, dt.datetime(2026, 11, 20, 18, 0))  # in the past: not next
    store.add_meeting(rel.id, dt.datetime(2026, 11, 27, 8, 0), status="cancelled")
    assert goal_actions.next_meeting(store, rel.id, now) == dt.datetime(2026, 12, 1, 18, 0)
    store.add_meeting(rel.id, dt.datetime(2026, 11, 28, 9, 30))
    assert goal_actions.next_meeting(store, rel.id, now) == dt.datetime(2026, 11, 28, 9, 30)
