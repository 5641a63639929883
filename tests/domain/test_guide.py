"""The guide's actions (mentortui.domain.guide, mentortui.domain.candidates): checklist ticks
and notes, and the mentor candidates; each one undoable change, none when nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.domain import candidates as candidate_actions
from mentortui.domain.guide import PRACTICE_NOTE, checklist_status, tick_item, visible_items, write_note


@pytest.fixture
def mentor(store):
    return store.add_relationship(partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))


def entry(store, rel_id, practice, item):
    return next((e for e in store.checklist(rel_id) if (e.practice, e.item) == (practice, item)), None)


def last_label(store) -> tuple[str, dict] | None:
    change = store.journal.last()
    return (change.label, change.params) if change else None


def test_a_tick_moves_the_item_on_and_comes_round(store, mentor):
    states = [tick_item(store, mentor.id, "M1", "time-weighed").state for _ in range(4)]
    assert states == ["doing", "done", "todo", "doing"]
    assert entry(store, mentor.id, "M1", "time-weighed").changed_at == dt.datetime(2026, 11, 26, 10, 0)
    assert last_label(store) == ("Update the checklist", {})
    store.undo()
    assert entry(store, mentor.id, "M1", "time-weighed").state == "todo"


def test_a_note_on_an_item_and_on_the_practice(store, mentor):
    write_note(store, mentor.id, "M1", "time-weighed", "Two hours a month")
    write_note(store, mentor.id, "M1", PRACTICE_NOTE, "Why I do this")
    assert entry(store, mentor.id, "M1", "time-weighed").note == "Two hours a month"
    assert entry(store, mentor.id, "M1", PRACTICE_NOTE).note == "Why I do this"
    store.undo()
    assert entry(store, mentor.id, "M1", PRACTICE_NOTE) is None


def test_an_unchanged_note_writes_nothing(store, mentor):
    before = last_label(store)
    assert write_note(store, mentor.id, "M1", "time-weighed", None) is None  # no note, none before
    assert entry(store, mentor.id, "M1", "time-weighed") is None and last_label(store) == before
    write_note(store, mentor.id, "M1", "time-weighed", "Kept")
    before = store.journal.last()
    assert write_note(store, mentor.id, "M1", "time-weighed", "Kept") is None
    assert store.journal.last() == before


def test_candidates_add_edit_link_delete_each_undoable(store, mentor):
    tom = candidate_actions.add_candidate(store, name="Tom Becker", notes=None, score_goals=2, score_skills=1)
    assert (tom.notes, tom.total) == ("", 3)
    assert last_label(store) == ("Add candidate {name}", {"name": "Tom Becker"})
    edited = candidate_actions.edit_candidate(store, tom.id, name="Tom Becker", notes="Met at a meetup",
                                              score_goals=3, score_respected=0, score_network=0, score_skills=1)
    assert (edited.notes, edited.total) == ("Met at a meetup", 4)
    linked = candidate_actions.link_candidate(store, tom.id, mentor.id)
    assert linked.relationship_id == mentor.id
    candidate_actions.delete_candidate(store, tom.id)
    assert store.candidates() == []
    store.undo()
    assert [c.name for c in store.candidates()] == ["Tom Becker"]
    store.undo()
    assert store.candidates()[0].relationship_id is None


def test_saving_a_candidate_unchanged_writes_nothing(store):
    tom = candidate_actions.add_candidate(store, name="Tom Becker", score_goals=2)
    before = store.journal.last()
    same = candidate_actions.edit_candidate(store, tom.id, name="Tom Becker", notes=None, score_goals=2,
                                            score_respected=0, score_network=0, score_skills=0)
    assert same == tom and store.journal.last() == before


def test_the_filter_keeps_matching_practices_whole_and_matching_items_alone(store, mentor):
    statuses = checklist_status(store, mentor, "mentor")
    assert len(visible_items(statuses, "")) == 5
    headings = [status.practice.heading() for status, _items in visible_items(statuses, "feedback")]
    assert "Give constructive feedback" in " ".join(headings) and "Identify why you want" not in " ".join(headings)
    write_note(store, mentor.id, "M1", "time-weighed", "Réunion on Tuesdays")
    statuses = checklist_status(store, mentor, "mentor")
    [(practice, items)] = visible_items(statuses, "reunion")  # a note matches, accents aside
    assert practice.practice.key == "M1" and [i.item.key for i in items] == ["time-weighed"]
