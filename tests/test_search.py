"""Search across everything: the FTS5 index (migration m002), kept in step by every write,
undo and import, and the command palette that jumps to the hit."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from mentortui.app import make_app
from mentortui.core.refs import AgreementRef, FeedbackRef, GoalRef, MeetingRef
from mentortui.data import schema
from mentortui.data.search import match_expression, search
from mentortui.data.store import Store
from mentortui.ui.search import SearchProvider, hit_display
from tests.ui_helpers import screen_text, type_text

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def workbook(store):
    """Two relationships with one of each searchable thing."""
    mine = store.add_relationship(partner="Ana Souza", role="mentee", started_on=dt.date(2026, 9, 1))
    theirs = store.add_relationship(partner="Sam Rivera", role="mentor", started_on=dt.date(2026, 9, 1))
    goal = store.add_goal(mine.id, "Speak at the quokka conference", notes="Ask the Réunion meetup first")
    meeting = store.add_meeting(theirs.id, dt.datetime(2026, 11, 3, 18, 0), notes="We talked about the zebra retrospective")
    store.add_agenda_item(meeting.id, "Review the platypus proposal")
    store.add_action(meeting.id, "Send the wombat summary")
    advice = store.add_feedback(mine.id, direction="received", kind="advice", text="Rehearse twice", date=TODAY)
    store.update_feedback(advice.id, result="The narwhal demo went well")
    store.save_agreement(mine.id, my_responsibilities="Set the axolotl agenda")
    return {"mine": mine, "theirs": theirs, "goal": goal, "meeting": meeting, "advice": advice}


def kinds(hits):
    return [(hit.kind, hit.ref) for hit in hits]


def test_every_kind_of_text_is_found_with_where_it_lives(store, workbook):
    meeting_id = workbook["meeting"].id
    assert kinds(search(store, "quokka")) == [("goal", GoalRef(workbook["goal"].id))]
    assert kinds(search(store, "reunion")) == kinds(search(store, "quokka"))  # notes, accents ignored
    assert kinds(search(store, "zebra")) == [("notes", MeetingRef(meeting_id))]
    assert kinds(search(store, "platyp")) == [("agenda", MeetingRef(meeting_id))]
    assert kinds(search(store, "WOMBAT")) == [("action", MeetingRef(meeting_id))]
    assert kinds(search(store, "narwhal")) == [("feedback", FeedbackRef(workbook["advice"].id))]
    assert kinds(search(store, "axolotl")) == [("agreement", AgreementRef())]
    [hit] = search(store, "zebra retro")
    assert hit.relationship_id == workbook["theirs"].id and hit.partner == "Sam Rivera"
    assert hit.when == dt.date(2026, 11, 3)
    assert ("zebra", True) in hit.parts and ("retrospective", True) in hit.parts
    assert hit.snippet == "We talked about the zebra retrospective"


def test_the_active_relationship_comes_first(store, workbook):
    store.add_goal(workbook["theirs"].id, "Quokka photos for the team")
    mine, theirs = workbook["mine"].id, workbook["theirs"].id
    assert [h.relationship_id for h in search(store, "quokka", relationship_id=theirs)] == [theirs, mine]
    assert [h.relationship_id for h in search(store, "quokka", relationship_id=mine)] == [mine, theirs]


@pytest.mark.parametrize("typed", ['"', "AND OR NOT", "NEAR(a b)", "x*", "col:quokka", "-quokka", "'; DROP TABLE goals; --", "?!", "", "   "])
def test_what_the_user_types_is_never_search_syntax(store, workbook, typed):
    search(store, typed)  # no sqlite3.OperationalError
    assert store.goal(workbook["goal"].id)


def test_match_expression_quotes_every_word_as_a_prefix():
    assert match_expression("design rev") == '"design"* "rev"*'
    assert match_expression('"a" OR b') == '"a"* "OR"* "b"*'
    assert match_expression("--") is None


def test_the_index_follows_edits_deletes_and_undo(store, workbook):
    goal = workbook["goal"]
    store.update_goal(goal.id, title="Speak at the capybara conference")
    assert search(store, "quokka") == [] and len(search(store, "capybara")) == 1
    store.delete_relationship(workbook["mine"].id)  # cascades to goals, feedback, agreements
    assert search(store, "capybara") == [] and search(store, "narwhal") == [] and search(store, "axolotl") == []
    store.undo()
    assert len(search(store, "capybara")) == 1 and len(search(store, "narwhal")) == 1 and len(search(store, "axolotl")) == 1
    store.undo()
    assert len(search(store, "quokka")) == 1 and search(store, "capybara") == []
    assert store.conn.execute("INSERT INTO goals_fts (goals_fts) VALUES ('integrity-check')").rowcount != 0


def test_upgrading_a_version_1_database_indexes_what_is_there(db_path, clock):
    # A workbook made by the first release: only m001 applied.
    first_release = Migrations(schema.MIGRATIONS.name)
    first_release._migrations = schema.MIGRATIONS._migrations[:1]
    conn = sqlite3.connect(db_path, isolation_level=None)
    first_release.apply(Database(conn))
    conn.execute(
        "INSERT INTO relationships (partner, role, started_on, created_at) VALUES ('Ana', 'mentee', '2026-09-01', '2026-09-01T00:00:00')"
    )
    conn.execute(
        "INSERT INTO goals (relationship_id, position, title, notes, created_at, updated_at)"
        " VALUES (1, 0, 'Learn to juggle', 'three balls', '2026-09-01T00:00:00', '2026-09-01T00:00:00')"
    )
    conn.close()
    store = Store.open(db_path, clock)
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert kinds(search(store, "juggle")) == [("goal", GoalRef(1))]
        assert list(db_path.parent.glob("workbook.db.v1-*.bak"))  # backed up before the upgrade
    finally:
        store.close()


def test_hits_are_shown_literally():
    from mentortui.data.search import Hit

    hit = Hit("goal", 1, 1, "[@click=app.quit]Ana[/]", (("[bold]x", False), ("quokka\x1b[2J", True)), None, GoalRef(1))
    shown = hit_display(hit, "en")
    assert shown.plain == "Goal  [bold]xquokka\n[@click=app.quit]Ana[/]"


async def palette_pick(pilot, query: str) -> None:
    """Open the palette, type ``query``, wait for the hits, choose the first one."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, query)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("down", "enter")
    await pilot.pause()
    await pilot.pause()


