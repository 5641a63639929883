"""The guide's checks read the present (mentortui.domain.guide_evidence): a ✓ means the guide's
behaviour now — the next meeting has an agenda, the last meeting held has notes (with the
difficulties section filled), a progress update of the last weeks — and limits, what the
mentor learned and follow-up questions are data (mentortui.domain.learning, meetings)."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.core.refs import FeedbackRef, MeetingRef, RelationshipRef
from mentortui.domain import learning, meetings
from mentortui.domain.agreements import save_agreement
from mentortui.domain.guide_evidence import EVIDENCE, Workbook, difficulties_noted

NOW = dt.datetime(2026, 11, 26, 10, 0)  # the frozen clock


@pytest.fixture
def mentee(store):
    return store.add_relationship(partner="Claire", role="mentee", started_on=dt.date(2026, 9, 1))


@pytest.fixture
def mentor(store):
    return store.add_relationship(partner="Sam", role="mentor", started_on=dt.date(2026, 9, 1))


def check(store, relationship, name):
    return EVIDENCE[name](Workbook(store, store.relationship(relationship.id), mine=True))


def test_set_the_agenda_means_the_next_meeting_has_one(store, mentee):
    past = store.add_meeting(mentee.id, NOW - dt.timedelta(days=14), status="held")
    store.add_agenda_item(past.id, "Last time's topic")
    # An agenda on a past meeting no longer answers "set the agenda of each meeting".
    assert check(store, mentee, "agenda-set").met is False
    nxt = meetings.schedule_meeting(store, mentee.id, NOW + dt.timedelta(days=5), "video")
    evidence = check(store, mentee, "agenda-set")
    assert (evidence.met, evidence.lapsed, evidence.ref) == (False, True, MeetingRef(nxt.id))
    assert "has no agenda yet: p prepares it" in evidence.detail
    meetings.add_agenda_item(store, nxt.id, "My question")
    evidence = check(store, mentee, "agenda-set")
    assert evidence.met and evidence.detail.startswith("The next meeting (") and "1 item" in evidence.detail


def test_notes_mean_the_last_meeting_held_has_some(store, mentee):
    older = store.add_meeting(mentee.id, NOW - dt.timedelta(days=21), status="held", notes="Plenty")
    last = store.add_meeting(mentee.id, NOW - dt.timedelta(days=7), status="held")
    evidence = check(store, mentee, "meeting-notes")
    assert (evidence.met, evidence.lapsed, evidence.ref) == (False, True, MeetingRef(last.id))
    meetings.save_notes(store, last.id, "Talked about the talk")
    assert check(store, mentee, "meeting-notes").met
    assert older.notes  # the older notes never counted for the last meeting


def test_difficulties_mean_the_section_of_the_last_notes_is_filled(store, mentor):
    last = store.add_meeting(mentor.id, NOW - dt.timedelta(days=7), status="held",
                             notes="## Their difficulties\n\n## Questions I asked\nWhat blocks you?")
    evidence = check(store, mentor, "difficulties-noted")
    assert (evidence.met, evidence.lapsed) == (False, True)
    assert "say nothing under “Their difficulties”" in evidence.detail
    meetings.save_notes(store, last.id, "## Their difficulties\nPublic speaking\n## Questions I asked\nWhy?")
    evidence = check(store, mentor, "difficulties-noted")
    assert evidence.met and "“Public speaking”" in evidence.detail


@pytest.mark.parametrize("notes, noted", [
    ("## Their difficulties\n- deadlines\n- shy\n## Next\nx", "- deadlines - shy"),
    ("# Ses difficultés\nLa prise de parole", "La prise de parole"),
    ("Their difficulties:\nTime", "Time"),
    ("## Their difficulties\n\n## Answers\nlots", ""),
    ("Nothing about it", ""),
])
def test_the_difficulties_section_in_either_language(notes, noted):
    assert difficulties_noted(notes) == noted


def test_report_progress_regularly_means_an_update_in_the_last_weeks(store, mentee):
    store.add_feedback(mentee.id, direction="given", kind="progress-update", text="Talk drafted",
                       date=dt.date(2026, 10, 1))
    evidence = check(store, mentee, "progress-update-given")
    assert (evidence.met, evidence.lapsed) == (False, True)
    assert "more than 4 weeks ago: p on the Feedback screen writes one" in evidence.detail
    recent = store.add_feedback(mentee.id, direction="given", kind="progress-update", text="Talk given",
                                date=dt.date(2026, 11, 20))
    evidence = check(store, mentee, "progress-update-given")
    assert (evidence.met, evidence.ref) == (True, FeedbackRef(recent.id))


def test_a_new_relationship_has_no_lapse_yet(store):
    new = store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 11, 10))
    evidence = check(store, new, "progress-update-given")
    assert (evidence.met, evidence.lapsed) == (False, False)


def test_a_passed_revisit_date_no_longer_meets_the_item(store, mentee):
    save_agreement(store, mentee.id, {"revisit_on": dt.date(2026, 11, 1)})
    evidence = check(store, mentee, "agreement-revisit")
    assert evidence.met is False and "has passed" in evidence.detail
    save_agreement(store, mentee.id, {"revisit_on": dt.date(2027, 2, 1)})
    assert check(store, mentee, "agreement-revisit").met


def test_advice_waiting_past_its_time_undoes_the_result_item(store, mentee):
    told = store.add_feedback(mentee.id, direction="received", kind="advice", text="Rehearse", date=dt.date(2026, 10, 1),
                              result="It went well", result_on=dt.date(2026, 10, 20))
    assert check(store, mentee, "advice-result").ref == FeedbackRef(told.id)
    waiting = store.add_feedback(mentee.id, direction="received", kind="advice", text="Ask for a mentor's intro",
                                 date=dt.date(2026, 11, 1))
    evidence = check(store, mentee, "advice-result")
    assert (evidence.met, evidence.ref) == (False, FeedbackRef(waiting.id))


def test_limits_are_a_term_of_the_agreement(store, mentee, mentor):
    save_agreement(store, mentee.id, {"my_expectations": "Honest advice", "their_expectations": "Preparation"})
    assert check(store, mentee, "agreement-limits").met is False  # expectations alone: not the limits
    version = save_agreement(store, mentee.id, {"my_limits": "Evenings only", "their_limits": "Two hours a month"})
    assert (version.version, version.my_limits) == (2, "Evenings only")
    assert check(store, mentee, "agreement-limits").met
    assert check(store, mentor, "agreement-my-limits").met is False
    save_agreement(store, mentor.id, {"my_limits": "One hour every other week"})
    evidence = check(store, mentor, "agreement-my-limits")
    assert evidence.met and evidence.detail == "Agreed: One hour every other week."


def test_what_the_mentor_learned_is_a_log_and_recent_counts(store, mentor):
    assert check(store, mentor, "learning-noted").lapsed
    old = learning.note_learning(store, mentor.id, "How they use Anki", day=dt.date(2026, 10, 1))
    assert check(store, mentor, "learning-noted").met is False
    assert learning.note_learning(store, mentor.id, "   ") is None
    entry = learning.note_learning(store, mentor.id, "A faster way to profile queries")
    assert (entry.date, entry.text) == (dt.date(2026, 11, 26), "A faster way to profile queries")
    evidence = check(store, mentor, "learning-noted")
    assert evidence.met and evidence.ref == RelationshipRef() and "faster way" in evidence.detail
    assert store.journal.last().label == "Note what you learned from {partner}"
    store.undo()
    assert [e.id for e in store.learnings(mentor.id)] == [old.id]


def test_a_question_becomes_a_follow_up_action_once(store, mentee):
    last = store.add_meeting(mentee.id, NOW - dt.timedelta(days=7), status="held",
                             notes="## Follow-up questions\n- How do I pick a conference?")
    question = store.add_agenda_item(last.id, "Which talk format suits me?", kind="question")
    evidence = check(store, mentee, "follow-up")
    assert (evidence.met, evidence.lapsed) == (False, True)
    made = meetings.follow_up_item(store, question.id)
    assert made.created and (made.action.text, made.action.follow_up, made.action.owner) == (
        "Which talk format suits me?", True, "me")
    assert meetings.follow_up_item(store, question.id).created is False  # nothing written twice
    line = meetings.follow_up_question(store, last.id, "- How do I pick a conference?")
    assert line.action.text == "How do I pick a conference?"
    assert meetings.follow_up_question(store, last.id, "  ## ") is None
    assert check(store, mentee, "follow-up").met
    store.undo()
    store.undo()
    assert store.actions(last.id) == [] and check(store, mentee, "follow-up").met is False


def test_asking_the_best_fit_means_the_relationship_started_from_a_candidate(store, mentee):
    from mentortui.domain import candidates

    tom = candidates.add_candidate(store, "Tom Becker", score_goals=3, score_skills=2)
    assert check(store, mentee, "candidate-asked").met is False
    candidates.link_candidate(store, tom.id, mentee.id)
    evidence = check(store, mentee, "candidate-asked")
    assert evidence.met and evidence.detail == "You asked Tom Becker (5/12)."
