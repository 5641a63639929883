"""Hostile text everywhere user text is shown or written: literal on screen, inert, no raw
control bytes, exports escaped as their formats require."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from mentortui.app import SCREENS, make_app
from mentortui.exchange.json_backup import export_json
from mentortui.exchange.meetings_export import calendar_ics, workbook_markdown
from mentortui.data.store import Store
from mentortui.core.safetext import clean
from tests.ui_helpers import screen_text

# Markup look-alikes, an action link, terminal escapes (OSC title, clear screen, 8-bit CSI),
# a bidi override, and Markdown that would change the meaning of an export.
HOSTILE = [
    "[bold]Ship[/] the [@click=app.quit]portfolio[/]",
    "[/]",
    "[/",
    "[A]",
    "\x1b]0;owned\x07title",
    "\x1b[2Jclear",
    "\x9b31mred",
    "ab\u202ecd",
    "# Heading? *stars* _under_ `tick` [link](http://x) <b>",
]
CONTROL = [chr(c) for c in range(0, 32) if chr(c) not in "\n\t"] + ["\x7f", "\x9b", "\x9d", "\u202e"]


def hostile_workbook(store: Store, texts: list[str]) -> int:
    one_line = [clean(t, single_line=True).strip() or "x" for t in texts]
    rel = store.add_relationship(partner=one_line[0], role="mentee",
                                 started_on=dt.date(2026, 9, 1), why="\n".join(texts), hope_to_learn=texts[-1])
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", my_responsibilities="\n".join(texts),
                         their_expectations=texts[1], duration=texts[2], revisit_on=dt.date(2026, 11, 1))
    parent_id = None
    for title in one_line:
        parent_id = store.add_goal(rel.id, title, parent_id=parent_id, notes=title).id
    meeting = store.add_meeting(rel.id, dt.datetime(2026, 12, 1, 18), notes="\n".join(texts))
    held = store.add_meeting(rel.id, dt.datetime(2026, 11, 24, 18), status="held", notes="\n".join(texts))
    for text in one_line:
        store.add_agenda_item(meeting.id, text)
        store.add_agenda_item(held.id, text)
        store.add_action(held.id, text, due_on=dt.date(2026, 11, 20))
    for text in texts:
        store.add_feedback(rel.id, direction="received", kind="advice", text=text or "x", date=dt.date(2026, 11, 1))
        store.add_feedback(rel.id, direction="given", kind="constructive", text=text or "x", date=dt.date(2026, 11, 25),
                           rubric=["honest"])
    store.add_candidate(one_line[0], notes="\n".join(texts))
    store.set_checklist(rel.id, "E2", "agenda-set", note="\n".join(texts))
    return rel.id


def assert_inert(text: str) -> None:
    assert not any(ch in text for ch in CONTROL), repr([ch for ch in CONTROL if ch in text])


@pytest.mark.parametrize("mode", [mode.name for mode in SCREENS])
async def test_every_screen_shows_hostile_text_literally(store, mode):
    hostile_workbook(store, HOSTILE)
    app = make_app(store=store, start_mode=mode)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert_inert(text)
        # Whatever the screen shows of the partner's name, it shows literally.
        assert "[bold]Ship[/] the [@click=app.quit]portfolio[/]" in text
        for key in ("enter", "down", "enter", "tab", "enter", "question_mark", "escape", "ctrl+z"):
            await pilot.press(key)
            await pilot.pause()
            assert_inert(screen_text(pilot))
        # Clicking anywhere on the text fires no action (app.quit would end the app).
        await pilot.click(offset=(20, 3))
        await pilot.click(offset=(60, 10))
        await pilot.pause()
        assert app.is_running


async def test_notifications_show_hostile_text_literally(store):
    rel_id = hostile_workbook(store, HOSTILE)
    goal = store.goals(rel_id)[0]
    app = make_app(store=store, start_mode="goals")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        store.delete_goal(goal.id)
        await pilot.press("ctrl+z")
        await pilot.pause()
        [note] = [n for n in app._notifications if "Undone" in n.message]
        assert "[bold]Ship[/] the [@click=app.quit]portfolio[/]" in note.message
        assert note.markup is False


def test_exports_escape_hostile_text(store):
    hostile_workbook(store, HOSTILE)
    markdown = workbook_markdown(store, "en")
    assert_inert(markdown)
    # Agenda items and actions are escaped (they stay text in the email); notes are Markdown.
    assert "- [ ] \\[bold\\]Ship\\[/\\] the \\[@click=app.quit\\]portfolio\\[/\\]" in markdown
    assert "\\[link\\](http://x)" in markdown
    calendar = Calendar.from_ical(calendar_ics(store, "en"))
    events = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("meeting-")]
    assert len(events) == 2
    assert "\x1b" not in calendar_ics(store, "en").decode("utf-8")
    data = json.loads(export_json(store))
    assert data["relationships"][0]["partner"] == HOSTILE[0]  # the backup keeps text exactly as typed


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60), min_size=3, max_size=3))
def test_generated_text_in_exports(tmp_path_factory, texts):
    store = Store.open(tmp_path_factory.mktemp("h") / "h.db")
    try:
        hostile_workbook(store, texts)
        assert_inert(workbook_markdown(store, "fr"))
        Calendar.from_ical(calendar_ics(store, "en"))  # parses: folded and escaped per RFC 5545
    finally:
        store.close()
