"""The meetings' rules at the domain level, on a fresh store: cadence proposals, scheduling
(alone, with its agenda, or from the weekly review), preparing the agenda, carrying over,
and one change per user action (none when nothing changes)."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.data import review as reviews
from mentortui.domain import meetings

TUESDAY_EVENING = dt.time(17, 30)


def at(day: str, time: dt.time = TUESDAY_EVENING) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), time)


@pytest.fixture
def relationship(store):
    """A mentee meeting Ana every Tuesday at 17:30; one meeting held two days ago."""
    rel = store.add_relationship(partner="Ana Souza", role="mentee", started_on=dt.date(2026, 9, 1))
    store.save_agreement(
        rel.id, cadence="FREQ=WEEKLY;BYDAY=TU", cadence_start=at("2026-09-01"), modes=["video", "email"],
        revisit_on=dt.date(2027, 3, 1),
    )
    return rel


@pytest.fixture
def last_meeting(store, relationship):
    """Held on Tuesday 24 Nov: one item covered, one question left open, one open action."""
    meeting = store.add_meeting(relationship.id, at("2026-11-24"), mode="video", status="held")
    store.add_agenda_item(meeting.id, "Feedback on my design doc", done=True)
    store.add_agenda_item(meeting.id, "Ask about the conference talk", kind="question")
    store.add_action(meeting.id, "Send the revised draft", owner="me", due_on=dt.date(2026, 11, 30))
    done = store.add_action(meeting.id, "Read the chapter on trade-offs", owner="me")
    store.set_action_done(done.id, True)
    return meeting


def agenda_texts(store, meeting_id: int) -> list[str]:
    return [item.text for item in store.agenda(meeting_id)]


def last_label(store) -> str | None:
    change = store.journal.last()
    return change.label if change else None


def test_proposals_follow_the_cadence_and_never_move_a_meeting(store, relationship):
    assert meetings.proposed_dates(store, relationship.id) == [at("2026-12-01"), at("2026-12-08"), at("2026-12-15")]
    # A meeting moved later than the cadence's date: proposals continue after it.
    moved = meetings.schedule_meeting(store, relationship.id, at("2026-12-03", dt.time(9, 0)), "video")
    assert meetings.proposed_dates(store, relationship.id, count=2) == [at("2026-12-08"), at("2026-12-15")]
    # A new rhythm changes the proposals, never the stored meeting.
    store.save_agreement(relationship.id, cadence="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE")
    assert store.meeting(moved.id).starts_at == at("2026-12-03", dt.time(9, 0))
    assert meetings.proposed_dates(store, relationship.id, count=1) == [at("2026-12-09")]
    # The agreed end stops them; an ended relationship has none.
    store.update_relationship(relationship.id, end_on=dt.date(2026, 12, 20))
    assert meetings.proposed_dates(store, relationship.id) == [at("2026-12-09")]
    store.close_relationship(relationship.id, dt.date(2026, 11, 26))
    assert meetings.proposed_dates(store, relationship.id) == []


def test_prepare_brings_everything_open_once(store, relationship, last_meeting, clock):
    goal = store.add_goal(relationship.id, "Write the talk abstract", before_next_meeting=True)
    store.add_goal(relationship.id, "Not for now")
    old = store.add_feedback(relationship.id, direction="received", kind="advice",
                             text="Rehearse\nout loud", date=dt.date(2026, 11, 1))
    store.add_feedback(relationship.id, direction="received", kind="advice", text="Too recent", date=dt.date(2026, 11, 20))
    store.add_feedback(relationship.id, direction="received", kind="advice", text="Reported", result="Worked",
                       date=dt.date(2026, 10, 1))
    store.save_agreement(relationship.id, revisit_on=dt.date(2026, 11, 30))
    cancelled = store.add_meeting(relationship.id, at("2026-11-25"), status="cancelled")
    store.add_agenda_item(cancelled.id, "Never discussed")
    nextone = meetings.schedule_meeting(store, relationship.id, at("2026-12-01"), "video")
    store.add_agenda_item(nextone.id, "Send the revised draft", kind="action")  # already there

    added = meetings.prepare_agenda(store, nextone.id)
    uncovered = store.agenda(last_meeting.id)[1]
    assert [(i.text, i.kind, i.goal_id, i.carried_from) for i in added] == [
        ("Ask about the conference talk", "question", None, uncovered.id),
        ("Never discussed", "topic", None, store.agenda(cancelled.id)[0].id),
        ("Write the talk abstract", "goal", goal.id, None),
        ("What came of the advice “Rehearse out loud”", "advice", old.goal_id, None),
        ("Revisit our agreement: rhythm, modes, each side's responsibilities", "revisit", None, None),
    ]
    assert meetings.prepare_agenda(store, nextone.id) == []  # nothing twice
    assert len(store.agenda(nextone.id)) == 6
    # One change: a single undo takes the whole preparation back.
    store.undo()
    assert agenda_texts(store, nextone.id) == ["Send the revised draft"]


def test_marking_held_carries_uncovered_items_to_the_next_planned_meeting(store, relationship):
    today = meetings.schedule_meeting(store, relationship.id, at("2026-11-26", dt.time(9, 0)), "video")
    later = meetings.schedule_meeting(store, relationship.id, at("2026-12-01"), "video")
    covered = store.add_agenda_item(today.id, "Covered")
    meetings.set_covered(store, covered.id, True)
    left = store.add_agenda_item(today.id, "Left for later", kind="question")
    held = meetings.mark_held(store, today.id)
    assert (held.meeting.status, held.uncovered, held.carried_to.id) == ("held", 1, later.id)
    [carried] = store.agenda(later.id)
    assert (carried.text, carried.kind, carried.carried_from) == ("Left for later", "question", left.id)
    assert store.agenda_item(left.id).done is False  # the original keeps its history
    store.undo()
    assert store.meeting(today.id).status == "planned" and store.agenda(later.id) == []


def test_moving_agenda_items_stays_in_bounds(store, relationship):
    meeting = meetings.schedule_meeting(store, relationship.id, at("2026-12-01"), "video")
    first, second = (store.add_agenda_item(meeting.id, text) for text in ("One", "Two"))
    assert meetings.move_agenda_item(store, first.id, -1) is False
    assert meetings.move_agenda_item(store, first.id, 1) is True
    assert agenda_texts(store, meeting.id) == ["Two", "One"]
    assert meetings.move_agenda_item(store, second.id, -1) is False

def test_scheduling_and_preparing_from_the_review_is_one_change_recorded_in_it(store, relationship, last_meeting):
    review = reviews.open_review(store, store.clock.today())
    meeting = meetings.schedule_meeting(store, relationship.id, at("2026-12-01"), "video", review=review)
    assert (meeting.status, meeting.mode) == ("planned", "video")
    date = "Tuesday, December 1, 2026 17:30"
    assert store.review(review.week).changes[-1] == {"what": "Meeting scheduled for {date}",
                                                     "params": {"date": date}, "relationship_id": relationship.id}
    assert last_label(store) == "Meeting scheduled for {date}"
    added = meetings.prepare_agenda(store, meeting.id, review=review)
    assert [item.text for item in added] == ["Ask about the conference talk", "Send the revised draft"]
    changes = store.review(review.week).changes
    assert [reviews.describe_change(change) for change in changes] == [
        "Meeting scheduled for " + date, "Agenda prepared for " + date,
    ]
    # One ctrl+z takes the agenda and its line in the review back, the next the meeting and its line.
    store.undo()
    assert agenda_texts(store, meeting.id) == [] and len(store.review(review.week).changes) == 1
    store.undo()
    assert store.meetings(relationship.id) == [last_meeting]
    assert store.review(review.week).changes == []


def test_schedule_and_prepare_is_one_change(store, relationship, last_meeting):
    meeting, added = meetings.schedule_and_prepare(store, relationship.id, at("2026-12-01"), "video")
    assert [item.text for item in added] == agenda_texts(store, meeting.id) == [
        "Ask about the conference talk", "Send the revised draft",
    ]
    assert last_label(store) == "Schedule a meeting"
    store.undo()
    assert [m.id for m in store.meetings(relationship.id)] == [last_meeting.id]
    assert store.journal.last() is None or store.journal.last().label != "Schedule a meeting"


def test_an_action_that_changes_nothing_records_no_change(store, relationship, last_meeting):
    """Else the next ctrl+z would announce an undo and do nothing."""
    goal = store.add_goal(relationship.id, "Give a conference talk")
    item = store.agenda(last_meeting.id)[1]
    action = store.actions(last_meeting.id)[0]
    meetings.link_agenda_item(store, item.id, goal.id)
    meetings.prepare_agenda(store, last_meeting.id)
    before = store.journal.last()
    meetings.edit_agenda_item(store, item.id, item.text, item.kind)
    meetings.link_agenda_item(store, item.id, goal.id)
    meetings.set_covered(store, item.id, False)
    meetings.edit_action(store, action.id, action.text, action.owner, action.due_on)
    meetings.link_action(store, action.id, None)
    meetings.set_action_done(store, action.id, False)
    meetings.reschedule_meeting(store, last_meeting.id, last_meeting.starts_at, last_meeting.mode)
    assert meetings.prepare_agenda(store, last_meeting.id) == []  # nothing new
    assert store.journal.last() == before


def test_each_agenda_and_action_edit_is_one_undoable_change(store, relationship, last_meeting):
    goal = store.add_goal(relationship.id, "Give a conference talk")
    item = meetings.add_agenda_item(store, last_meeting.id, "Pitch it", "question")
    assert last_label(store) == "Add agenda item “{text}”"
    meetings.edit_agenda_item(store, item.id, "Pitch it to my boss", "topic")
    meetings.link_agenda_item(store, item.id, goal.id)
    assert (store.agenda_item(item.id).text, store.agenda_item(item.id).goal_id) == ("Pitch it to my boss", goal.id)
    store.undo()
    assert store.agenda_item(item.id).goal_id is None
    action = meetings.add_action(store, last_meeting.id, "Book a room", "partner", dt.date(2026, 12, 5))
    meetings.edit_action(store, action.id, "Book a big room", "me", None)
    assert (store.action(action.id).text, store.action(action.id).owner) == ("Book a big room", "me")
    meetings.delete_action(store, action.id)
    meetings.delete_agenda_item(store, item.id)
    store.undo()
    store.undo()
    assert store.action(action.id).text == "Book a big room" and store.agenda_item(item.id).text == "Pitch it to my boss"
    meetings.delete_meeting(store, last_meeting.id)
    assert store.meetings(relationship.id) == []
    store.undo()
    assert [m.id for m in store.meetings(relationship.id)] == [last_meeting.id]
    assert len(store.agenda(last_meeting.id)) == 3


def test_cancel_then_move_plans_the_meeting_again(store, relationship):
    meeting = meetings.schedule_meeting(store, relationship.id, at("2026-12-01"), "video")
    assert meetings.cancel_meeting(store, meeting.id).status == "cancelled"
    moved = meetings.reschedule_meeting(store, meeting.id, dt.datetime(2026, 12, 3, 12, 0), "phone")
    assert (moved.starts_at, moved.mode, moved.status) == (dt.datetime(2026, 12, 3, 12, 0), "phone", "planned")


def test_a_meeting_in_the_slot_is_another_planned_one_less_than_an_hour_away(store, relationship, last_meeting):
    planned = meetings.schedule_meeting(store, relationship.id, at("2026-12-01"), "video")
    other = store.add_relationship(partner="Bo", role="mentor", started_on=dt.date(2026, 9, 1))
    store.add_meeting(other.id, at("2026-12-08"), mode="video", status="planned")
    assert meetings.meeting_in_the_slot(store, relationship.id, at("2026-12-01")) == planned  # same start
    assert meetings.meeting_in_the_slot(store, relationship.id, at("2026-12-01", dt.time(18, 15))) == planned
    assert meetings.meeting_in_the_slot(store, relationship.id, at("2026-12-01", dt.time(18, 30))) is None  # an hour on
    assert meetings.meeting_in_the_slot(store, relationship.id, at("2026-12-01", dt.time(16, 45))) == planned
    # Moving a meeting never clashes with itself; held, cancelled or another relationship's don't count.
    assert meetings.meeting_in_the_slot(store, relationship.id, at("2026-12-01"), moving=planned.id) is None
    assert meetings.meeting_in_the_slot(store, relationship.id, last_meeting.starts_at) is None
    assert meetings.meeting_in_the_slot(store, relationship.id, at("2026-12-08")) is None
    meetings.cancel_meeting(store, planned.id)
    assert meetings.meeting_in_the_slot(store, relationship.id, at("2026-12-01")) is None


def test_a_meeting_whose_time_is_to_come_has_not_started(store, relationship, last_meeting):
    planned = meetings.schedule_meeting(store, relationship.id, at("2026-12-01"), "video")
    now = store.clock.now()
    assert meetings.not_started_yet(planned, now)
    assert not meetings.not_started_yet(last_meeting, now)
    assert not meetings.not_started_yet(planned, at("2026-12-01"))  # at its time it has begun


def test_sharing_the_notes_is_one_undoable_change_and_nothing_is_written_when_unchanged(store, last_meeting):
    assert store.meeting(last_meeting.id).notes_shared is False  # notes are private by default
    assert meetings.set_notes_shared(store, last_meeting.id, True).notes_shared is True
    assert store.meeting(last_meeting.id).notes_shared is True
    assert last_label(store) == "Share the notes with my partner"
    changes = store.conn.execute("SELECT count(*) FROM temp.undo_changes").fetchone()[0]
    meetings.set_notes_shared(store, last_meeting.id, True)
    assert store.conn.execute("SELECT count(*) FROM temp.undo_changes").fetchone()[0] == changes
    store.undo()
    assert store.meeting(last_meeting.id).notes_shared is False
    meetings.set_notes_shared(store, last_meeting.id, True)
    meetings.set_notes_shared(store, last_meeting.id, False)
    assert (store.meeting(last_meeting.id).notes_shared, last_label(store)) == (False, "Keep the notes private")
