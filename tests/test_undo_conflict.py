"""Undo with two copies of the app open on one file (mine and theirs).

Undo puts rows back only if they still hold what the change wrote; otherwise it refuses,
naming the item, writes nothing, and drops the refused change from the journal.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from mentortui.core.clock import FrozenClock
from mentortui.data.journal import CHANGED_SINCE, DELETED_SINCE, ENTANGLED, UndoRefused
from mentortui.data.store import Store


@pytest.fixture
def two(db_path, clock):
    mine = Store.open(db_path, clock)
    # Theirs runs an hour later: every edit stamps updated_at differently, as in real life.
    theirs = Store.open(db_path, FrozenClock(clock.now() + dt.timedelta(hours=1)))
    rel = mine.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    yield mine, theirs, rel
    theirs.close()
    mine.close()


def _rows(store: Store) -> list:
    """Every row of every table the journal follows, to show nothing was written."""
    tables = ("relationships", "goals", "meetings", "agenda_items", "actions", "feedback", "agreements", "reviews")
    return [list(store.conn.execute("SELECT * FROM " + t + " ORDER BY id")) for t in tables]


def _refused(store: Store, reason: str, item: str) -> None:
    before = _rows(store)
    with pytest.raises(UndoRefused) as refused:
        store.undo()
    assert (refused.value.reason, refused.value.item) == (reason, item)
    assert f"“{item}”" in str(refused.value) and "another window" in str(refused.value)
    assert _rows(store) == before


def test_update_then_their_edit_of_the_same_field_is_kept(two):
    mine, theirs, rel = two
    goal = mine.add_goal(rel.id, "Draft")
    mine.update_goal(goal.id, title="Ship portfolio")
    theirs.update_goal(goal.id, title="Ship the portfolio site")
    _refused(mine, CHANGED_SINCE, "Ship portfolio")
    assert theirs.goal(goal.id).title == "Ship the portfolio site"


def test_update_then_their_edit_of_another_field_merges(two):
    mine, theirs, rel = two
    goal = mine.add_goal(rel.id, "Draft")
    mine.update_goal(goal.id, title="Ship portfolio")
    theirs.update_goal(goal.id, notes="Typed in the other window")
    assert mine.undo().label == "Edit goal “{title}”"
    after = theirs.goal(goal.id)
    assert (after.title, after.notes) == ("Draft", "Typed in the other window")
    assert after.updated_at == theirs.clock.now()  # their later stamp stays


def test_update_then_their_delete(two):
    mine, theirs, rel = two
    goal = mine.add_goal(rel.id, "Draft")
    mine.update_goal(goal.id, title="Ship portfolio")
    theirs.delete_goal(goal.id)
    _refused(mine, DELETED_SINCE, "Ship portfolio")
    assert theirs.goals(rel.id) == []


def test_insert_then_their_edit(two):
    mine, theirs, rel = two
    goal = mine.add_goal(rel.id, "Ship portfolio")
    theirs.update_goal(goal.id, notes="Their notes")
    _refused(mine, CHANGED_SINCE, "Ship portfolio")
    assert theirs.goal(goal.id).notes == "Their notes"


def test_insert_then_their_delete(two):
    mine, theirs, rel = two
    goal = mine.add_goal(rel.id, "Ship portfolio")
    theirs.delete_goal(goal.id)
    _refused(mine, DELETED_SINCE, "Ship portfolio")


def test_insert_then_their_sub_goal_is_not_cascaded_away(two):
    mine, theirs, rel = two
    goal = mine.add_goal(rel.id, "Ship portfolio")
    child = theirs.add_goal(rel.id, "Pick a host", parent_id=goal.id)
    _refused(mine, ENTANGLED, "Ship portfolio")
    assert theirs.goal(child.id).parent_id == goal.id


def test_insert_then_their_link_to_it_is_not_cleared(two):
    mine, theirs, rel = two
    goal = mine.add_goal(rel.id, "Ship portfolio")
    meeting = theirs.add_meeting(rel.id, dt.datetime(2026, 12, 1, 18))
    item = theirs.add_agenda_item(meeting.id, "Portfolio review", goal_id=goal.id)
    _refused(mine, ENTANGLED, "Ship portfolio")
    assert theirs.agenda_item(item.id).goal_id == goal.id


def test_delete_then_their_new_item_takes_the_same_id(two):
    mine, theirs, rel = two
    goal = mine.add_goal(rel.id, "Old goal")
    mine.delete_goal(goal.id)
    new = theirs.add_goal(rel.id, "Their new goal")
    assert new.id == goal.id  # SQLite reuses the highest id
    _refused(mine, ENTANGLED, "Old goal")
    assert theirs.goal(goal.id).title == "Their new goal"


def test_goal_deleted_with_children_comes_back_whole(two):
    mine, theirs, rel = two
    career = mine.add_goal(rel.id, "Career")
    mine.add_goal(rel.id, "Step", parent_id=career.id)
    unrelated = theirs.add_goal(rel.id, "Their goal")
    mine.delete_goal(career.id)
    theirs.update_goal(unrelated.id, notes="still theirs")
    mine.undo()
    assert [g.title for g in theirs.goals(rel.id)] == ["Career", "Step", "Their goal"]
    assert theirs.goal(unrelated.id).notes == "still theirs"


def test_goal_deleted_with_children_then_their_relationship_delete(two):
    mine, theirs, rel = two
    career = mine.add_goal(rel.id, "Career")
    mine.add_goal(rel.id, "Step", parent_id=career.id)
    mine.delete_goal(career.id)
    theirs.delete_relationship(rel.id)
    _refused(mine, ENTANGLED, "Career")
    assert theirs.relationships() == []


def test_their_undo_of_their_edit_makes_mine_undoable_again(two):
    mine, theirs, rel = two
    goal = mine.add_goal(rel.id, "Draft")
    mine.update_goal(goal.id, title="Ship portfolio")
    theirs.update_goal(goal.id, title="Theirs")
    theirs.undo()
    mine.undo()
    assert theirs.goal(goal.id).title == "Draft"


def test_undo_of_my_own_successive_changes_is_no_conflict(two):
    mine, _theirs, rel = two
    goal = mine.add_goal(rel.id, "Draft")
    mine.update_goal(goal.id, title="Ship portfolio")
    mine.set_goal_status(goal.id, "done")
    mine.undo()
    mine.undo()
    assert mine.goal(goal.id).title == "Draft" and mine.goal(goal.id).status == "open"
    mine.undo()
    assert mine.goals(rel.id) == []


def test_a_refused_change_is_dropped_and_the_one_before_is_next(two):
    mine, theirs, rel = two
    first = mine.add_goal(rel.id, "First")
    second = mine.add_goal(rel.id, "Second")
    mine.update_goal(second.id, title="Second, renamed")
    theirs.update_goal(second.id, title="Theirs")
    _refused(mine, CHANGED_SINCE, "Second, renamed")
    # The refused change is gone; the next undo is that of adding "Second" (changed since too)...
    _refused(mine, CHANGED_SINCE, "Second")
    # ...then "First", which nobody touched.
    assert mine.undo().params == {"title": "First"}
    assert [g.title for g in theirs.goals(rel.id)] == ["Theirs"]
    assert first.id not in [g.id for g in theirs.goals(rel.id)]


def test_the_review_kept_between_changes_does_not_block_undo(two):
    from mentortui.data import review as reviews
    from mentortui.domain.review import save_answers

    mine, _theirs, rel = two
    goal = mine.add_goal(rel.id, "Ship portfolio")
    review = reviews.open_review(mine, mine.clock.today())
    with mine.change("Goal “{title}” done", title=goal.title):
        mine.set_goal_status(goal.id, "done")
        review = reviews.record_change(mine, review, "Goal “{title}” done", title=goal.title)
    save_answers(mine, review, {"win": "Shipped"}, step=2)  # bookkeeping, after the change
    mine.undo()
    assert mine.goal(goal.id).status == "open"
    assert mine.review(review.week).changes == []
    assert mine.review(review.week).answers == {"win": "Shipped"}


def test_the_app_says_what_was_not_undone_and_writes_nothing(two):
    from mentortui.app import make_app
    from tests.ui_helpers import screen_text

    mine, theirs, rel = two
    goal = mine.add_goal(rel.id, "Draft")
    mine.update_goal(goal.id, title="Ship portfolio")
    theirs.update_goal(goal.id, title="Ship the portfolio site")
    theirs.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    rows = _rows(theirs)

    async def scenario() -> None:
        app = make_app(store=mine, start_mode="goals")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+z")
            await pilot.pause()
            messages = [n.message for n in app._notifications]
            assert "Not undone: “Ship portfolio” was changed since (in another window?)." in messages
            assert app.is_running
            assert "Ship the portfolio site" in screen_text(pilot)  # their edit, still shown

    asyncio.run(scenario())
    assert _rows(theirs) == rows
    assert theirs.goal(goal.id).title == "Ship the portfolio site"


def test_a_learning_deleted_elsewhere_is_named_by_its_text(two):
    from mentortui.domain.learning import note_learning

    mine, theirs, rel = two
    note_learning(mine, rel.id, "How a design review runs at Ana's company")
    theirs.delete_relationship(rel.id)
    _refused(mine, DELETED_SINCE, "How a design review runs at Ana's company")
