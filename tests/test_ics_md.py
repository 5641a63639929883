"""Issue 18's export conventions: the calendar (ICS) carries the user's time zone, a
revision calendars can follow (SEQUENCE, LAST-MODIFIED) and UIDs unique across workbooks;
the Markdown recap meant for the partner leaves out the user's own notes unless asked."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
import tzlocal
from icalendar import Calendar

from mentortui.cli import main as cli_main
from mentortui.core.clock import FrozenClock
from mentortui.domain import meetings as meeting_actions
from mentortui.exchange import meetings_export
from mentortui.data.db import open_database
from mentortui.exchange.meetings_export import calendar_ics, workbook_markdown
from mentortui.data.store import Store

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.timezone.utc
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def paris(monkeypatch):
    """The user's time zone, the same wherever the tests run."""
    monkeypatch.setattr(meetings_export, "local_zone", lambda: PARIS)


@pytest.fixture
def relationship(store):
    rel = store.add_relationship(partner="Ana Souza", role="mentee", started_on=dt.date(2026, 9, 1),
                                 end_on=dt.date(2027, 6, 30))
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", cadence_start=dt.datetime(2026, 9, 1, 17, 30),
                         modes=["video"])
    return rel


@pytest.fixture
def held(store, relationship):
    """Held on Tuesday 24 Nov at 17:30; notes the user keeps for themself."""
    meeting = store.add_meeting(relationship.id, dt.datetime(2026, 11, 24, 17, 30), status="held",
                                notes="She sounded discouraged about the promotion.")
    store.add_agenda_item(meeting.id, "Feedback on my design doc", done=True)
    store.add_action(meeting.id, "Send the revised draft", owner="me")
    return meeting


def events(store: Store) -> dict[str, object]:
    """The exported events by their UID without the workbook's part."""
    calendar = Calendar.from_ical(calendar_ics(store, "en"))
    suffix = f"-{store.setting('workbook_id')}@mentortui"
    return {str(event["uid"]).removesuffix(suffix): event for event in calendar.walk("VEVENT")}


# ---- ICS -------------------------------------------------------------------------------------


def test_ics_times_carry_the_users_time_zone_and_its_definition(store, relationship, held):
    text = calendar_ics(store, "en").decode()
    assert "DTSTART;TZID=Europe/Paris:20261124T173000\r\n" in text
    assert "DTEND;TZID=Europe/Paris:20261124T183000\r\n" in text
    calendar = Calendar.from_ical(text)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Paris"
    # Winter and summer offsets both defined, so a calendar elsewhere shows the right hour.
    assert {str(part["tzname"]) for part in zone.subcomponents} == {"CET", "CEST"}
    meeting = events(store)[f"meeting-{held.id}"]
    assert meeting.decoded("dtstart") == dt.datetime(2026, 11, 24, 17, 30, tzinfo=PARIS)
    assert meeting.decoded("dtstart").astimezone(UTC) == dt.datetime(2026, 11, 24, 16, 30, tzinfo=UTC)
    # The rhythm starts in the zone too, and its end (UNTIL) is in UTC as RFC 5545 requires.
    rhythm = events(store)[f"rhythm-{relationship.id}"]
    assert rhythm.decoded("dtstart") == dt.datetime(2026, 12, 1, 17, 30, tzinfo=PARIS)
    assert rhythm["rrule"]["UNTIL"] == [dt.datetime(2027, 6, 30, 21, 59, 59, tzinfo=UTC)]


def test_ics_times_stay_floating_when_the_zone_cannot_be_named(store, held, monkeypatch):
    monkeypatch.undo()  # the real zone finder
    # TZ names the zone (tzlocal also reads /etc/localtime and the system's setting).
    monkeypatch.setenv("TZ", "America/Toronto")
    try:
        tzlocal.reload_localzone()
        assert meetings_export.local_zone() == ZoneInfo("America/Toronto")
    finally:
        monkeypatch.undo()
        tzlocal.reload_localzone()

    def unknown():
        raise ZoneInfoNotFoundError("tzlocal() does not support non-zoneinfo timezones like bogus")

    monkeypatch.setattr(tzlocal, "get_localzone", unknown)
    assert meetings_export.local_zone() is None
    text = calendar_ics(store, "en").decode()
    assert "DTSTART:20261124T173000\r\n" in text and "VTIMEZONE" not in text


