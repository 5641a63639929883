"""JSON export is a lossless backup; import restores it into an empty database or refuses."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mentortui.core.clock import FrozenClock
from mentortui.exchange.demo import fill_demo
from mentortui.exchange.json_backup import ImportRefused, export_workbook, import_workbook
from mentortui.data.schema import SCHEMA_VERSION
from mentortui.data.model import ValidationError
from mentortui.data.store import Store
from tests.conftest import sha256


def _without_stamp(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "exported_at"}


@pytest.mark.parametrize("size", ["small", "large"])
def test_export_import_export_is_identical(tmp_path, clock, size):
    source = Store.open(tmp_path / "source.db", clock)
    fill_demo(source, size=size)
    exported = export_workbook(source)
    source.close()
    target = Store.open(tmp_path / "target.db", FrozenClock("2027-01-01T09:00"))
    import_workbook(target, json.loads(json.dumps(exported)))
    again = export_workbook(target)
    target.close()
    assert again["exported_at"] != exported["exported_at"]
    assert _without_stamp(again) == _without_stamp(exported)


def test_export_names_the_fields_readers_rely_on(store):
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    root = store.add_goal(rel.id, "Root")
    store.add_goal(rel.id, "Child", parent_id=root.id)
    meeting = store.add_meeting(rel.id, dt.datetime(2026, 12, 1, 18, 30))
    store.add_agenda_item(meeting.id, "First topic")
    store.add_feedback(rel.id, direction="received", kind="advice", text="Ask more questions", date=dt.date(2026, 11, 20))
    store.start_review("2026-W48")
    data = export_workbook(store)
    assert data["format"] == "mentortui" and data["schema"] == SCHEMA_VERSION
    assert data["exported_at"] == "2026-11-26T10:00:00"
    r = data["relationships"][0]
    assert (r["partner"], r["role"]) == ("Ana", "mentee")
    assert [(g["id"], g["title"], g["parent"], g["position"]) for g in r["goals"]] == [
        (root.id, "Root", None, 0),
        (root.id + 1, "Child", root.id, 0),
    ]
    assert r["meetings"][0]["when"] == "2026-12-01T18:30:00"
    assert r["meetings"][0]["agenda"][0]["text"] == "First topic"
    f = r["feedback"][0]
    assert (f["date"], f["direction"], f["kind"], f["text"]) == ("2026-11-20", "received", "advice", "Ask more questions")
    assert "reviews" not in r  # the person's, one a week, over every relationship
    assert data["reviews"][0]["week"] == "2026-W48" and data["reviews"][0]["completed_at"] is None


def test_text_survives_exactly(tmp_path, clock):
    weird = "  [bold]Ship[/] the [@click=app.quit]portfolio[/] \u202e émoji 🚀 \t tabs  "
    source = Store.open(tmp_path / "a.db", clock)
    rel = source.add_relationship(partner="Zoë", role="mentor", started_on=dt.date(2026, 1, 1), why=weird + "\nline two")
    source.add_goal(rel.id, weird)
    data = json.loads(json.dumps(export_workbook(source)))
    target = Store.open(tmp_path / "b.db", clock)
    import_workbook(target, data)
    assert target.goals(1)[0].title == weird
    assert target.relationship(1).why == weird + "\nline two"


def _small_export(tmp_path, clock) -> dict:
    source = Store.open(tmp_path / "source.db", clock)
    fill_demo(source, size="small")
    data = json.loads(json.dumps(export_workbook(source)))
    source.close()
    return data


@pytest.mark.parametrize(
    "edit, path",
    [
        (lambda d: d["relationships"][0]["goals"][3].__setitem__("status", "finished"), "relationships[0].goals[3].status"),
        (lambda d: d["relationships"][1]["meetings"][2]["agenda"][1].__setitem__("text", ""), "relationships[1].meetings[2].agenda[1].text"),
        (lambda d: d["relationships"][0]["feedback"][0].__setitem__("date", "yesterday"), "relationships[0].feedback[0].date"),
        (lambda d: d["relationships"][0].pop("partner"), "relationships[0].partner"),
        (lambda d: d["candidates"][0].__setitem__("score_goals", 7), "candidates[0].score_goals"),
        (lambda d: d["relationships"][0]["goals"][0].__setitem__("colour", "red"), "relationships[0].goals[0].colour"),
    ],
    ids=["enum", "empty-text", "date", "missing", "range", "unknown"],
)
def test_one_bad_field_refuses_the_whole_file(tmp_path, clock, edit, path):
    data = _small_export(tmp_path, clock)
    edit(data)
    target_path = tmp_path / "target.db"
    target = Store.open(target_path, clock)
    with pytest.raises(ImportRefused) as refused:
        import_workbook(target, data)
    assert str(refused.value).startswith(path + ":")
    assert target.is_empty()
    assert target.conn.execute("SELECT count(*) FROM goals").fetchone()[0] == 0
    target.close()


def test_import_refuses_a_non_empty_database(tmp_path, clock, store):
    data = _small_export(tmp_path, clock)
    store.add_candidate("Already here")
    with pytest.raises(ImportRefused, match="already holds a workbook"):
        import_workbook(store, data)
    assert [c.name for c in store.candidates()] == ["Already here"]


@pytest.mark.parametrize("data", [{"relationships": []}, [], {"format": "other"}, {"format": "mentortui", "schema": 99}])
def test_import_refuses_what_is_not_an_export(store, data):
    with pytest.raises(ImportRefused):
        import_workbook(store, data)
    assert store.is_empty()


# ---- importable means usable ---------------------------------------------------------------


def _minimal() -> dict:
    """A small valid export, built by hand: two relationships, goals, a meeting, feedback."""
    def rel(rel_id: int, goal_ids: tuple[int, int], meeting_id: int, feedback_id: int) -> dict:
        stamp = "2026-09-01T09:00:00"
        goal = {"notes": "", "horizon": "short", "status": "open", "owner": "mentee", "progress": None,
                "due_on": None, "before_next_meeting": False, "done_at": None, "created_at": stamp, "updated_at": stamp}
        return {
            "id": rel_id, "partner": f"Partner {rel_id}", "role": "mentee", "started_on": "2026-09-01", "end_on": None,
            "status": "active", "ended_on": None, "why": "", "hope_to_learn": "", "stay_in_touch_months": 3,
            "created_at": stamp,
            "agreements": [{"id": rel_id, "version": 1, "duration": "", "cadence": "FREQ=WEEKLY;BYDAY=TU",
                            "cadence_start": "2026-09-01T18:00:00", "modes": ["video"], "my_responsibilities": "",
                            "their_responsibilities": "", "my_expectations": "", "their_expectations": "",
                            "revisit_on": None, "created_at": stamp, "reason": "", "agreed_on": "2026-09-01",
                            "my_limits": "", "their_limits": ""}],
            "goals": [{**goal, "id": goal_ids[0], "parent": None, "position": 0, "title": "Root"},
                      {**goal, "id": goal_ids[1], "parent": goal_ids[0], "position": 0, "title": "Child"}],
            "meetings": [{"id": meeting_id, "when": "2026-12-01T18:30:00", "mode": "video", "status": "planned",
                          "notes": "", "created_at": stamp,
                          "agenda": [{"id": meeting_id, "position": 0, "text": "Topic", "kind": "goal",
                                      "goal_id": goal_ids[1], "done": False, "carried_from": None}],
                          "actions": [{"id": meeting_id, "owner": "me", "text": "Send it", "due_on": None,
                                       "goal_id": goal_ids[0], "done_at": None, "created_at": stamp, "follow_up": False}]}],
            "feedback": [{"id": feedback_id, "date": "2026-11-20", "direction": "received", "kind": "advice",
                          "text": "Ask more", "goal_id": goal_ids[0], "rubric": [], "tried": None, "result": "",
                          "result_on": None, "created_at": stamp}],
            "checklist": [],
            "learnings": [],
        }

    review = {"id": 1, "week": "2026-W47", "step": 7, "started_at": "2026-11-20T09:00:00",
              "completed_at": "2026-11-20T09:10:00", "answers": {"wins": "Shipped", "2:goals": "Draft"},
              "changes": [{"what": "Goal “{title}” done", "params": {"title": "Root"}, "relationship_id": 1}]}
    return {"format": "mentortui", "schema": SCHEMA_VERSION, "exported_at": "2026-11-26T10:00:00",
            "relationships": [rel(1, (1, 2), 1, 1), rel(2, (3, 4), 2, 2)], "reviews": [review], "candidates": []}


def test_the_hand_built_export_imports(store):
    assert import_workbook(store, _minimal()) == 2 * 8 + 1
    assert [g.title for g in store.goals(2)] == ["Root", "Child"]


def test_a_backup_from_before_limits_follow_ups_and_learnings_imports(store):
    # Schema 8 had no limits in the agreement, no follow-up flag on actions, no learning log.
    data = _minimal()
    data["schema"] = 8
    for relationship in data["relationships"]:
        del relationship["learnings"]
        for agreement in relationship["agreements"]:
            del agreement["my_limits"], agreement["their_limits"]
        for meeting in relationship["meetings"]:
            for action in meeting["actions"]:
                del action["follow_up"]
    assert import_workbook(store, data) == 2 * 8 + 1
    agreement = store.current_agreement(1)
    assert (agreement.my_limits, agreement.their_limits) == ("", "")
    assert [action.follow_up for action in store.actions(1)] == [False]
    assert store.learnings(1) == []


def test_an_older_backup_with_reviews_per_relationship_merges_them_by_week(store):
    # Schema 5 nested each relationship's reviews in it: the same week's merge into the person's.
    data = _minimal()
    data["schema"] = 5
    review = data.pop("reviews")[0]
    data["relationships"][0]["reviews"] = [{**review, "answers": {"wins": "Shipped", "guide-E4": "Thanked"},
                                            "changes": [{"what": "Thanks logged", "params": {}}]},
                                           {**review, "id": 3, "week": "2026-W46", "answers": {}, "changes": []}]
    data["relationships"][1]["reviews"] = [{**review, "id": 2, "step": 3, "completed_at": None,
                                            "started_at": "2026-11-19T08:00:00", "answers": {"goals": "Draft"},
                                            "changes": [{"what": "Goal “{title}” done", "params": {"title": "Root"}}]}]
    assert import_workbook(store, data) == 2 * 8 + 2
    w47, w46 = store.reviews()
    assert (w47.id, w47.week, w46.id, w46.week) == (1, "2026-W47", 3, "2026-W46")
    assert w47.answers == {"wins": "Shipped", "1:guide-E4": "Thanked", "2:goals": "Draft"}
    assert w47.changes == [{"what": "Thanks logged", "params": {}, "relationship_id": 1},
                           {"what": "Goal “{title}” done", "params": {"title": "Root"}, "relationship_id": 2}]
    # Started with the first, resumed where the unfinished one was left.
    assert (w47.started_at, w47.step, w47.completed_at) == (dt.datetime(2026, 11, 19, 8), 3, None)


def _set(path: str, value):
    """An edit of ``_minimal()``: set the field at a dotted path (list indexes as numbers)."""
    def edit(data: dict) -> None:
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value
    return edit


@pytest.mark.parametrize(
    "edit, says",
    [
        (_set("relationships.0.goals.0.parent", 2), "goals[id=1].parent_id: goals are each other's parents"),
        (_set("relationships.0.goals.1.parent", 3), "goals[id=2].parent_id: points at a record of another relationship"),
        (_set("relationships.0.goals.1.parent", 99), "goals[id=2].parent_id: points at a record that is not in the file"),
        (_set("relationships.0.feedback.0.goal_id", 3), "feedback[id=1].goal_id: points at a record of another relationship"),
        (_set("relationships.0.meetings.0.agenda.0.goal_id", 4), "agenda_items[id=1].goal_id: points at a record of another"),
        (_set("relationships.0.meetings.0.actions.0.goal_id", 4), "actions[id=1].goal_id: points at a record of another"),
        (_set("relationships.0.meetings.0.agenda.0.carried_from", 2), "agenda_items[id=1].carried_from: points at a record of another"),
        (_set("relationships.1.goals.1.id", 2), "goals[id=2].id: the same id is used twice"),
        (_set("relationships.0.stay_in_touch_months", 100000), "relationships[0].stay_in_touch_months: must be between 1 and 24"),
        (_set("relationships.0.started_on", "0001-01-01"), "relationships[0].started_on: must be between the years 1900 and 2200"),
        (_set("relationships.0.meetings.0.when", "9999-12-31T23:00:00"), "relationships[0].meetings[0].when: must be between the years"),
        (_set("relationships.0.agreements.0.modes", [5, None]), "relationships[0].agreements[0].modes: must be text"),
        (_set("relationships.0.agreements.0.modes", ["video", "video"]), "relationships[0].agreements[0].modes: lists the same value twice"),
        (_set("relationships.0.agreements.0.modes", ["telepathy"]), "relationships[0].agreements[0].modes: must be one of"),
        (_set("relationships.0.agreements.0.cadence", "every blue moon"), "relationships[0].agreements[0].cadence: is not a meeting rhythm"),
        (_set("relationships.0.feedback.0.rubric", [{"a": 1}]), "relationships[0].feedback[0].rubric: must be text"),
        (_set("reviews.0.answers", {"wins": 42}), "reviews[0].answers: must be text"),
        (_set("reviews.0.answers", {"wins": ["x"]}), "reviews[0].answers: must be text"),
        (_set("reviews.0.changes", [{"table": "goals", "id": 1}]), "reviews[0].changes: has the wrong shape"),
        (_set("reviews.0.changes", [{"what": "{title.__class__}", "params": {"title": "x"}}]), "changes: has the wrong shape"),
        (_set("reviews.0.changes", [{"what": "{n:>999999999}", "params": {"n": 1}}]), "changes: has the wrong shape"),
        (_set("reviews.0.changes", [{"what": "Goal “{title}” done", "params": {}}]), "changes: has the wrong shape"),
        (_set("reviews.0.week", "2026-W60"), "reviews[0].week: must be an ISO week"),
        (_set("reviews.0.step", 99), "reviews[0].step: must be between 0 and 7"),
        (_set("relationships.0.goals.0.position", -5), "relationships[0].goals[0].position: must be between 0 and"),
    ],
    ids=["cycle", "parent-elsewhere", "parent-missing", "feedback-goal-elsewhere", "agenda-goal-elsewhere",
         "action-goal-elsewhere", "carried-from-elsewhere", "duplicate-id", "stay-in-touch", "year-1", "year-9999",
         "modes-types", "modes-twice", "modes-enum", "cadence", "rubric-types", "answer-number", "answer-list",
         "changes-shape", "changes-attribute", "changes-format-spec", "changes-missing-param", "week", "step",
         "position"],
)
def test_import_refuses_what_the_app_cannot_live_with(store, edit, says):
    data = _minimal()
    edit(data)
    with pytest.raises(ImportRefused) as refused:
        import_workbook(store, data)
    assert says in str(refused.value)
    assert store.is_empty()


def test_a_time_with_a_utc_offset_is_stored_as_local_time(store, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        data = _minimal()
        data["relationships"][0]["meetings"][0]["when"] = "2026-12-01T18:30:00+05:00"
        import_workbook(store, data)
    finally:
        monkeypatch.undo()
        time.tzset()
    # 13:30 UTC is 14:30 in Paris in December: the wall-clock time the app keeps.
    assert store.meetings(1)[0].starts_at == dt.datetime(2026, 12, 1, 14, 30)
    assert "BEGIN:VCALENDAR" in __import__("mentortui.exchange.meetings_export", fromlist=["x"]).calendar_ics(store, "en").decode()


def test_imported_text_is_cleaned_as_every_write_is(store):
    data = _minimal()
    osc52 = "\x1b]52;c;cm0gLXJmIH4=\x1b\\"
    data["relationships"][0]["meetings"][0]["notes"] = f"Notes{osc52}\r\n\tline \x1b]2;owned\x07two \ud800 \u202e"
    data["reviews"][0]["answers"] = {"wins": "won\x1b[2J", "guide-E4\x9b": "x"}
    import_workbook(store, data)
    assert store.meetings(1)[0].notes == "Notes\n\tline two \ufffd \u202e"
    assert store.reviews()[0].answers == {"wins": "won", "guide-E4": "x"}


def test_the_emptiness_check_is_inside_the_write_transaction(store, monkeypatch):
    # Checked before taking the write lock, another writer could fill the workbook in between.
    seen = []
    original = Store.is_empty
    monkeypatch.setattr(Store, "is_empty", lambda self: seen.append(self.conn.in_transaction) or original(self))
    import_workbook(store, _minimal())
    assert seen == [True]


def test_walks_over_goal_parents_end_even_on_a_cycle(store):
    from mentortui.data import goals as goal_data

    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 1, 1))
    a = store.add_goal(rel.id, "A")
    b = store.add_goal(rel.id, "B", parent_id=a.id)
    c = store.add_goal(rel.id, "C", parent_id=b.id)
    # Bad data slipped in (an older file, a hand edit): A under C closes a cycle.
    store.conn.execute("UPDATE goals SET parent_id = ? WHERE id = ?", [c.id, a.id])
    steps = 0

    def interrupt_runaway_query() -> int:
        nonlocal steps
        steps += 1
        return steps > 20_000  # a walk that loops is stopped (and fails) instead of hanging

    store.conn.set_progress_handler(interrupt_runaway_query, 100)
    assert {g.id for g in store.goal_descendants(a.id)} == {b.id, c.id}
    assert goal_data.descendant_count(store, a.id) == 2 and goal_data.open_descendants(store, b.id) == 2
    assert set(goal_data.ancestors(store, c.id)) == {a.id, b.id, c.id}
    assert [row.goal.id for row in goal_data.children(store, rel.id, c.id)] == [a.id]
    assert goal_data.children(store, rel.id, c.id)[0].leaves >= 0
    store.set_goal_status(a.id, "done", with_open_children=True)
    with pytest.raises(ValidationError):
        store.move_goal(b.id, parent_id=c.id, position=0)
    assert store.delete_goal(a.id) == 3
    assert steps <= 20_000


# ---- `mentortui import`: one line, nothing left behind ----------------------------------


def _import(tmp_path, capsys, text: str, target_name: str = "new.db") -> tuple[int, str]:
    from mentortui.cli import main

    source = tmp_path / "in.json"
    source.write_text(text, encoding="utf-8")
    code = main(["import", "--db", str(tmp_path / target_name), str(source)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,  # deeper than the JSON reader's recursion limit
        json.dumps({"format": "mentortui", "schema": 1, "relationships": [{"\x1b]2;owned\x07\nkey": 1}], "candidates": []}),
        json.dumps({**_minimal(), "candidates": [{"id": 1, "name": "x" * 10_000}]}),
        '{"format": "mentortui", "schema": 1, "relationships": [], "candidates": [' + "1" * 5000 + "]}",
    ],
    ids=["deep", "hostile-key", "long-name", "huge-number"],
)
def test_a_refused_import_says_one_line_and_leaves_no_file(tmp_path, capsys, text):
    code, err = _import(tmp_path, capsys, text)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("mentortui: ") and "Traceback" not in err
    assert "\x1b" not in err and "\x07" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


def test_a_refused_import_into_a_workbook_changes_nothing(tmp_path, capsys, clock):
    existing = Store.open(tmp_path / "full.db", clock)
    existing.add_candidate("Already here")
    existing.close()
    before = sha256(tmp_path / "full.db")
    code, err = _import(tmp_path, capsys, json.dumps(_minimal()), "full.db")
    assert code == 1 and "already holds a workbook" in err and err.count("\n") == 1
    assert sha256(tmp_path / "full.db") == before


# ---- text already stored by an older version is cleaned on upgrade --------------------------


def test_upgrading_cleans_text_stored_before_the_store_cleaned_it(db_path, clock):
    import sqlite3

    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from mentortui.data import schema

    older = Migrations(schema.MIGRATIONS.name)
    older._migrations = schema.MIGRATIONS._migrations[:2]
    conn = sqlite3.connect(db_path, isolation_level=None)
    older.apply(Database(conn))
    osc52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
    stamp = "2026-09-01T00:00:00"
    conn.execute("INSERT INTO relationships (partner, role, started_on, created_at) VALUES (?, 'mentee', '2026-09-01', ?)",
                 ["Ana\x1b[31m", stamp])
    conn.execute("INSERT INTO meetings (relationship_id, starts_at, notes, created_at) VALUES (1, ?, ?, ?)",
                 [stamp, f"line one{osc52}\r\n\tline two \u202e", stamp])
    conn.execute("INSERT INTO reviews (relationship_id, week, started_at, answers, changes) VALUES (1, '2026-W47', ?, ?, ?)",
                 [stamp, json.dumps({"wins": "won\x1b]2;title\x07"}), json.dumps([{"what": "Thanks logged\x9b2J", "params": {}}])])
    conn.execute("INSERT INTO settings (key, value) VALUES ('lang', 'fr\x07')")
    conn.close()
    store = Store.open(db_path, clock)
    try:
        assert store.relationship(1).partner == "Ana"
        assert store.meetings(1)[0].notes == "line one\n\tline two \u202e"  # tab, newline and bidi kept
        review = store.reviews()[0]
        assert review.answers == {"wins": "won"}
        assert review.changes == [{"what": "Thanks logged", "params": {}, "relationship_id": 1}]  # m006 names it
        assert store.setting("lang") == "fr"
        assert store.conn.execute("SELECT count(*) FROM meetings_fts WHERE meetings_fts MATCH 'two'").fetchone()[0] == 1
    finally:
        store.close()


def test_every_write_of_the_store_cleans_its_text(store):
    from mentortui.data import review as reviews
    from mentortui.domain.review import save_answers

    hostile = "a\x1b]52;c;cm0=\x07b\x1b[2J\x9d0;t\x9cc\x00\r\n\td \u202e\ud800"
    kept = "abc\n\td \u202e\ufffd"
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 1, 1), why=hostile)
    goal = store.add_goal(rel.id, "Goal\x1b[1m", notes=hostile)
    store.update_goal(goal.id, notes=hostile + "!")
    entry = store.set_checklist(rel.id, "E1", "compare", note=hostile)
    store.save_agreement(rel.id, my_expectations=hostile)
    review = store.start_review("2026-W48")
    review = save_answers(store, review, {"wins": hostile}, 1)
    review = reviews.record_change(store, review, reviews.GOAL_DONE, title="Goal\x1b]2;x\x07")
    store.set_setting("theme\x1b", hostile)
    assert store.relationship(rel.id).why == kept
    assert (store.goal(goal.id).title, store.goal(goal.id).notes) == ("Goal", kept + "!")
    assert store.checklist(rel.id)[0].note == kept and entry.note == kept
    assert store.current_agreement(rel.id).my_expectations == kept
    stored = store.review("2026-W48")
    assert stored.answers == {"wins": kept} and reviews.describe_change(stored.changes[0]) == "Goal “Goal” done"
    assert store.setting("theme") == kept
