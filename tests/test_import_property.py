"""Importable means usable: for any file — valid, absurd or hostile — `mentortui import`
either refuses it (one line on stderr, exit 1, no file created) or the workbook it wrote
survives: every export succeeds and what every main screen reads loads without error.

Profiles: ``ci`` (the default, 300 examples, under a minute) and ``soak`` (5000, or
``SOAK_EXAMPLES``): ``HYPOTHESIS_PROFILE=soak python -m pytest -s tests/test_import_property.py``.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mentortui.core.clock import FrozenClock
from mentortui.data.model import (
    AGENDA_KINDS,
    FEEDBACK_KINDS,
    GOAL_STATUSES,
    MAX_TITLE,
    MEETING_STATUSES,
    MODES,
)
from mentortui.data.schema import SCHEMA_VERSION
from mentortui.data.store import Store

settings.register_profile(
    "ci", max_examples=300, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
settings.register_profile(
    "soak", max_examples=int(os.environ.get("SOAK_EXAMPLES", "5000")), deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
NOW = "2026-11-26T10:00:00"
STAMP = "2026-09-01T09:00:00"
# What a deep-nesting example puts in the file; replaced by the nesting itself in the JSON
# text (the nesting is too deep for json.dumps to write).
DEEP = "@@deep@@"

# ---- text: ordinary, and every kind of hostile ------------------------------------------------

HOSTILE = [
    "\x1b]52;c;cm0gLXJmIH4=\x1b\\",  # OSC 52: writes the clipboard
    "\x1b]2;owned\x07",  # OSC 2: window title
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b[2J\x1b[31m",  # CSI
    "\x1bP+q544e\x1b\\",  # DCS
    "\x9b31m\x9d0;t\x9c",  # C1 CSI and OSC
    "\x00\x07\x08\r\x7f",
    "\u202e\u2066\u200f",  # bidi overrides and isolates
    "\ud800",  # a lone surrogate
    "[bold]x[/] [@click=app.quit]q[/]",  # Rich markup
    "{title} {0} {title.__class__} %s",  # format fields
    "```\n<!--\n---\n# heading",  # Markdown that swallows or breaks the rest
    "BEGIN:VEVENT\r\nEND:VCALENDAR",  # ICS injection
    "Zoë 🚀 \t tab",
]
text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4).map("".join),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
)
title = st.one_of(st.sampled_from(["Goal", "Ana", "x"]), text.map(lambda s: "T " + s.replace("\n", " ")))
moments = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2060, 12, 31)).map(
    lambda m: m.replace(microsecond=0).isoformat()
)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)).map(dt.date.isoformat)


# ---- a valid workbook -----------------------------------------------------------------------------


class Ids:
    """Fresh ids per table, like an export's."""

    def __init__(self) -> None:
        self.next: dict[str, int] = collections.defaultdict(lambda: 1)

    def __call__(self, table: str) -> int:
        value = self.next[table]
        self.next[table] += 1
        return value


