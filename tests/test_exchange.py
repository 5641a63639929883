"""JSON export is a lossless backup; import restores it into an empty database or refuses."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mentortui.clock import FrozenClock
from mentortui.data.demo import fill_demo
from mentortui.data.exchange import ImportRefused, export_workbook, import_workbook
from mentortui.data.schema import SCHEMA_VERSION
from mentortui.data.store import Store


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
    store.start_review(rel.id, "2026-W48")
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
    assert r["reviews"][0]["week"] == "2026-W48" and r["reviews"][0]["completed_at"] is None


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
