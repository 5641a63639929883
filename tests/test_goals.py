"""Screen 3, Goals: the tree is built, reordered, completed, filtered and deleted with keys
only, and every result is checked in the database. The data layer's roll-up, links,
filters and next meeting are checked directly."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mentortui.app import make_app
from mentortui.core.refs import FeedbackAbout, GoalRef, MeetingsAbout
from mentortui.ui.navigation import Navigate
from mentortui.core.clock import FrozenClock
from mentortui.data import goals as goal_data
from mentortui.exchange.json_backup import export_workbook, import_workbook
from mentortui.data.goals import GoalFilter
from mentortui.data.model import Goal
from mentortui.data.store import Store
from mentortui.domain import goals as goal_actions
from mentortui.ui.forms import ConfirmScreen, FormScreen
from mentortui.ui.screens.goals import GoalsScreen
from mentortui.ui.widgets.goal_tree import GoalTree
from tests.ui_helpers import fill_field, screen_text, type_text, widget_text

TODAY = dt.date(2026, 11, 26)  # the frozen clock's Thursday
MARKUP_TITLE = "[bold]Ship[/] the [@click=app.quit]portfolio[/]"


@pytest.fixture
def rel(store):
    return store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))


@pytest.fixture
def tree3(store, rel):
    """Career → two short-term goals → steps."""
    career = store.add_goal(rel.id, "Become a staff engineer", horizon="long")
    lead = store.add_goal(rel.id, "Lead the migration", parent_id=career.id, horizon="short")
    talk = store.add_goal(rel.id, "Give a conference talk", parent_id=career.id, horizon="short")
    doc = store.add_goal(rel.id, "Write the design doc", parent_id=lead.id, due_on=dt.date(2026, 11, 20))
    review = store.add_goal(rel.id, "Get the doc reviewed", parent_id=lead.id, due_on=dt.date(2026, 11, 29))
    pitch = store.add_goal(rel.id, "Pitch the talk", parent_id=talk.id, notes="Ask the Réunion meetup")
    return {g.title: g for g in (career, lead, talk, doc, review, pitch)}


def tree_of(app) -> GoalTree:
    return app.screen.query_one(GoalTree)


def tree_lines(app) -> list[str]:
    return widget_text(tree_of(app)).splitlines()


def line_of(app, title: str) -> str:
    return next(line for line in tree_lines(app) if title in line)


def cursor_goal(app) -> Goal:
    return tree_of(app).cursor_node.data.goal


def layout(store, relationship_id) -> list[tuple[str, str | None, int]]:
    """(title, parent title, position) of every goal, in tree order."""
    goals = store.goals(relationship_id)
    titles = {g.id: g.title for g in goals}
    return [(g.title, titles.get(g.parent_id), g.position) for g in goals]


async def open_goals(pilot):
    await pilot.pause()
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, GoalsScreen)


async def add_with_keys(pilot, key: str, title: str, **fields: str):
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)
    await type_text(pilot, title)
    for name, text in fields.items():
        await fill_field(pilot, name, text)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def select(pilot, title: str):
    """Put the cursor on the goal called ``title`` (unfolded already) with the arrow keys."""
    await pilot.press("home")
    for _ in range(len(tree_lines(pilot.app)) + 1):
        if cursor_goal(pilot.app).title == title:
            return
        await pilot.press("down")
    raise AssertionError(f"{title!r} is not in the tree: {tree_lines(pilot.app)}")


async def press(pilot, *keys: str):
    await pilot.press(*keys)
    await pilot.pause()


# ---- building, moving, completing, deleting with keys ---------------------------------


async def test_build_a_three_level_tree_reorder_and_indent_with_keys(store, rel):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        assert "No goals yet" in screen_text(pilot)
        await add_with_keys(pilot, "a", "Become a staff engineer")
        await add_with_keys(pilot, "A", "Lead the migration")
        await add_with_keys(pilot, "A", "Write the design doc", due_on="next friday")
        await add_with_keys(pilot, "a", "Get the doc reviewed", due_on="+2w")
        await add_with_keys(pilot, "a", "Present it", due_on="15/12")
        assert layout(store, rel.id) == [
            ("Become a staff engineer", None, 0),
            ("Lead the migration", "Become a staff engineer", 0),
            ("Write the design doc", "Lead the migration", 0),
            ("Get the doc reviewed", "Lead the migration", 1),
            ("Present it", "Lead the migration", 2),
        ]
        goals = {g.title: g for g in store.goals(rel.id)}
        assert [goals[t].horizon for t in ("Become a staff engineer", "Lead the migration", "Present it")] == [
            "long", "short", "step"
        ]
        assert all(g.owner == "mentee" for g in goals.values())  # the mentee owns goals by default
        assert goals["Write the design doc"].due_on == dt.date(2026, 11, 27)
        assert goals["Get the doc reviewed"].due_on == dt.date(2026, 12, 10)
        assert goals["Present it"].due_on == dt.date(2026, 12, 15)
        assert cursor_goal(app).title == "Present it"
        assert [line.split("○ ")[1].split("  ")[0] for line in tree_lines(app)] == [
            "Become a staff engineer", "Lead the migration", "Write the design doc", "Get the doc reviewed", "Present it"
        ]

        # Reorder: the cursor stays on the moved goal.
        await press(pilot, "alt+up")
        assert cursor_goal(app).title == "Present it"
        await press(pilot, "alt+up")
        assert [t for t, parent, _ in layout(store, rel.id) if parent == "Lead the migration"] == [
            "Present it", "Write the design doc", "Get the doc reviewed"
        ]
        assert cursor_goal(app).title == "Present it"
        await press(pilot, "alt+down")
        assert [(t, p) for t, parent, p in layout(store, rel.id) if parent == "Lead the migration"] == [
            ("Write the design doc", 0), ("Present it", 1), ("Get the doc reviewed", 2)
        ]

        # Indent under the goal above, then out again.
        await press(pilot, "alt+right")
        assert ("Present it", "Write the design doc", 0) in layout(store, rel.id)
        assert cursor_goal(app).title == "Present it"
        assert "Present it" in line_of(app, "Present it") and len(tree_lines(app)) == 5  # its new parent unfolded
        await press(pilot, "alt+left")
        assert [(t, p) for t, parent, p in layout(store, rel.id) if parent == "Lead the migration"] == [
            ("Write the design doc", 0), ("Present it", 1), ("Get the doc reviewed", 2)
        ]
        await select(pilot, "Lead the migration")
        await press(pilot, "alt+left")
        assert ("Lead the migration", None, 1) in layout(store, rel.id)
        await press(pilot, "ctrl+z")
        assert ("Lead the migration", "Become a staff engineer", 0) in layout(store, rel.id)
        assert cursor_goal(app).title == "Lead the migration"


async def test_completing_a_step_rolls_up_and_a_parent_asks_about_its_steps(store, rel, tree3):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await press(pilot, "right", "down", "right")  # unfold the career goal, then the migration
        assert "0%" in line_of(app, "Lead the migration")
        await select(pilot, "Write the design doc")
        await press(pilot, "space")
        assert store.goal(tree3["Write the design doc"].id).status == "done"
        assert store.goal(tree3["Write the design doc"].id).done_at == dt.datetime(2026, 11, 26, 10, 0)
        assert "50%" in line_of(app, "Lead the migration")
        assert "✓ Write the design doc" in line_of(app, "Write the design doc")
        assert "1 of 2 steps done" not in screen_text(pilot)  # the details follow the cursor
        await press(pilot, "up")
        assert "50% (1 of 2 steps done)" in screen_text(pilot)
        # Career: the talk's step is not unfolded but counts: 1 done of 3 steps.
        assert "33%" in line_of(app, "Become a staff engineer")

        # Dropped goals don't count: drop the talk and its open step.
        await select(pilot, "Give a conference talk")
        await press(pilot, "x")
        assert isinstance(app.screen, ConfirmScreen)
        assert "still has 1 open sub-goal. Drop them too?" in screen_text(pilot)
        await press(pilot, "y")
        assert store.goal(tree3["Pitch the talk"].id).status == "dropped"
        assert "50%" in line_of(app, "Become a staff engineer")
        await press(pilot, "ctrl+z")
        assert store.goal(tree3["Give a conference talk"].id).status == "open"

        # A parent with open steps: complete them too, or only the parent.
        await select(pilot, "Lead the migration")
        await press(pilot, "space")
        assert "still has 1 open sub-goal. Complete them too?" in screen_text(pilot)
        await press(pilot, "y")
        assert store.goal(tree3["Get the doc reviewed"].id).status == "done"
        assert store.goal(tree3["Lead the migration"].id).status == "done"
        assert cursor_goal(app).title == "Lead the migration"
        await press(pilot, "ctrl+z")
        assert store.goal(tree3["Get the doc reviewed"].id).status == "open"
        await press(pilot, "space", "n")
        assert store.goal(tree3["Lead the migration"].id).status == "done"
        assert store.goal(tree3["Get the doc reviewed"].id).status == "open"
        # space again reopens it.
        await press(pilot, "space")
        assert store.goal(tree3["Lead the migration"].id).status == "open"


async def test_delete_a_subtree_and_undo_it(store, rel, tree3):
    before = layout(store, rel.id)
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await press(pilot, "right", "down", "right")
        await select(pilot, "Lead the migration")
        await press(pilot, "delete")
        assert "Delete “Lead the migration” and the 2 goals under it?" in screen_text(pilot)
        await press(pilot, "n")
        assert layout(store, rel.id) == before
        await press(pilot, "delete", "y")
        assert [t for t, *_ in layout(store, rel.id)] == ["Become a staff engineer", "Give a conference talk", "Pitch the talk"]
        assert ("Give a conference talk", "Become a staff engineer", 0) in layout(store, rel.id)
        assert cursor_goal(app).title == "Give a conference talk"
        assert "Lead the migration" not in "\n".join(tree_lines(app))
        await press(pilot, "ctrl+z")
        assert layout(store, rel.id) == before
        assert [g.id for g in store.goals(rel.id)] == [tree3[t].id for t, *_ in before]
        assert "Lead the migration" in "\n".join(tree_lines(app))


# ---- filters, folding, the next meeting --------------------------------------------------


async def test_text_filter_keeps_ancestors_and_view_filters_cycle(store, rel, tree3):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        assert len(tree_lines(app)) == 1  # folded: only the career goal
        await press(pilot, "slash")
        await type_text(pilot, "reunion")  # in the notes, accents ignored
        await pilot.pause()
        lines = tree_lines(app)
        assert [line.split("○ ")[1].split("  ")[0] for line in lines] == [
            "Become a staff engineer", "Give a conference talk", "Pitch the talk"
        ]
        assert "View: all goals · 1 match" in screen_text(pilot)
        assert cursor_goal(app).title == "Pitch the talk"
        await press(pilot, "enter")  # back to the tree, the filter stays
        assert isinstance(app.focused, GoalTree) and len(tree_lines(app)) == 3
        await press(pilot, "escape")
        assert len(tree_lines(app)) == 4  # the unfolded path stays unfolded, the filter is gone
        assert cursor_goal(app).title == "Pitch the talk"

        await press(pilot, "f")  # open goals
        assert "View: open goals" in screen_text(pilot)
        await press(pilot, "f")  # due this week (Mon 23 – Sun 29 Nov)
        assert "View: due this week" in screen_text(pilot)
        shown = "\n".join(tree_lines(app))
        assert "Get the doc reviewed" in shown
        assert "Write the design doc" not in shown and "Pitch the talk" not in shown  # last week's, and undated
        await press(pilot, "f")  # overdue
        shown = "\n".join(tree_lines(app))
        assert "Write the design doc" in shown and "Get the doc reviewed" not in shown
        await press(pilot, "f")  # before the next meeting: nothing marked yet
        assert "No goal matches" in screen_text(pilot)
        await press(pilot, "f")
        assert "View: all goals" in screen_text(pilot)

        await press(pilot, "z")
        assert len(tree_lines(app)) == 1 and cursor_goal(app).title == "Become a staff engineer"


async def test_filters_give_way_to_a_new_goal_and_let_done_ones_go(store, rel, tree3):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await press(pilot, "f")  # open goals only, their path unfolded
        await select(pilot, "Write the design doc")
        await press(pilot, "space")
        assert store.goal(tree3["Write the design doc"].id).status == "done"
        assert "Write the design doc" not in "\n".join(tree_lines(app))  # it left the view
        assert cursor_goal(app).title == "Get the doc reviewed"  # the cursor stayed in place
        await press(pilot, "slash")
        await type_text(pilot, "talk")
        await press(pilot, "enter")
        assert "Lead the migration" not in "\n".join(tree_lines(app))
        await add_with_keys(pilot, "a", "Record a demo video")  # matches no filter
        added = next(g for g in store.goals(rel.id) if g.title == "Record a demo video")
        assert cursor_goal(app).id == added.id
        assert "View: all goals" in screen_text(pilot) and "Lead the migration" in "\n".join(tree_lines(app))


async def test_before_next_meeting_marks_and_shows_the_meeting_date(store, rel, tree3):
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", cadence_start=dt.datetime(2026, 9, 1, 18, 0))
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        assert "◆ next meeting Tue, Dec 1 18:00 · before it: 0 open, 0 done" in screen_text(pilot)
        await press(pilot, "right", "down", "down", "right", "down")
        assert cursor_goal(app).title == "Pitch the talk"
        await press(pilot, "n")
        assert store.goal(tree3["Pitch the talk"].id).before_next_meeting is True
        assert "◆" in line_of(app, "Pitch the talk")
        assert "Tue, Dec 1 18:00 · before it: 1 open, 0 done" in screen_text(pilot)
        assert [g.title for g in goal_data.before_next_meeting(store, rel.id)] == ["Pitch the talk"]
        # A planned meeting in the calendar wins over the cadence.
        store.add_meeting(rel.id, dt.datetime(2026, 11, 28, 9, 30))
        await press(pilot, "f", "f", "f", "f")
        assert "View: before the next meeting" in screen_text(pilot)
        assert "◆ next meeting Sat, Nov 28 09:30" in screen_text(pilot)
        assert [line.split("○ ")[1].split("  ")[0] for line in tree_lines(app)] == [
            "Become a staff engineer", "Give a conference talk", "Pitch the talk"
        ]
        await press(pilot, "n")
        assert store.goal(tree3["Pitch the talk"].id).before_next_meeting is False
        await press(pilot, "ctrl+z")
        assert store.goal(tree3["Pitch the talk"].id).before_next_meeting is True


# ---- editing -------------------------------------------------------------------------


async def test_edit_reads_dates_as_typed_and_shows_errors_inline(store, rel, tree3):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await press(pilot, "right", "down", "right", "down")
        assert cursor_goal(app).title == "Write the design doc"
        await press(pilot, "e")
        await fill_field(pilot, "due_on", "someday maybe")
        await fill_field(pilot, "progress", "140")
        await press(pilot, "ctrl+s")
        text = screen_text(pilot)
        assert "Can't read “someday maybe” as a date." in text
        assert "A whole number from 0 to 100, like 40." in text
        assert isinstance(app.screen, FormScreen)
        assert store.goal(tree3["Write the design doc"].id).due_on == dt.date(2026, 11, 20)
        await fill_field(pilot, "due_on", "vendredi")
        assert "Friday, November 27, 2026" in screen_text(pilot)  # the preview says how it was read
        await fill_field(pilot, "progress", "40 %")
        await fill_field(pilot, "title", "Write and share the design doc")
        await press(pilot, "ctrl+s")
        goal = store.goal(tree3["Write the design doc"].id)
        assert (goal.title, goal.due_on, goal.progress) == ("Write and share the design doc", dt.date(2026, 11, 27), 40)
        assert cursor_goal(app).id == goal.id
        assert "40%" in line_of(app, "Write and share")
        # A goal with sub-goals has no manual progress: its steps count.
        await press(pilot, "up", "enter")
        assert isinstance(app.screen, FormScreen)
        assert not app.screen.query("#field-progress")
        await press(pilot, "escape")
        # Owner: the mentor can be named, and it shows on the line.
        await press(pilot, "down", "e")
        app.screen.query_one("#field-owner").focus()
        await press(pilot, "enter", "down", "enter", "ctrl+s")
        assert store.goal(tree3["Write the design doc"].id).owner == "mentor"
        assert "mentor" in line_of(app, "Write and share").split()[-1]


async def test_markup_in_titles_is_shown_literally_and_clicks_do_nothing(store, rel):
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_goals(pilot)
        await add_with_keys(pilot, "a", MARKUP_TITLE)
        assert store.goals(rel.id)[0].title == MARKUP_TITLE
        assert MARKUP_TITLE in line_of(app, "Ship")
        assert MARKUP_TITLE in screen_text(pilot)  # in the details too
        tree = tree_of(app)
        await pilot.click(tree, offset=(20, 0))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, GoalsScreen)
        # Dialogs quote it as it is too.
        await press(pilot, "delete")
        assert f"Delete “{MARKUP_TITLE}”?" in screen_text(pilot)
        await press(pilot, "y", "ctrl+z")
        assert store.goals(rel.id)[0].title == MARKUP_TITLE


def goal_row(store, goal_id):
    """A goal's row as the tree shows it, read the way the screen reads it: its level."""
    goal = store.goal(goal_id)
    return next(row for row in goal_data.children(store, goal.relationship_id, goal.parent_id) if row.goal.id == goal_id)