@st.composite
def valid_workbook(draw) -> dict[str, Any]:
    ids = Ids()
    relationships = []
    for _ in range(draw(st.integers(1, 2))):
        rel_id = ids("relationships")
        goals: list[dict] = []
        for position in range(draw(st.integers(0, 4))):
            parent = draw(st.sampled_from([None] + [g["id"] for g in goals]))
            status = draw(st.sampled_from(GOAL_STATUSES))
            goals.append({
                "id": ids("goals"), "parent": parent, "position": position, "title": draw(title),
                "notes": draw(text), "horizon": "short", "status": status,
                "owner": draw(st.sampled_from(["mentee", "mentor", "both"])),
                "progress": draw(st.none() | st.integers(0, 100)), "due_on": draw(st.none() | days),
                "before_next_meeting": draw(st.booleans()),
                "done_at": draw(moments) if status == "done" else None, "created_at": STAMP, "updated_at": STAMP,
            })
        goal_ids = [None] + [g["id"] for g in goals]
        meetings: list[dict] = []
        agenda_ids: list[int] = []
        for _ in range(draw(st.integers(0, 2))):
            meeting_id = ids("meetings")
            agenda = []
            for position in range(draw(st.integers(0, 2))):
                agenda.append({
                    "id": ids("agenda_items"), "position": position, "text": draw(title),
                    "kind": draw(st.sampled_from(AGENDA_KINDS)), "goal_id": draw(st.sampled_from(goal_ids)),
                    "done": draw(st.booleans()), "carried_from": draw(st.sampled_from([None, *agenda_ids])),
                })
            agenda_ids += [item["id"] for item in agenda]
            actions = [{
                "id": ids("actions"), "owner": draw(st.sampled_from(["me", "partner"])), "text": draw(title),
                "due_on": draw(st.none() | days), "goal_id": draw(st.sampled_from(goal_ids)),
                "done_at": draw(st.none() | moments), "created_at": STAMP, "follow_up": draw(st.booleans()),
            } for _ in range(draw(st.integers(0, 1)))]
            meetings.append({
                "id": meeting_id, "when": draw(moments), "mode": draw(st.sampled_from(MODES)),
                "status": draw(st.sampled_from(MEETING_STATUSES)), "notes": draw(text), "created_at": STAMP,
                "agenda": agenda, "actions": actions,
            })
        feedback = [{
            "id": ids("feedback"), "date": draw(days), "direction": draw(st.sampled_from(["given", "received"])),
            "kind": draw(st.sampled_from(FEEDBACK_KINDS)), "text": draw(text), "goal_id": draw(st.sampled_from(goal_ids)),
            "rubric": draw(st.lists(st.sampled_from(["honest", "no-shaming"]), max_size=2, unique=True)),
            "tried": draw(st.none() | st.booleans()), "result": draw(text), "result_on": draw(st.none() | days),
            "created_at": STAMP,
        } for _ in range(draw(st.integers(0, 2)))]
        agreements = [{
            "id": ids("agreements"), "version": version + 1, "duration": draw(text),
            "cadence": draw(st.sampled_from(["", "FREQ=WEEKLY;BYDAY=TU", "FREQ=MONTHLY;BYDAY=1MO", "FREQ=DAILY"])),
            "cadence_start": draw(st.none() | moments),
            "modes": draw(st.lists(st.sampled_from(MODES), max_size=3, unique=True)),
            "my_responsibilities": draw(text), "their_responsibilities": "", "my_expectations": "",
            "their_expectations": draw(text), "revisit_on": draw(st.none() | days), "created_at": STAMP,
            "reason": draw(st.sampled_from(["", "Ana starts a new job"])), "agreed_on": draw(st.none() | days),
            "my_limits": draw(text), "their_limits": "",
        } for version in range(draw(st.integers(0, 2)))]
        learnings = [{"id": ids("learnings"), "date": draw(days), "text": draw(title), "created_at": STAMP}
                     for _ in range(draw(st.integers(0, 1)))]
        checklist = [{
            "id": ids("checklist"), "practice": draw(st.sampled_from(["E1", "M4", "ZZ"])), "item": draw(st.sampled_from(["", "x"])),
            "state": draw(st.sampled_from(["todo", "doing", "done"])), "note": draw(text), "changed_at": STAMP,
        } for _ in range(draw(st.integers(0, 1)))]
        relationships.append({
            "id": rel_id, "partner": draw(title), "role": draw(st.sampled_from(["mentee", "mentor"])),
            "started_on": draw(days), "end_on": draw(st.none() | days), "status": draw(st.sampled_from(["active", "ended"])),
            "ended_on": draw(st.none() | days), "why": draw(text), "hope_to_learn": draw(text),
            "stay_in_touch_months": draw(st.integers(1, 24)), "created_at": STAMP,
            "agreements": agreements, "goals": goals, "meetings": meetings, "feedback": feedback,
            "checklist": checklist, "learnings": learnings,
        })
    # The person's reviews, one a week; what they hold may name either relationship.
    reviews = [{
        "id": ids("reviews"), "week": week,
        "step": draw(st.integers(0, 7)), "started_at": STAMP, "completed_at": draw(st.none() | st.just(NOW)),
        "answers": draw(st.dictionaries(st.sampled_from(["wins", "1:goals", "2:guide-E3", "1:guide-M4", "guide-ZZ",
                                                         "other", "2:other"]), text, max_size=3)),
        "changes": draw(st.lists(st.one_of(
            st.builds(lambda t, r: {"what": "Goal “{title}” done", "params": {"title": t}, "relationship_id": r},
                      title, st.sampled_from([1, 2, 3])),
            st.just({"what": "Thanks logged", "params": {}}),
            st.builds(lambda t: {"what": t.replace("{", "").replace("}", ""), "params": {}}, title),
        ), max_size=3)),
    } for week in draw(st.lists(st.sampled_from(["2026-W47", "2026-W48", "2020-W53"]), max_size=2, unique=True))]
    candidates = [{
        "id": ids("candidates"), "name": draw(title), "notes": draw(text), "score_goals": draw(st.integers(0, 3)),
        "score_respected": 0, "score_network": 3, "score_skills": 1,
        "relationship_id": draw(st.sampled_from([None, 1, 2])), "created_at": STAMP,
    } for _ in range(draw(st.integers(0, 2)))]
    return {"format": "mentortui", "schema": SCHEMA_VERSION, "exported_at": NOW,
            "relationships": relationships, "reviews": reviews, "candidates": candidates}


