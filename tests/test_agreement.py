"""The agreement as a user lives it: the rhythm read and shown in words (never as RRULE), a
rule pasted from a calendar kept, and `r` revising the agreement with a date and a reason —
no version when no term changes, the reason shown in the history."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from textual import events

from mentortui.app import make_app
from mentortui.core.cadence import describe_cadence, parse_cadence
from mentortui.core.clock import FrozenClock
from mentortui.data.db import open_database
from mentortui.data.store import Store
from mentortui.exchange.demo import fill_demo
from mentortui.exchange.json_backup import ImportRefused, export_workbook, import_workbook
from mentortui.ui.forms import FormScreen
from tests.ui_helpers import fill_field, screen_text

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def rel(store):
    rel = store.add_relationship(partner="Ana", role="mentor", started_on=dt.date(2026, 9, 1))
    store.save_agreement(rel.id, cadence="FREQ=MONTHLY;BYDAY=+1TH", duration="6 months")  # agreed today
    return rel


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_the_editor_on_the_demo_shows_the_rhythm_in_words(store, lang):
    fill_demo(store, size="small", lang=lang)
    app = make_app(store=store, lang=lang, start_mode="relationship")
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        agreement = store.current_agreement(app.relationship.id)
        said = describe_cadence(agreement.cadence, lang)
        assert said in screen_text(pilot) and "FREQ=" not in screen_text(pilot)  # the Relationship screen
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        field = app.screen.query_one("#field-cadence")
        assert field.value == said and parse_cadence(said, lang) == agreement.cadence
        assert "FREQ=" not in screen_text(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert store.current_agreement(app.relationship.id) == agreement


async def test_a_rule_pasted_from_a_calendar_is_saved_and_shown_in_words(store, rel):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await fill_field(pilot, "reason", "Ana moves to Lisbon in July")
        await fill_field(pilot, "cadence", "")
        app.post_message(events.Paste("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630T000000Z"))
        await pilot.pause()
        assert "→ every 2 weeks on Tuesday until June 30, 2027" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        until = dt.datetime(2027, 6, 30, tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)
        saved = store.current_agreement(rel.id)
        assert (saved.version, saved.reason) == (2, "Ana moves to Lisbon in July")
        assert saved.cadence == f"FREQ=WEEKLY;INTERVAL=2;UNTIL={until:%Y%m%dT%H%M%S};BYDAY=TU"
        text = screen_text(pilot)
        assert f"every 2 weeks on Tuesday until June 30, 2027 {until:%H:%M}" in text and "FREQ=" not in text


@pytest.mark.parametrize("pasted", ["FREQ=WEEKLY;COUNT=0", "RRULE:FREQ=WEEKLY;INTERVAL=99999999999"])
async def test_a_pasted_rule_of_no_meeting_or_beyond_words_is_refused_on_screen(store, rel, pasted):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await fill_field(pilot, "reason", "Pasted from a calendar")
        await fill_field(pilot, "cadence", "")
        app.post_message(events.Paste(pasted))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert f"“{pasted}” is not a valid RFC 5545 RRULE." in " ".join(screen_text(pilot).split())
    assert store.current_agreement(rel.id).version == 1


@pytest.mark.parametrize("typed", ["weekly until 2026-01-31", "RRULE:FREQ=WEEKLY;UNTIL=20260131T000000Z"])
async def test_a_rhythm_that_ended_already_says_so_as_it_is_typed(store, rel, typed):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await fill_field(pilot, "cadence", typed)
        text = " ".join(screen_text(pilot).split())
        assert "until January 31, 2026" in text and "This rhythm has ended already: it proposes no meeting" in text
        await fill_field(pilot, "cadence", "weekly until 2027-01-31")
        assert "has ended already" not in screen_text(pilot)
    assert store.current_agreement(rel.id).version == 1


async def test_revising_with_no_term_changed_writes_nothing_and_says_so(store, rel):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+s")  # no reason yet
        await pilot.pause()
        assert "Required." in screen_text(pilot)
        await fill_field(pilot, "reason", "Checked at the revisit")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # still open, with what was typed
        assert "No term changed: nothing was written, the agreement stays at version 1." in screen_text(pilot)
    assert [a.version for a in store.agreements(rel.id)] == [1]


async def test_revising_asks_why_and_when_and_the_history_shows_the_reason(store, rel):
    app = make_app(store=store, start_mode="relationship")
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#field-agreed_on").value == "today"
        await fill_field(pilot, "reason", "Ana starts a new job")
        await fill_field(pilot, "agreed_on", "2026-11-24")  # before version 1, agreed today
        await fill_field(pilot, "cadence", "every 2 weeks on tuesday")
        await fill_field(pilot, "revisit_on", "2027-02-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Version 1 was agreed on Nov 26, 2026: this revision cannot be earlier." in screen_text(pilot)
        assert len(store.agreements(rel.id)) == 1
        await fill_field(pilot, "agreed_on", "today")
        await pilot.press("ctrl+s")
        await pilot.pause()
        versions = store.agreements(rel.id)
        assert [(v.version, v.reason, v.agreed_on) for v in versions] == [
            (1, "", dt.date(2026, 11, 26)), (2, "Ana starts a new job", dt.date(2026, 11, 26))]
        assert versions[1].cadence == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
        text = screen_text(pilot)
        assert "Version 2 — Nov 26, 2026 — reason: Ana starts a new job — changed: We meet, Revisit on" in text
        assert "v2 · 11/26/26" in text
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [v.version for v in store.agreements(rel.id)] == [1]
        assert "Ana starts a new job" not in screen_text(pilot)


def test_older_workbooks_get_agreements_without_a_reason_agreed_the_day_they_were_written(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-v5.db", path)
    before = sqlite3.connect(path).execute("SELECT created_at FROM agreements").fetchone()[0]
    store = Store(open_database(path, now=dt.datetime(2026, 11, 26, 10)), FrozenClock("2026-11-26T10:00"))
    [agreement] = store.agreements(store.relationships()[0].id)
    assert (agreement.reason, agreement.agreed_on) == ("", dt.date.fromisoformat(before[:10]))
    store.close()


def test_a_backup_carries_the_reason_and_an_older_backup_imports_without_one(store, rel, tmp_path):
    store.save_agreement(rel.id, duration="1 year", reason="A longer project", agreed_on=dt.date(2026, 11, 20))
    data = export_workbook(store)
    assert [(a["reason"], a["agreed_on"]) for a in data["relationships"][0]["agreements"]] == [
        ("", "2026-11-26"), ("A longer project", "2026-11-20")]
    older = json.loads(json.dumps(data))
    older["schema"] = 5
    for agreement in older["relationships"][0]["agreements"]:
        del agreement["reason"], agreement["agreed_on"]
    restored = Store.open(tmp_path / "restored.db", FrozenClock("2026-11-26T10:00"))
    import_workbook(restored, older)
    assert [(a.reason, a.agreed_on) for a in restored.agreements(rel.id)] == [
        ("", dt.date(2026, 11, 26)), ("", dt.date(2026, 11, 26))]  # written today, in this test
    restored.close()
    current = json.loads(json.dumps(data))
    del current["relationships"][0]["agreements"][1]["reason"]
    with pytest.raises(ImportRefused, match=r"agreements\[1\]\.reason: missing"):
        import_workbook(Store.open(tmp_path / "other.db", FrozenClock("2026-11-26T10:00")), current)


def test_the_calendar_says_the_rhythm_in_words_and_its_own_end_in_utc(store, rel, monkeypatch):
    from icalendar import Calendar
    from zoneinfo import ZoneInfo

    from mentortui.exchange import meetings_export

    monkeypatch.setattr(meetings_export, "local_zone", lambda: ZoneInfo("Europe/Paris"))
    store.save_agreement(rel.id, cadence=parse_cadence("every 2 weeks on tuesday until 2027-06-30"),
                         cadence_start=dt.datetime(2026, 12, 1, 18), reason="A set end")
    [rhythm] = [e for e in Calendar.from_ical(meetings_export.calendar_ics(store, "fr")).walk("VEVENT")
                if str(e["uid"]).startswith("rhythm-")]
    assert "toutes les 2 semaines le mardi jusqu’au 30 juin 2027" in str(rhythm["summary"])
    assert rhythm["rrule"]["UNTIL"] == [dt.datetime(2027, 6, 30, 21, 59, 59, tzinfo=dt.timezone.utc)]


async def test_the_reviews_agreement_step_says_the_rhythm_and_opens_the_editor_in_words(store, rel, clock):
    from mentortui.data import review as reviews

    review = reviews.open_review(store, clock.today())
    store.save_review_progress(review.id, step=reviews.STEPS.index("agreement"), answers={})
    app = make_app(store=store, lang="fr", start_mode="review")
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        assert "Nous nous voyons tous les mois le premier jeudi." in screen_text(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.query_one("#field-cadence").value == "tous les mois le premier jeudi"
        assert "FREQ=" not in screen_text(pilot)
