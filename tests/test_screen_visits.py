"""Visiting the main screens: each is drawn with its own styles only, whatever was shown
before it, and showing one the first time reads no stylesheet (which would make Textual parse
every stylesheet again and restyle every screen already built)."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from mentortui.app import make_app
from mentortui.core import i18n
from mentortui.core.cadence import describe_cadence
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



def _count_calls(obj, name: str) -> list[int]:
    """Count the calls of ``obj.name`` (one element per call)."""
    calls: list[int] = []
    original = getattr(obj, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    setattr(obj, name, counted)
    return calls


async def test_a_later_visit_redraws_nothing_when_nothing_changed(store):
    """Where the goal tree was left is remembered in the workbook, but it is no change to what
    the screens show: coming back to the Guide neither re-reads it nor restyles it."""
    fill_demo(store)
    relationship_id = store.relationships()[0].id
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        guide = app.screen
        first = visible_text(pilot)
        assert "Your practices as mentor" in first
        reloads = _count_calls(guide, "reload")
        restyles = _count_calls(guide, "update_node_styles")
        await pilot.press("3", "down")  # the goal tree's cursor moved: leaving keeps the view
        await pilot.pause()
        goal_id = app.screen.tree.current_node.data.goal.id
        await pilot.press("4", "2")
        await pilot.pause()
        assert app.screen is guide
        assert visible_text(pilot) == first
        assert '"cursor": ' in store.setting(f"goals.tree.{relationship_id}")
        assert (reloads, restyles) == ([], [])
        # A real change does redraw it ("only this goal" done, not its open sub-goals).
        await pilot.press("3", "space", "n", "2")
        await pilot.pause()
        assert store.goal(goal_id).status == "done"
        assert reloads == [1]


async def test_a_screen_left_before_the_terminal_lost_focus_is_restyled(store):
    """The one state a hidden screen's styles miss is the app's own (its focus, its colours):
    a screen left while it was different is restyled on its next visit, and only then."""
    fill_demo(store)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        meetings = app.screen
        restyles = _count_calls(meetings, "update_node_styles")
        await pilot.press("5", "4")
        await pilot.pause()
        assert restyles == []
        await pilot.press("5")
        await pilot.pause()
        app.app_focus = False  # the terminal's window lost the focus (a key would bring it back)
        await pilot.pause()
        await app.switch_mode("meetings")
        await pilot.pause()
        assert app.screen is meetings and restyles == [1]
        assert "We meet every 2" in visible_text(pilot)


# In a fresh interpreter (the test process has Babel loaded): the demo workbook in English, every
# screen visited, the review's steps walked; what each showed and whether Babel was loaded.
VISIT_ALL = textwrap.dedent(
    """
    import asyncio, json, sys
    from pathlib import Path
    from mentortui.app import make_app
    from mentortui.core.clock import FrozenClock
    from tests.ui_helpers import visible_text

    shown = {}

    async def main():
        app = make_app(Path(sys.argv[1]), clock=FrozenClock("2026-11-26T10:00:00"), lang="en")
        async with app.run_test(size=(100, 50)) as pilot:
            await pilot.pause()
            for key in ("2", "3", "4", "5", "7", "6", "ctrl+n", "ctrl+n", "ctrl+n", "h"):
                await pilot.press(key)
                await pilot.pause()
                shown[key] = visible_text(pilot)

    asyncio.run(main())
    print(json.dumps({"shown": shown, "babel": sorted(m for m in sys.modules if m.startswith("babel"))}))
    """
)


def test_english_screens_load_no_babel(store, db_path):
    """Babel's import and locale data cost ~20-25 ms of whichever screen first wrote a day name,
    a short date, a percentage or a count: English writes them without it, as Babel would."""
    fill_demo(store)
    store.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    result = subprocess.run([sys.executable, "-c", VISIT_ALL, str(db_path)], capture_output=True, text=True,
                            env=env, timeout=120, check=True)
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["babel"] == []
    shown = seen["shown"]
    assert "We meet every 2 weeks on Wednesday." in shown["4"]
    assert "Wed Dec 9, 2026 12:00   video call  planned" in shown["4"]
    assert "next meeting Wed, Dec 9 12:00" in shown["3"]
    assert "Grow a professional network                                               Dec 4   80%" in shown["3"]


def test_english_words_written_without_babel_are_babels():
    from babel import Locale
    from babel.dates import format_date, match_skeleton
    from babel.lists import format_list
    from babel.numbers import format_decimal, format_percent

    from mentortui.ui.widgets.goal_tree import percent

    english = Locale.parse("en")
    for day in (dt.date(2026, 11, 23) + dt.timedelta(days=n) for n in range(0, 400, 9)):
        assert i18n.format_date(day, "EEE", "en") == format_date(day, "EEE", locale="en")
        for skeleton in ("MMMd", "yMMM", "MMMEd"):
            pattern = english.datetime_skeletons[match_skeleton(skeleton, english.datetime_skeletons)].pattern
            assert i18n.format_skeleton(day, skeleton, "en") == format_date(day, pattern, locale="en")
    assert [percent(n, "en") for n in range(101)] == [format_percent(n / 100, locale="en") for n in range(101)]
    assert [f"{n:,}" for n in (0, 7, 999, 1000, 123456)] == [format_decimal(n, locale="en")
                                                           for n in (0, 7, 999, 1000, 123456)]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday"]
    for count in range(1, 5):
        rule = "FREQ=WEEKLY;BYDAY=" + ",".join(day[:2].upper() for day in days[:count])
        assert describe_cadence(rule, "en") == "every " + format_list(days[:count], locale="en")


async def test_what_a_first_showing_built_is_kept_out_of_full_collections_until_the_app_closes(
        store, monkeypatch):
    """A full pass of the cyclic collector walked every object of the app (100-220 ms under
    load, in whichever visit it fell): what is built by a screen's first showing is frozen, once
    per screen; later visits freeze nothing more, and closing the app gives it all back."""
    fill_demo(store)
    monkeypatch.setattr(gc, "freeze", gc.freeze)  # put back after the test
    freezes = _count_calls(gc, "freeze")
    app = make_app(store=store)
    frozen = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        frozen.append(len(freezes))
        for key, shown in (("2", "Your practices as mentor"), ("4", "We meet every 2"), ("2", "Your practices"),
                           ("4", "We meet every 2")):
            await pilot.press(key)
            await pilot.pause()
            assert shown in visible_text(pilot)
            frozen.append(len(freezes))
        assert gc.get_freeze_count() > 0
    assert frozen == [1, 2, 3, 3, 3]  # the dashboard, the Guide, Meetings; later visits: nothing more
    assert gc.get_freeze_count() == 0


async def test_the_meetings_list_first_shown_draws_its_rows_once_with_the_next_meeting_in_view(
        store, monkeypatch):
    """Shown before it had a size, the list drew its rows at the top, then again once it had
    scrolled to the next meeting (~30 ms on the large demo): now once, already scrolled."""
    from textual.widgets import DataTable

    fill_demo(store)
    monkeypatch.setattr(DataTable, "render_line", DataTable.render_line)  # put back after the test
    drawn = _count_calls(DataTable, "render_line")
    app = make_app(store=store)
    async with app.run_test(size=(100, 12)) as pilot:  # the next meeting is below the first page
        await pilot.pause()
        drawn.clear()
        await pilot.press("4")
        await pilot.pause()
        table = app.screen.query_one("#meetings", DataTable)
        assert table.scroll_y > 0
        assert 0 < len(drawn) <= table.size.height
        shown = visible_text(pilot)
        assert "Wed Dec 9, 2026 12:00   video call  planned" in shown
        selected = app.screen.query_one("MeetingList").selected_row()
        assert store.meeting(selected.meeting.id).starts_at == dt.datetime(2026, 12, 9, 12, 0)


async def test_the_guides_rows_wrap_beside_their_mark_without_a_table_per_row(store, monkeypatch):
    """Each checklist row was a Rich table grid (measured, then drawn, for each of ~40 rows): it
    is drawn as its text wrapped beside its mark, and a wrapped item keeps its indent under its
    label, here at 80 columns."""
    from rich.table import Table

    fill_demo(store)
    monkeypatch.setattr(Table, "__rich_console__", Table.__rich_console__)  # put back after the test
    tables = _count_calls(Table, "__rich_console__")
    app = make_app(store=store)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        shown = visible_text(pilot).splitlines()
        assert "Identify why you want to become a     5/5   ▏ Identify why you want to become a" in shown
        assert "mentor                                      ▏ mentor  5 of 5 done" in shown
        assert "  ✓ Name what you hope to learn from your   ▏ is essential to understanding" in shown
        assert "    mentee (mentortui's tip) ✎              ▏ your expectations and your" in shown
        assert tables == []
        # A row follows the workbook: the item moved on shows its new mark, its indent kept.
        before = _checklist_states(store)
        await pilot.press("down", "down", "down", "down", "space")
        await pilot.pause()
        shown = visible_text(pilot).splitlines()
        assert any(line.startswith("  ○ Understand your expectations and your") for line in shown)
        assert any(line.startswith("    preferences     ") for line in shown)
    after = _checklist_states(store)
    assert [(key, before.get(key), state) for key, state in after.items() if before.get(key) != state] == [
        (("M1", "preferences-known"), "done", "todo")]


def _checklist_states(store) -> dict[tuple[str, str], str]:
    return {(entry.practice, entry.item): entry.state for entry in store.checklist(store.relationships()[0].id)}


# A fresh interpreter: a screen shown first (argv[2]), the forms it imported, then what a key
# (argv[3]) shows.
FIRST_SHOWING_THEN_KEY = textwrap.dedent(
    """
    import asyncio, json, sys
    from pathlib import Path
    from mentortui.app import make_app
    from mentortui.core.clock import FrozenClock
    from tests.ui_helpers import visible_text

    seen = {}

    async def main():
        app = make_app(Path(sys.argv[1]), clock=FrozenClock("2026-11-26T10:00:00"), lang="en")
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await pilot.press(sys.argv[2])
            await pilot.pause()
            seen["shown"] = visible_text(pilot)
            seen["forms"] = sorted(m for m in sys.modules if m == "mentortui.ui.forms" or m.endswith("_forms"))
            # what only an exchange or an export needs: the merge engine, time zones, calendars
            seen["export only"] = sorted(m for m in sys.modules if m.split(".")[0] in ("pycrdt", "zoneinfo", "icalendar"))
            await pilot.press(sys.argv[3])
            await pilot.pause()
            seen["then"] = visible_text(pilot)

    asyncio.run(main())
    print(json.dumps(seen))
    """
)


def _first_showing_then(db_path: Path, screen_key: str, key: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    result = subprocess.run([sys.executable, "-c", FIRST_SHOWING_THEN_KEY, str(db_path), screen_key, key],
                            capture_output=True, text=True, env=env, timeout=120, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def test_the_guides_first_showing_loads_its_forms_only_when_one_opens(store, db_path):
    """The candidate and note forms (with every form's machinery, ~9 ms) come with the first
    form opened, not with the Guide's first showing."""
    fill_demo(store)
    store.close()
    seen = _first_showing_then(db_path, "2", "e")
    assert "Your practices as mentor" in seen["shown"]
    assert seen["forms"] == []
    assert "Identify why you want to become a mentor" in seen["then"]  # the note form


def test_the_reviews_first_showing_loads_no_form(store, db_path):
    """The agreement, feedback and goal forms its steps open (~30 ms of imports) come with the
    first one opened (tests/test_review.py opens them), not with the review's first showing."""
    fill_demo(store)
    store.close()
    seen = _first_showing_then(db_path, "6", "escape")
    assert "Weekly review · 2026-W48" in seen["shown"]
    assert seen["forms"] == []
    assert "What needs you" in seen["then"]


def test_the_relationship_screen_of_an_unpaired_relationship_loads_no_merge_engine(store, db_path):
    """The partner card says "not paired" from the pairing table alone: the merge engine and
    pycrdt (~50 ms of imports) come with the first exchange, not with the screen's first showing."""
    fill_demo(store)
    store.close()
    seen = _first_showing_then(db_path, "7", "x")
    assert "x Partner…" in seen["shown"]
    assert seen["export only"] == []
    assert "Your partner: Sam Rivera" in seen["then"]


def test_the_meetings_first_showing_loads_nothing_only_an_export_needs(store, db_path):
    """Time zones (zoneinfo, with the system's config, ~3 ms) and icalendar come with an ICS
    export, not with the Meetings screen's first showing."""
    fill_demo(store)
    store.close()
    seen = _first_showing_then(db_path, "4", "escape")
    assert "We meet every 2 weeks on Wednesday." in seen["shown"]
    assert seen["export only"] == []
