"""A line of a meeting's notes becomes advice in the feedback log: one undoable change,
received for a mentee and given for a mentor, dated the meeting's day, linked to nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.domain.feedback import advice_from_notes, advice_text


@pytest.mark.parametrize("role, direction", [("mentee", "received"), ("mentor", "given")])
def test_a_line_of_notes_becomes_advice_dated_the_meeting(store, role, direction):
    rel = store.add_relationship(partner="Ana", role=role, started_on=dt.date(2026, 9, 1))
    meeting = store.add_meeting(rel.id, dt.datetime(2026, 11, 24, 17, 30), status="held")
    logged = advice_from_notes(store, meeting.id, "- [ ] Pair on one code review a week  ")
    assert logged.created
    [entry] = store.feedback(rel.id)
    assert (entry.kind, entry.direction, entry.date, entry.text, entry.goal_id) == (
        "advice", direction, dt.date(2026, 11, 24), "Pair on one code review a week", None)
    # Pressed again on the same line: nothing new, nothing to undo.
    last = store.journal.last()
    again = advice_from_notes(store, meeting.id, "* Pair on one code review a week")
    assert not again.created and again.entry.id == entry.id
    assert store.journal.last() == last and len(store.feedback(rel.id)) == 1
    store.undo()
    assert store.feedback(rel.id) == []


def test_an_empty_line_writes_nothing(store):
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    meeting = store.add_meeting(rel.id, dt.datetime(2026, 11, 24, 17, 30))
    last = store.journal.last()
    assert advice_from_notes(store, meeting.id, "  ## ") is None
    assert store.feedback(rel.id) == [] and store.journal.last() == last


def test_markdown_markers_are_left_out():
    assert advice_text("## Advice received") == "Advice received"
    assert advice_text("1. Say no to one meeting\n\n> Keep a decision log") == "Say no to one meeting\nKeep a decision log"
    assert advice_text("-not a bullet") == "-not a bullet"
