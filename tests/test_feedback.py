"""Screen 5, Feedback: the log is filled, filtered and paged with keys only, and every
result is checked on screen and in the database. The data layer's paging, positions and
progress update are checked directly."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from textual import events
from textual.widgets import Select

from mentortui.app import make_app
from mentortui.core.refs import FeedbackAbout, FeedbackRef
from mentortui.ui.navigation import Navigate
from mentortui.core.clock import FrozenClock
from mentortui.data import feedback as log
from mentortui.domain import feedback as actions
from mentortui.exchange.json_backup import export_workbook, import_workbook
from mentortui.exchange.progress_update import free_update_path
from mentortui.data.feedback import LogFilter
from mentortui.data.store import Store, insert_sql
from mentortui.core.files import write_private
from mentortui.ui.forms import ConfirmScreen, FormScreen
from mentortui.ui.screens.feedback import FeedbackScreen
from mentortui.ui.widgets.windowed_table import WindowedTable
from tests.ui_helpers import fill_field, screen_text, type_text, widget_text

TODAY = dt.date(2026, 11, 26)  # the frozen clock's Thursday
HOSTILE = "[@click=app.quit]Thanks[/] \x1b]0;pwned\x07 [bold]"


@pytest.fixture
def mentor(store):
    return store.add_relationship(partner="Ana Souza", role="mentor", started_on=dt.date(2026, 9, 1))


@pytest.fixture
def mentee(store):
    return store.add_relationship(partner="Margaret Okafor", role="mentee", started_on=dt.date(2026, 9, 1))


def entries(store, relationship_id, log_filter=LogFilter()):
    return log.entries_page(store, relationship_id, log_filter, limit=1000)


async def open_log(pilot):
    await pilot.pause()
    await pilot.press("5")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FeedbackScreen)


async def choose(pilot, field: str, value) -> None:
    """Pick ``value`` in a choice field with the keyboard: open it, move, enter."""
    select = pilot.app.screen.query_one(f"#field-{field}", Select)
    values = [choice for _prompt, choice in select._options]
    current = values.index(select.value if select.value is not Select.NULL else Select.NULL)
    select.focus()
    await pilot.pause()
    steps = values.index(value) - current
    await pilot.press("enter", *(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await pilot.pause()


def status(pilot) -> str:
    return widget_text(pilot.app.screen.query_one("#feedback-status"))


def detail(pilot) -> str:
    return widget_text(pilot.app.screen.query_one("#feedback-detail-text"))


def shown(pilot) -> str:
    """The screen's text, the table's rows included."""
    table = pilot.app.screen.query_one(WindowedTable)
    return screen_text(pilot) + ("\n" + widget_text(table) if table.display else "")


async def test_add_given_constructive_feedback_with_the_rubric(store, mentor):
    goal = store.add_goal(mentor.id, "Run the design review")
    app = make_app(store=store)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_log(pilot)
        assert "No feedback logged yet" in screen_text(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        # A mentor logging: given, constructive — the rubric is shown, nothing ticked.
        assert form.query_one("#field-rubric").display
        assert "Names the main ways to improve" in screen_text(pilot)
        await fill_field(pilot, "text", "The plan lists ten goals; pick the two that matter most this quarter.")
        await choose(pilot, "goal_id", goal.id)
        form.query_one("#field-rubric").focus()
        await pilot.press("space", "down", "space", "down", "down", "down", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        [entry] = entries(store, mentor.id)
        assert (entry.date, entry.direction, entry.kind, entry.goal_id) == (TODAY, "given", "constructive", goal.id)
        assert entry.rubric == ["honest", "about-the-work", "confidence"]
        text = shown(pilot)
        assert "Row 1 of 1" in text and "constructive" in text and "The plan lists ten goals" in text
        assert "Run the design review" in text
        assert "☑ Honest" in detail(pilot) and "☐ No shaming" in detail(pilot)

        # Praise has no rubric: the boxes go away, and are not kept when saving.
        await pilot.press("e")
        await pilot.pause()
        await choose(pilot, "kind", "praise")
        assert not app.screen.query_one("#field-rubric").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        [entry] = entries(store, mentor.id)
        assert (entry.kind, entry.rubric) == ("praise", [])
        assert "Rubric" not in detail(pilot)


async def test_received_advice_tried_result_and_the_awaiting_list_shrinks(store, mentee, clock):
    old = store.add_feedback(mentee.id, direction="received", kind="advice", text="Block two mornings a week for focus",
                             date=dt.date(2026, 10, 6))
    store.add_feedback(mentee.id, direction="received", kind="praise", text="Great write-up", date=dt.date(2026, 10, 7))
    app = make_app(store=store)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_log(pilot)
        # A mentee logs advice received (the form's default for a mentee).
        await pilot.press("a")
        await pilot.pause()
        assert not app.screen.query_one("#field-rubric").display  # received: no rubric
        await fill_field(pilot, "date", "2026-11-20")
        await fill_field(pilot, "text", "Ask each reviewer for one concrete change")
        await pilot.press("ctrl+s")
        await pilot.pause()
        new = next(e for e in entries(store, mentee.id) if e.text.startswith("Ask each"))
        assert (new.direction, new.kind, new.date, new.result, new.tried) == ("received", "advice", dt.date(2026, 11, 20), "", None)

        await pilot.press("w")
        await pilot.pause()
        assert "Row 1 of 2" in status(pilot) and "awaiting a result" in status(pilot)
        assert shown(pilot).count("awaiting") >= 2
        assert "press r to say what came of it" in detail(pilot)
        # The selected one (newest) gets a result: tried, what happened, when.
        await pilot.press("r")
        await pilot.pause()
        assert "Ask each reviewer for one concrete change" in screen_text(pilot)
        await fill_field(pilot, "result", "Reviews came back twice as fast")
        await fill_field(pilot, "result_on", "yesterday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        done = store.feedback_entry(new.id)
        assert (done.tried, done.result, done.result_on) == (True, "Reviews came back twice as fast", dt.date(2026, 11, 25))
        # The list shrank: only the older advice still waits, and it is selected.
        assert "Row 1 of 1" in status(pilot)
        assert "Block two mornings" in detail(pilot)
        assert [e.id for e in store.advice_awaiting_result(mentee.id)] == [old.id]
        # Not tried is an answer too.
        await pilot.press("r")
        await pilot.pause()
        await choose(pilot, "tried", "no")
        await fill_field(pilot, "result", "No quiet slot this month")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.feedback_entry(old.id).tried is False
        assert "Nothing matches these filters" in screen_text(pilot)
        assert store.advice_awaiting_result(mentee.id) == []
        # Undo brings the advice back to the list.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Row 1 of 1" in status(pilot) and store.feedback_entry(old.id).result == ""
        await pilot.press("c")
        await pilot.pause()
        # Clearing the filters keeps the selected entry: the oldest of the three.
        assert "Row 3 of 3" in status(pilot) and "Block two mornings" in detail(pilot)
        assert "tried" in shown(pilot)


async def test_filters_by_direction_kind_goal_and_words(store, mentee):
    talk = store.add_goal(mentee.id, "Give a talk")
    rows = [
        ("received", "advice", "Rehearse the talk twice", talk.id, dt.date(2026, 11, 1)),
        ("received", "praise", "Clear slides", talk.id, dt.date(2026, 11, 2)),
        ("given", "thanks", "Thank you for the introduction", None, dt.date(2026, 11, 3)),
        ("received", "constructive", "Estimates slip by a third", None, dt.date(2026, 11, 4)),
        ("given", "progress-update", "Design document sent", None, dt.date(2026, 11, 5)),
    ]
    for direction, kind, text, goal_id, day in rows:
        store.add_feedback(mentee.id, direction=direction, kind=kind, text=text, goal_id=goal_id, date=day)
    app = make_app(store=store)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_log(pilot)
        assert "Row 1 of 5" in status(pilot) and "Design document sent" in detail(pilot)
        await pilot.press("d")  # given
        await pilot.pause()
        assert "Row 1 of 2" in status(pilot) and "given" in status(pilot)
        await pilot.press("d")  # received
        await pilot.pause()
        assert "Row 1 of 3" in status(pilot)
        await pilot.press("k", "k", "k")  # advice → praise → constructive
        await pilot.pause()
        assert "Row 1 of 1" in status(pilot) and "Estimates slip" in detail(pilot)
        await pilot.press("c")  # every entry again, the selected one kept
        await pilot.pause()
        assert "Row 2 of 5" in status(pilot) and "showing" not in status(pilot)
        assert "Estimates slip" in detail(pilot)

        # Goal: chosen from the relationship's goals.
        await pilot.press("g")
        await pilot.pause()
        await choose(pilot, "goal_id", talk.id)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Row 1 of 2" in status(pilot) and "goal “Give a talk”" in status(pilot)
        assert "Clear slides" in detail(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert "Row 4 of 5" in status(pilot)

        # Words, typed after /: accents and case don't matter, prefixes match.
        await pilot.press("slash")
        await pilot.pause()
        await type_text(pilot, "INTRO")
        await pilot.pause()
        assert "Row 1 of 1" in status(pilot) and "Thank you for the introduction" in detail(pilot)
        await pilot.press("enter")  # back to the list, filter kept
        await pilot.pause()
        assert isinstance(app.focused, WindowedTable)
        await pilot.press("slash")
        await type_text(pilot, " zzz")
        await pilot.pause()
        assert "Nothing matches these filters" in screen_text(pilot)
        await pilot.press("escape")  # closes the word filter and clears it
        await pilot.pause()
        assert "Row 1 of 5" in status(pilot) and "Design document sent" in detail(pilot)
        assert not app.screen.query_one("#feedback-find").display


async def test_thanks_in_one_key_edit_and_delete_with_undo(store, mentee):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.focused.id == "field-text"  # the thank-you text comes first
        await type_text(pilot, "Thank you for the intro")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [thanks] = entries(store, mentee.id)
        assert (thanks.kind, thanks.direction, thanks.date) == ("thanks", "given", TODAY)
        assert " e Edit" in screen_text(pilot)  # the footer offers what now applies
        await pilot.press("e")
        await pilot.pause()
        await fill_field(pilot, "date", "-3d")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.feedback_entry(thanks.id).date == dt.date(2026, 11, 23)
        await pilot.press("delete")
        await pilot.pause()
        assert entries(store, mentee.id) == []
        assert "No feedback logged yet" in screen_text(pilot) and " e Edit" not in screen_text(pilot)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [e.id for e in entries(store, mentee.id)] == [thanks.id]
        assert "Thank you for the intro" in detail(pilot)


async def test_progress_update_is_composed_logged_and_written_as_markdown(store, mentee, tmp_path):
    store.add_feedback(mentee.id, direction="given", kind="progress-update", text="Last update", date=dt.date(2026, 11, 1))
    advice = store.add_feedback(mentee.id, direction="received", kind="advice", text="Write the summary first",
                                date=dt.date(2026, 10, 20))
    actions.record_result(store, advice.id, tried=True, result="The review took\nhalf the time", result_on=dt.date(2026, 11, 10))
    early = store.add_goal(mentee.id, "Reached before the last update")
    store.update_goal(early.id, status="done")
    goal = store.add_goal(mentee.id, "Publish the design doc")
    store.update_goal(goal.id, status="done")
    store.add_goal(mentee.id, "Book the rehearsal", before_next_meeting=True)
    store.conn.execute("UPDATE goals SET done_at = '2026-10-30T09:00:00' WHERE id = ?", [early.id])
    target = tmp_path / "update.md"
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_log(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await fill_field(pilot, "path", str(target))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        written = target.read_text(encoding="utf-8")
        assert written.startswith("# Progress update — Nov 26, 2026")
        assert "covering Nov 1, 2026 to Nov 26, 2026" in written
        assert "- Write the summary first (Oct 20, 2026)\n  - I tried it, Nov 10, 2026: The review took half the time" in written
        assert "## Goals reached\n\n- Publish the design doc (Nov 26, 2026)" in written
        assert "Reached before the last update" not in written
        assert "## Before our next meeting\n\n- Book the rehearsal" in written
        update = entries(store, mentee.id)[0]
        assert (update.kind, update.direction, update.date, update.text) == ("progress-update", "given", TODAY, written)
        assert "Row 1 of 3" in status(pilot) and "Progress update" in detail(pilot)
        # The same file again asks first: "no" logs nothing and keeps the form and the file.
        await pilot.press("p")
        await pilot.pause()
        # The form offers the folder the last update went to.
        assert app.screen.query_one("#field-path").value == str(tmp_path / "progress-update-2026-11-26.md")
        await fill_field(pilot, "path", str(target))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "exists. Replace it with this update?" in screen_text(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert len(entries(store, mentee.id)) == 3 and target.read_text(encoding="utf-8") == written
        # "yes" replaces it (still private) and logs the update.
        await fill_field(pilot, "text", "Second update")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert target.read_text(encoding="utf-8") == "Second update" and target.stat().st_mode & 0o777 == 0o600
        assert len(entries(store, mentee.id)) == 4


def test_free_update_path_numbers_taken_names(tmp_path):
    first = free_update_path(tmp_path, TODAY)
    assert first.name == "progress-update-2026-11-26.md"
    write_private(first, "x")
    assert free_update_path(tmp_path, TODAY).name == "progress-update-2026-11-26-2.md"
    with pytest.raises(FileExistsError):
        write_private(first, "y")
    assert first.stat().st_mode & 0o777 == 0o600


def _bulk_feedback(store, relationship_id, count):
    """``count`` entries, one a day going back from TODAY ("entry 0" is the newest), every
    third one advice received."""
    columns = ["relationship_id", "date", "direction", "kind", "text", "rubric", "result", "created_at"]
    rows = [
        [relationship_id, (TODAY - dt.timedelta(days=n)).isoformat(), "received" if n % 3 == 0 else "given",
         "advice" if n % 3 == 0 else "praise", f"entry {n}", "[]", "", "2026-01-01T00:00:00"]
        for n in range(count)
    ]
    with store.bulk():
        store.conn.executemany(insert_sql("feedback", columns), rows)


def test_paging_and_positions_follow_the_log_order(store, mentee):
    _bulk_feedback(store, mentee.id, 500)
    everything = entries(store, mentee.id)
    assert [e.date for e in everything] == sorted((e.date for e in everything), reverse=True)
    page = log.entries_page(store, mentee.id, offset=250, limit=10)
    assert [e.id for e in page] == [e.id for e in everything[250:260]]
    for index in (0, 1, 137, 499):
        assert log.position_of(store, mentee.id, LogFilter(), everything[index].id) == index
    awaiting = LogFilter(awaiting=True)
    waiting = entries(store, mentee.id, awaiting)
    assert log.count_entries(store, mentee.id, awaiting) == len(waiting) == 167
    assert all(log.awaits_result(e) for e in waiting)
    assert log.position_of(store, mentee.id, awaiting, waiting[40].id) == 40
    praise = next(e for e in everything if e.kind == "praise")
    assert log.position_of(store, mentee.id, awaiting, praise.id) is None  # filtered out
    assert log.count_entries(store, mentee.id, LogFilter(text="entry 42")) >= 1
    assert log.count_entries(store, mentee.id, LogFilter(text="?!")) == 0


async def test_a_long_log_is_paged_through_a_window(store, mentee):
    _bulk_feedback(store, mentee.id, 1000)
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        table = app.screen.query_one(WindowedTable)
        window = table.window_size
        assert table.row_count == window < 1000
        assert "Row 1 of 1,000" in status(pilot) and "entry 0" in detail(pilot)
        await pilot.press("end")
        await pilot.pause()
        assert "Row 1,000 of 1,000" in status(pilot) and "entry 999" in detail(pilot)
        await pilot.press("home")
        await pilot.pause()
        n = window + 3  # past the first window's edge
        for _ in range(n):
            await pilot.press("down")
        await pilot.pause()
        assert f"Row {n + 1} of 1,000" in status(pilot) and f"entry {n}" in detail(pilot).splitlines()
        assert table.start > 0 and table.row_count == window
        await pilot.press("pagedown")
        await pilot.pause()
        assert table.position > n and f"entry {table.position}" in detail(pilot).splitlines()
        await pilot.press("up")
        await pilot.pause()
        assert f"entry {table.position}" in detail(pilot).splitlines()
        # A jump to one entry deep in the log (as search does).
        target = entries(store, mentee.id)[777]
        app.screen.show(FeedbackRef(target.id))
        await pilot.pause()
        assert "Row 778 of 1,000" in status(pilot) and "entry 777" in detail(pilot).splitlines()


async def test_the_mouse_wheel_scrolls_through_the_whole_log(store, mentee):
    _bulk_feedback(store, mentee.id, 1000)
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        table = app.screen.query_one(WindowedTable)

        async def wheel(notches: int) -> None:
            for _ in range(abs(notches)):
                kind = events.MouseScrollDown if notches > 0 else events.MouseScrollUp
                table.post_message(kind(table, 5, 5, 0, 1 if notches > 0 else -1, 0, False, False, False))
                await pilot.pause()

        def first_in_view() -> int:
            return table.start + round(table.scroll_y)

        window = table.row_count
        await wheel(window)  # two rows a notch: well past the first window
        assert table.start > 0 and first_in_view() == 2 * window
        assert f"entry {2 * window}" in shown(pilot) and "entry 0\n" not in shown(pilot)
        # The cursor stays on a row the table holds, the detail shows its entry, and the
        # keyboard goes on from there.
        assert table.start <= table.position < table.start + table.row_count
        assert f"entry {table.position}" in detail(pilot).splitlines()
        before = table.position
        await pilot.press("down")
        await pilot.pause()
        assert table.position == before + 1 and f"entry {before + 1}" in detail(pilot).splitlines()
        await wheel(-window - 5)  # back up, and a little more at the top
        assert table.start == 0 and first_in_view() == 0
        await pilot.press("end")
        await pilot.pause()
        at_the_end = first_in_view()
        await wheel(3)  # nothing more below: it stays
        assert first_in_view() == at_the_end and "entry 999" in shown(pilot)
        await wheel(-window)  # and up from the end, past that window's edge
        assert first_in_view() == at_the_end - 2 * window and table.start < 1000 - window


async def test_jump_to_a_goal_filters_the_log(store, mentee):
    goal = store.add_goal(mentee.id, "Give a talk")
    store.add_feedback(mentee.id, direction="received", kind="advice", text="Rehearse", goal_id=goal.id, date=TODAY)
    store.add_feedback(mentee.id, direction="given", kind="thanks", text="Thanks", date=TODAY)
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(Navigate(FeedbackAbout(goal.id)))
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "feedback"
        assert "Row 1 of 1" in status(pilot) and "goal “Give a talk”" in status(pilot)
        # Adding from there links the new entry to that goal.
        await pilot.press("a")
        await pilot.pause()
        await fill_field(pilot, "text", "Slow down on the demo")
        await pilot.press("ctrl+s")
        await pilot.pause()
        newest = entries(store, mentee.id, LogFilter(goal_id=goal.id))
        assert len(newest) == 2 and {e.text for e in newest} == {"Rehearse", "Slow down on the demo"}


async def test_user_text_is_shown_literally(store, mentee):
    entry = store.add_feedback(mentee.id, direction="received", kind="advice", text=HOSTILE, date=TODAY)
    actions.record_result(store, entry.id, tried=True, result="[/]\x1b[2J done", result_on=TODAY)
    store.add_goal(mentee.id, "[red]goal[/]")
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(pilot)
        assert app.is_running
        text = shown(pilot)
        assert "[@click=app.quit]Thanks[/]" in text and "\x1b" not in text and "pwned" not in text
        assert "[/] done" in detail(pilot)
        await pilot.press("g")  # a goal title with markup in the goal list
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        notices = [str(n.message) for n in app._notifications]
        assert any("[@click=app.quit]Thanks[/]" in n and "\x1b" not in n for n in notices)
        assert app.is_running


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_fits_small_terminals_in_both_languages(store, mentee, size, lang):
    advice = store.add_feedback(mentee.id, direction="received", kind="advice", text="Essayez de répéter deux fois",
                                date=TODAY)
    store.add_feedback(mentee.id, direction="given", kind="thanks", text="Merci pour la présentation", date=TODAY)
    app = make_app(store=store, lang=lang)
    async with app.run_test(size=size) as pilot:
        await open_log(pilot)
        screen = app.screen
        table, panel = screen.query_one(WindowedTable), screen.query_one("#feedback-detail")
        for widget in (table, panel):
            assert widget.region.right <= size[0] and widget.region.height >= 4
        assert table.region.bottom <= panel.region.y
        words = {"en": ("Row 1 of 2", "What was said", "thanks"), "fr": ("Ligne 1 sur 2", "Ce qui a été dit", "remerciement")}
        text = screen_text(pilot) + widget_text(table)
        for word in words[lang]:
            assert word in text
        app.screen.show(FeedbackRef(advice.id))
        await pilot.pause()
        if size[0] >= 70:  # narrower, the result column gives way to the text
            assert ("awaiting" if lang == "en" else "en attente") in widget_text(table)
        assert ("Awaiting a result" if lang == "en" else "En attente d’un résultat") in detail(pilot)
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen.query_one(".dialog")
        assert dialog.region.right <= size[0] and dialog.region.bottom <= size[1]


async def test_columns_follow_the_terminal_width(store, mentee):
    goal = store.add_goal(mentee.id, "Give a conference talk")
    store.add_feedback(mentee.id, direction="received", kind="praise", text="Clear slides", goal_id=goal.id, date=TODAY)
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(pilot)
        table = app.screen.query_one(WindowedTable)

        def columns():
            return [str(key.value) for key in table.columns]

        assert columns() == ["date", "direction", "kind", "text", "outcome"]
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert columns() == ["date", "direction", "kind", "text", "goal", "outcome"]
        assert "Give a conference t…" in widget_text(table)  # cut to the column
        assert table.region.right <= 120
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert columns() == ["date", "direction", "kind", "text"]
        assert "11/26/26" in widget_text(table) and "Clear slides" in widget_text(table)
        # r on something that is not advice says so instead of opening a form.
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert any("Only advice has a result" in str(n.message) for n in app._notifications)


def test_json_export_round_trips_feedback_with_rubric_and_results(tmp_path, clock, store, mentor):
    given = store.add_feedback(mentor.id, direction="given", kind="constructive", text="Name the two main fixes",
                               date=TODAY, rubric=["honest", "no-shaming"])
    advice = store.add_feedback(mentor.id, direction="received", kind="advice", text="Ask more questions", date=TODAY)
    actions.record_result(store, advice.id, tried=False, result="Ran out of time", result_on=TODAY)
    exported = export_workbook(store)
    [relationship] = exported["relationships"]
    by_id = {item["id"]: item for item in relationship["feedback"]}
    assert by_id[given.id]["rubric"] == ["honest", "no-shaming"]
    assert (by_id[advice.id]["tried"], by_id[advice.id]["result"], by_id[advice.id]["result_on"]) == (
        False, "Ran out of time", TODAY.isoformat())
    target = Store.open(tmp_path / "restored.db", FrozenClock(clock.now()))
    try:
        import_workbook(target, json.loads(json.dumps(exported)))
        assert export_workbook(target) == exported
        restored = target.feedback_entry(advice.id)
        assert (restored.tried, restored.result, restored.result_on) == (False, "Ran out of time", TODAY)
        # The search index was filled by the import too.
        assert log.count_entries(target, mentor.id, LogFilter(text="ran out")) == 1
    finally:
        target.close()


async def test_s_shares_an_entry_with_the_partner_and_the_form_ticks_it(store, mentee):
    store.add_feedback(mentee.id, direction="received", kind="praise", text="Great write-up", date=TODAY)
    app = make_app(store=store)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_log(pilot)
        assert "⇄" not in shown(pilot)  # private by default
        await pilot.press("s")
        await pilot.pause()
        [entry] = entries(store, mentee.id)
        assert entry.shared is True
        assert "⇄ Great write-up" in shown(pilot)
        assert "⇄ shared with my partner" in detail(pilot)
        assert any("the next exchange sends it to your partner" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert entries(store, mentee.id)[0].shared is False
        assert "⇄" not in shown(pilot) and "shared with my partner" not in detail(pilot)

        # The form: a new entry ticked "Share with my partner" is logged shared.
        await pilot.press("t")
        await pilot.pause()
        await fill_field(pilot, "text", "Thanks, Ana")
        assert "Share with my partner" in screen_text(pilot)
        app.screen.query_one("#field-shared").focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        thanks = next(e for e in entries(store, mentee.id) if e.text == "Thanks, Ana")
        assert thanks.shared is True
        assert "⇄ Thanks, Ana" in shown(pilot)
        # Editing it shows the tick; untick and save: private again.
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-shared").focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert store.feedback_entry(thanks.id).shared is False
        assert "⇄" not in shown(pilot)
