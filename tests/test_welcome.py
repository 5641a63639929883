"""The first-run welcome as a new user goes through it: enter goes on from every step, the
defaults it shows are what gets saved, and quitting never drops what was typed."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.app import make_app
from mentortui.ui.screens.relationship import RelationshipScreen
from mentortui.ui.wizard import LeaveQuestion, WizardScreen
from tests.ui_helpers import fill_field, screen_text, type_text

TODAY = dt.date(2026, 11, 26)  # the frozen clock's day (tests/conftest.py)
SIX_MONTHS_ON = dt.date(2027, 5, 26)


async def test_quitting_with_a_name_typed_asks_and_saves_it(store):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ana Souza")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LeaveQuestion) and app.is_running
        text = screen_text(pilot)
        assert "You have not saved this yet. Quit anyway?" in text
        assert "s Save what you typed" in text and "d Discard" in text and "esc Keep editing" in text
        await pilot.press("ctrl+q")  # asked already: a second ctrl+q waits for the answer
        await pilot.pause()
        assert isinstance(app.screen, LeaveQuestion) and store.relationships() == []
        await pilot.press("s")
        await pilot.pause()
    assert app.return_code == 0 and app.crash is None
    [rel] = store.relationships()
    assert (rel.partner, rel.role, rel.started_on, rel.end_on) == ("Ana Souza", "mentee", TODAY, SIX_MONTHS_ON)
    assert store.current_agreement(rel.id).duration == "6 months"


async def test_quitting_keeps_editing_or_asks_for_the_name_or_discards(store):
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await pilot.pause()
        await fill_field(pilot, "end", "someday")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "What can't be read is not saved: Agreed end (a date or a length)." in screen_text(pilot)
        await pilot.press("escape")  # keep editing: back where the user was, nothing lost
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WizardScreen) and wizard.current == 1
        assert wizard.query_one("#field-end").value == "someday"
        # Without the name, saving says so and stays.
        await pilot.press("ctrl+b")
        await pilot.pause()
        await fill_field(pilot, "partner", "")
        # The palette offers nothing that would leave the welcome (a screen, another form), but
        # starting from a partner's invite instead.
        assert [command.title for command in app.get_system_commands(wizard)] == [
            "Keys", "Change theme", "Quit", "Accept an invite from my partner…"
        ]
        await pilot.press("ctrl+p")  # the palette's Quit asks the same question
        await pilot.pause()
        await type_text(pilot, "quit")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeaveQuestion)
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is wizard and app.is_running and wizard.current == 0
        assert "Nothing saved yet: “Partner's name” is needed. Type it, or quit and discard." in screen_text(pilot)
        assert store.relationships() == []
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert app.return_code == 0 and store.relationships() == []


async def test_saving_a_name_too_long_on_leaving_says_to_fix_it_not_to_type_it(store):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#field-partner").value = "[@click=app.quit]Bob[/] " + "x" * 300
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "What can't be read is not saved: Partner's name." in screen_text(pilot)
        await pilot.press("s")
        await pilot.pause()
        text = " ".join(screen_text(pilot).split())
        assert "Nothing saved yet: “Partner's name” can't be saved as typed. Fix it, or quit and discard." in text
        assert "Too long: 324 characters; the limit is 200." in text and "is needed" not in text
        assert app.is_running
    assert store.relationships() == []


async def test_quitting_from_the_keys_over_the_welcome_asks_too(store):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ana")
        await pilot.press("enter", "question_mark")  # the keys of the welcome, over it
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert [type(screen).__name__ for screen in app.screen_stack][1:] == ["WizardScreen", "LeaveQuestion"]
        await pilot.press("s")
        await pilot.pause()
    assert app.return_code == 0 and app.crash is None
    assert [r.partner for r in store.relationships()] == ["Ana"]


async def test_quitting_with_nothing_typed_quits_at_once(store):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the empty name: "Required.", nothing typed
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not isinstance(app.screen, LeaveQuestion)
    assert app.return_code == 0 and store.relationships() == []


async def test_enter_through_every_step_saves_the_defaults_shown(store):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await pilot.pause()
        # Step 2: the defaults are values in the fields, read back under them.
        text = screen_text(pilot)
        assert "today\n→ Thursday, November 26, 2026" in text and "6 months\n→ 6 months after the start" in text
        await pilot.press("enter", "enter", "enter")  # role, start, end: on to step 3
        await pilot.pause()
        wizard = app.screen
        assert wizard.current == 2
        # The user's own schedule: examples, not values.
        text = screen_text(pilot)
        assert "e.g. every two weeks on tuesday" in text and "e.g. next tuesday 18:00" in text
        assert wizard.query_one("#field-cadence").value == ""
        await pilot.press("enter", "enter", "enter")  # cadence, first meeting, how we meet
        await pilot.pause()
        assert wizard.current == 3
        text = screen_text(pilot)
        assert ("Saving keeps: Ana (mentee), from Thursday, November 26, 2026 to Wednesday,\nMay 26, 2027."
                in text)
        assert "No cadence: meetings won't be proposed until you set one — press m on the\nRelationship screen." in text
        await pilot.press("enter", "enter")  # why, what I hope to learn: saved
        await pilot.pause()
        assert isinstance(app.screen, RelationshipScreen)
    [rel] = store.relationships()
    assert (rel.partner, rel.started_on, rel.end_on) == ("Ana", TODAY, SIX_MONTHS_ON)
    agreement = store.current_agreement(rel.id)
    assert (agreement.duration, agreement.cadence, agreement.cadence_start) == ("6 months", "", None)


async def test_enter_on_the_role_goes_on_and_arrows_change_it(store):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await pilot.pause()
        wizard = app.screen
        assert wizard.focused.id == "field-role"
        await pilot.press("down")  # changes the role in place, the list stays closed
        await pilot.pause()
        assert app.screen is wizard and wizard.focused.id == "field-role"
        text = screen_text(pilot)
        assert "I am the mentor" in text and "up/down changes it; space opens the list" in text
        await pilot.press("enter")
        await pilot.pause()
        assert wizard.current == 1 and wizard.focused.id == "field-started_on"
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert wizard.current == 2 and "Step 3 of 4 · How you will meet" in screen_text(pilot)
        await fill_field(pilot, "cadence", "every week")
        await pilot.press("enter", "enter")
        await pilot.pause()
        # On the ticks, space ticks and enter goes on.
        await pilot.press("space", "enter")
        await pilot.pause()
        assert wizard.current == 3
        text = screen_text(pilot)
        assert "Saving keeps: Ana (mentor)" in text
        assert "Meetings: every week, counted from today (no first meeting given)." in text
        assert "No cadence" not in text and "No way to meet" not in text
        await pilot.press("ctrl+s")
        await pilot.pause()
    [rel] = store.relationships()
    agreement = store.current_agreement(rel.id)
    assert (rel.role, agreement.cadence, agreement.modes) == ("mentor", "FREQ=WEEKLY", ["email"])


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_every_step_shows_its_fields_and_hints_whole(store, size, lang):
    app = make_app(store=store, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ana")
        footer_top = size[1] - 1
        for step in range(4):
            wizard = app.screen
            fields = wizard.query_one(f"#step-{step}")
            assert fields.max_scroll_y == 0  # nothing to scroll to: all of it is in view
            shown = [w for w in (*fields.children, *wizard.query("#wizard-summary")) if w.display]
            for widget in shown:
                assert widget.region.height and widget.region.bottom <= footer_top, (step, widget)
            await pilot.press("ctrl+n")
            await pilot.pause()
        summary = wizard.query_one("#wizard-summary")
        assert summary.display and summary.region.height >= 3
