"""Dates as the user writes them, in the forms: 3/12 follows the locale (12 March in en_US,
3 December in en_GB and French), the preview says how it was read; a due date in the past,
marking a meeting held before its time and booking a slot already taken each ask first."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable

from mentortui.app import make_app
from mentortui.ui.forms import ConfirmScreen, FormScreen
from tests.ui_helpers import fill_field, screen_text, type_text, widget_text


@pytest.fixture
def locale(monkeypatch):
    """Run as a user whose locale is ``name`` (LANG; nothing overrides it)."""

    def use(name: str) -> None:
        for variable in ("LC_ALL", "LC_TIME"):
            monkeypatch.delenv(variable, raising=False)
        monkeypatch.setenv("LANG", name)

    return use


@pytest.fixture
def rel(store):
    return store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))


async def open_screen(pilot, key: str) -> None:
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()


async def new_goal(pilot, title: str, due: str) -> None:
    """On the Goals screen: a new goal's form, filled in, not saved yet."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)
    await type_text(pilot, title)
    await fill_field(pilot, "due_on", due)
    await pilot.pause()


def shown(pilot) -> str:
    """The screen's text with lines joined: a question wraps where the terminal ends."""
    return " ".join(screen_text(pilot).split())


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


# ---- day and month in the user's order -------------------------------------------------------


@pytest.mark.parametrize(
    ("locale_name", "lang", "preview", "due"),
    [
        ("en_GB.UTF-8", "en", "→ Thursday, December 3, 2026", dt.date(2026, 12, 3)),
        ("en_US.UTF-8", "en", "→ Friday, March 12, 2027", dt.date(2027, 3, 12)),  # the nearest 12 March
        ("fr_FR.UTF-8", "fr", "→ jeudi 3 décembre 2026", dt.date(2026, 12, 3)),
    ],
)
async def test_3_12_as_a_due_date_follows_the_locale(store, rel, locale, locale_name, lang, preview, due):
    locale(locale_name)
    app = make_app(store=store, lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "3")
        await new_goal(pilot, "Present the design", "3/12")
        assert preview in screen_text(pilot)
        await save(pilot)
        assert not isinstance(app.screen, FormScreen)
        [goal] = store.goals(rel.id)
        assert (goal.title, goal.due_on) == ("Present the design", due)


async def test_the_preference_overrides_the_locale(store, rel, locale):
    locale("en_GB.UTF-8")
    app = make_app(store=store)
    app.preferences.set("date_order", "month-day")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "3")
        await new_goal(pilot, "Present the design", "3/12")
        assert "→ Friday, March 12, 2027" in screen_text(pilot)
        await save(pilot)
        assert store.goals(rel.id)[0].due_on == dt.date(2027, 3, 12)


async def test_a_meeting_time_follows_the_locale(store, rel, locale):
    locale("en_GB.UTF-8")
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "4")
        await pilot.press("a")
        await pilot.pause()
        await fill_field(pilot, "when", "3/12 14:00")
        await pilot.pause()
        assert "→ Thursday, December 3, 2026 14:00" in screen_text(pilot)
        await save(pilot)
        [meeting] = store.meetings(rel.id)
        assert meeting.starts_at == dt.datetime(2026, 12, 3, 14, 0)


# ---- a due date in the past ------------------------------------------------------------------


async def test_a_past_due_date_asks_and_no_keeps_the_form_as_typed(store, rel):
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "3")
        await new_goal(pilot, "Send the draft", "2026-11-20")
        assert "→ Friday, November 20, 2026 · This date is in the past" in screen_text(pilot)
        await save(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Save with a past due date?" in shown(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-title").value == "Send the draft"
        assert app.screen.query_one("#field-due_on").value == "2026-11-20"
        assert store.goals(rel.id) == []
        await save(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        [goal] = store.goals(rel.id)
        assert goal.due_on == dt.date(2026, 11, 20)
        assert "Send the draft" in screen_text(pilot)


async def test_an_overdue_goal_edited_without_changing_its_date_asks_nothing(store, rel):
    goal = store.add_goal(rel.id, "Send the draft", due_on=dt.date(2026, 11, 20))
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "3")
        await pilot.press("e")
        await pilot.pause()
        await fill_field(pilot, "title", "Send the second draft")
        await save(pilot)
        assert not isinstance(app.screen, (FormScreen, ConfirmScreen))
        assert store.goal(goal.id).title == "Send the second draft"


async def test_an_action_due_in_the_past_asks_the_same_question(store, rel):
    meeting = store.add_meeting(rel.id, dt.datetime(2026, 11, 24, 17, 30), mode="video", status="held")
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "4")
        await pilot.press("enter", "tab")  # the meeting, then its actions
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Book a room")
        await fill_field(pilot, "due_on", "yesterday")
        await pilot.pause()
        assert "This date is in the past" in screen_text(pilot)
        await save(pilot)
        assert "Save with a past due date?" in screen_text(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#field-due_on").value == "yesterday"
        assert store.actions(meeting.id) == []
        await save(pilot)
        await pilot.press("y")
        await pilot.pause()
        [action] = store.actions(meeting.id)
        assert (action.text, action.due_on) == ("Book a room", dt.date(2026, 11, 25))


# ---- meetings: held before their time, a slot already taken -----------------------------------


async def test_marking_a_meeting_held_before_its_time_asks(store, rel):
    meeting = store.add_meeting(rel.id, dt.datetime(2026, 12, 8, 18, 0), mode="video", status="planned")
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "4")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "This meeting is on Tue Dec 8, 2026 18:00; mark it held anyway?" in shown(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert store.meeting(meeting.id).status == "planned"
        assert "planned" in widget_text(app.screen.query_one("#meetings", DataTable))
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert store.meeting(meeting.id).status == "held"
        assert "Marked held." in " ".join(n.message for n in app._notifications)


async def test_a_meeting_whose_time_has_come_is_marked_held_at_once(store, rel):
    meeting = store.add_meeting(rel.id, dt.datetime(2026, 11, 24, 17, 30), mode="video", status="planned")
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "4")
        await pilot.press("h")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert store.meeting(meeting.id).status == "held"


async def test_booking_a_slot_already_taken_asks(store, rel):
    taken = store.add_meeting(rel.id, dt.datetime(2026, 12, 1, 17, 30), mode="video", status="planned")
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "4")
        await pilot.press("a")
        await pilot.pause()
        await fill_field(pilot, "when", "2026-12-01 17:30")
        await save(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Another meeting with Ana is planned on Tue Dec 1, 2026 17:30. Book this one anyway?" in shown(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-when").value == "2026-12-01 17:30"
        assert store.meetings(rel.id) == [taken]
        await save(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert [m.starts_at for m in store.meetings(rel.id)] == [taken.starts_at] * 2


async def test_the_slot_question_shows_the_partners_name_literally(store):
    rel = store.add_relationship(partner="[b]Ana[/b] \x1b[31mSouza", role="mentee", started_on=dt.date(2026, 9, 1))
    store.add_meeting(rel.id, dt.datetime(2026, 12, 1, 17, 30), mode="video", status="planned")
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "4")
        await pilot.press("a")
        await pilot.pause()
        await fill_field(pilot, "when", "2026-12-01 18:00")
        await save(pilot)
        assert "Another meeting with [b]Ana[/b] Souza is planned on" in shown(pilot)
        assert "\x1b" not in screen_text(pilot)
