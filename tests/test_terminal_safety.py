"""Stored or pasted text never acts on the terminal.

The workbook here is written with raw SQL, as rows stored before any cleaning on the way in
would be: every free-text column holds the whole hostile corpus. The app is then walked
through every main screen and the dialogs, forms and views reachable from them, and at each
stop everything the terminal would be sent is checked: the text of every rendered segment
holds no escape, control or bidi-override character (the app's own styling is SGR codes
between segments, which is allowed), and the full update encodes as UTF-8.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from textual import events
from textual.app import App
from textual.geometry import Region
from textual.widgets import Input, TextArea

from mentortui.app import make_app
from mentortui.data import review as reviews
from mentortui.data.store import Store
from mentortui.ui.editors import SafeInput
from mentortui.ui.text_editor import SafeTextArea
from tests.ui_helpers import fill_field, screen_text

OSC_52 = "\x1b]52;c;aGk=\x1b\\"  # writes "hi" to the clipboard
HUGE = ("All work and no play. " * 12_000)[:250_000]  # over the 200 000-character limit of notes

# One entry per kind of attack; every free-text field of the workbook holds all of them.
HOSTILE = {
    "markup": "[bold]Ship[/] the [@click=app.quit]portfolio[/] [/] [/ [A]",
    "csi": "\x1b[2J\x1b[Hclear \x1b[31mred\x1b[0m \x1b[?1049h",
    "osc0-bel": "\x1b]0;owned\x07title0",
    "osc2-bel": "\x1b]2;owned\x07title2",
    "osc2-st": "\x1b]2;owned\x1b\\title2st",
    "osc8-link": "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "osc52-st": OSC_52 + "clip-st",
    "osc52-bel": "\x1b]52;c;aGk=\x07clip-bel",
    "dcs": "\x1bP1$r0m\x1b\\dcs",
    "c1-csi": "\x9b2J\x9b31mc1csi",
    "c1-osc": "\x9d2;owned\x9cc1osc",
    "c0": "bell\x07 back\x08 cr\r nul\x00 del\x7f",
    "bidi": "ab\u202ecd \u2066iso\u2069 \u200fmark",
    "multi-line": "first line\nsecond\tline\n\nthird",
}
CORPUS = "\n".join(HOSTILE.values())
ONE_LINE = " ".join(HOSTILE.values()).replace("\n", " ")
# A lone surrogate cannot be stored (SQLite's driver refuses to encode it), but it can be
# pasted or set in an editor: the editor tests below cover it.
LONE_SURROGATE = "half\ud800pair"

# Columns of free text, per table: one-line ones get the corpus on one line (still raw).
ONE_LINE_COLUMNS = {
    "relationships": ["partner"], "goals": ["title"], "agenda_items": ["text"], "actions": ["text"],
    "candidates": ["name"], "agreements": ["duration", "reason"],
}
TEXT_COLUMNS = {
    "relationships": ["why", "hope_to_learn"], "goals": ["notes"], "meetings": ["notes"],
    "feedback": ["text", "result"], "candidates": ["notes"], "checklist": ["note"],
    "agreements": ["my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations",
                   "my_limits", "their_limits"],
    "learnings": ["text"],
}

# Anything a terminal acts on: C0 (tab and newline included: a rendered segment never holds
# them), DEL, C1, bidi embeddings/overrides/isolates/marks, and surrogates.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")
# What the app itself sends around the text in a full update: SGR styling, cursor moves,
# synchronized output and the line ends between rows.
OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;:]*m|\x1b\[\d+;\d+H|\x1b\[\?2026[hl]|\n")


def hostile_workbook(store: Store) -> None:
    """A workbook with every kind of row, then every free-text column overwritten raw."""
    today = dt.date(2026, 11, 26)
    rel = store.add_relationship(partner="p", role="mentee", started_on=dt.date(2026, 9, 1), why="w")
    mentoring = store.add_relationship(partner="q", role="mentor", started_on=dt.date(2026, 10, 1))
    store.add_learning(mentoring.id, date=today, text="l")
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", my_responsibilities="r", duration="d",
                         revisit_on=dt.date(2026, 11, 1))
    parent = store.add_goal(rel.id, "g", notes="n", due_on=dt.date(2026, 12, 1))
    child = store.add_goal(rel.id, "c", parent_id=parent.id, notes="n")
    store.add_goal(rel.id, "h", notes="huge")
    planned = store.add_meeting(rel.id, dt.datetime(2026, 12, 1, 18), notes="n")
    held = store.add_meeting(rel.id, dt.datetime(2026, 11, 24, 18), status="held", notes="n")
    for meeting in (planned, held):
        store.add_agenda_item(meeting.id, "t", goal_id=child.id)
        store.add_action(meeting.id, "a", due_on=dt.date(2026, 11, 20))
    store.add_feedback(rel.id, direction="received", kind="advice", text="f", date=dt.date(2026, 10, 1))
    store.add_feedback(rel.id, direction="given", kind="praise", text="f", date=dt.date(2026, 11, 25))
    store.add_candidate("n", notes="n")
    store.set_checklist(rel.id, "E2", "agenda-set", note="n")
    past = store.start_review("2026-W47")
    store.update_review(past.id, completed_at=dt.datetime(2026, 11, 20, 10, 5))
    reviews.open_review(store, today)
    store.set_setting("active_relationship", str(rel.id))
    with store.change("hostile"):
        db = store.db
        for tables, value in ((ONE_LINE_COLUMNS, ONE_LINE), (TEXT_COLUMNS, CORPUS)):
            for table, columns in tables.items():
                for column in columns:
                    db.execute(f"UPDATE {table} SET {column} = ?", [value])  # noqa: S608 (names are ours)
        db.execute("UPDATE goals SET notes = ? WHERE title = 'h'", [HUGE])
        db.execute("UPDATE meetings SET notes = ? WHERE status = 'held'", [CORPUS + "\n" + HUGE])
        answers = {"wins": CORPUS, "goals": CORPUS, "guide-E2": CORPUS}
        changes = [{"what": "Goal “{title}” done", "params": {"title": ONE_LINE}}]
        db.execute("UPDATE reviews SET answers = ?, changes = ?",
                   [json.dumps(answers, ensure_ascii=False), json.dumps(changes, ensure_ascii=False)])


class TerminalCheck:
    """Checks what the current screen would send to the terminal; counts what it saw."""

    def __init__(self, app) -> None:
        self.app = app
        self.widgets: set[int] = set()  # distinct widgets rendered
        self.renders = 0  # widget renders checked, over all stops
        self.showing: set[str] = set()  # the widgets seen showing (part of) the hostile text
        self.stops: list[str] = []

    def __call__(self, where: str) -> None:
        screen = self.app.screen
        self.stops.append(where)
        for widget in screen.query("*"):
            if not widget.display or not widget.size.area or not widget.is_on_screen:
                continue
            width, height = widget.outer_size
            for y, strip in enumerate(widget.render_lines(Region(0, 0, width, height))):
                for segment in strip:
                    bad = UNSAFE.findall(segment.text)
                    assert not bad, f"{where}: {widget!r} line {y} sends {bad!r} in {segment.text[:80]!r}"
                if any(word in strip.text for word in ("portfolio", "clip-st", "title2st", "c1osc")):
                    self.showing.add(widget.id or type(widget).__name__)
            self.widgets.add(id(widget))
            self.renders += 1
        update = screen._compositor.render_update(full=True)
        sequence = update.render_segments(self.app.console)
        sequence.encode("utf-8")  # what the driver does: a lone surrogate would raise here
        leftover = UNSAFE.findall(OWN_SEQUENCES.sub("", sequence))
        assert not leftover, f"{where}: the update sends {sorted(set(leftover))!r}"


async def test_osc52_in_meeting_notes_does_not_reach_the_terminal(store):
    hostile_workbook(store)
    app = make_app(store=store, start_mode="meetings")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # open the first meeting: its notes are in the editor
        await pilot.pause()
        TerminalCheck(app)("meeting notes")
        notes = app.screen.query_one("#notes", TextArea)
        assert "clip-st" in notes.text and "\x1b" not in notes.text and "\x07" not in notes.text
        assert "first line\nsecond\tline" in notes.text  # newlines and tabs stay
        # Opening is not an edit: the stored row is untouched until the user types.
        await pilot.press("escape")
        await pilot.pause()
    assert all(OSC_52 in notes for (notes,) in store.db.execute("SELECT notes FROM meetings").fetchall())


# The walk: (keys pressed, the screen or dialog that must then be showing). Every stop is
# checked; a step that doesn't reach its screen fails, so nothing is skipped unnoticed.
WALK = [
    (["2"], "GuideScreen"),
    (["e"], "FormScreen"), (["escape"], "GuideScreen"),
    (["slash", "PASTE"], "GuideScreen"), (["escape"], "GuideScreen"),
    (["c"], "GuideScreen"),
    (["e"], "FormScreen"), (["escape"], "GuideScreen"),
    (["delete"], "GuideScreen"), (["ctrl+z"], "GuideScreen"),  # the notifications name it
    (["escape"], "GuideScreen"),
    (["3"], "GoalsScreen"),
    (["enter"], "FormScreen"), (["escape"], "GoalsScreen"),
    (["f"], "GoalsScreen"), (["f"], "GoalsScreen"),
    (["slash", "PASTE"], "GoalsScreen"), (["escape"], "GoalsScreen"),
    (["4"], "MeetingsScreen"),
    (["enter"], "MeetingsScreen"),
    (["e"], "FormScreen"), (["escape"], "MeetingsScreen"),
    (["g"], "GoalPicker"), (["escape"], "MeetingsScreen"),
    (["delete"], "MeetingsScreen"), (["ctrl+z"], "MeetingsScreen"),  # "Undone: …" names the item
    (["n"], "MeetingsScreen"), (["PASTE"], "MeetingsScreen"),
    (["escape", "escape"], "MeetingsScreen"),
    (["down", "enter"], "FormScreen"), (["escape"], "MeetingsScreen"),  # schedule the proposed date
    (["up", "up", "enter"], "MeetingsScreen"),  # the held meeting: hostile and huge notes
    (["escape"], "MeetingsScreen"),
    (["delete"], "ConfirmScreen"), (["escape"], "MeetingsScreen"),
    (["5"], "FeedbackScreen"),
    (["enter"], "FormScreen"), (["escape"], "FeedbackScreen"),
    (["down", "r"], "FormScreen"), (["escape"], "FeedbackScreen"),  # the advice: its result
    (["slash", "PASTE"], "FeedbackScreen"), (["escape"], "FeedbackScreen"),
    (["delete"], "FeedbackScreen"), (["ctrl+z"], "FeedbackScreen"),
    (["6"], "ReviewScreen"),
    *[(["ctrl+n"], "ReviewScreen") for _step in range(8)],
    (["h"], "ReviewScreen"), (["down"], "ReviewScreen"), (["h"], "ReviewScreen"),
    (["7"], "RelationshipScreen"),
    (["e"], "FormScreen"), (["escape"], "RelationshipScreen"),
    (["m"], "FormScreen"), (["escape"], "RelationshipScreen"),
    (["c"], "ClosingChecklistScreen"), (["enter"], "FormScreen"), (["escape"], "ClosingChecklistScreen"),
    (["escape"], "RelationshipScreen"),
    (["delete"], "ConfirmScreen"), (["escape"], "RelationshipScreen"),
    (["x"], "PartnerScreen"), (["i"], "FormScreen"), (["escape"], "RelationshipScreen"),  # the partner dialogs
    (["x", "a"], "FormScreen"), (["escape"], "RelationshipScreen"),
    (["question_mark"], "HelpScreen"), (["escape"], "RelationshipScreen"),
    (["ctrl+o"], "SwitcherScreen"), (["escape"], "RelationshipScreen"),
    (["ctrl+p", "c", "l", "i", "p"], "CommandPalette"), (["down"], "CommandPalette"),
    (["PASTE"], "CommandPalette"), (["escape"], "RelationshipScreen"),
    (["ctrl+o"], "SwitcherScreen"), (["down", "enter"], "RelationshipScreen"),  # the mentor's: what they learned
    (["l"], "FormScreen"), (["escape"], "RelationshipScreen"),
    (["1"], "DashboardScreen"), (["enter"], None),
]


async def test_every_screen_and_dialog_keeps_hostile_text_off_the_terminal(store):
    hostile_workbook(store)
    app = make_app(store=store, start_mode="dashboard")
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        check = TerminalCheck(app)
        await pilot.pause()
        check("start")
        for keys, expected in WALK:
            for key in keys:
                if key == "PASTE":
                    app.post_message(events.Paste(CORPUS + LONE_SURROGATE))
                else:
                    await pilot.press(key)
                await pilot.pause()
            where = f"{' '.join(keys)} → {type(app.screen).__name__} (focus: {app.focused!r})"
            assert expected is None or expected in [cls.__name__ for cls in type(app.screen).__mro__], where
            check(where)
    # The walk reached every kind of place that shows stored or pasted text: editors, lists,
    # trees, details, the review history, the palette, switcher, header and notifications.
    assert {
        "notes", "answer-0", "past-review", "field-notes", "field-why", "field-partner", "field-result",
        "field-name", "field-my_responsibilities", "goal-tree", "agenda", "actions", "feedback-table",
        "relationships", "goals-filter", "guide-filter", "feedback-find", "CommandInput", "CommandList",
        "HeaderTitle", "Toast", "learnings",
    } <= check.showing
    print(f"\n{len(HOSTILE)} hostile strings in every field × {len(check.widgets)} widgets "
          f"({check.renders} widget renders) checked at {len(check.stops)} stops")


# ---- editors: every way text gets in ------------------------------------------------------


class _Editors(App):
    def compose(self):
        yield SafeInput(value=CORPUS + LONE_SURROGATE, id="line")
        yield SafeTextArea(CORPUS + LONE_SURROGATE, id="area")


async def test_editors_clean_text_however_it_gets_in():
    app = _Editors()
    async with app.run_test(size=(120, 30)) as pilot:
        line, area = app.query_one("#line", Input), app.query_one("#area", TextArea)
        check = TerminalCheck(app)
        check("constructed")
        line.value = OSC_52 + LONE_SURROGATE
        line.insert("\x1b]2;owned\x07x", 0)
        area.text = OSC_52 + "set"
        area.insert("\x9b2J\u202einserted\ud800")
        area.replace("\x1b]0;t\x07replaced", (0, 0), (0, 0))
        await pilot.pause()
        check("assigned and inserted")
        area.load_text("tab\there\nnext line " + OSC_52)
        area.focus()
        app.post_message(events.Paste("\x1b]52;c;aGk=\x07pasted\nline two\ud800"))
        await pilot.pause()
        check("pasted")
        assert line.value == "xhalf\ufffdpair"
        assert area.text.startswith("pasted\nline two\ufffdtab\there\nnext line ")
        assert not UNSAFE.search(area.text.replace("\n", "").replace("\t", ""))


async def test_paste_of_three_lines_into_a_name_keeps_every_line_and_says_so(store):
    app = make_app(store=store)  # an empty workbook opens on the first-run wizard: the partner's name
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.focused.id == "field-partner"
        app.post_message(events.Paste("Ada\nLovelace\r\n  of the Analytical Engine\n"))
        await pilot.pause()
        assert app.focused.value == "Ada Lovelace of the Analytical Engine"
        assert any("Line breaks were replaced by spaces" in n.message for n in app._notifications)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [r.partner for r in store.relationships()] == ["Ada Lovelace of the Analytical Engine"]


async def test_paste_over_a_fields_limit_is_kept_whole_with_a_message_until_shortened(store):
    rel = store.add_relationship(partner="Ada", role="mentee", started_on=dt.date(2026, 9, 1))
    app = make_app(store=store, start_mode="relationship")
    long_name = "Ada " + "L" * 246  # 250 characters, the limit is 200
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        name = app.screen.query_one("#field-partner", Input)
        name.focus()
        name.clear()
        app.post_message(events.Paste(long_name))
        await pilot.pause()
        assert name.value == long_name  # nothing dropped
        message = "Too long: 250 characters; the limit is 200. Shorten it to save."
        assert message in screen_text(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "FormScreen" and message in screen_text(pilot)
        assert store.relationship(rel.id).partner == "Ada"
        await fill_field(pilot, "partner", "Ada L.")
        await pilot.pause()
        assert "Too long" not in screen_text(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert store.relationship(rel.id).partner == "Ada L."


async def test_notes_over_the_limit_are_kept_with_a_message_not_a_crash(store):
    hostile_workbook(store)
    app = make_app(store=store, start_mode="meetings")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("up", "enter", "n")  # the held meeting: its notes are over 200 000 characters
        await pilot.pause()
        notes = app.screen.query_one("#notes", TextArea)
        typed_before = len(notes.text)
        await pilot.press("end", "x")
        await pilot.press("tab")  # leaving the notes saves them
        await pilot.pause()
        assert app.is_running and len(notes.text) == typed_before + 1
        assert any("The notes were not saved: the text is too long" in n.message for n in app._notifications)
    stored = {notes for (notes,) in store.db.execute("SELECT notes FROM meetings").fetchall()}
    assert CORPUS + "\n" + HUGE in stored  # unchanged, not cut


async def test_first_run_wizard_keeps_pasted_hostile_text_off_the_terminal(store):
    app = make_app(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        check = TerminalCheck(app)
        await pilot.pause()
        for step in range(4):  # the last shows the summary, with the name in it
            for field in app.screen.query("#field-partner, #field-why, TextArea"):  # the free-text fields
                if field.display and field.is_on_screen:
                    field.focus()
                    await pilot.pause()
                    # The name gets what fits in its 200 characters, once cleaned.
                    short = HOSTILE["osc52-st"] + HOSTILE["bidi"] + HOSTILE["markup"] + HOSTILE["multi-line"]
                    pasted = short if field.id == "field-partner" else CORPUS
                    app.post_message(events.Paste(pasted + LONE_SURROGATE))
                    await pilot.pause()
            check(f"wizard step {step + 1}")
            await pilot.press("ctrl+n")
            await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    [relationship] = store.relationships()
    assert "clip-st" in relationship.partner and not UNSAFE.search(relationship.partner)