# ---- what makes it absurd or hostile ---------------------------------------------------------------


def records(book: dict) -> list[tuple[str, dict]]:
    """(list name, record) for every record of the file, nested ones included."""
    def nested(record: dict, key: str) -> list[dict]:
        found = record.get(key)  # an earlier mutation may have removed it, or made it a number
        return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []

    found = [("candidates", c) for c in book["candidates"]] + [("reviews", r) for r in book["reviews"]]
    for rel in book["relationships"]:
        found.append(("relationships", rel))
        for key in ("agreements", "goals", "meetings", "feedback", "checklist", "learnings"):
            found += [(key, r) for r in nested(rel, key)]
        for meeting in nested(rel, "meetings"):
            found += [("agenda", a) for a in nested(meeting, "agenda")] + [("actions", a) for a in nested(meeting, "actions")]
    return found


ABSURD_VALUES = st.one_of(
    st.sampled_from([
        "0001-01-01", "9999-12-31T23:59:59", "2026-02-30", "yesterday", "2026-12-01T18:30:00+05:00",
        "2026-12-01T18:30:00Z", "", "\x1b]2;x\x07", 100_000, -5, 2**70, 1.5, float("inf"), True, None,
        [5, None], {"a": [1]}, "x" * (MAX_TITLE + 1), "line\nbreak", DEEP,
    ]),
    st.integers(), text,
)
TIMES = ["0001-01-01T00:00:00", "9999-12-31T23:59:59", "2026-12-01T18:30:00+05:00", "2026-12-01T18:30:00Z",
         "2026-12-01T18:30:00-12:00", "1900-01-01T00:00:00+14:00", "2200-12-31T23:59:00-14:00", "2026-02-30T10:00"]
DAYS = ["0001-01-01", "9999-12-31", "1899-12-31", "2200-12-31", "2026-02-30", "20261126", "2026-W48-1"]
# Field -> values that are well-typed or nearly so, but absurd for that field.
FIELD_ABSURD: dict[str, list] = {
    "answers": [{"guide-ZZ": "x"}, {"wins": 42}, {"wins": ["x"]}, {"": "x"}, {"wins": DEEP}, {"guide-E1": "y" * 300_000}],
    "changes": [[{"what": "{title.__class__}", "params": {"title": 1}}], [{"table": "goals", "id": 1, "status": "done"}],
                [{"what": "{n:>99999999}", "params": {"n": 1}}], ["x"], [{"what": "{x}", "params": {}}],
                [{"what": "ok {x!r}", "params": {"x": "a"}}], [{"what": "ok", "params": {"a": DEEP}}],
                [{"what": "Goal “{title}” done", "params": {"title": None}}], [{"what": "{", "params": {}}]],
    "modes": [[5, None], ["video", "video"], ["telepathy"], [DEEP], "video"],
    "rubric": [[5], [{"a": 1}], ["x" * 600], ["a\nb"]],
    "stay_in_touch_months": [0, 25, 100_000, -1, True, 2.0, "3"],
    "progress": [101, -1, 2**63],
    "step": [8, -1, 99],
    "position": [-5, 2**40, 2**63],
    "version": [0, -1],
    "score_goals": [4, -1],
    "week": ["2026-W60", "2026-W00", "0001-W01", "2026-w48", "W48", "2026-W53", "9999-W52"],
    "cadence": ["FREQ=SECONDLY", "every blue moon", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
                "FREQ=WEEKLY;COUNT=1", "FREQ=WEEKLY;UNTIL=19000101T000000", "RRULE:FREQ=WEEKLY\nEXDATE:20260101T000000"],
    "when": TIMES, "created_at": TIMES, "updated_at": TIMES, "done_at": TIMES, "started_at": TIMES,
    "completed_at": TIMES, "cadence_start": TIMES, "changed_at": TIMES,
    "started_on": DAYS, "end_on": DAYS, "ended_on": DAYS, "due_on": DAYS, "date": DAYS, "result_on": DAYS,
    "revisit_on": DAYS, "agreed_on": DAYS,
    "reason": ["a\nb", "x" * 201],
    "title": ["", " ", "a\nb", "x" * (MAX_TITLE + 1), "\x1b[2J", "\ud800"],
    "partner": ["", "\x1b]2;x\x07", "x" * (MAX_TITLE + 1)],
    "notes": ["n" * 200_001, "\x1b]52;c;eA==\x07" * 50],
}


