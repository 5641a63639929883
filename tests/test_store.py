"""The data layer: records, the goal tree, agreement versions and undo."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.data.feedback import count_entries
from mentortui.data.model import MAX_TITLE, ValidationError
from mentortui.data.store import NotFound
from mentortui.exchange.demo import fill_demo


@pytest.fixture
def rel(store):
    return store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))


def titles(store, rel_id):
    return [(g.title, g.parent_id, g.position) for g in store.goals(rel_id)]


def test_goal_tree_keeps_order_and_parents(store, rel):
    career = store.add_goal(rel.id, "Become a tech lead", horizon="long")
    review = store.add_goal(rel.id, "Lead a design review", parent_id=career.id)
    store.add_goal(rel.id, "Draft the agenda", parent_id=review.id)
    store.add_goal(rel.id, "Speak at a meetup", horizon="long")
    assert titles(store, rel.id) == [
        ("Become a tech lead", None, 0),
        ("Lead a design review", career.id, 0),
        ("Draft the agenda", review.id, 0),
        ("Speak at a meetup", None, 1),
    ]
    assert store.goal(review.id).horizon == "step"


def test_move_goal_between_parents_renumbers_siblings(store, rel):
    a = store.add_goal(rel.id, "A")
    b = store.add_goal(rel.id, "B")
    c = store.add_goal(rel.id, "C")
    store.move_goal(c.id, parent_id=None, position=0)
    assert [t for t, _, _ in titles(store, rel.id)] == ["C", "A", "B"]
    store.move_goal(b.id, parent_id=a.id, position=0)  # indent
    assert titles(store, rel.id) == [("C", None, 0), ("A", None, 1), ("B", a.id, 0)]
    with pytest.raises(ValidationError, match="under itself"):
        store.move_goal(a.id, parent_id=b.id, position=0)


def test_delete_subtree_and_undo_brings_it_all_back(store, rel):
    career = store.add_goal(rel.id, "Career")
    step = store.add_goal(rel.id, "Step", parent_id=career.id)
    store.add_goal(rel.id, "Small step", parent_id=step.id)
    meeting = store.add_meeting(rel.id, dt.datetime(2026, 12, 1, 18))
    item = store.add_agenda_item(meeting.id, "Talk about the step", goal_id=step.id)
    before = titles(store, rel.id)
    assert store.delete_goal(career.id) == 3
    assert store.goals(rel.id) == []
    assert store.agenda(meeting.id)[0].goal_id is None
    undone = store.undo()
    assert undone.label == "Delete goal “{title}”" and undone.params == {"title": "Career"}
    assert titles(store, rel.id) == before
    assert store.agenda(meeting.id)[0].goal_id == step.id == store.agenda(meeting.id)[0].goal_id
    assert item.id == store.agenda(meeting.id)[0].id


def test_undo_goes_a_few_steps_back_in_order(store, rel):
    goal = store.add_goal(rel.id, "Write a blog post")
    store.update_goal(goal.id, title="Write two blog posts")
    store.set_goal_status(goal.id, "done")
    assert store.goal(goal.id).done_at == store.clock.now()
    store.undo()
    assert store.goal(goal.id).status == "open" and store.goal(goal.id).done_at is None
    store.undo()
    assert store.goal(goal.id).title == "Write a blog post"
    store.undo()
    with pytest.raises(NotFound):
        store.goal(goal.id)


def test_closing_a_parent_can_close_open_children(store, rel):
    parent = store.add_goal(rel.id, "Parent")
    child = store.add_goal(rel.id, "Child", parent_id=parent.id)
    dropped = store.add_goal(rel.id, "Dropped", parent_id=parent.id, status="dropped")
    store.set_goal_status(parent.id, "done", with_open_children=True)
    assert store.goal(child.id).status == "done"
    assert store.goal(dropped.id).status == "dropped"
    store.undo()  # one change, undone as one
    assert [store.goal(g).status for g in (parent.id, child.id, dropped.id)] == ["open", "open", "dropped"]


def test_agreement_versions_carry_terms_over(store, rel):
    first = store.save_agreement(rel.id, cadence="FREQ=WEEKLY;INTERVAL=2", modes=["video"], duration="6 months")
    second = store.save_agreement(rel.id, my_responsibilities="Set the agenda")
    assert (first.version, second.version) == (1, 2)
    assert second.cadence == "FREQ=WEEKLY;INTERVAL=2" and second.modes == ["video"]
    assert [a.version for a in store.agreements(rel.id)] == [1, 2]
    store.undo()
    assert store.current_agreement(rel.id).version == 1


def test_validation_names_the_field(store, rel):
    with pytest.raises(ValidationError) as empty:
        store.add_goal(rel.id, "   ")
    assert empty.value.field == "title"
    with pytest.raises(ValidationError, match="too long"):
        store.add_goal(rel.id, "x" * (MAX_TITLE + 1))
    with pytest.raises(ValidationError, match="single line"):
        store.add_goal(rel.id, "two\nlines")
    with pytest.raises(ValidationError) as status:
        store.add_goal(rel.id, "Goal", status="finished")
    assert status.value.field == "status"
    with pytest.raises(ValidationError, match="before the start"):
        store.add_relationship(partner="B", role="mentor", started_on=dt.date(2026, 5, 1), end_on=dt.date(2026, 4, 1))
    assert store.goals(rel.id) == []
    assert len(store.relationships()) == 1


def test_a_failed_write_saves_nothing_partial(store, rel):
    parent = store.add_goal(rel.id, "Parent")
    store.add_goal(rel.id, "Child", parent_id=parent.id)
    with pytest.raises(ValidationError):
        with store.change("Two goals"):
            store.add_goal(rel.id, "First of two")
            store.add_goal(rel.id, "")
    assert [g.title for g in store.goals(rel.id)] == ["Parent", "Child"]
    assert store.undo().label == "Add goal “{title}”"


def test_feedback_pages_newest_first(store, rel):
    for day in range(1, 8):
        store.add_feedback(rel.id, direction="given", kind="praise", text=f"day {day}", date=dt.date(2026, 11, day))
    page = store.feedback(rel.id, limit=3, offset=2)
    assert [f.text for f in page] == ["day 5", "day 4", "day 3"]
    assert count_entries(store, rel.id) == 7


def test_candidates_sorted_by_total(store):
    store.add_candidate("Low", score_goals=1)
    store.add_candidate("High", score_goals=3, score_network=3)
    store.add_candidate("Mid", score_skills=2, score_respected=1)
    assert [(c.name, c.total) for c in store.candidates()] == [("High", 6), ("Mid", 3), ("Low", 1)]
    with pytest.raises(ValidationError):
        store.add_candidate("Bad", score_goals=4)


def test_a_change_that_writes_nothing_is_not_kept_for_undo(store, rel):
    store.add_goal(rel.id, title="Career")
    with store.change("Nothing at all"):
        pass
    undone = store.undo()  # takes back the goal, not the empty change
    assert undone.label == "Add goal “{title}”"
    assert store.goals(rel.id) == [] and store.undo() is not None  # the relationship is next


def test_every_shared_row_gets_its_own_global_id_however_it_is_written(store):
    from mentortui.data.schema import SHARED_TABLES

    fill_demo(store, size="small")
    for table in SHARED_TABLES:
        missing, total, distinct = store.conn.execute(
            f"SELECT sum(uid IS NULL), count(*), count(DISTINCT uid) FROM {table}"
        ).fetchone()
        assert total > 0 and missing == 0 and distinct == total, table
