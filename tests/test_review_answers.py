"""The weekly review as typed: screen keys act until the user asks to answer, every
question is read whole, and answers become goals and practice notes."""

from __future__ import annotations

import datetime as dt

import pytest
from textual import events
from textual.widgets import Label, TextArea

from mentortui.app import make_app
from mentortui.data import review as reviews
from mentortui.data.store import Store
from mentortui.domain.relationships import delete_relationship
from mentortui.ui.screens.dashboard import DashboardScreen
from mentortui.ui.screens.goals import GoalsScreen
from mentortui.ui.screens.guide import GuideScreen
from mentortui.ui.screens.review import ReviewScreen
from tests.test_goals import line_of, tree_lines
from tests.test_guide import highlight
from tests.ui_helpers import screen_text, type_text

WEEK = "2026-W48"  # the frozen clock's


def workbook(store: Store, role: str = "mentee") -> int:
    """A relationship with a goal due soon (the goals step has a list) and an agreement."""
    rel = store.add_relationship(partner="Ana", role=role, started_on=dt.date(2026, 9, 1))
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", cadence_start=dt.datetime(2026, 9, 1, 18))
    store.add_goal(rel.id, "Lead a design review", due_on=dt.date(2026, 12, 1))
    return rel.id


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def go_to_step(pilot, step: str) -> None:
    while pilot.app.screen.step != step:
        await press(pilot, "ctrl+n")


def painted(app, widget) -> str:
    """What the terminal shows where ``widget`` is, its lines joined by spaces: a question cut
    by the edge, hidden under something or scrolled out of view reads differently."""
    update = app.screen._compositor.render_full_update()
    lines = ["".join(segment.text for segment in strip) for strip in update.strips]
    region = widget.region
    rows = lines[region.y:region.bottom]
    return " ".join(" ".join(row[region.x:region.right].split()) for row in rows).strip()


# ---- keys: screen keys act, answering is asked for ------------------------------------------


async def test_a_screen_key_pressed_right_after_opening_the_review_switches_screen(store):
    rel_id = workbook(store)
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not isinstance(app.focused, TextArea)
        assert "a Answer" in screen_text(pilot)
        await press(pilot, "3")
        assert isinstance(app.screen, GoalsScreen)
        await press(pilot, "6")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one("#answer-0", TextArea).text == ""
        # Asked for, the answer box takes the same key as text.
        await press(pilot, "a")
        await type_text(pilot, "3 wins")
        assert isinstance(app.screen, ReviewScreen)
        await press(pilot, "ctrl+s")
    assert store.review(WEEK).answers == {"wins": "3 wins"}


async def test_escape_leaves_the_answer_box_keeping_the_text_then_the_review(store):
    rel_id = workbook(store)
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "a")
        assert "esc Done answering" in screen_text(pilot)
        await type_text(pilot, "Shipped the draft")
        await press(pilot, "escape")
        assert isinstance(app.screen, ReviewScreen) and not isinstance(app.focused, TextArea)
        assert store.review(WEEK).answers == {"wins": "Shipped the draft"}
        assert "esc Leave" in screen_text(pilot)
        await press(pilot, "enter")  # on the step's text, enter answers too
        assert app.focused.id == "answer-0" and app.focused.text == "Shipped the draft"
        await press(pilot, "escape", "h")  # a screen key again: the history
        assert "Streak" in screen_text(pilot)
        await press(pilot, "h", "escape")
        assert isinstance(app.screen, DashboardScreen)
    assert store.review(WEEK).answers == {"wins": "Shipped the draft"}


async def test_quitting_from_an_answer_box_keeps_what_was_typed(store):
    rel_id = workbook(store)
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "a")
        await type_text(pilot, "Half a win")
        await press(pilot, "ctrl+q")
    assert store.review(WEEK).answers == {"wins": "Half a win"}


