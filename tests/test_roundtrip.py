"""Any workbook survives export → import → export unchanged, whatever its text (as the
store keeps it: terminal escapes and control characters never reach the file)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentortui.core.clock import FrozenClock
from mentortui.exchange.json_backup import export_workbook, import_workbook
from mentortui.data.model import FEEDBACK_KINDS, MAX_TITLE
from mentortui.data.store import Store
from mentortui.core.safetext import clean_stored

# Any text a person could paste, including markup look-alikes and control characters.
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=120)
one_line = any_text.map(lambda s: s.replace("\n", " ").replace("\r", " ")[:MAX_TITLE]).filter(lambda s: clean_stored(s).strip())
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))

workbooks = st.fixed_dictionaries(
    {
        "partner": one_line,
        "role": st.sampled_from(["mentor", "mentee"]),
        "why": any_text,
        "started": days,
        "goals": st.lists(st.tuples(one_line, any_text, st.integers(-1, 5)), max_size=8),
        "meetings": st.lists(st.tuples(days, any_text, st.lists(one_line, max_size=4)), max_size=3),
        "feedback": st.lists(st.tuples(days, st.sampled_from(FEEDBACK_KINDS), any_text, st.booleans()), max_size=5),
        "candidates": st.lists(st.tuples(one_line, st.integers(0, 3)), max_size=2),
    }
)


def build(store: Store, book: dict) -> None:
    rel = store.add_relationship(partner=book["partner"], role=book["role"], started_on=book["started"], why=book["why"])
    store.save_agreement(rel.id, my_expectations=book["why"], modes=["video", "email"])
    ids: list[int] = []
    for title, notes, parent_index in book["goals"]:
        parent = ids[parent_index] if 0 <= parent_index < len(ids) else None
        ids.append(store.add_goal(rel.id, title, notes=notes, parent_id=parent).id)
    if len(ids) > 1:
        store.move_goal(ids[-1], parent_id=None, position=0)
    for day, notes, items in book["meetings"]:
        meeting = store.add_meeting(rel.id, dt.datetime.combine(day, dt.time(18)), notes=notes)
        previous = None
        for text in items:
            item = store.add_agenda_item(meeting.id, text, carried_from=previous, goal_id=ids[0] if ids else None)
            previous = item.id
        store.add_action(meeting.id, "Follow up", due_on=day)
    for day, kind, text, tried in book["feedback"]:
        store.add_feedback(rel.id, direction="received", kind=kind, text=text, date=day, tried=tried,
                           rubric=["honest"] if tried else [])
    for name, score in book["candidates"]:
        store.add_candidate(name, score_network=score)


def _without_stamp(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "exported_at"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks)
def test_generated_workbooks_round_trip(book):
    with tempfile.TemporaryDirectory() as folder:
        clock = FrozenClock("2026-11-26T10:00")
        source = Store.open(Path(folder) / "a.db", clock)
        build(source, book)
        first = json.loads(json.dumps(export_workbook(source), ensure_ascii=False))
        source.close()
        target = Store.open(Path(folder) / "b.db", clock)
        import_workbook(target, first)
        second = export_workbook(target)
        target.close()
    assert _without_stamp(second) == _without_stamp(first)
    # Stored as typed, less what could act on a terminal (safetext.clean_stored).
    assert first["relationships"][0]["why"] == clean_stored(book["why"])
