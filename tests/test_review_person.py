"""One weekly review for the person, walking every relationship: the dashboard's one line,
the steps with each partner's part, history and streak per person, and migration 6."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from mentortui.app import make_app
from mentortui.core.clock import FrozenClock
from mentortui.data import review as reviews
from mentortui.data.db import open_database
from mentortui.data.store import Store
from mentortui.ui.screens.dashboard import DashboardScreen
from mentortui.ui.screens.review import ReviewScreen
from tests.ui_helpers import screen_text

FIXTURES = Path(__file__).parent / "fixtures"


def mentor_and_mentee(store: Store) -> tuple[int, int]:
    """I mentor Bruno and am mentored by Ana; each relationship has a goal due soon."""
    ana = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    bruno = store.add_relationship(partner="Bruno", role="mentor", started_on=dt.date(2026, 10, 1))
    store.add_goal(ana.id, "Lead a design review", due_on=dt.date(2026, 12, 1))
    store.add_goal(bruno.id, "Ship the onboarding guide", due_on=dt.date(2026, 12, 2))
    done = store.add_goal(bruno.id, "Pair on a bug")
    store.set_goal_status(done.id, "done")  # this week (the clock is frozen on Thursday of W48)
    return ana.id, bruno.id


async def test_one_review_a_week_walks_both_relationships(store, clock):
    ana, bruno = mentor_and_mentee(store)
    past = store.start_review("2026-W47")
    store.update_review(past.id, completed_at=dt.datetime(2026, 11, 20, 10))
    app = make_app(store=store)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        text = screen_text(pilot)
        # One line for the person, whatever the relationships.
        assert text.count("This week's review") == 1
        assert "This week's review: to do · streak 1 week" in text
        options = app.screen.query_one("#signals")
        options.highlighted = next(i for i in range(options.option_count)
                                   if "This week's review" in str(options.get_option_at_index(i).prompt))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Step 2 of 8 — Goals" in text
        for expected in ("Ana — you are the mentee", "Lead a design review",
                         "Bruno — you are the mentor", "Ship the onboarding guide"):
            assert expected in text, expected
        # The last row is Ana's goal: space marks it done, in Ana's relationship.
        await pilot.press("end", "space")
        await pilot.pause()
        goals = {g.title: g for g in store.goals(ana) + store.goals(bruno)}
        assert goals["Lead a design review"].status == "done" and goals["Lead a design review"].relationship_id == ana
        assert goals["Ship the onboarding guide"].status == "open"
        [this_week, last_week] = store.reviews()
        assert (this_week.week, last_week.week) == ("2026-W48", "2026-W47")
        assert this_week.changes == [{"what": reviews.GOAL_DONE, "params": {"title": "Lead a design review"},
                                      "relationship_id": ana}]
        # Switching relationship keeps the same review, at the same step.
        assert app.relationship.id == bruno  # the most recent one
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("end", "enter")
        await pilot.pause()
        assert app.relationship.id == ana and isinstance(app.screen, ReviewScreen)
        assert "Step 2 of 8 — Goals" in screen_text(pilot)
        assert len(store.reviews()) == 2
        # The summary lists what changed under the partner it was about.
        for _step in range(6):
            await pilot.press("ctrl+n")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Step 8 of 8 — Summary" in text
        assert text.index("Ana — you are the mentee") < text.index("Goal “Lead a design review” done")
        # History: one row per week, the streak and goals done summed over relationships.
        app.screen.query_one("#steps").focus()
        await pilot.press("h")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Streak: 1 week in a row" in text
        assert text.count("… 2026-W48") == 1 and text.count("✓ 2026-W47") == 1
        assert "Ana — you are the mentee" in text  # the week's changes, under the partner
        assert app.screen.query_one("#past-reviews").option_count == 2
        assert app.screen.query_one("#done-per-week").data[-1] == 2  # Ana's and Bruno's


async def test_a_single_relationship_reads_without_headings(store, clock):
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    store.add_goal(rel.id, "Lead a design review", due_on=dt.date(2026, 12, 1))
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Lead a design review" in text and "you are the" not in text
        await pilot.press("space")
        await pilot.pause()
    assert store.review("2026-W48").changes == [
        {"what": reviews.GOAL_DONE, "params": {"title": "Lead a design review"}, "relationship_id": rel.id}]


async def test_actions_of_a_step_act_on_the_selected_relationship(store, clock):
    ana, bruno = mentor_and_mentee(store)
    for rel_id in (ana, bruno):
        store.save_agreement(rel_id, cadence="FREQ=WEEKLY;BYDAY=TU", cadence_start=dt.datetime(2026, 9, 1, 18),
                             modes=["video"])
    store.add_meeting(ana, dt.datetime(2026, 12, 1, 18))
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Step 4 of 8 — Next meeting" in text
        assert "No meeting planned." in text and "Next meeting: Tuesday, December 1, 2026 18:00" in text
        # Bruno (no meeting planned) is the first row: s schedules his, not Ana's.
        await pilot.press("home", "s")
        await pilot.pause()
        assert [m.starts_at for m in store.meetings(bruno)] == [dt.datetime(2026, 12, 1, 18)]
        assert len(store.meetings(ana)) == 1
        assert store.review("2026-W48").changes[-1]["relationship_id"] == bruno


def test_migration_6_merges_two_relationships_reviews_of_a_week(tmp_path):
    # The schema 5 fixture, with a second relationship and per-relationship reviews written as schema 5 did.
    path = tmp_path / "v5.db"
    shutil.copy(FIXTURES / "schema-v5.db", path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO relationships (id, partner, role, started_on, created_at) "
                 "VALUES (2, 'Bruno', 'mentor', '2026-10-01', '2026-10-01T09:00:00')")
    rows = [
        (1, 1, "2026-W47", 7, "2026-11-20T09:00:00", "2026-11-20T09:20:00",
         {"wins": "Shipped the draft", "guide-E4": "Thanked Ana"}, [{"what": "Thanks logged", "params": {}}]),
        (2, 2, "2026-W47", 3, "2026-11-19T18:00:00", None,
         {"wins": "Bruno's first review", "goals": "Pair on the bug"},
         [{"what": "Goal “{title}” done", "params": {"title": "Pair"}}]),
        (3, 2, "2026-W46", 7, "2026-11-13T18:00:00", "2026-11-13T18:10:00", {}, []),
    ]
    for row in rows:
        conn.execute("INSERT INTO reviews (id, relationship_id, week, step, started_at, completed_at, answers, changes) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [*row[:6], json.dumps(row[6]), json.dumps(row[7])])
    conn.commit()
    conn.close()
    store = Store(open_database(path, now=dt.datetime(2026, 11, 26, 10)), FrozenClock("2026-11-26T10:00"))
    try:
        w47, w46 = store.reviews()
        assert (w47.id, w47.week, w46.id, w46.week) == (1, "2026-W47", 3, "2026-W46")
        assert w47.answers == {"wins": "Shipped the draft\nBruno's first review", "1:guide-E4": "Thanked Ana",
                               "2:goals": "Pair on the bug"}
        assert w47.changes == [{"what": "Thanks logged", "params": {}, "relationship_id": 1},
                               {"what": "Goal “{title}” done", "params": {"title": "Pair"}, "relationship_id": 2}]
        # Started with the first; not completed while one of them was not; resumes at its step.
        assert (w47.started_at, w47.completed_at, w47.step) == (dt.datetime(2026, 11, 19, 18), None, 3)
        assert (w46.completed_at, w46.step) == (dt.datetime(2026, 11, 13, 18, 10), 7)
        # One review a week from now on.
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("INSERT INTO reviews (week, started_at) VALUES ('2026-W47', '2026-11-26T10:00:00')")
    finally:
        store.close()
