"""A ✓ means the guide's behaviour now, and the guide's named actions are data: the weekly
review asks when a check lapses (with the key that fixes it), a mentor's answer about what
they learned becomes a log entry, limits are a term of the agreement, and a question becomes
a follow-up action with one key. Each checked on the screen and in the database."""

from __future__ import annotations

import datetime as dt

from textual.widgets import TextArea

from mentortui.app import make_app
from mentortui.data.store import Store
from mentortui.domain.guide import checklist_status
from mentortui.ui.screens.feedback import FeedbackScreen
from mentortui.ui.screens.meetings import MeetingsScreen
from tests.test_review_answers import WEEK, go_to_step, press
from tests.ui_helpers import fill_field, screen_text, type_text

NOW = dt.datetime(2026, 11, 26, 10, 0)


def item_done(store: Store, relationship_id: int, practice: str, item: str) -> bool:
    relationship = store.relationship(relationship_id)
    for status in checklist_status(store, relationship, relationship.role):
        for entry in status.items:
            if (status.practice.key, entry.item.key) == (practice, item):
                return entry.done
    raise KeyError(item)


def mentee_workbook(store: Store) -> tuple[int, int]:
    """A mentee two months in: an agenda on a past meeting only, a next meeting without one,
    an old progress update."""
    rel = store.add_relationship(partner="Claire", role="mentee", started_on=dt.date(2026, 9, 1))
    store.save_agreement(rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", cadence_start=dt.datetime(2026, 9, 1, 18))
    past = store.add_meeting(rel.id, NOW - dt.timedelta(days=9), status="held", notes="Talked")
    store.add_agenda_item(past.id, "Conference talk")
    upcoming = store.add_meeting(rel.id, NOW + dt.timedelta(days=5), status="planned")
    store.add_goal(rel.id, "Give the talk", due_on=dt.date(2027, 3, 1))
    store.add_feedback(rel.id, direction="given", kind="progress-update", text="Outline done", date=dt.date(2026, 9, 20))
    return rel.id, upcoming.id


async def test_the_review_lists_lapsed_checks_first_and_p_fixes_the_agenda(store):
    rel_id, upcoming_id = mentee_workbook(store)
    assert not item_done(store, rel_id, "E2", "agenda-set")  # an agenda of a past meeting does not count
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await go_to_step(pilot, "guide_check")
        text = screen_text(pilot)
        assert "Lapsed since last time" in text
        assert "… and of setting the agenda of your meetings" in text and "has no agenda yet" in text
        assert "p prepares the agenda" in text
        assert "Keep them informed of your progress toward your goal" in text and "u writes a progress update" in text
        assert text.index("Lapsed since last time") < text.index("The practices where your checklist is thinnest")
        await press(pilot, "p")
        assert store.agenda(upcoming_id)  # prepared from what is open (the goal)
        text = screen_text(pilot)
        assert "… and of setting the agenda of your meetings" not in text
    assert item_done(store, rel_id, "E2", "agenda-set")
    assert any(change["what"] == "Agenda prepared for {date}" for change in store.review(WEEK).changes)


async def test_o_on_a_lapsed_check_opens_where_it_lives(store):
    rel_id, _upcoming = mentee_workbook(store)
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await go_to_step(pilot, "guide_check")
        while "progress" not in str(app.screen.query_one("#step-list").highlighted_option.prompt):
            await press(pilot, "down")
        await press(pilot, "o")
        assert isinstance(app.screen, FeedbackScreen)
        assert "Outline done" in screen_text(pilot)


async def test_a_mentors_answer_about_what_they_learned_becomes_a_log_entry(store):
    rel = store.add_relationship(partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))
    app = make_app(store=store, start_mode="review")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await go_to_step(pilot, "guide_check")
        text = screen_text(pilot)
        assert "What did you learn from Sam this week?" in text
        assert "A good mentor … also learns from their mentees" in text  # lapsed: nothing learned noted
        await press(pilot, "a")
        assert app.focused.id == "answer-0"
        await type_text(pilot, "How they run retros")
        await press(pilot, "ctrl+s")
        assert any("Kept in what you learned from Sam" in str(n.message) for n in app._notifications)
        assert app.screen.query_one("#answer-0", TextArea).text == ""
    [entry] = store.learnings(rel.id)
    assert (entry.text, entry.date) == ("How they run retros", dt.date(2026, 11, 26))
    assert item_done(store, rel.id, "M1", "learning-noticed")
    assert store.review(WEEK).changes[-1]["what"] == "Learned from {partner}: “{text}”"
    store.undo()
    assert store.learnings(rel.id) == []


