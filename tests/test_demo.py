"""The demo workbook: shape, validity, language, determinism, and the large size's volume."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr

from mentortui.core.clock import FrozenClock
from mentortui.domain.guide import load_guide
from mentortui.exchange.demo import CHECKLIST_ITEMS, CONTENT, RUBRIC_KEYS, fill_demo, writes
from mentortui.exchange.demo.content import CONTENT_DIR
from mentortui.data.model import (
    DIRECTIONS,
    FEEDBACK_KINDS,
    MODES,
    RECORD_TYPES,
    Goal,
    Record,
    column_kinds,
)
from mentortui.data import review as review_data
from mentortui.data.feedback import count_entries
from mentortui.data.meetings import next_planned, uncovered_before
from mentortui.data.store import Store
from mentortui.data.validation import validate

NOW = "2026-11-26T10:00"
TODAY = dt.date(2026, 11, 26)
SLUG = re.compile(r"^[a-z]+(-[a-z]+)*$")


def open_store(path: Path) -> Store:
    return Store.open(path, FrozenClock(NOW))


def load_all(store: Store) -> dict[str, list[Record]]:
    """Every row, read back through the Store's own read methods."""
    rows: dict[str, list[Record]] = defaultdict(list)
    relationships = store.relationships()
    rows["relationships"] = relationships
    for rel in relationships:
        rows["agreements"] += store.agreements(rel.id)
        rows["goals"] += store.goals(rel.id)
        meetings = store.meetings(rel.id)
        rows["meetings"] += meetings
        for meeting in meetings:
            rows["agenda_items"] += store.agenda(meeting.id)
            rows["actions"] += store.actions(meeting.id)
        rows["feedback"] += store.feedback(rel.id, limit=1_000_000)
        rows["checklist"] += store.checklist(rel.id)
        rows["learnings"] += store.learnings(rel.id, limit=1_000_000)
    rows["reviews"] = store.reviews()
    rows["candidates"] = store.candidates()
    return rows


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row, without the global ids (random by design: two workbooks never share one)."""
    return {
        cls.table: store.conn.execute(
            "SELECT " + ", ".join(c for c in column_kinds(cls) if c != "uid") + " FROM " + cls.table + " ORDER BY id"
        ).fetchall()
        for cls in RECORD_TYPES
    }


def depth(goal: Goal, by_id: dict[int, Goal]) -> int:
    level = 1
    while goal.parent_id is not None:
        goal = by_id[goal.parent_id]
        level += 1
    return level


@pytest.fixture(scope="module", params=["en", "fr"])
def small(request, tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("small") / "demo.db")
    counts = fill_demo(store, size="small", lang=request.param)
    yield request.param, store, counts, load_all(store)
    store.close()


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("large") / "demo.db")
    counts = fill_demo(store, size="large", lang="en")
    yield store, counts
    store.close()


# ---- small: counts and validity ------------------------------------------------------


def test_counts_match_the_rows_written(small):
    _, store, counts, rows = small
    assert set(counts) == {cls.table for cls in RECORD_TYPES}
    for table, count in counts.items():
        assert store.conn.execute("SELECT count(*) FROM " + table).fetchone()[0] == count
        assert len(rows[table]) == count, table  # every row reachable through the Store
    assert counts["relationships"] == 3
    assert counts["candidates"] == 3
    assert counts["agreements"] == 6
    assert 36 <= counts["goals"] <= 60
    assert 60 <= counts["feedback"] <= 90


def test_every_row_is_valid(small):
    _, _, _, rows = small
    for table, records in rows.items():
        for record in records:
            assert record.table == table
            validate(type(record), vars(record))


def test_nothing_is_dated_after_now_and_fill_is_not_undoable(small):
    _, store, _, rows = small
    now = dt.datetime.fromisoformat(NOW)
    for records in rows.values():
        for record in records:
            for name in ("created_at", "updated_at", "done_at", "changed_at", "started_at", "completed_at"):
                value = getattr(record, name, None)
                assert value is None or value <= now, (record, name)
    assert store.undo() is None  # nothing to undo: the demo is no change of the user's


# ---- small: the shape of the workbook -------------------------------------------------


def test_both_roles_and_one_ended_relationship(small):
    _, _, _, rows = small
    relationships = rows["relationships"]
    active = [r for r in relationships if r.status == "active"]
    ended = [r for r in relationships if r.status == "ended"]
    assert sorted(r.role for r in active) == ["mentee", "mentor"]
    assert len(ended) == 1 and ended[0].ended_on is not None and ended[0].ended_on < TODAY
    for rel in relationships:
        assert rel.why and rel.hope_to_learn and rel.end_on and rel.started_on < TODAY


def test_agreements_have_two_versions_and_one_revisit_is_due(small):
    _, store, _, rows = small
    due = []
    for rel in rows["relationships"]:
        versions = store.agreements(rel.id)
        assert [a.version for a in versions] == [1, 2]
        for agreement in versions:
            rule = rrulestr(agreement.cadence, dtstart=agreement.cadence_start)
            assert rule.after(agreement.cadence_start, inc=True) == agreement.cadence_start
            assert agreement.modes and set(agreement.modes) <= set(MODES)
            assert agreement.my_responsibilities and agreement.their_responsibilities
            assert agreement.my_expectations and agreement.their_expectations
            assert agreement.duration and agreement.revisit_on
        assert any(getattr(versions[0], t) != getattr(versions[1], t) for t in versions[0].TERMS)
        if rel.status == "active" and versions[-1].revisit_on < TODAY:
            due.append(rel)
    assert len(due) == 1


def test_goal_trees(small):
    _, store, _, rows = small
    for rel in rows["relationships"]:
        goals = store.goals(rel.id)
        by_id = {g.id: g for g in goals}
        assert 12 <= len(goals) <= 20
        assert max(depth(g, by_id) for g in goals) == 3
        for goal in goals:
            expected = ("long", "short", "step")[depth(goal, by_id) - 1]
            assert goal.horizon == expected
            assert (goal.status == "done") == (goal.done_at is not None)
            if goal.parent_id is not None and goal.status == "open":
                assert by_id[goal.parent_id].status == "open"  # no open goal under a done one
        assert any(g.status == "done" for g in goals)
        if rel.status == "active":
            overdue = [g for g in goals if g.status == "open" and g.due_on < TODAY]
            assert len(overdue) == 1
            before_next = [g for g in goals if g.before_next_meeting]
            assert len(before_next) == 2 and all(g.status == "open" for g in before_next)


def test_meetings_past_and_upcoming(small):
    _, store, _, rows = small
    now = dt.datetime.fromisoformat(NOW)
    for rel in rows["relationships"]:
        meetings = store.meetings(rel.id)
        held = [m for m in meetings if m.status == "held"]
        planned = [m for m in meetings if m.status == "planned"]
        assert 8 <= len(held) <= 13
        assert all(m.starts_at <= now for m in held) and all(m.starts_at > now for m in planned)
        assert all(m.notes.startswith("## ") and "\n- " in m.notes for m in held)
        if rel.status == "active":
            assert 1 <= len(planned) <= 2
        else:
            assert not planned and held[-1].starts_at.date() <= rel.ended_on


def test_agenda_items_link_goals_are_left_uncovered_and_carried(small):
    _, store, _, rows = small
    items_by_id = {item.id: item for item in rows["agenda_items"]}
    meeting_of = {m.id: m for m in rows["meetings"]}
    for meeting in rows["meetings"]:
        assert 3 <= len(store.agenda(meeting.id)) <= 6
    assert any(item.goal_id is not None for item in rows["agenda_items"])
    assert any(
        not item.done and meeting_of[item.meeting_id].status == "held" for item in rows["agenda_items"]
    )
    carried = [item for item in rows["agenda_items"] if item.carried_from is not None]
    assert carried
    for item in carried:
        origin = items_by_id[item.carried_from]
        assert origin.text == item.text and not origin.done
        assert meeting_of[origin.meeting_id].starts_at < meeting_of[item.meeting_id].starts_at
    for rel in rows["relationships"]:
        if rel.status == "active":
            # what preparing the next meeting offers to carry over
            assert uncovered_before(store, next_planned(store, rel.id))


def test_actions_have_both_owners_some_open_one_overdue(small):
    _, store, _, rows = small
    assert {a.owner for a in rows["actions"]} == {"me", "partner"}
    for rel in rows["relationships"]:
        open_actions = store.open_actions(rel.id)
        if rel.status == "active":
            assert open_actions
            assert len([a for a in open_actions if a.due_on < TODAY]) == 1
        else:
            assert not open_actions


def test_feedback_of_every_kind_and_direction(small):
    _, store, _, rows = small
    feedback = rows["feedback"]
    assert {(f.direction, f.kind) for f in feedback} == {(d, k) for d in DIRECTIONS for k in FEEDBACK_KINDS}
    for rel in rows["relationships"]:
        assert 20 <= count_entries(store, rel.id) <= 30
    received_advice = [f for f in feedback if f.direction == "received" and f.kind == "advice"]
    assert any(f.tried is True and f.result and f.result_on for f in received_advice)
    assert any(f.tried is None and not f.result for f in received_advice)
    waiting = [
        f
        for rel in rows["relationships"]
        for f in store.advice_awaiting_result(rel.id, older_than=TODAY - dt.timedelta(days=14))
    ]
    assert any(TODAY - f.date > dt.timedelta(days=14) for f in waiting)
    for f in feedback:
        if (f.direction, f.kind) == ("given", "constructive"):
            assert f.rubric and set(f.rubric) <= set(RUBRIC_KEYS)
        else:
            assert f.rubric == []
        assert (f.result_on is None) == (f.result == "")


def test_checklist_uses_the_practices_of_my_role(small):
    _, store, _, rows = small
    for rel in rows["relationships"]:
        entries = store.checklist(rel.id)
        assert entries
        prefix = "M" if rel.role == "mentor" else "E"
        for entry in entries:
            assert entry.practice[0] == prefix and entry.practice in CHECKLIST_ITEMS
            assert SLUG.match(entry.item) and entry.item in CHECKLIST_ITEMS[entry.practice]
        assert len({e.practice for e in entries}) >= 2


def test_weekly_reviews_are_completed_in_past_weeks(small):
    _, store, _, rows = small
    year, week, _ = TODAY.isocalendar()
    this_week = f"{year}-W{week:02d}"
    past = store.reviews()
    assert len({review.week for review in past}) == len(past)  # one a week, the person's
    for rel in rows["relationships"]:
        about = [r for r in past if any(review_data.split_answer_key(key)[0] == rel.id for key in r.answers)]
        assert 3 <= len(about) <= 4
        for review in about:
            assert re.fullmatch(r"\d{4}-W\d{2}", review.week) and review.week < this_week
            assert review.completed_at and review.completed_at > review.started_at
            assert review.answers and all(isinstance(v, str) and v for v in review.answers.values())
            assert isinstance(review.changes, list)


def test_candidates_are_scored_and_the_chosen_one_is_linked(small):
    _, store, _, rows = small
    candidates = store.candidates()
    assert len(candidates) == 3
    for candidate in candidates:
        for score in (candidate.score_goals, candidate.score_respected, candidate.score_network, candidate.score_skills):
            assert 0 <= score <= 3
    linked = [c for c in candidates if c.relationship_id is not None]
    assert len(linked) == 1
    rel = store.relationship(linked[0].relationship_id)
    assert rel.partner == linked[0].name and rel.role == "mentee"


def test_text_is_in_the_chosen_language(small):
    lang, _, _, rows = small
    titles = " ".join(g.title for g in rows["goals"])
    notes = " ".join(m.notes for m in rows["meetings"])
    if lang == "fr":
        assert "revue de conception" in titles
        assert "## Questions posées" in notes and "## Questions de suivi" in notes
        assert "review" not in titles.lower()
    else:
        assert "design review" in titles
        assert "## Questions I asked" in notes and "## Follow-up questions" in notes
        assert "revue" not in titles


# ---- small: determinism and refusals -----------------------------------------------


def test_same_seed_same_rows_other_seed_other_rows(tmp_path):
    stores = [open_store(tmp_path / f"{name}.db") for name in ("a", "b", "c")]
    try:
        fill_demo(stores[0], seed=7)
        fill_demo(stores[1], seed=7)
        fill_demo(stores[2], seed=8)
        assert dump(stores[0]) == dump(stores[1])
        assert dump(stores[0]) != dump(stores[2])
    finally:
        for store in stores:
            store.close()


def test_refuses_a_store_that_is_not_empty_or_unknown_options(tmp_path):
    store = open_store(tmp_path / "demo.db")
    try:
        with pytest.raises(ValueError, match="size"):
            fill_demo(store, size="huge")
        with pytest.raises(ValueError, match="language"):
            fill_demo(store, lang="de")
        assert store.is_empty()
        store.add_candidate("Someone")
        with pytest.raises(ValueError, match="empty"):
            fill_demo(store)
        assert store.conn.execute("SELECT count(*) FROM relationships").fetchone()[0] == 0
    finally:
        store.close()


def test_languages_have_the_same_content_shape():
    def shape(node):
        if isinstance(node, dict):
            return {key: shape(value) for key, value in node.items()}
        if isinstance(node, (list, tuple)):
            return [shape(value) for value in node] if node and not isinstance(node[0], str) else len(node) > 0
        return type(node).__name__

    assert shape(CONTENT["en"]) == shape(CONTENT["fr"])


def texts(node):
    """Every text of a content tree."""
    if isinstance(node, str):
        yield node
    for child in node.values() if isinstance(node, dict) else node if isinstance(node, list) else ():
        yield from texts(child)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_words_live_in_the_content_files_not_in_the_code(lang):
    with open(CONTENT_DIR / f"demo.{lang}.toml", "rb") as handle:
        assert CONTENT[lang] == tomllib.load(handle)
    code = " ".join(path.read_text(encoding="utf-8") for path in Path(writes.__file__).parent.glob("*.py"))
    assert not [text for text in texts(CONTENT[lang]) if len(text) > 12 and text in code]
    # Notes are keyed by the guide's own items, so a typo would silently drop a note.
    guide_items = {item.key for practice in load_guide().practices for item in practice.items}
    assert set(CONTENT[lang]["checklist_notes"]) <= guide_items


def test_french_words_follow_french_typography():
    french = list(texts(CONTENT["fr"]))
    assert not [text for text in french if "'" in text]  # the apostrophe is ’
    # A no-break space before : ; ? ! and », after «.
    assert not [text for text in french if re.search(r"[^\u00a0][:;?!»](?=\s|$)|«[^\u00a0]", text)]
    assert sum("\u00a0" in text for text in french) > 50


# Each user action's adapter -> the table its rows go to.
ADAPTERS = {
    "create_relationship": "relationships", "save_agreement": "agreements", "set_check": "checklist",
    "add_candidate": "candidates", "add_goal": "goals", "schedule_meeting": "meetings",
    "prepare_agenda": "agenda_items", "add_action": "actions", "log_feedback": "feedback", "save_review": "reviews",
    "note_learning": "learnings",
}


def test_every_row_is_made_through_the_adapter_of_its_user_action(tmp_path, monkeypatch):
    calls: dict[str, int] = defaultdict(int)

    def counting(name):
        adapter = getattr(writes, name)

        def counted(*args, **kwargs):
            made = adapter(*args, **kwargs)
            # An adapter that makes a row returns None when the domain wrote none (an item
            # the agenda holds already, a guide item left to do without a note).
            if made is not None or name not in ADAPTERS:
                calls[name] += 1
            return made

        return counted

    for name in (*ADAPTERS, "record_result", "cover_agenda_item"):
        monkeypatch.setattr(writes, name, counting(name))
    store = open_store(tmp_path / "demo.db")
    try:
        counts = fill_demo(store)
        assert {ADAPTERS[name]: calls[name] for name in ADAPTERS} == counts
        results = store.conn.execute("SELECT count(*) FROM feedback WHERE result_on IS NOT NULL").fetchone()[0]
        assert calls["record_result"] == results > 0
        covered = store.conn.execute("SELECT count(*) FROM agenda_items WHERE done").fetchone()[0]
        assert calls["cover_agenda_item"] >= covered > 0
    finally:
        store.close()


def test_demo_module_does_not_import_textual():
    code = "import sys, mentortui.exchange.demo; assert not any(m.split('.')[0] == 'textual' for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)


# ---- large ------------------------------------------------------------------------------


def test_large_volumes(large):
    store, counts = large
    assert 700 <= counts["meetings"] <= 860
    assert 9_000 <= counts["feedback"] <= 11_000
    assert 2_700 <= counts["goals"] <= 3_300
    assert 7_000 <= counts["agenda_items"] <= 9_000
    assert counts["actions"] > 700 and counts["reviews"] > 240  # one a week for the person, over five years
    for table, count in counts.items():
        assert store.conn.execute("SELECT count(*) FROM " + table).fetchone()[0] == count


def test_large_carries_only_what_the_app_would_carry(large):
    """Items are carried as the meetings screen carries them: never onto an agenda that
    already holds a revisit of the agreement, never twice the same line."""
    store, _ = large
    for rel in store.relationships():
        for meeting in store.meetings(rel.id):
            seen: list = []
            for item in store.agenda(meeting.id):
                if item.carried_from is not None:
                    # (an agenda is filled before the meeting, when nothing on it is covered yet)
                    assert not (item.kind == "revisit" and any(s.kind == "revisit" for s in seen))
                    assert (item.kind, item.text) not in {(s.kind, s.text) for s in seen}
                seen.append(item)


def test_the_fill_gives_the_store_its_clock_back(tmp_path):
    store = open_store(tmp_path / "demo.db")
    clock = store.clock
    try:
        fill_demo(store)
        assert store.clock is clock
        assert store.journal.last() is None  # one write, outside the undo history
    finally:
        store.close()


def test_large_is_consistent(large):
    store, _ = large
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    relationships = store.relationships()
    assert sorted((r.role, r.status) for r in relationships) == [
        ("mentee", "active"), ("mentee", "ended"), ("mentor", "active")
    ]
    for rel in relationships:
        goals = store.goals(rel.id)
        by_id = {g.id: g for g in goals}
        assert max(depth(g, by_id) for g in goals) >= 4
        meetings = store.meetings(rel.id)
        span = (meetings[-1].starts_at - meetings[0].starts_at).days
        assert span >= 5 * 365 - 14 and len(meetings) >= 250  # weekly, for five years
        weeks = span // 7
        about = [r for r in store.reviews() if any(review_data.split_answer_key(key)[0] == rel.id for key in r.answers)]
        assert len(about) >= 0.7 * weeks
    now = dt.datetime.fromisoformat(NOW).isoformat()
    for table, column in (("goals", "created_at"), ("goals", "done_at"), ("meetings", "created_at"),
                          ("actions", "done_at"), ("feedback", "created_at"), ("reviews", "completed_at")):
        latest = store.conn.execute("SELECT max(" + column + ") FROM " + table).fetchone()[0]
        assert latest <= now, (table, column)
    # Dates and JSON columns read back as the model expects.
    sample = store.feedback(relationships[0].id, limit=500)
    for entry in sample:
        validate(type(entry), vars(entry))


# ---- the demo is a workbook the app can live with -------------------------------------


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_demo_passes_the_checks_an_import_makes(tmp_path, size, lang):
    # The same gate as `mentortui import`: every field, every JSON shape, every link.
    from mentortui.exchange.json_backup import check_import, export_workbook

    store = open_store(tmp_path / "demo.db")
    fill_demo(store, size=size, lang=lang)
    rows = check_import(export_workbook(store))
    assert len(rows) == sum(store.conn.execute("SELECT count(*) FROM " + cls.table).fetchone()[0] for cls in RECORD_TYPES)
    store.close()


def test_reviews_are_recorded_in_the_shape_the_review_screen_writes(small):
    from mentortui.data.model import REVIEW_STEP_COUNT
    from mentortui.data.review import describe_change

    lang, store, _, rows = small
    changes = [change for review in rows["reviews"] for change in review.changes]
    assert changes, "some weeks record what was done"
    for change in changes:
        assert set(change) == {"what", "params", "relationship_id"} and isinstance(change["params"], dict)
        described = describe_change(change)
        assert "{" not in described and described != change["what"]
    for review in rows["reviews"]:
        assert review.step == REVIEW_STEP_COUNT - 1  # completed on the summary
        own_keys = {review_data.split_answer_key(key) for key in review.answers}
        assert {key for _about, key in own_keys} <= {"wins", "goals"} | {f"guide-{p}" for p in CHECKLIST_ITEMS}
        assert all((about is None) == (key == "wins") for about, key in own_keys)  # wins are the person's


async def test_the_review_history_of_the_demo_opens(tmp_path):
    # `mentortui demo`, then 6 (review) and h (history): this used to die with KeyError.
    from mentortui.app import make_app
    from tests.ui_helpers import screen_text

    store = open_store(tmp_path / "demo.db")
    fill_demo(store, size="small")
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        app.screen.query_one("#steps").focus()
        await pilot.press("h")
        await pilot.pause()
        seen = [screen_text(pilot)]
        for _ in range(len(store.reviews()) - 1):  # every past review
            await pilot.press("down")
            await pilot.pause()
            seen.append(screen_text(pilot))
        assert app.is_running
    shown = "\n".join(seen)
    assert "Changes" in shown and "Answers" in shown
    from mentortui.data.review import describe_change

    recorded = [c for r in store.reviews() for c in r.changes]
    assert recorded and all(describe_change(c) in shown for c in recorded)
    store.close()
