"""In a meeting's notes, ctrl+g logs the line under the cursor (or the selection) as advice
in the feedback log, says so, shows the key, and ctrl+z takes it back."""

from __future__ import annotations

from textual.widgets import DataTable, TextArea
from textual.widgets.text_area import Selection

from mentortui.app import make_app
from mentortui.ui.help import HelpScreen
from tests.domain.test_meetings import at, last_meeting, relationship  # noqa: F401 (fixtures)
from tests.ui_helpers import screen_text


def advice_rows(store):
    return store.conn.execute("SELECT kind, direction, date, text, goal_id FROM feedback").fetchall()


async def test_the_line_under_the_cursor_becomes_advice_and_undo_removes_it(store, relationship, last_meeting):
    store.update_meeting(last_meeting.id, notes="## Advice received\n- Pair on one code review a week\n- Say no more often")
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        app.screen.query_one("#meetings", DataTable).move_cursor(row=0)
        await pilot.press("enter", "n")
        await pilot.pause()
        notes = app.screen.query_one("#notes", TextArea)
        assert app.screen.focused is notes
        assert "^g Line to advice" in screen_text(pilot)  # the key, in the footer
        notes.move_cursor((1, 4))
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert advice_rows(store) == [("advice", "received", "2026-11-24", "Pair on one code review a week", None)]
        assert any("Advice received, logged in Feedback: “Pair on one code review a week”" in n.message
                   for n in app._notifications)
        assert notes.text.startswith("## Advice received\n- Pair")  # the notes stay as written
        # A selection over two lines: one entry holding both.
        notes.selection = Selection((1, 0), (2, 19))
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert advice_rows(store)[-1][3] == "Pair on one code review a week\nSay no more often"
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and "Line to advice" in screen_text(pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # out of the notes, where ctrl+z undoes typing
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(advice_rows(store)) == 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert advice_rows(store) == []
        assert any(n.message == "Undone: Advice from the notes “Pair on one code review a week”"
                   for n in app._notifications)
        await pilot.press("5")
        await pilot.pause()
        assert "Pair on one code review" not in screen_text(pilot)


async def test_a_long_line_is_logged_whole_and_quoted_on_one_short_line(store, relationship, last_meeting):
    long_advice = "Try pairing daily " + "z" * 600
    store.update_meeting(last_meeting.id, notes="- " + long_advice)
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        app.screen.query_one("#meetings", DataTable).move_cursor(row=0)
        await pilot.press("enter", "n")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert advice_rows(store)[-1][3] == long_advice  # the whole line is kept
        [said] = [n.message for n in app._notifications if "logged in Feedback" in n.message]
        assert "“Try pairing daily zzz" in said and "…”" in said and len(said) < 160