# ---- links and jumps -------------------------------------------------------------------


async def test_links_are_counted_and_jumps_go_both_ways(store, rel, tree3, monkeypatch):
    doc = tree3["Write the design doc"]
    first = store.add_meeting(rel.id, dt.datetime(2026, 11, 10, 18, 0), status="held")
    second = store.add_meeting(rel.id, dt.datetime(2026, 11, 17, 18, 0), status="held")
    store.add_agenda_item(first.id, "Outline", goal_id=doc.id)
    store.add_agenda_item(first.id, "Reviewers", goal_id=doc.id)
    store.add_agenda_item(second.id, "Feedback on the draft", goal_id=doc.id)
    store.add_action(second.id, "Send the draft", goal_id=doc.id)
    store.add_feedback(rel.id, direction="received", kind="advice", text="Keep it short", date=TODAY, goal_id=doc.id)
    row = goal_row(store, doc.id)
    assert row.links == goal_data.GoalLinks(meetings=2, agenda_items=3, actions=1, feedback=1)

    app = make_app(store=store)
    jumps = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        # Another screen jumps here: the way to the goal unfolds and the cursor lands on it.
        app.post_message(Navigate(GoalRef(doc.id)))
        await pilot.pause()
        assert cursor_goal(app).id == doc.id
        assert "Linked: m → 2 meetings (3 agenda items), 1 action · F → 1 feedback entry" in screen_text(pilot)
        async def record(ref, relationship_id=None):
            jumps.append(ref)

        monkeypatch.setattr(app, "navigate", record)
        await press(pilot, "m", "F")
        assert jumps == [MeetingsAbout(doc.id), FeedbackAbout(doc.id)]
        # Nothing refers to its parent: the jump keys do nothing there.
        await press(pilot, "up", "m")
        assert len(jumps) == 2


