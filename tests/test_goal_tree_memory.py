"""The goal tree is shown as it was left: the same goals unfolded and the cursor on the same
goal, after switching screens, switching relationship, and restarting the app."""

from __future__ import annotations

import datetime as dt
import json
import re

from mentortui.app import make_app
from mentortui.data.store import Store
from mentortui.domain import goals as goal_actions
from mentortui.ui.screens.goals import GoalsScreen
from tests.test_goals import cursor_goal, open_goals, press, select, tree_lines


def build(store):
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    career = store.add_goal(rel.id, "Become a staff engineer", horizon="long")
    lead = store.add_goal(rel.id, "Lead the migration", parent_id=career.id, horizon="short")
    talk = store.add_goal(rel.id, "Give a conference talk", parent_id=career.id, horizon="short")
    store.add_goal(rel.id, "Write the design doc", parent_id=lead.id)
    store.add_goal(rel.id, "Pitch the talk", parent_id=talk.id)
    store.add_goal(rel.id, "Book the venue", parent_id=talk.id)
    return rel


def titles(app) -> list[str]:
    """Each line's title, without the fold and status marks or the columns."""
    return [re.sub(r"^\W*", "", line).split("  ")[0].strip() for line in tree_lines(app)]


async def run_app(db_path, clock, steps):
    store = Store.open(db_path, clock)
    try:
        app = make_app(store=store)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_goals(pilot)
            result = await steps(pilot)
            await press(pilot, "q")
        return result
    finally:
        store.close()


async def test_unfolded_goals_and_cursor_come_back_after_a_restart(store, db_path, clock):
    rel = build(store)
    last_change = store.journal.last()

    async def unfold_two_and_move(pilot):
        app = pilot.app
        assert titles(app) == ["Become a staff engineer"]  # a first showing: folded
        await press(pilot, "right")  # unfold the career goal
        await select(pilot, "Give a conference talk")
        await press(pilot, "right")  # and the talk
        await select(pilot, "Book the venue")
        return tree_lines(app)

    shown = await run_app(db_path, clock, unfold_two_and_move)
    assert any("Book the venue" in line for line in shown)
    saved = json.loads(store.setting(f"goals.tree.{rel.id}"))
    goals = {g.title: g.id for g in store.goals(rel.id)}
    assert saved == {
        "unfolded": sorted([goals["Become a staff engineer"], goals["Give a conference talk"]]),
        "cursor": goals["Book the venue"],
    }
    assert store.journal.last() == last_change  # a view, not a change: nothing new to undo

    async def look(pilot):
        app = pilot.app
        assert isinstance(app.screen, GoalsScreen)
        return titles(app), cursor_goal(app).title

    lines, on = await run_app(db_path, clock, look)
    assert lines == ["Become a staff engineer", "Lead the migration", "Give a conference talk",
                     "Pitch the talk", "Book the venue"]
    assert on == "Book the venue"

    # The goal under the cursor and an unfolded one are deleted meanwhile: the rest comes back.
    goal_actions.delete_goal(store, goals["Book the venue"])
    lines, on = await run_app(db_path, clock, look)
    assert lines == ["Become a staff engineer", "Lead the migration", "Give a conference talk", "Pitch the talk"]
    assert on in lines


async def test_each_relationship_keeps_its_own_tree(store, db_path, clock):
    rel = build(store)
    other = store.add_relationship(partner="Bo", role="mentor", started_on=dt.date(2026, 9, 1))
    parent = store.add_goal(other.id, "Find a first client", horizon="long")
    store.add_goal(other.id, "Draft the offer", parent_id=parent.id)
    store.set_setting("active_relationship", str(rel.id))

    async def unfold_then_switch(pilot):
        app = pilot.app
        await press(pilot, "right")
        assert "Lead the migration" in titles(app)
        app.data_changed(other.id)  # as the relationship switcher does
        await pilot.pause()
        assert titles(app) == ["Find a first client"]
        app.data_changed(rel.id)
        await pilot.pause()
        return titles(app)

    lines = await run_app(db_path, clock, unfold_then_switch)
    assert lines == ["Become a staff engineer", "Lead the migration", "Give a conference talk"]
    assert json.loads(store.setting(f"goals.tree.{other.id}"))["unfolded"] == []
