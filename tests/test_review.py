"""The weekly review and the dashboard, walked with keys and the clock frozen."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.app import make_app
from mentortui.data import review as reviews
from mentortui.data.store import Store
from mentortui.ui.forms import FormScreen
from mentortui.ui.screens.dashboard import DashboardScreen
from mentortui.ui.screens.review import ReviewScreen
from tests.ui_helpers import fill_field, screen_text, type_text


def workbook(store: Store, role: str) -> int:
    """A relationship with something for every step of the review."""
    rel = store.add_relationship(partner="Ana", role=role, started_on=dt.date(2026, 9, 1))
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", cadence_start=dt.datetime(2026, 9, 1, 18),
                         revisit_on=dt.date(2026, 11, 20), modes=["video"])
    career = store.add_goal(rel.id, "Become a tech lead", horizon="long")
    store.add_goal(rel.id, "Lead a design review", parent_id=career.id, due_on=dt.date(2026, 12, 1))
    store.add_goal(rel.id, "Read the staff engineer book", parent_id=career.id, due_on=dt.date(2026, 12, 3))
    held = store.add_meeting(rel.id, dt.datetime(2026, 11, 24, 18), status="held", notes="Talked about reviews")
    store.add_agenda_item(held.id, "Ask about design docs")  # left uncovered
    store.add_action(held.id, "Send the draft", due_on=dt.date(2026, 11, 30))
    store.add_meeting(rel.id, dt.datetime(2026, 12, 1, 18))
    store.add_feedback(rel.id, direction="received", kind="advice", text="Write the doc before the meeting",
                       date=dt.date(2026, 11, 2))
    store.add_feedback(rel.id, direction="given", kind="constructive", text="The summary buried the decision",
                       date=dt.date(2026, 11, 25), rubric=["honest", "main-improvements"])
    return rel.id


async def walk_review(pilot, store, rel_id):
    app = pilot.app
    assert isinstance(app.screen, ReviewScreen)
    text = screen_text(pilot)
    assert "Step 1 of 8 — Look back" in text and "The summary buried the decision" in text
    await pilot.press("a")  # into the wins box
    await type_text(pilot, "Shipped the first draft")
    await pilot.press("ctrl+n")
    await pilot.pause()
    # Goals: both due soon; the first is highlighted.
    assert "Step 2 of 8 — Goals" in screen_text(pilot) and "Lead a design review" in screen_text(pilot)
    await pilot.press("space")  # done
    await pilot.pause()
    await pilot.press("down", "n")  # the book: before the next meeting
    await pilot.pause()
    await pilot.press("ctrl+n")
    await pilot.pause()
    # Feedback: record the result of the advice.
    assert "Write the doc before the meeting" in screen_text(pilot)
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, FormScreen)
    await fill_field(pilot, "result", "The meeting went twice as fast")
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert store.advice_awaiting_result(rel_id) == []
    await pilot.press("ctrl+n")
    await pilot.pause()
    # Next meeting: prepare its agenda.
    assert "Next meeting: Tuesday, December 1, 2026 18:00" in screen_text(pilot)
    await pilot.press("p")
    await pilot.pause()
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert "Guide check" in screen_text(pilot)
    await pilot.press("a")
    if store.relationship(rel_id).role == "mentor":  # first asked what they learned from the mentee
        await type_text(pilot, "How to run a blameless retro")
        await pilot.press("tab")
    await type_text(pilot, "Listened more")
    await pilot.press("ctrl+n")
    await pilot.pause()
    # Agreement: its revisit date has passed; push it.
    assert "revisit date" in screen_text(pilot)
    await pilot.press("d")
    await pilot.pause()
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert "t logs a thanks" in screen_text(pilot)
    await pilot.press("t")
    await pilot.pause()
    await type_text(pilot, "Thanks for the honest review")
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("ctrl+n")
    await pilot.pause()
    text = screen_text(pilot)
    assert "Step 8 of 8 — Summary" in text
    for line in ("Goal “Lead a design review” done", "“Read the staff engineer book” set for before the next meeting",
                 "Result recorded for “Write the doc before the meeting”", "Agenda prepared for",
                 "Agreement revisit pushed to", "Thanks logged", "Note added to", "Wins: Shipped the first draft"):
        assert line in text, line
    await pilot.press("ctrl+s")
    await pilot.pause()


@pytest.mark.parametrize("role", ["mentee", "mentor"])
async def test_a_full_review_with_keys_only(store, clock, role):
    rel_id = workbook(store, role)
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(140, 50)) as pilot:  # wide: summary lines unwrapped
        await pilot.pause()
        await walk_review(pilot, store, rel_id)
    review = store.review("2026-W48")
    assert review.completed_at == clock.now()
    assert review.answers["wins"] == "Shipped the first draft"
    # The guide-check answer became a note on its practice.
    assert any(entry.item == "" and entry.note.endswith("weekly review: Listened more") for entry in store.checklist(rel_id))
    # A mentor's answer about what they learned went to the learning log.
    learned = [entry.text for entry in store.learnings(rel_id)]
    assert learned == (["How to run a blameless retro"] if role == "mentor" else [])
    assert len(review.changes) == 7 + (role == "mentor")
    goals = {g.title: g for g in store.goals(rel_id)}
    assert goals["Lead a design review"].status == "done"
    assert goals["Read the staff engineer book"].before_next_meeting
    next_meeting = [m for m in store.meetings(rel_id) if m.status == "planned"][0]
    agenda = [item.text for item in store.agenda(next_meeting.id)]
    assert "Ask about design docs" in agenda and "Send the draft" in agenda
    assert store.current_agreement(rel_id).revisit_on > clock.today()
    assert [f.kind for f in store.feedback(rel_id)][:1] == ["thanks"]
    # The mentor's feedback step shows the rubric of feedback given this week.
    assert store.feedback(rel_id)


async def test_leaving_mid_way_resumes_at_the_same_step(db_path, clock):
    store = Store.open(db_path, clock)
    rel_id = workbook(store, "mentee")
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.pause()
        await pilot.press("a")
        await type_text(pilot, "Half a thought")
        await pilot.press("escape", "escape")  # out of the answer box, then out of the review
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    store.close()
    reopened = Store.open(db_path, clock)
    review = reopened.review("2026-W48")
    assert review.step == 4 and review.completed_at is None
    app = make_app(store=reopened, start_mode="review")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert "Step 5 of 8 — Guide check" in text
    # The guide-check answer was kept as a note on its practice.
    assert any(entry.note.endswith("weekly review: Half a thought") for entry in reopened.checklist(rel_id))
    reopened.close()


def test_streak_counts_iso_weeks_across_a_year_boundary(store):
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2025, 1, 1))
    for week in ("2026-W50", "2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02"):
        review = store.start_review(week)
        store.update_review(review.id, completed_at=dt.datetime(2027, 1, 1))
    store.start_review("2026-W48")  # started, not completed: breaks nothing, counts nothing
    assert reviews.streak(store, dt.date(2027, 1, 13)) == 6  # this week (W02) done
    assert reviews.streak(store, dt.date(2027, 1, 20)) == 6  # W03 still to do: counts up to W02
    assert reviews.streak(store, dt.date(2027, 1, 27)) == 0  # W03 missed
    assert reviews.streak(store, dt.date(2026, 12, 30)) == 4  # W53 of 2026


async def test_history_shows_past_reviews_streak_and_chart(store, clock):
    rel_id = workbook(store, "mentee")
    for week in ("2026-W46", "2026-W47"):
        past = store.start_review(week)
        store.update_review(past.id, completed_at=dt.datetime(2026, 11, 20, 10), answers={"wins": f"Win of {week}"})
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")  # focus leaves the answer box…
        app.screen.query_one("#steps").focus()
        await pilot.press("h")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Streak: 2 weeks in a row" in text
        assert "2026-W47" in text and "2026-W46" in text
        await pilot.press("down", "down")
        await pilot.pause()
        assert "Win of 2026-W46" in screen_text(pilot)


async def test_an_empty_week_in_french_says_none_in_the_feminine(store):
    """Modifications, réponses, actions: all feminine, so « aucune »."""
    workbook(store, "mentee")
    app = make_app(store=store, start_mode="review", lang="fr")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        lines = [line.split("▕")[-1].strip(" │") for line in screen_text(pilot).splitlines()]
        assert lines[lines.index("Modifications") + 1] == "aucune"
        assert lines[lines.index("Réponses") + 1] == "aucune"
    assert store.review("2026-W48").answers == {}


async def test_dashboard_shows_each_signal_and_jumps(store, clock):
    rel_id = workbook(store, "mentee")
    store.add_action(store.meetings(rel_id)[0].id, "Overdue thing", due_on=dt.date(2026, 11, 1))
    store.add_goal(rel_id, "Late goal", due_on=dt.date(2026, 11, 1))
    ended = store.add_relationship(partner="Daniel", role="mentee", started_on=dt.date(2025, 1, 1))
    store.close_relationship(ended.id, dt.date(2026, 6, 1))
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        text = screen_text(pilot)
        for expected in ("Next meeting: Tuesday, December 1, 2026 18:00 · no agenda yet — prepare it",
                         "1 overdue action: Overdue thing", "Goals: 0% done · 1 overdue",
                         "1 piece of advice awaits a result", "Agreement: the revisit date (Nov 20, 2026) has come",
                         "This week's review: to do · streak 0 weeks", "Daniel",
                         "Stay in touch: news is due (since Sep 1, 2026)"):
            assert expected in text, expected
        # The review line leads to the review, of that relationship.
        options = app.screen.query_one("#signals")
        review_line = next(i for i in range(options.option_count)
                           if "This week's review" in str(options.get_option_at_index(i).prompt))
        options.highlighted = review_line
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.relationship.id == rel_id
        # The ended relationship's line switches to it and opens the thanks step.
        await pilot.press("escape")  # leave the review (1 would be typed in its answer box)
        await pilot.pause()
        options = app.screen.query_one("#signals")
        options.highlighted = next(i for i in range(options.option_count)
                                   if "Stay in touch" in str(options.get_option_at_index(i).prompt))
        await pilot.press("enter")
        await pilot.pause()
        assert app.relationship.id == ended.id
        assert "Step 7 of 8 — Thanks and news" in screen_text(pilot)
        assert "News for Daniel is due" in screen_text(pilot)


async def test_completing_a_goal_in_the_review_asks_about_its_open_sub_goals(store, clock):
    rel_id = workbook(store, "mentee")
    parent = next(g for g in store.goals(rel_id) if g.title == "Lead a design review")
    store.add_goal(rel_id, "Draft the agenda", parent_id=parent.id)
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Lead a design review" in screen_text(pilot)
        await pilot.press("space")
        await pilot.pause()
        # As on the Goals screen: the open sub-goal is not left behind unasked.
        assert "“Lead a design review” still has 1 open sub-goal." in screen_text(pilot)
        await pilot.press("escape")  # escape changes nothing
        await pilot.pause()
        assert {g.title: g.status for g in store.goals(rel_id)}["Lead a design review"] == "open"
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        statuses = {g.title: g.status for g in store.goals(rel_id)}
        assert statuses["Lead a design review"] == statuses["Draft the agenda"] == "done"
        assert [c["what"] for c in store.review("2026-W48").changes] == ["Goal “{title}” done"]
        await pilot.press("ctrl+z")  # one change: both come back
        await pilot.pause()
        statuses = {g.title: g.status for g in store.goals(rel_id)}
        assert statuses["Lead a design review"] == statuses["Draft the agenda"] == "open"


async def test_pushing_the_revisit_without_an_agreement_leaves_nothing_to_undo(store):
    with store.bulk():  # not undoable: ctrl+z has nothing else to take back
        rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
        review = store.start_review("2026-W48")
        store.save_review_progress(review.id, step=reviews.STEPS.index("agreement"), answers={})
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "No agreement yet: m writes it down." in screen_text(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert messages[-1] == "Nothing to undo." and not any(m.startswith("Undone") for m in messages)
    assert store.agreements(rel.id) == [] and store.review("2026-W48").changes == []