@st.composite
def mutated_workbook(draw) -> dict[str, Any]:
    book = draw(valid_workbook())
    for _ in range(draw(st.integers(1, 3))):
        everything = records(book)
        kind = draw(st.sampled_from(["field", "field", "field", "link", "duplicate", "remove", "unknown", "parent-cycle"]))
        name, record = draw(st.sampled_from(everything))
        if kind == "field":
            # The field first, then a record that has it: every field is tried as often.
            field = draw(st.sampled_from(sorted(FIELD_ABSURD)))
            holders = [r for _n, r in everything if field in r]
            if not holders:
                continue
            record = draw(st.sampled_from(holders))
            record[field] = draw(st.sampled_from(FIELD_ABSURD[field]) | ABSURD_VALUES)
        elif kind == "link":
            links = [k for k in ("parent", "goal_id", "carried_from", "relationship_id") if k in record]
            if links:
                targets = [r["id"] for _n, r in everything] + [999]
                record[draw(st.sampled_from(links))] = draw(st.sampled_from(targets))
        elif kind == "duplicate":
            same = [r for n, r in everything if n == name and r is not record]
            if same:
                record["id"] = draw(st.sampled_from(same))["id"]
        elif kind == "remove":
            record.pop(draw(st.sampled_from(sorted(record))))
        elif kind == "unknown":
            record[draw(st.sampled_from(["colour", "\x1b]2;x\x07", "a" * 400]))] = 1
        else:
            goals = [r for n, r in everything if n == "goals"]
            if goals:
                first, second = draw(st.sampled_from(goals)), draw(st.sampled_from(goals))
                first["parent"], second["parent"] = second["id"], first["id"]
    return book


def file_text(book: dict) -> str:
    # ASCII escapes keep lone surrogates writable; a deep value is spliced in as text.
    depth = 3_000  # deeper than the JSON reader's recursion limit
    return json.dumps(book).replace(json.dumps(DEEP), "[" * depth + "]" * depth)


# ---- what every main screen reads, and every export ----------------------------------------------