# ---- export, language, size, scale ----------------------------------------------------


async def test_json_export_carries_the_tree_after_keyboard_edits(tmp_path, store, rel):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await add_with_keys(pilot, "a", "Career")
        await add_with_keys(pilot, "A", "Short")
        await add_with_keys(pilot, "A", "Step one")
        await add_with_keys(pilot, "a", "Step two")
        await press(pilot, "alt+up", "space")
    exported = json.loads(json.dumps(export_workbook(store)))
    goals = exported["relationships"][0]["goals"]
    titles = {g["id"]: g["title"] for g in goals}
    assert sorted((g["title"], titles.get(g["parent"]), g["position"], g["status"]) for g in goals) == [
        ("Career", None, 0, "open"),
        ("Short", "Career", 0, "open"),
        ("Step one", "Short", 1, "open"),
        ("Step two", "Short", 0, "done"),
    ]
    target = Store.open(tmp_path / "restored.db", FrozenClock("2027-01-01T09:00"))
    import_workbook(target, exported)
    again = export_workbook(target)
    assert {k: v for k, v in again.items() if k != "exported_at"} == {k: v for k, v in exported.items() if k != "exported_at"}
    assert layout(target, 1) == layout(store, rel.id)
    target.close()


async def test_french_at_80_by_24(store, rel, tree3):
    app = make_app(store=store, lang="fr")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        await press(pilot, "right", "down", "right", "down")
        text = screen_text(pilot)
        assert "Vue\u00a0: tous les objectifs" in text
        assert "Ajouter" in text
        line = line_of(app, "Write the design doc")
        assert "20 nov." in line and "mentoré" in line
        assert "en retard de 6 jours" in text
        await press(pilot, "A")
        assert "Un nouveau sous-objectif" in screen_text(pilot)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_readable_on_small_terminals(store, rel, tree3, size):
    store.update_goal(tree3["Get the doc reviewed"].id, before_next_meeting=True)
    store.update_goal(tree3["Give a conference talk"].id, title="Give a conference talk about the migration at a meetup")
    app = make_app(store=store)
    async with app.run_test(size=size) as pilot:
        await open_goals(pilot)
        await press(pilot, "right", "down", "right", "down", "down")
        lines = tree_lines(app)
        width = size[0]
        assert all(len(line) <= width for line in lines)
        reviewed = line_of(app, "Get the doc")
        assert "◆" in reviewed and "Nov 29" in reviewed
        assert "Get the doc reviewed" in reviewed
        # A long title keeps half the line: on 60 columns the owner column gives way to it.
        talk = line_of(app, "Give a conference")
        assert ("mentee" in talk) == (width >= 80) and "0%" in talk
        assert "Give a conference talk about" in talk
        assert "owner: mentee" in screen_text(pilot)  # the details say it anyway
        assert "a Add" in screen_text(pilot).replace("\n", " ")


