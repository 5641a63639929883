"""Seeing what needs you (issue 16): the dashboard lists stale goals, an ended relationship
proposes nothing, and a relationship due to end is thanked and closed through a checklist.
Driven with keys on a frozen clock (Thu 2026-11-26 10:00)."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.app import make_app
from mentortui.data import review as reviews
from mentortui.data.model import Goal
from mentortui.data.store import Store
from mentortui.domain.relationships import close_relationship, delete_relationship
from mentortui.exchange.demo import fill_demo
from mentortui.ui.dialogs.relationship_forms import ClosingChecklistScreen
from mentortui.ui.forms import ConfirmScreen, FormScreen
from mentortui.ui.screens.dashboard import DashboardScreen
from mentortui.ui.screens.goals import GoalsScreen
from mentortui.ui.screens.relationship import RelationshipScreen
from mentortui.ui.widgets.review_steps import StepViews
from tests.ui_helpers import fill_field, screen_text


def highlight(app, words: str) -> None:
    """Put the dashboard's cursor on the first line that contains ``words``."""
    options = app.screen.query_one("#signals")
    options.highlighted = next(i for i in range(options.option_count)
                               if words in str(options.get_option_at_index(i).prompt))


async def test_the_demo_dashboard_lists_the_stale_goals_and_leads_to_them(store):
    fill_demo(store, size="small")
    now = store.clock.now()
    stale = {r.partner: [g for g in store.select(Goal, "relationship_id = ? AND status = 'open'", [r.id], "updated_at, id")
                         if reviews.is_stale(g, now)] for r in store.relationships()}
    assert {partner: len(goals) for partner, goals in stale.items()} == {
        "Margaret Okafor": 13, "Sam Rivera": 11, "Daniel Brooks": 0}
    app = make_app(store=store)
    async with app.run_test(size=(110, 50)) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert "13 goals untouched for 3+ weeks, the oldest:" in text
        assert "11 goals untouched for 3+ weeks, the oldest:" in text
        oldest = stale["Margaret Okafor"][0]
        assert f"– {oldest.title} · untouched since Jun 25, 2026" in text
        for goal in stale["Margaret Okafor"][1:3]:
            assert f"– {goal.title} · untouched since" in text
        # enter on one of them opens it on the Goals screen, the cursor on it.
        highlight(app, "Facilitate a first design review")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        assert app.relationship.partner == "Margaret Okafor"
        assert app.screen.tree.cursor_node.data.goal.title == "Facilitate a first design review"


def _ended_with_a_cadence(store):
    rel = store.add_relationship(partner="Daniel", role="mentee", started_on=dt.date(2025, 9, 1))
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", cadence_start=dt.datetime(2025, 9, 2, 18),
                         revisit_on=dt.date(2026, 6, 1))
    store.close_relationship(rel.id, dt.date(2026, 10, 1))
    return rel


async def test_an_ended_relationship_proposes_no_meeting_and_no_revisit(store):
    rel = _ended_with_a_cadence(store)
    app = make_app(store=store)
    async with app.run_test(size=(110, 45)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        text = screen_text(pilot)
        assert "Stay in touch: next news by Jan 1, 2027" in text
        for proposal in ("No meeting planned", "cadence proposes", "revisit date", "prepare it", "thank them and close"):
            assert proposal not in text, proposal
        await pilot.press("7")
        await pilot.pause()
        assert isinstance(app.screen, RelationshipScreen)
        text = screen_text(pilot)
        assert "ended on Oct 1, 2026" in text
        assert "Next meetings from the cadence" not in text and "The revisit date has come" not in text
        assert "Revisit date" not in text  # the r key is not offered
        await pilot.press("r")
        await pilot.pause()
    assert [a.version for a in store.agreements(rel.id)] == [1]  # no revisit pushed
    assert store.meetings(rel.id) == []


def test_the_review_steps_of_an_ended_relationship_propose_nothing(store, clock):
    rel = _ended_with_a_cadence(store)
    store.add_meeting(rel.id, dt.datetime(2026, 12, 1, 18))  # left planned after the end
    review = store.start_review("2026-W48")
    steps = StepViews(store, review, clock.now(), [store.relationship(rel.id)])
    assert str(steps.view("next_meeting").text) == "The relationship has ended: no meeting to plan."
    assert str(steps.view("agreement").text) == (
        "The relationship has ended: its agreement has nothing to revisit.")


async def test_the_review_of_an_ended_relationship_offers_no_revisit(store):
    rel = _ended_with_a_cadence(store)
    store.set_setting("active_relationship", str(rel.id))
    with store.bulk():
        review = store.start_review("2026-W48")
        store.save_review_progress(review.id, step=reviews.STEPS.index("agreement"), answers={})
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#steps").focus()
        await pilot.pause()
        text = screen_text(pilot)
        assert "Step 6 of 8 — Agreement" in text
        assert "The relationship has ended: its agreement has nothing to revisit." in text
        assert "revisit date" not in text and "Push revisit date" not in text
        await pilot.press("d")
        await pilot.pause()
    assert [a.version for a in store.agreements(rel.id)] == [1]  # no revisit pushed


async def test_past_the_agreed_end_the_dashboard_offers_to_thank_and_close(store):
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 3, 1),
                                 end_on=dt.date(2026, 11, 20))
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", cadence_start=dt.datetime(2026, 3, 3, 18),
                         revisit_on=dt.date(2026, 11, 1))
    app = make_app(store=store)
    async with app.run_test(size=(110, 45)) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert "The agreed end (Nov 20, 2026) has come — thank them and close" in text
        assert "No meeting planned" not in text and "revisit date" not in text  # nothing left to plan
        highlight(app, "thank them and close")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClosingChecklistScreen)
        text = screen_text(pilot)
        assert "☐ 1. Thank them — not yet: enter writes your thanks" in text
        assert "☐ 2. A final recap — not yet" in text
        assert "✓ 3. How you stay in touch — news every 3 months" in text
        # 1. Thank them: the thanks entry, text first.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await fill_field(pilot, "text", "Thank you for every question you asked me")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ClosingChecklistScreen)
        assert "✓ 1. Thank them — logged on Nov 26, 2026: “Thank you for every question you asked me”" in screen_text(pilot)
        [thanks] = store.feedback(rel.id)
        assert (thanks.direction, thanks.kind, thanks.date) == ("given", "thanks", dt.date(2026, 11, 26))
        # 3. How you stay in touch.
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        await fill_field(pilot, "stay_in_touch_months", "6")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "news every 6 months" in screen_text(pilot)
        assert store.relationship(rel.id).stay_in_touch_months == 6
        # Close, with the recap left: asked first.
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Not done yet: the final recap. Close the relationship anyway?" in screen_text(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")  # ended today
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        closed = store.relationship(rel.id)
        assert (closed.status, closed.ended_on, closed.stay_in_touch_months) == ("ended", dt.date(2026, 11, 26), 6)
        text = screen_text(pilot)
        assert "Ana  you are the mentee · ended" in text and "thank them and close" not in text
        assert "Stay in touch: next news by May 26, 2027" in text
        # ctrl+z reopens it; the thanks stays.
        await pilot.press("ctrl+z")
        await pilot.pause()
        reopened = store.relationship(rel.id)
        assert (reopened.status, reopened.ended_on) == ("active", None)
        assert [f.kind for f in store.feedback(rel.id)] == ["thanks"]
        assert "thank them and close" in screen_text(pilot)