def test_sequence_and_last_modified_follow_what_the_event_shows(store, clock, relationship, held):
    planned = meeting_actions.schedule_meeting(store, relationship.id, dt.datetime(2026, 12, 1, 17, 30), "video")
    event = events(store)[f"meeting-{planned.id}"]
    assert event.decoded("sequence") == 0
    assert event.decoded("last-modified") == dt.datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # created, Paris 10:00

    clock.advance(hours=2)
    meeting_actions.reschedule_meeting(store, planned.id, dt.datetime(2026, 12, 2, 18, 0), "video")
    event = events(store)[f"meeting-{planned.id}"]
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 2, 18, 0, tzinfo=PARIS)
    assert event.decoded("sequence") == 1
    assert event.decoded("last-modified") == dt.datetime(2026, 11, 26, 11, 0, tzinfo=UTC)

    # Undoing the move is one more revision: a calendar that took the move takes this too.
    clock.advance(minutes=5)
    store.undo()
    event = events(store)[f"meeting-{planned.id}"]
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 1, 17, 30, tzinfo=PARIS)
    assert event.decoded("sequence") == 2
    assert event.decoded("last-modified") == dt.datetime(2026, 11, 26, 11, 5, tzinfo=UTC)

    # The agenda is in the event's description: a new item is a revision; notes are not.
    store.add_agenda_item(planned.id, "Ask about the conference talk")
    assert events(store)[f"meeting-{planned.id}"].decoded("sequence") == 3
    clock.advance(minutes=5)
    meeting_actions.save_notes(store, planned.id, "Private thoughts")
    event = events(store)[f"meeting-{planned.id}"]
    assert event.decoded("sequence") == 3
    assert event.decoded("last-modified") == dt.datetime(2026, 11, 26, 11, 5, tzinfo=UTC)

    # Cancelling changes the status; renaming the partner changes every event's summary.
    meeting_actions.cancel_meeting(store, planned.id)
    assert events(store)[f"meeting-{planned.id}"].decoded("sequence") == 4
    store.update_relationship(relationship.id, partner="Ana Souza-Lima")
    assert events(store)[f"meeting-{planned.id}"].decoded("sequence") == 5
    assert events(store)[f"meeting-{held.id}"].decoded("sequence") == 2  # its item, the rename
    assert [row[0] for row in store.conn.execute("SELECT sequence FROM meetings ORDER BY id")] == [2, 5]


def test_uids_differ_between_workbooks_and_stay_the_same_in_one(store, relationship, held, tmp_path):
    first = calendar_ics(store, "en")
    assert calendar_ics(store, "en") == first  # the same workbook exports the same calendar
    other = Store.open(tmp_path / "other.db", FrozenClock("2026-11-26T10:00"))
    try:
        rel = other.add_relationship(partner="Ana Souza", role="mentee", started_on=dt.date(2026, 9, 1))
        other.add_meeting(rel.id, dt.datetime(2026, 11, 24, 17, 30), status="held")
        mine = {str(e["uid"]) for e in Calendar.from_ical(first).walk("VEVENT")}
        theirs = {str(e["uid"]) for e in Calendar.from_ical(calendar_ics(other, "en")).walk("VEVENT")}
    finally:
        other.close()
    assert f"meeting-{held.id}-{store.setting('workbook_id')}@mentortui" in mine
    assert len(theirs) == 1 and not mine & theirs
    # Upgraded workbooks get their own id too, their meetings at revision 0.
    upgraded = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-v2.db", upgraded)
    old = Store(open_database(upgraded, now=dt.datetime(2026, 11, 26, 10)), FrozenClock("2026-11-26T10:00"))
    try:
        assert len(old.setting("workbook_id")) == 32 and old.setting("workbook_id") != store.setting("workbook_id")
    finally:
        old.close()


def test_command_line_ics_has_the_zone_and_revisions(store, relationship, held, db_path, capsys):
    store.close()
    assert cli_main(["export", "--db", str(db_path), "--format", "ics"]) == 0
    out = capsys.readouterr().out
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n" in out
    assert "DTSTART;TZID=Europe/Paris:20261124T173000\r\n" in out
    assert "SEQUENCE:" in out and "LAST-MODIFIED:" in out


# ---- Markdown --------------------------------------------------------------------------------


def test_the_recap_leaves_out_the_users_notes_unless_asked(store, relationship, held):
    shared = workbook_markdown(store, "en")
    assert "## Recap — Tuesday, November 24, 2026, 17:30" in shared
    assert "- Feedback on my design doc" in shared and "- [ ] Send the revised draft — me" in shared
    assert "discouraged" not in shared and "Notes" not in shared
    private = workbook_markdown(store, "en", private=True)
    assert "### Notes\n\n```markdown\nShe sounded discouraged about the promotion.\n```" in private


def test_command_line_md_writes_the_notes_only_with_private(store, relationship, held, db_path, capsys):
    store.close()
    assert cli_main(["export", "--db", str(db_path), "--format", "md"]) == 0
    assert "discouraged" not in capsys.readouterr().out
    assert cli_main(["export", "--db", str(db_path), "--format", "md", "--private"]) == 0
    assert "She sounded discouraged about the promotion." in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli_main(["export", "--help"])
    assert "--private" in capsys.readouterr().out
    # A calendar never holds notes and JSON holds everything: asking there is a mistake.
    assert cli_main(["export", "--db", str(db_path), "--format", "ics", "--private"]) == 1
    assert capsys.readouterr().err == "mentortui: --private only applies to --format md\n"


def test_command_line_help_names_the_private_option_in_french(capsys):
    with pytest.raises(SystemExit):
        cli_main(["--lang", "fr", "export", "--help"])
    assert "écrit aussi vos notes de réunion" in " ".join(capsys.readouterr().out.split())