async def test_a_step_has_an_answer_box_per_question_it_asks_and_answers_are_kept(store):
    """The answer boxes are made as the steps ask for them (six at once made the review slow to
    open): no more boxes than the most questions a step asked so far, and every answer typed
    is saved."""
    rel_id = workbook(store, "mentor")
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        most = 0
        for step in reviews.STEPS:
            await go_to_step(pilot, step)
            questions = [label for label in app.screen.query(".question").results(Label) if label.display]
            most = max(most, len(questions))
            assert len(app.screen.query(TextArea)) == most, step
            if questions:
                shown = " ".join(screen_text(pilot).split())
                assert all(" ".join(str(label.render()).split()) in shown for label in questions)
                await press(pilot, "a", *["tab"] * (len(questions) - 1))
                await type_text(pilot, f"Last answer of {step}")
                await press(pilot, "escape")
        assert most == 4  # the guide check: one question per practice
    # The look back's answer stays as text; the goals step's became a goal.
    assert store.review(WEEK).answers == {"wins": "Last answer of look_back"}
    assert "Last answer of goals" in [goal.title for goal in store.goals(rel_id)]


# ---- questions are read whole ----------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
@pytest.mark.parametrize("role", ["mentee", "mentor"])
@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_every_question_of_every_step_is_on_screen_whole(store, lang, role, size):
    rel_id = workbook(store, role)
    for n in range(8):  # a goals step longer than the screen: its question is below the list
        store.add_goal(rel_id, f"Goal due soon number {n}", due_on=dt.date(2026, 12, 2))
    app = make_app(store=store, start_mode="review", lang=lang)
    seen = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for step in reviews.STEPS:
            await go_to_step(pilot, step)
            questions = [label for label in app.screen.query(".question").results(Label) if label.display]
            if not questions:
                continue
            await press(pilot, "a")  # the way to answer: each question comes into view with its box
            for index, label in enumerate(questions):
                if index:
                    await press(pilot, "tab")
                assert app.focused.id == f"answer-{index}"
                question = str(label.render())
                assert painted(app, label) == " ".join(question.split()), (step, question)
                seen.append(question)
            await press(pilot, "escape")
    # The wins, before the next meeting, (a mentor: what they learned,) three practices.
    assert len(seen) == 5 + (role == "mentor")
    assert sum(" — " in question for question in seen) == 3


# ---- answers become data ---------------------------------------------------------------------


async def test_lines_for_before_the_next_meeting_become_goals_undone_by_one_ctrl_z(store):
    rel_id = workbook(store)
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await go_to_step(pilot, "goals")
        await press(pilot, "a")
        await type_text(pilot, "Call Ana about the talk")
        await press(pilot, "enter")
        await type_text(pilot, "- Draft the design doc")
        await press(pilot, "enter", "enter", "ctrl+s")
        planned = [g for g in store.goals(rel_id) if g.before_next_meeting]
        assert [(g.title, g.owner, g.horizon, g.status, g.parent_id) for g in planned] == [
            ("Call Ana about the talk", "mentee", "step", "open", None),
            ("Draft the design doc", "mentee", "step", "open", None),
        ]
        # The answer became the goals: the box is empty, the step lists them, saving again adds none.
        assert app.screen.query_one("#answer-0", TextArea).text == ""
        text = screen_text(pilot)
        assert "Call Ana about the talk  ◆ before next meeting" in text
        assert "Draft the design doc  ◆ before next meeting" in text
        await press(pilot, "ctrl+s", "ctrl+n", "ctrl+b")
        assert len(store.goals(rel_id)) == 3
        assert "“Draft the design doc” added for before the next meeting" in [
            reviews.describe_change(c) for c in store.review(WEEK).changes
        ]
        await press(pilot, "3")
        assert isinstance(app.screen, GoalsScreen)
        assert "◆" in line_of(app, "Call Ana about the talk") and "◆" in line_of(app, "Draft the design doc")
        await press(pilot, "ctrl+z")
        assert [g.title for g in store.goals(rel_id)] == ["Lead a design review"]
        assert not any("Call Ana" in line or "Draft the design doc" in line for line in tree_lines(app))
    assert store.review(WEEK).changes == []