async def test_a_reached_long_term_goal_offers_to_close_and_a_full_checklist_closes_without_asking(
        store, clock, tmp_path):
    rel = store.add_relationship(partner="Ana", role="mentor", started_on=dt.date(2026, 3, 1),
                                 end_on=dt.date(2027, 3, 1))
    store.add_goal(rel.id, "Become a tech lead", horizon="long", status="done", done_at=clock.now())
    store.add_feedback(rel.id, direction="given", kind="thanks", text="Thanks for the year", date=dt.date(2026, 11, 20))
    app = make_app(store=store)
    async with app.run_test(size=(110, 45)) as pilot:
        await pilot.pause()
        assert "Long-term goal reached — thank them and close" in screen_text(pilot)
        highlight(app, "Long-term goal reached")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClosingChecklistScreen)
        assert "✓ 1. Thank them — logged on Nov 20, 2026: “Thanks for the year”" in screen_text(pilot)
        await pilot.press("escape")  # not now: nothing written
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert store.relationship(rel.id).status == "active"
        # 2. The final recap: the progress update, logged and written to a file.
        highlight(app, "Long-term goal reached")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await fill_field(pilot, "path", str(tmp_path / "recap.md"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "✓ 2. A final recap — logged on Nov 26, 2026" in screen_text(pilot)
        assert (tmp_path / "recap.md").read_text(encoding="utf-8").startswith("# Progress update")
        # Nothing left: close goes straight to the end date.
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and "Close the relationship with Ana" in screen_text(pilot)
        await fill_field(pilot, "ended_on", "2026-11-25")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    closed = store.relationship(rel.id)
    assert (closed.status, closed.ended_on) == ("ended", dt.date(2026, 11, 25))
    assert sorted(f.kind for f in store.feedback(rel.id)) == ["progress-update", "thanks"]


async def test_closing_refuses_a_future_end_and_a_relationship_another_window_closed(store, db_path, clock):
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 3, 1),
                                 end_on=dt.date(2026, 11, 20))
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("7", "c")
        await pilot.pause()
        assert isinstance(app.screen, ClosingChecklistScreen)
        await pilot.press("end", "enter", "y")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await fill_field(pilot, "ended_on", "1/1/2200")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "A relationship is closed once it has ended: today or an earlier day." in " ".join(
            screen_text(pilot).split())
        assert store.relationship(rel.id).status == "active"
        # Meanwhile a second copy of the app, on the same workbook, closes it first.
        other = Store.open(db_path, clock)
        close_relationship(other, rel.id, dt.date(2026, 11, 24))
        other.close()
        await fill_field(pilot, "ended_on", "11/20/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # still open, as typed
        text = " ".join(screen_text(pilot).split())  # the message wraps at 80 columns
        assert "This relationship was closed on Nov 24, 2026 already (in another window?): nothing was changed." in text
        assert store.relationship(rel.id).ended_on == dt.date(2026, 11, 24)


@pytest.mark.parametrize("keys", [("enter",), ("down", "down", "enter"), ("end", "enter", "y")])
async def test_a_checklist_whose_relationship_another_window_deleted_says_so_and_closes(store, db_path, clock, keys):
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 3, 1),
                                 end_on=dt.date(2026, 11, 20))
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ClosingChecklistScreen)
        other = Store.open(db_path, clock)  # a second copy of the app deletes the relationship
        delete_relationship(other, rel.id)
        other.close()
        await pilot.press(*keys)  # thank them / how you stay in touch / close
        await pilot.pause()
        assert app.is_running and app.crash is None
        assert not isinstance(app.screen, (ClosingChecklistScreen, FormScreen, ConfirmScreen))
        assert any("no longer exists" in n.message for n in app._notifications)
    assert store.relationships() == [] and store.feedback(rel.id) == []
