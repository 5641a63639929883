"""Visiting the main screens: each is drawn with its own styles only, whatever was shown
before it, and showing one the first time reads no stylesheet (which would make Textual parse
every stylesheet again and restyle every screen already built)."""

from __future__ import annotations

from mentortui.app import make_app
from mentortui.exchange.demo import fill_demo
from tests.ui_helpers import visible_text

SIZE = (100, 50)  # tall enough for the Relationship screen's history under its cards


async def _shown_after(store, *keys: str) -> str:
    """What the terminal shows after pressing ``keys``, in a fresh app."""
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        return visible_text(pilot)


async def test_each_screen_looks_the_same_whatever_was_visited_before(store):
    fill_demo(store)
    # The Relationship screen and the review's history both have a box called "history":
    # each keeps its own size after the other screen was shown.
    relationship_alone = await _shown_after(store, "7")
    assert "Agreement history" in relationship_alone
    assert await _shown_after(store, "6", "escape", "7") == relationship_alone
    history_alone = await _shown_after(store, "6", "h")
    assert "Streak: 4 weeks in a row" in history_alone
    assert await _shown_after(store, "7", "6", "h") == history_alone
    # A dialog's questions are spaced out; the review's, which have the same class, are not.
    review_alone = await _shown_after(store, "6")
    assert "A line on this week's wins:" in review_alone
    assert await _shown_after(store, "question_mark", "escape", "6") == review_alone


async def test_showing_a_screen_the_first_time_reads_no_stylesheet(store):
    fill_demo(store)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        files = {path for path, class_var in app.stylesheet.source if not class_var}
        for key, shown in (("2", "Your practices as mentor"), ("3", "View: all goals"), ("4", "We meet every 2"),
                           ("5", "What was said"), ("7", "Agreement history"), ("6", "Weekly review · 2026-W48")):
            await pilot.press(key)
            await pilot.pause()
            assert shown in visible_text(pilot)
            assert {path for path, class_var in app.stylesheet.source if not class_var} == files

