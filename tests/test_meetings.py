"""The Meetings screen (4) and its data: cadence proposals, agenda preparation and
carry-over, notes, action items, and the Markdown / ICS / JSON exports."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from textual.widgets import DataTable, TextArea

from mentortui.app import make_app
from mentortui.core.refs import GoalRef, MeetingRef, MeetingsAbout
from mentortui.cli import main as cli_main
from mentortui.core.clock import FrozenClock
from mentortui.data import meetings as data
from mentortui.domain import meetings
from mentortui.exchange import meetings_export
from mentortui.exchange.json_backup import export_workbook, import_workbook
from mentortui.exchange.meetings_export import (
    agenda_markdown,
    calendar_ics,
    escape_markdown,
    recap_markdown,
    workbook_markdown,
)
from mentortui.data.store import Store
from mentortui.ui.forms import FormScreen
from mentortui.ui.dialogs import meeting_forms
from mentortui.ui.screens.meetings import MeetingsScreen
from mentortui.ui.widgets import meeting_list
from mentortui.ui.widgets.meeting_list import MeetingList
from tests.domain.test_meetings import agenda_texts, at, last_meeting, relationship  # noqa: F401 (fixtures)
from tests.ui_helpers import fill_field, screen_text, type_text, visible_text, widget_text

@pytest.fixture
def paris(monkeypatch):
    """The user's time zone, the same wherever the tests run."""
    zone = ZoneInfo("Europe/Paris")
    monkeypatch.setattr(meetings_export, "local_zone", lambda: zone)
    return zone


def meetings_table(pilot) -> str:
    return widget_text(pilot.app.screen.query_one("#meetings", DataTable))


# ---- the whole flow, with keys -------------------------------------------------------------------