@pytest.fixture
def recorded_jumps(monkeypatch):
    """Every place the app is asked to show, still shown."""
    from mentortui.app import MentorApp

    calls = []
    original = MentorApp.navigate

    async def navigate(self, ref, relationship_id=None):
        calls.append(ref)
        await original(self, ref, relationship_id)

    monkeypatch.setattr(MentorApp, "navigate", navigate)
    return calls


async def test_palette_search_jumps_to_a_meeting_note_in_another_relationship(store, workbook, recorded_jumps):
    app = make_app(store=store)
    assert SearchProvider in app.COMMANDS
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert app.relationship.id != workbook["theirs"].id
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "zebra")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Meeting notes  We talked about the zebra retrospective" in screen_text(pilot)
        assert "Sam Rivera · Nov 3, 2026" in screen_text(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.pause()
        assert recorded_jumps == [MeetingRef(workbook["meeting"].id)]
        assert app.relationship.id == workbook["theirs"].id  # switched first
        assert store.setting("active_relationship") == str(workbook["theirs"].id)
        if "meetings" in app.MODES:
            assert app.current_mode == "meetings"


async def test_palette_search_jumps_to_a_goal_and_to_feedback(store, workbook, recorded_jumps):
    app = make_app(store=store)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        app.data_changed(workbook["theirs"].id)
        await palette_pick(pilot, "quokka conf")
        assert recorded_jumps == [GoalRef(workbook["goal"].id)]
        assert app.relationship.id == workbook["mine"].id
        if "goals" in app.MODES:
            assert app.current_mode == "goals"
        await palette_pick(pilot, "narwhal")
        assert recorded_jumps[-1] == FeedbackRef(workbook["advice"].id)
        assert app.current_mode == "feedback"
        assert "The narwhal demo went well" in screen_text(pilot)


def test_search_on_the_large_demo_answers_every_kind(tmp_path, clock):
    from mentortui.exchange.demo import fill_demo

    store = Store.open(tmp_path / "large.db", clock)
    try:
        fill_demo(store, size="large")
        found = {hit.kind for word in ("design", "review", "feedback", "talk", "agenda") for hit in search(store, word)}
        assert {"goal", "agenda", "feedback"} <= found
        assert len(search(store, "the")) == 30
    finally:
        store.close()


def test_the_index_is_rewritten_only_when_indexed_text_changes(store):
    # Ticking, closing or moving an item must not re-index its text (m005): that cost was
    # paid on every update of any column, a large demo's fill twice over.
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    goal = store.add_goal(rel.id, "Learn réunion skills")
    conn = store.conn

    def rows_written(sql: str) -> int:
        before = conn.total_changes
        conn.execute(sql, [goal.id])
        return conn.total_changes - before

    assert rows_written("UPDATE goals SET status = 'done' WHERE id = ?") == 1
    assert rows_written("UPDATE goals SET title = 'Ship the portfolio' WHERE id = ?") > 1
    assert [hit.snippet for hit in search(store, "portfolio")] == ["Ship the portfolio"]
    assert search(store, "reunion") == []