async def test_a_big_tree_is_read_one_level_at_a_time(store, rel):
    with store.bulk():
        for top in range(3):
            parent = store.add_goal(rel.id, f"Goal {top}")
            for child in range(400):
                store.add_goal(rel.id, f"Step {top}.{child}", parent_id=parent.id)
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_goals(pilot)
        tree = tree_of(app)

        def built(node) -> int:
            return sum(1 + built(child) for child in node.children)

        assert built(tree.root) == 3  # only the top level is read
        await press(pilot, "down", "right")
        assert built(tree.root) == 3 + 400
        await press(pilot, "right", "end")
        assert cursor_goal(app).title == "Goal 2"
        await press(pilot, "up")
        assert cursor_goal(app).title == "Step 1.399"


# ---- the data layer --------------------------------------------------------------------


def test_progress_rolls_up_done_leaves_and_leaves_dropped_out(store, rel):
    career = store.add_goal(rel.id, "Career")
    short = store.add_goal(rel.id, "Short", parent_id=career.id)
    steps = [store.add_goal(rel.id, f"Step {i}", parent_id=short.id) for i in range(3)]
    lone = store.add_goal(rel.id, "Lone", parent_id=career.id, progress=60)

    def progress(goal_id):
        return goal_row(store, goal_id).progress

    assert (progress(career.id), progress(short.id), progress(lone.id), progress(steps[0].id)) == (0, 0, 60, None)
    store.set_goal_status(steps[0].id, "done")
    assert (progress(short.id), progress(career.id)) == (33, 25)  # 1 of 3; 1 of 4 leaves
    store.set_goal_status(steps[1].id, "dropped")
    assert (progress(short.id), progress(career.id)) == (50, 33)
    assert progress(steps[1].id) is None
    store.set_goal_status(short.id, "done")  # a done goal counts as done all the way down
    assert (progress(short.id), progress(career.id)) == (100, 66)
    assert goal_data.overall_progress(store, rel.id) == 66
    store.set_goal_status(lone.id, "dropped")
    assert progress(career.id) == 100
    assert goal_data.descendant_count(store, career.id) == 5
    assert goal_data.open_descendants(store, career.id) == 1  # Step 2 stays open under the done goal
    assert goal_data.ancestors(store, steps[2].id) == [career.id, short.id]