async def test_a_list_pasted_from_a_terminal_with_carriage_returns_becomes_one_goal_a_line(store):
    """Terminals (tmux, xterm) paste line breaks as carriage returns: each is a line break."""
    rel_id = workbook(store)
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await go_to_step(pilot, "goals")
        await press(pilot, "a")
        app.post_message(events.Paste("Call Ana\r- Draft the doc\r\nBook the room"))
        await press(pilot, "escape")
        assert "Call Ana  ◆ before next meeting" in screen_text(pilot)
    assert [g.title for g in store.goals(rel_id) if g.before_next_meeting] == [
        "Call Ana", "Draft the doc", "Book the room"]


async def test_a_guide_check_answer_becomes_a_dated_note_on_its_practice(store):
    rel_id = workbook(store)
    store.set_checklist(rel_id, "E1", "", note="Asked Ana and Bo last spring")
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await go_to_step(pilot, "guide_check")
        first_question = str(app.screen.query_one("#question-0", Label).render())
        assert first_question.startswith("Choose a mentor carefully")  # E1, the mentee's thinnest practice
        await press(pilot, "a")
        await type_text(pilot, "Still the right person for the talk")
        await press(pilot, "escape")
        note = next(e.note for e in store.checklist(rel_id) if (e.practice, e.item) == ("E1", ""))
        assert note == ("Asked Ana and Bo last spring\n\n"
                        "Nov 26, 2026, weekly review: Still the right person for the talk")
        assert store.review(WEEK).answers.get(f"{rel_id}:guide-E1", "") == ""
        assert app.screen.query_one("#answer-0", TextArea).text == ""
        # The Guide screen shows it under the practice, from the practice's row and its items'.
        await press(pilot, "2")
        assert isinstance(app.screen, GuideScreen)
        await highlight(pilot, "E1")
        text = " ".join(screen_text(pilot).split())  # the detail pane wraps at 80 columns
        assert "My notes on this practice: Asked Ana and Bo last spring" in text
        assert "Nov 26, 2026, weekly review: Still the right person for the talk" in text
        await press(pilot, "down")
        assert "weekly review: Still the right person for the talk" in " ".join(screen_text(pilot).split())
        await press(pilot, "ctrl+z")
        assert "weekly review" not in screen_text(pilot)
    assert [e.note for e in store.checklist(rel_id) if (e.practice, e.item) == ("E1", "")] == [
        "Asked Ana and Bo last spring"
    ]


async def test_a_guide_answer_for_a_relationship_another_window_deleted_does_not_stop_the_app(store, db_path, clock):
    ids = {workbook(store), store.add_relationship(partner="Bo", role="mentor", started_on=dt.date(2026, 9, 1)).id}
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await go_to_step(pilot, "guide_check")
        await press(pilot, "a")
        gone = reviews.split_answer_key(app.screen._questions[0][0])[0]  # whose the first box is
        (kept,) = ids - {gone}
        await type_text(pilot, "Asked more than I told")
        other = Store.open(db_path, clock)  # a second copy of the app, on the same workbook
        delete_relationship(other, gone)
        other.close()
        await press(pilot, "escape")
        assert app.is_running and app.crash is None
        assert any("no longer exists" in n.message for n in app._notifications)
        await press(pilot, "ctrl+n")
        assert app.screen.step == "agreement"
    assert [e for e in store.checklist(kept) if e.note] == []


async def test_an_answer_refused_as_goals_is_said_once_not_at_every_step(store):
    rel_id = workbook(store)
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await go_to_step(pilot, "goals")
        await press(pilot, "a")
        app.post_message(events.Paste("Call Ana\n" + "y" * 600))
        await press(pilot, "escape", "ctrl+n", "ctrl+b", "ctrl+n")

        def refusals() -> int:
            return sum("This answer stays as text" in n.message for n in app._notifications)

        assert refusals() == 1
        await press(pilot, "ctrl+b", "a", "end", "z", "escape")  # changed, still too long: said again
        assert refusals() == 2
    assert [g.title for g in store.goals(rel_id)] == ["Lead a design review"]
    assert store.review(WEEK).answers[f"{rel_id}:goals"] == "Call Ana\n" + "y" * 600 + "z"  # kept as text