async def test_schedule_prepare_take_notes_hold_and_carry_over(store, relationship, last_meeting, tmp_path, monkeypatch):
    monkeypatch.setattr(meeting_forms, "export_folder", lambda: tmp_path)
    uncovered = store.agenda(last_meeting.id)[1]
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        table = meetings_table(pilot)
        assert "Tue Nov 24, 2026 17:30" in table and "held" in table
        assert "Tue Dec 1, 2026 17:30" in table and "proposed" in table
        assert "We meet every Tuesday." in screen_text(pilot)

        # Schedule the date the cadence proposes (the cursor starts on it).
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-when").value == "2026-12-01 17:30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [_held, planned] = store.meetings(relationship.id)
        assert (planned.starts_at, planned.mode, planned.status) == (at("2026-12-01"), "video", "planned")
        assert "planned" in meetings_table(pilot)
        assert "Tue Dec 8, 2026 17:30" in meetings_table(pilot)  # the next proposal moved on

        # Prepare its agenda: the open question is carried, the open action comes along.
        await pilot.press("p")
        await pilot.pause()
        agenda = store.agenda(planned.id)
        assert [(i.text, i.kind, i.carried_from) for i in agenda] == [
            ("Ask about the conference talk", "question", uncovered.id),
            ("Send the revised draft", "action", None),
        ]
        text = screen_text(pilot)
        assert "Tue Dec 1, 2026 17:30 · video call · planned" in text
        assert "Ask about the conference talk" in text and "↻ Nov 24, 2026" in text

        # Add a topic of my own, move it up, tick the carried question as covered.
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Pitch it to my boss")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("alt+up")
        await pilot.pause()
        assert agenda_texts(store, planned.id) == [
            "Ask about the conference talk", "Pitch it to my boss", "Send the revised draft",
        ]
        await pilot.press("up", "space")
        await pilot.pause()
        assert [i.done for i in store.agenda(planned.id)] == [True, False, False]
        await pilot.press("down", "space")
        await pilot.pause()
        assert "Agenda · 2/3 covered" in screen_text(pilot)

        # Notes, saved when leaving them.
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "# Advice")
        await pilot.press("enter")
        await type_text(pilot, "- [Audience] first")
        await pilot.press("escape")
        await pilot.pause()
        notes = "# Advice\n- [Audience] first"
        assert store.meeting(planned.id).notes == notes
        assert app.screen.query_one("#notes", TextArea).border_subtitle == "saved"

        # Two action items: mine, and Ana's with a date.
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.focused.id == "actions"
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Book a room")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Ask the chair")
        app.screen.query_one("#field-owner").focus()
        await pilot.press("enter", "down", "enter")
        await fill_field(pilot, "due_on", "2026-12-05")
        await pilot.press("ctrl+s")
        await pilot.pause()
        actions = store.actions(planned.id)
        assert [(a.text, a.owner, a.due_on) for a in actions] == [
            ("Book a room", "me", None),
            ("Ask the chair", "partner", dt.date(2026, 12, 5)),
        ]
        assert "Ana" in screen_text(pilot) and "Actions · 2 to do" in screen_text(pilot)

        # Held (its time is still to come, so asked first): the uncovered item stays for the next agenda.
        await pilot.press("h")
        await pilot.pause()
        assert "mark it held anyway?" in screen_text(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert store.meeting(planned.id).status == "held"
        assert [i.done for i in store.agenda(planned.id)] == [True, True, False]

        # Write the recap for Ana to a file, and say where: without the notes unless asked.
        await pilot.press("w")
        await pilot.pause()
        recap = (tmp_path / "recap-ana-souza-2026-12-01.md").read_text()
        assert "# Recap — Tuesday, December 1, 2026, 17:30" in recap
        assert "Notes" not in recap and "Audience" not in recap
        assert any("without your notes (W adds them)" in n.message for n in app._notifications)
        await pilot.press("W")
        await pilot.pause()
        recap = (tmp_path / "recap-ana-souza-2026-12-01-2.md").read_text()
        assert "## Notes\n\n```markdown\n# Advice\n- [Audience] first\n```" in recap

        # The next meeting: its agenda carries what is left and the new open actions.
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#meeting-view").display is False
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one("#field-when").value == "2026-12-08 17:30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        following = store.meetings(relationship.id)[-1]
        assert following.starts_at == at("2026-12-08")
        items = store.agenda(following.id)
        send_draft = store.agenda(planned.id)[2]
        assert [(i.text, i.kind, i.carried_from) for i in items] == [
            ("Send the revised draft", "action", send_draft.id),  # carried, not added twice
            ("Ask the chair", "action", None),  # open actions: soonest due first
            ("Book a room", "action", None),
        ]
        assert "↻ Dec 1, 2026" in screen_text(pilot)

        await pilot.press("w")
        await pilot.pause()
        agenda_file = (tmp_path / "agenda-ana-souza-2026-12-08.md").read_text()
        lines = [line for line in agenda_file.splitlines() if line[:1].isdigit()]
        assert [line.split(". ", 1)[0] for line in lines] == ["1", "2", "3"]
        assert "Send the revised draft" in lines[0] and "Book a room" in lines[2]


async def test_prepare_with_no_meeting_planned_schedules_then_prepares_in_one_change(store, relationship, last_meeting):
    app = make_app(store=store, start_mode="meetings")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # the schedule form, on the proposed date
        assert app.screen.query_one("#field-when").value == "2026-12-01 17:30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        planned = [m for m in store.meetings(relationship.id) if m.status == "planned"]
        assert len(planned) == 1
        assert agenda_texts(store, planned[0].id) == ["Ask about the conference talk", "Send the revised draft"]
        assert "Ask about the conference talk" in screen_text(pilot)
        # One user action, one change: a single ctrl+z takes the meeting and its agenda back.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [m.status for m in store.meetings(relationship.id)] == ["held"]
        assert store.conn.execute("SELECT count(*) FROM agenda_items WHERE meeting_id = ?",
                                  [planned[0].id]).fetchone()[0] == 0


async def test_notes_autosave_when_the_app_quits_and_undo_restores_them(store, relationship, last_meeting):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        app.screen.query_one("#meetings", DataTable).move_cursor(row=0)
        await pilot.press("enter", "n")
        await pilot.pause()
        await type_text(pilot, "First line")
        await pilot.press("tab")  # leaving the notes saves them
        await pilot.pause()
        assert store.meeting(last_meeting.id).notes == "First line"
        await pilot.press("n", "end")
        await type_text(pilot, " and more")
        assert app.screen.query_one("#notes", TextArea).border_subtitle == "not saved yet…"
        await pilot.press("escape")  # out of the notes: saved
        await pilot.pause()
        assert store.meeting(last_meeting.id).notes == "First line and more"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.meeting(last_meeting.id).notes == "First line"
        assert app.screen.query_one("#notes", TextArea).text == "First line"
        await pilot.press("n", "end")
        await type_text(pilot, "!")
        await pilot.press("ctrl+q")
    assert store.meeting(last_meeting.id).notes == "First line!"


async def test_s_shares_a_meeting_s_notes_with_the_partner_and_ctrl_z_keeps_them_private(
    store, relationship, last_meeting
):
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        app.screen.query_one("#meetings", DataTable).move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert "Notes (Markdown) · private" in visible_text(pilot)
        assert "s Share notes" in screen_text(pilot)
        await pilot.press("n")
        await type_text(pilot, "We agreed")
        await pilot.press("escape", "s")  # out of the notes, then share them
        await pilot.pause()
        meeting = store.meeting(last_meeting.id)
        assert (meeting.notes, meeting.notes_shared) == ("We agreed", True)
        assert "Notes (Markdown) · ⇄ shared with my partner" in visible_text(pilot)
        assert any("sends them to your partner" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.meeting(last_meeting.id).notes_shared is False
        assert "Notes (Markdown) · private" in visible_text(pilot)
        # From the list too: s shares the selected meeting's notes.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert store.meeting(last_meeting.id).notes_shared is True


async def test_note_prompts_follow_my_role(store, relationship, last_meeting):
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        app.screen.query_one("#meetings", DataTable).move_cursor(row=0)
        await pilot.press("enter", "t")
        await pilot.pause()
        notes = app.screen.query_one("#notes", TextArea)
        assert notes.text == "## Answers\n\n\n## Advice received\n\n\n## Follow-up questions\n"
        assert app.screen.focused is notes and notes.cursor_location == (1, 0)
        await type_text(pilot, "Yes")
        await pilot.press("escape")
        await pilot.pause()
        assert store.meeting(last_meeting.id).notes.startswith("## Answers\nYes\n")


async def test_cancel_move_and_delete_a_meeting(store, relationship):
    meeting = store.add_meeting(relationship.id, at("2026-12-01"), mode="video")
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert store.meeting(meeting.id).status == "cancelled"
        assert "cancelled" in meetings_table(pilot)
        await pilot.press("m")
        await pilot.pause()
        await fill_field(pilot, "when", "2026-12-03 12:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        moved = store.meeting(meeting.id)
        assert (moved.starts_at, moved.status) == (dt.datetime(2026, 12, 3, 12, 0), "planned")
        assert "Thu Dec 3, 2026 12:00" in meetings_table(pilot)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert store.meetings(relationship.id) == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [m.id for m in store.meetings(relationship.id)] == [meeting.id]


async def test_years_of_meetings_write_out_only_the_rows_the_list_holds(store, relationship, monkeypatch):
    # Four years of weekly meetings, all still marked planned.
    first = at("2022-11-29")
    meetings = [store.add_meeting(relationship.id, first + dt.timedelta(weeks=week)) for week in range(200)]
    written = []
    format_date = meeting_list.format_date
    monkeypatch.setattr(meeting_list, "format_date", lambda day, *args: written.append(day) or format_date(day, *args))
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        table = app.screen.query_one("#meetings", DataTable)
        # The list holds a window of the 200 meetings and the proposals, its dates written
        # out as it reads them (twice a row: the weekday, the date; the widest date once).
        assert table.row_count < 100
        assert len(set(written)) <= table.row_count + 19
        await pilot.press("home", "pagedown", "pagedown")
        await pilot.pause()
        # Cancelling one in the middle: the rows stay where they were, the cursor on it; its
        # status column widens for the longer word, and keeps that width wherever the list is read.
        dates = [line[:24] for line in meetings_table(pilot).splitlines()[1:]]
        selected = app.screen.query_one(MeetingList).selected_row().meeting
        await pilot.press("c")
        await pilot.pause()
        assert store.meeting(selected.id).status == "cancelled"
        assert [m.status for m in store.meetings(relationship.id)].count("cancelled") == 1
        lines = meetings_table(pilot).splitlines()
        header = lines[0]
        assert "Status     Items" in header
        assert [line[:24] for line in lines[1:]] == dates
        assert app.screen.query_one(MeetingList).selected_row().meeting.id == selected.id
        await pilot.press("home")
        await pilot.pause()
        assert meetings_table(pilot).splitlines()[:3] == [header, " Tue Nov 29, 2022 17:30  video call  planned",
                                                          " Tue Dec 6, 2022 17:30   video call  planned"]
        await pilot.press("end")
        await pilot.pause()
        assert meetings_table(pilot).splitlines()[0] == header
        assert "proposed" in meetings_table(pilot).splitlines()[-1]


async def test_a_typed_date_that_cannot_be_read_keeps_the_form(store, relationship):
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await fill_field(pilot, "when", "someday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "Can't read “someday” as a date and time." in screen_text(pilot)
        await fill_field(pilot, "when", "friday 14:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [meeting] = store.meetings(relationship.id)
        assert meeting.starts_at == dt.datetime(2026, 11, 27, 14, 0)


async def test_goal_links_jump_both_ways(store, relationship, last_meeting):
    goal = store.add_goal(relationship.id, "Give a conference talk")
    other = store.add_meeting(relationship.id, at("2026-11-17"), status="held")
    store.add_agenda_item(other.id, "Unrelated topic")
    item = store.agenda(last_meeting.id)[1]
    jumps = []
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        async def record(ref, relationship_id=None):
            jumps.append(ref)

        app.navigate = record
        await pilot.press("4")
        await pilot.pause()
        # Open the held meeting of 24 Nov and link its open question to the goal with g.
        table = app.screen.query_one("#meetings", DataTable)
        table.move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "g")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert store.agenda_item(item.id).goal_id == goal.id
        assert "→ Give a conference talk" in screen_text(pilot)
        # enter on a linked item goes to the goal.
        await pilot.press("enter")
        await pilot.pause()
        assert jumps == [GoalRef(goal.id)]
        # From the goal: only the meetings that talked about it.
        app.screen.show(MeetingsAbout(goal.id))
        await pilot.pause()
        assert "Meetings about the goal “Give a conference talk”" in screen_text(pilot)
        table_text = meetings_table(pilot)
        assert "Nov 24, 2026" in table_text and "Nov 17, 2026" not in table_text
        await pilot.press("escape")
        await pilot.pause()
        assert "Nov 17, 2026" in meetings_table(pilot)
        # And a meeting by its id.
        app.screen.show(MeetingRef(other.id))
        await pilot.pause()
        assert "Tue Nov 17, 2026 17:30 · video call · held" in screen_text(pilot)


async def test_user_text_is_shown_literally(store, relationship):
    meeting = store.add_meeting(relationship.id, at("2026-12-01"))
    store.add_agenda_item(meeting.id, "[bold]not bold[/] \x1b[31mred")
    store.add_action(meeting.id, "[@click=app.quit]quit[/]")
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(pilot)
        assert "[bold]not bold[/] red" in text
        assert "[@click=app.quit]quit[/]" in text
        assert app.is_running


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_readable_in_french_at_small_sizes(store, relationship, last_meeting, size):
    app = make_app(store=store, lang="fr")
    async with app.run_test(size=size) as pilot:
        await pilot.press("4")
        await pilot.pause()
        table = meetings_table(pilot)
        assert "mar. 24 nov. 2026 17:30" in table and "tenue" in table and "proposée" in table
        assert "Nous nous voyons chaque mardi." in screen_text(pilot)
        app.screen.query_one("#meetings", DataTable).move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(pilot)
        assert "mar. 24 nov. 2026 17:30 · visioconférence · tenue" in text
        assert "Ordre du jour · 1/2 traités" in text and "Ask about the conference talk" in text
        assert "Actions · 1 à faire" in text and "Send the revised draft" in text
        notes = app.screen.query_one("#notes", TextArea)
        assert notes.size.height >= 3 and "Réponses" in str(notes.placeholder)


async def test_no_cadence_and_no_relationship_say_what_to_do(store):
    rel = store.add_relationship(partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        text = screen_text(pilot)
        assert "No rhythm agreed yet" in text and "No meeting yet: a schedules one." in text
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one("#field-when").value == ""
        await pilot.press("escape")
        await pilot.pause()
        store.delete_relationship(rel.id)
        app.data_changed()
        await pilot.pause()
        assert "No relationship yet" in screen_text(pilot)


# ---- the data layer --------------------------------------------------------------------------------


def test_meeting_rows_count_in_one_query(store, relationship, last_meeting):
    [row] = data.meeting_rows(store, relationship.id)
    assert (row.agenda_items, row.covered, row.open_actions) == (2, 1, 1)
    statements = []
    store.conn.set_trace_callback(statements.append)
    data.meeting_rows(store, relationship.id)
    store.conn.set_trace_callback(None)
    assert len([sql for sql in statements if "SELECT" in sql]) == 1


# ---- exports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "markdown"),
    [
        ("plain words, kept as typed", "plain words, kept as typed"),
        ("*not* _emphasis_ or `code`", "\\*not\\* \\_emphasis\\_ or \\`code\\`"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("1.5 hours", "1.5 hours"),
        ("- not a bullet", "\\- not a bullet"),
        ("> not a quote", "\\> not a quote"),
        ("[not](a link) <b>nor html</b>", "\\[not\\](a link) \\<b>nor html\\</b>"),
        ("AT&T &amp; more", "AT&T \\&amp; more"),
        ("two\nlines\x1b[2J", "two lines"),
    ],
)
def test_markdown_escaping(typed, markdown):
    assert escape_markdown(typed) == markdown


def test_markdown_agenda_in_order_and_recap(store, relationship, last_meeting):
    meeting = meetings.schedule_meeting(store, relationship.id, at("2026-12-01"), "video")
    meetings.prepare_agenda(store, meeting.id)
    store.add_agenda_item(meeting.id, "Use *stars* wisely")
    text = agenda_markdown(store, meeting, "en")
    assert text.startswith("# Agenda — Tuesday, December 1, 2026, 17:30\n\nMeeting with Ana Souza · video call\n")
    assert [line for line in text.splitlines() if line[:1].isdigit()] == [
        "1. Ask about the conference talk *(carried over from Nov 24, 2026)*",
        "2. **Action:** Send the revised draft",
        "3. Use \\*stars\\* wisely",
    ]
    store.update_meeting(last_meeting.id, notes="# Main points\n\n- one\n\n```\n# code, not a heading\n```")
    recap = recap_markdown(store, store.meeting(last_meeting.id), "fr", private=True)
    assert recap.startswith("# Compte rendu — mardi 24 novembre 2026 à 17:30\n")
    assert "## Traité\n\n- Feedback on my design doc" in recap
    assert "## Pour la prochaine fois\n\n- Ask about the conference talk" in recap
    # Notes keep their own Markdown inside a fence longer than any backtick run they hold.
    assert "## Notes\n\n````markdown\n# Main points\n\n- one\n\n```\n# code, not a heading\n```\n````\n" in recap
    assert "- [ ] Send the revised draft — moi, avant le 30 nov. 2026" in recap
    assert "- [x] Read the chapter on trade-offs — moi" in recap
    whole = workbook_markdown(store, "en")
    assert whole.index("# Mentoring with Ana Souza") < whole.index("## Agenda — Tuesday, December 1") < whole.index(
        "## Recap — Tuesday, November 24"
    )


def test_ics_has_one_event_per_meeting_and_the_rhythm(store, relationship, last_meeting, paris):
    other = store.add_relationship(partner="Sam, the mentee; \"quoted\"", role="mentor", started_on=dt.date(2026, 9, 1))
    late = store.add_meeting(other.id, dt.datetime(2026, 12, 2, 12, 0), mode="in-person")
    store.add_agenda_item(late.id, "A long line, with commas; semicolons and \\ backslashes " + "x" * 80)
    calendar = Calendar.from_ical(calendar_ics(store, "en"))
    workbook = store.setting("workbook_id")
    events = {str(event["uid"]).removesuffix(f"-{workbook}@mentortui"): event for event in calendar.walk("VEVENT")}
    meetings = [last_meeting, late]
    for meeting in meetings:
        event = events[f"meeting-{meeting.id}"]
        assert event.decoded("dtstart") == meeting.starts_at.replace(tzinfo=paris)
    assert str(events[f"meeting-{last_meeting.id}"]["summary"]) == "Mentoring with Ana Souza"
    assert str(events[f"meeting-{late.id}"]["summary"]) == "Mentoring with Sam, the mentee; \"quoted\""
    assert "A long line, with commas; semicolons and \\ backslashes" in str(events[f"meeting-{late.id}"]["description"])
    meeting_events = [uid for uid in events if uid.startswith("meeting-")]
    assert len(meeting_events) == len(meetings)
    # Ana's rhythm, as one recurring tentative event from the first proposed date.
    rhythm = events[f"rhythm-{relationship.id}"]
    assert rhythm.decoded("dtstart") == at("2026-12-01").replace(tzinfo=paris)
    assert rhythm["rrule"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU"
    assert str(rhythm["status"]) == "TENTATIVE"
    # Stable UIDs: the same calendar again has the same events.
    again = Calendar.from_ical(calendar_ics(store, "en"))
    assert sorted(str(e["uid"]) for e in again.walk("VEVENT")) == sorted(f"{uid}-{workbook}@mentortui" for uid in events)


def test_json_export_round_trips_meetings_agenda_and_actions(store, relationship, last_meeting, tmp_path):
    meeting = meetings.schedule_meeting(store, relationship.id, at("2026-12-01"), "video")
    meetings.prepare_agenda(store, meeting.id)
    meetings.save_notes(store, meeting.id, "## Notes\n\n- “quoted” [text]\n")
    exported = export_workbook(store)
    [rel] = exported["relationships"]
    assert [m["when"] for m in rel["meetings"]] == ["2026-11-24T17:30:00", "2026-12-01T17:30:00"]
    carried = rel["meetings"][1]["agenda"][0]
    assert carried["carried_from"] == rel["meetings"][0]["agenda"][1]["id"]
    target = Store.open(tmp_path / "restored.db", FrozenClock("2026-11-26T10:00"))
    import_workbook(target, json.loads(json.dumps(exported)))
    again = export_workbook(target)
    assert again["relationships"] == exported["relationships"]
    assert [row.agenda_items for row in data.meeting_rows(target, relationship.id)] == [2, 2]
    target.close()


def test_command_line_exports_md_and_ics(store, relationship, last_meeting, db_path, tmp_path, capsys):
    store.close()
    assert cli_main(["export", "--db", str(db_path), "--format", "md"]) == 0
    assert "## Recap — Tuesday, November 24, 2026, 17:30" in capsys.readouterr().out
    target = tmp_path / "meetings.ics"
    assert cli_main(["export", "--db", str(db_path), "--format", "ics", "-o", str(target)]) == 0
    calendar = Calendar.from_ical(target.read_bytes())
    assert [str(e["uid"]) for e in calendar.walk("VEVENT")][0].startswith(f"meeting-{last_meeting.id}-")
    assert target.stat().st_mode & 0o777 == 0o600


# Notes (several lines) and one-line items that would end, swallow or restyle the rest of a
# Markdown document: fences, HTML blocks and comments, rules and setext underlines, headings,
# link definitions (which apply to the whole document), tables, indented code, escapes.
HOSTILE_NOTES = [
    "```\nan unclosed fence", "~~~ python\nanother", "<!-- an unclosed comment", "<script>\nalert(1)",
    "<pre>\nnever closed", "<div style='color:red'>\nred", "[Covered]: http://evil.example\n[x]: http://evil.example",
    "Setext title\n===", "---", "***", "# A heading of level one", "    indented code", "> a quote",
    "````````\n```\n``", "| a | b |\n|---|---|",
    "\x1b]52;c;aGVsbG8=\x07clipboard \x1b]2;title\x07",
]
HOSTILE_ITEMS = [
    "---", "***", "===", "___", "- - -", "* * *", "# heading", "## closed ##", "```", "~~~", "````", "<!--",
    "<script>", "[x]: http://evil.example", "<div>", "> quote", "+ plus", "1) one", "2026. a year", "| a | b |",
    ":::", "Sam #1 #", "back\\slash\\", "&amp; &#42;", "<http://x.example>", "*em* __strong__ ~~gone~~",
    "\x1b]0;title\x07text", "\x1b[2Jcleared",
]


def _inline_text(token) -> str:
    """The text a reader sees in an inline token; fails on anything but plain text."""
    kinds = {child.type for child in token.children}
    assert kinds <= {"text", "text_special"}, (token.content, kinds)
    return "".join(child.content for child in token.children)


@pytest.mark.parametrize("notes", HOSTILE_NOTES)
def test_markdown_export_contains_hostile_notes_and_items(store, relationship, last_meeting, notes):
    from markdown_it import MarkdownIt

    from mentortui.core.safetext import clean

    store.update_meeting(last_meeting.id, notes=notes)
    planned = meetings.schedule_meeting(store, relationship.id, at("2026-12-01"), "video")
    for text in HOSTILE_ITEMS:
        store.add_agenda_item(planned.id, text)
        store.add_agenda_item(last_meeting.id, text, done=True)
    store.add_relationship(partner="<!-- ``` Sam ##", role="mentor", started_on=dt.date(2026, 9, 1))

    document = workbook_markdown(store, "en", private=True)
    env: dict = {}
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(document, env)

    headings = [(tokens[i].tag, _inline_text(tokens[i + 1])) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        ("h1", "Mentoring with Ana Souza"),
        ("h2", "Agenda — Tuesday, December 1, 2026, 17:30"),
        ("h2", "Recap — Tuesday, November 24, 2026, 17:30"),
        ("h3", "Covered"), ("h3", "For next time"), ("h3", "Notes"), ("h3", "Actions"),
        ("h1", "Mentoring with <!-- ``` Sam ##"),
    ]
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_block", "hr", "code_block", "blockquote_open", "table_open"}, kinds
    assert not env.get("references")  # no link definition escaped into the document
    # The notes: one fenced block holding them exactly (control sequences removed).
    [fence] = [t for t in tokens if t.type == "fence"]
    assert fence.content == clean(notes).strip("\n") + "\n"
    # Every item reads exactly as typed: in the numbered agenda and in the recap's list.
    shown = [" ".join(clean(text, single_line=True).split()) for text in HOSTILE_ITEMS]
    items = [_inline_text(tokens[i + 2]) for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert items[:len(shown)] == shown
    assert items[len(shown):2 * len(shown) + 1] == ["Feedback on my design doc", *shown]


def test_a_meeting_time_with_a_utc_offset_does_not_break_the_exports(store, relationship, last_meeting, db_path, capsys, paris):
    # Imports now refuse such times; one stored earlier is exported in local time.
    store.conn.execute(
        "INSERT INTO meetings (relationship_id, starts_at, mode, status, notes, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [relationship.id, "2026-12-01T17:30:00+05:00", "video", "planned", "", "2026-11-26T10:00:00"],
    )
    store.close()
    offset = dt.datetime(2026, 12, 1, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    local = offset.astimezone().replace(tzinfo=None)
    assert cli_main(["export", "--db", str(db_path), "--format", "ics"]) == 0
    calendar = Calendar.from_ical(capsys.readouterr().out.encode())
    starts = {event.decoded("dtstart") for event in calendar.walk("VEVENT") if str(event["uid"]).startswith("meeting-")}
    assert starts == {at("2026-11-24").replace(tzinfo=paris), offset.astimezone(paris)}
    assert cli_main(["export", "--db", str(db_path), "--format", "md"]) == 0
    assert f"## Agenda — {local:%A}" in capsys.readouterr().out