def test_filters_match_words_and_keep_ancestors(store, rel, tree3):
    def shown(view="all", text=""):
        visible = goal_data.visible_goals(store, rel.id, GoalFilter(view, text), TODAY)
        titles = {g.id: g.title for g in store.goals(rel.id)}
        return sorted(titles[i] for i in visible.matches), sorted(titles[i] for i in visible.shown)

    assert shown(text="DOC write") == (
        ["Write the design doc"], ["Become a staff engineer", "Lead the migration", "Write the design doc"]
    )
    assert shown("overdue")[0] == ["Write the design doc"]
    assert shown("week")[0] == ["Get the doc reviewed"]  # Mon 23 – Sun 29 Nov; the 20th was last week
    store.set_goal_status(tree3["Write the design doc"].id, "done")
    assert shown("overdue")[0] == []
    assert "Write the design doc" not in shown("open")[0]
    assert GoalFilter().active is False and GoalFilter("all", " x ").active is True
    assert [GoalFilter(v).next_view().view for v in goal_data.VIEWS] == ["open", "week", "overdue", "next_meeting", "all"]


def test_moves_are_undoable_changes(store, rel, tree3):
    doc, review = tree3["Write the design doc"], tree3["Get the doc reviewed"]
    goal_actions.move_next_to(store, review.id, doc.id)
    assert [g.title for g in store.goal_children(rel.id, tree3["Lead the migration"].id)] == [
        "Get the doc reviewed", "Write the design doc"
    ]
    goal_actions.indent(store, doc.id, review.id)
    assert store.goal(doc.id).parent_id == review.id
    goal_actions.outdent(store, doc.id)
    assert (store.goal(doc.id).parent_id, store.goal(doc.id).position) == (tree3["Lead the migration"].id, 1)
    for _ in range(3):
        store.undo()
    assert [g.title for g in store.goal_children(rel.id, tree3["Lead the migration"].id)] == [
        "Write the design doc", "Get the doc reviewed"
    ]