def read_like_every_screen(store: Store, lang: str) -> None:
    from mentortui.domain.agreements import changes_between, describe_term, next_meetings, propose_revisit
    from mentortui.data import feedback as feedback_data
    from mentortui.data import goals as goal_data
    from mentortui.domain import goals as goal_actions
    from mentortui.data import meetings as meeting_data
    from mentortui.domain import meetings as meeting_actions
    from mentortui.data import review as reviews
    from mentortui.exchange.json_backup import export_json
    from mentortui.exchange.meetings_export import calendar_ics, meeting_markdown, workbook_markdown
    from mentortui.exchange.progress_update import compose_progress_update
    from mentortui.data.model import Agreement
    from mentortui.data.search import search
    from mentortui.core.cadence import describe_cadence
    from mentortui.domain.guide import checklist_status
    from mentortui.ui.widgets.review_steps import answer_lines

    now = store.clock.now()
    today = now.date()
    export_json(store)
    workbook_markdown(store, lang)
    calendar_ics(store, lang)
    store.candidates()
    search(store, "a")
    for rel in store.relationships():
        # Dashboard
        reviews.overdue_actions(store, rel.id, today)
        reviews.advice_waiting(store, rel.id, today)
        reviews.stay_in_touch_due(store, rel, today)
        goal_data.overall_progress(store, rel.id)
        goal_data.planned_counts(store, rel.id)
        goal_actions.next_meeting(store, rel.id, now)
        meeting_data.next_planned(store, rel.id)
        meeting_actions.proposed_dates(store, rel.id)
        # Goals: the tree level by level, every filter, every goal's place
        pending, seen = [None], set()
        while pending:
            parent = pending.pop()
            for row in goal_data.children(store, rel.id, parent):
                assert row.progress is None or 0 <= row.progress <= 100
                if row.goal.id not in seen:
                    seen.add(row.goal.id)
                    pending.append(row.goal.id)
                    goal_data.ancestors(store, row.goal.id)
                    goal_data.descendant_count(store, row.goal.id)
        for view in goal_data.VIEWS:
            goal_data.visible_goals(store, rel.id, goal_data.GoalFilter(view, "a"), today)
        goal_data.before_next_meeting(store, rel.id, include_done=True)
        # Meetings
        meeting_data.meeting_rows(store, rel.id)
        meeting_data.linkable_goals(store, rel.id)
        agreement = store.current_agreement(rel.id)
        meeting_data.meeting_modes(agreement)
        if agreement is not None and agreement.cadence:
            describe_cadence(agreement.cadence, lang)
        for meeting in store.meetings(rel.id):
            meeting_data.agenda_entries(store, meeting.id)
            meeting_data.uncovered_before(store, meeting)
            meeting_markdown(store, meeting, lang)
        # Feedback
        feedback_data.count_entries(store, rel.id)
        feedback_data.entries_page(store, rel.id, feedback_data.LogFilter(awaiting=True, text="a"))
        compose_progress_update(store, rel.id, today, lang)
        # Review, history included
        week = reviews.this_week(today)
        reviews.look_back(store, rel.id, week)
        reviews.goals_to_walk(store, rel.id, now)
        reviews.given_this_week(store, rel.id, week)
        reviews.weakest_practices(checklist_status(store, rel, rel.role))
        reviews.streak(store, today)
        reviews.goals_done_per_week(store, today)
        for review in store.reviews():
            [reviews.describe_change(change) for change in review.changes]
            answer_lines(review.answers)
            reviews.duration(review)
        # Relationship and guide
        versions: list[Agreement | None] = [None, *store.agreements(rel.id)]
        for older, newer in zip(versions, versions[1:]):
            changes_between(older, newer, lang)
            for term in Agreement.TERMS:
                describe_term(newer, term, lang)
        next_meetings(agreement, now)
        propose_revisit(agreement, today)
        for role in ("mentor", "mentee"):
            checklist_status(store, rel, role)


# ---- the properties -----------------------------------------------------------------------------

OUTCOMES: collections.Counter = collections.Counter()


@pytest.fixture(scope="module", autouse=True)
def report_outcomes():
    yield
    if OUTCOMES:
        print(f"\nimport examples: {dict(OUTCOMES)}")


def run_import(capsys, book: dict, folder: Path, lang: str) -> tuple[int, str, Path]:
    from mentortui.cli import main

    source = folder / "in.json"
    source.write_text(file_text(book), encoding="utf-8")
    target = folder / "workbook.db"
    capsys.readouterr()
    code = main(["--lang", lang, "import", "--db", str(target), str(source)])
    captured = capsys.readouterr()
    return code, captured.err, target


@settings(PROFILE)
@given(book=st.one_of(valid_workbook(), mutated_workbook()), lang=st.sampled_from(["en", "fr"]))
def test_an_import_is_refused_in_one_line_or_the_workbook_is_usable(capsys, book, lang):
    with tempfile.TemporaryDirectory() as folder:
        code, err, target = run_import(capsys, book, Path(folder), lang)
        if code != 0:
            OUTCOMES["refused"] += 1
            assert code == 1, err
            assert err.count("\n") == 1 and err.startswith("mentortui: "), err
            assert "\x1b" not in err and "Traceback" not in err
            assert sorted(p.name for p in Path(folder).iterdir()) == ["in.json"], "a refused import left a file"
            return
        OUTCOMES["accepted"] += 1
        store = Store.open(target, FrozenClock(NOW))
        try:
            read_like_every_screen(store, lang)
        finally:
            store.close()


@settings(PROFILE, max_examples=int(os.environ.get("SCREEN_EXAMPLES", "10")))
@given(book=valid_workbook())
async def test_every_main_screen_renders_an_accepted_workbook(capsys, book):
    from mentortui.app import make_app

    with tempfile.TemporaryDirectory() as folder:
        code, err, target = run_import(capsys, book, Path(folder), "en")
        assume(code == 0)
        store = Store.open(target, FrozenClock(NOW))
        try:
            app = make_app(store=store)
            async with app.run_test(size=(110, 40)) as pilot:
                await pilot.pause()
                for key in "1234567":
                    await pilot.press(key)
                    await pilot.pause()
                    assert app.is_running, f"the app stopped on screen {key}"
            OUTCOMES["rendered on every screen"] += 1
        finally:
            store.close()