async def test_l_on_the_relationship_screen_notes_what_was_learned(store):
    rel = store.add_relationship(partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, "7")
        await press(pilot, "l")
        await type_text(pilot, "Their trick for naming tests")
        await press(pilot, "ctrl+s")
        text = screen_text(pilot)
        assert "What you learned from Sam" in text and "Their trick for naming tests" in text
        assert [e.text for e in store.learnings(rel.id)] == ["Their trick for naming tests"]
        await press(pilot, "ctrl+z")
        assert "Their trick for naming tests" not in screen_text(pilot)
    assert store.learnings(rel.id) == []


async def test_limits_are_written_in_the_agreement_and_meet_the_item(store):
    rel = store.add_relationship(partner="Claire", role="mentee", started_on=dt.date(2026, 9, 1))
    store.save_agreement(rel.id, my_expectations="Honest advice", their_expectations="That I prepare")
    app = make_app(store=store)
    async with app.run_test(size=(100, 50)) as pilot:
        await press(pilot, "7")
        await press(pilot, "r")
        await fill_field(pilot, "reason", "We said our limits")
        await fill_field(pilot, "my_limits", "Evenings only")
        await fill_field(pilot, "their_limits", "Two hours a month")
        await press(pilot, "ctrl+s")
        text = screen_text(pilot)
        assert "My limits and availability" in text and "Evenings only" in text and "Two hours a month" in text
    agreement = store.current_agreement(rel.id)
    assert (agreement.version, agreement.my_limits, agreement.their_limits) == (2, "Evenings only", "Two hours a month")
    assert item_done(store, rel.id, "E2", "limits-known")


async def test_f_turns_a_question_into_a_follow_up_action(store):
    rel = store.add_relationship(partner="Claire", role="mentee", started_on=dt.date(2026, 9, 1))
    held = store.add_meeting(rel.id, NOW - dt.timedelta(days=2), status="held")
    store.add_agenda_item(held.id, "Which conference first?", kind="question")
    assert not item_done(store, rel.id, "E2", "follow-up-sent")
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, "4")
        assert isinstance(app.screen, MeetingsScreen)
        await press(pilot, "enter")
        await press(pilot, "f")
        assert any("Follow-up action: “Which conference first?”" in str(n.message) for n in app._notifications)
        assert "Which conference first?" in screen_text(pilot).split("Actions")[-1]  # now an action too
        [action] = store.actions(held.id)
        assert (action.text, action.follow_up) == ("Which conference first?", True)
        assert item_done(store, rel.id, "E2", "follow-up-sent")
        await press(pilot, "ctrl+z")
    assert store.actions(held.id) == []


async def test_ctrl_f_in_the_notes_turns_the_line_into_a_follow_up_action(store):
    rel = store.add_relationship(partner="Claire", role="mentee", started_on=dt.date(2026, 9, 1))
    held = store.add_meeting(rel.id, NOW - dt.timedelta(days=2), status="held",
                             notes="## Follow-up questions\n- How do I pick a conference?")
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "4")
        await pilot.press("enter", "n")
        await pilot.pause()
        notes = app.screen.query_one("#notes", TextArea)
        assert "^f Line to follow-up" in screen_text(pilot)
        notes.move_cursor((1, 4))
        await press(pilot, "ctrl+f")
        assert any("Follow-up action: “How do I pick a conference?”" in str(n.message) for n in app._notifications)
        assert [(a.text, a.follow_up) for a in store.actions(held.id)] == [("How do I pick a conference?", True)]
        assert notes.text.endswith("- How do I pick a conference?")  # the notes stay as written
    assert item_done(store, rel.id, "E2", "follow-up-sent")


def test_learnings_and_limits_are_searchable_and_an_upgrade_indexes_agreements_again(tmp_path, clock):
    import shutil
    import sqlite3
    from pathlib import Path

    from mentortui.core.refs import AgreementRef, RelationshipRef
    from mentortui.data.db import open_database
    from mentortui.data.search import search
    from mentortui.domain.agreements import save_agreement
    from mentortui.domain.learning import note_learning

    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema-v8.db", path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE agreements SET my_expectations = 'The wombat plan'")
    conn.close()
    store = Store(open_database(path, now=dt.datetime(2026, 11, 26, 10)), clock)
    try:
        assert {hit.kind for hit in search(store, "wombat")} == {"agreement"}  # indexed again by m009
        rel_id = store.relationships()[0].id
        save_agreement(store, rel_id, {"my_limits": "No calls after the quokka hour"})
        note_learning(store, rel_id, "The narwhal way of naming branches")
        assert [(hit.kind, hit.ref) for hit in search(store, "quokka")] == [("agreement", AgreementRef())]
        assert [(hit.kind, hit.ref) for hit in search(store, "narwhal")] == [("learning", RelationshipRef())]
    finally:
        store.close()
