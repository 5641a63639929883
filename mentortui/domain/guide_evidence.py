"""Which checklist items of the guide the workbook's own data already answers (the agreement
has a cadence, a goal exists, …), in words, and where that data lives. Each check is
registered in ``EVIDENCE`` under the name the guide's content file gives it.

No Textual here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from mentortui.core.i18n import N_, _, format_date, language
from mentortui.core.refs import (
    AgreementRef,
    CandidateRef,
    FeedbackRef,
    GoalRef,
    MeetingRef,
    Ref,
    RelationshipRef,
)
from mentortui.core.text import one_line
from mentortui.data.model import Agreement, Feedback, Goal, Meeting, Relationship
from mentortui.data.store import Store
from mentortui.domain.agreements import describe_term
from mentortui.domain.candidates import MAX_TOTAL

QUOTE_WIDTH = 70  # a user's text quoted in a one-line reminder


# ---- what the workbook's data already answers --------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """Whether the data answers an item, in words, and where that data lives."""

    met: bool
    detail: str  # may quote user text: show it through safe()
    ref: Ref  # where that data lives


class Workbook:
    """What the checks read: one relationship, seen from one side of it.

    ``mine`` is False when looking at the other role's list: feedback *given* by them is
    feedback *received* here, and my own profile or candidates say nothing about them.
    """

    def __init__(self, store: Store, relationship: Relationship, *, mine: bool) -> None:
        self.store = store
        self.relationship = relationship
        self.mine = mine

    @cached_property
    def agreement(self) -> Agreement | None:
        return self.store.current_agreement(self.relationship.id)

    def first(self, cls: type, where: str, params: list[Any], order: str) -> Any:
        # ``where`` and ``order`` are literals of this module; values go in ``params``.
        found = self.store.select(cls, "relationship_id = ? AND " + where, [self.relationship.id, *params],
                                  order + " LIMIT 1")
        return found[0] if found else None

    def direction(self, as_seen_by_practice: str) -> str:
        if self.mine:
            return as_seen_by_practice
        return "received" if as_seen_by_practice == "given" else "given"


Check = Callable[[Workbook], Evidence | None]
EVIDENCE: dict[str, Check] = {}


def _check(name: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        EVIDENCE[name] = check
        return check

    return register


def _quote(text: str, width: int = QUOTE_WIDTH) -> str:
    """The start of a user's text, on one line, for a one-line reminder."""
    return one_line(text, width)


def _day(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value)


# The profile (M1): mine only — my profile says nothing about why my partner is in it.


def _profile(field_name: str, missing: str) -> Check:
    def check(book: Workbook) -> Evidence | None:
        if not book.mine:
            return None
        text = getattr(book.relationship, field_name)
        if text.strip():
            return Evidence(True, _("In your profile: “{text}”", text=_quote(text)), RelationshipRef())
        return Evidence(False, _(missing), RelationshipRef())

    return check


EVIDENCE["profile-why"] = _profile("why", N_("Not written yet: the profile of the relationship has a place for it (e)."))
EVIDENCE["profile-learning"] = _profile(
    "hope_to_learn", N_("Not written yet: the profile of the relationship has a place for it (e).")
)


# The agreement (M2, E2): shared by both sides.


def _agreement(terms: tuple[str, ...], met: str, missing: str) -> Check:
    def check(book: Workbook) -> Evidence:
        agreement = book.agreement
        if agreement is None:
            return Evidence(False, _("No agreement yet: write one on the Relationship screen (m)."), AgreementRef())
        values = [describe_term(agreement, term, language()) for term in terms]
        if all(value.strip() for value in values):
            return Evidence(True, _(met, value=_quote(values[0]), n=agreement.version), AgreementRef())
        return Evidence(False, _(missing), AgreementRef())

    return check


EVIDENCE["agreement-expectations"] = _agreement(
    ("my_expectations", "their_expectations"),
    N_("Both sides' expectations are in the agreement (version {n})."),
    N_("The agreement should say what each of you expects (m on the Relationship screen)."),
)
EVIDENCE["agreement-cadence"] = _agreement(
    ("cadence",), N_("Agreed: {value}."), N_("The agreement has no meeting rhythm yet (m on the Relationship screen).")
)
EVIDENCE["agreement-modes"] = _agreement(
    ("modes",), N_("Agreed: {value}."), N_("The agreement does not say how you meet yet (m on the Relationship screen).")
)
EVIDENCE["agreement-responsibilities"] = _agreement(
    ("my_responsibilities", "their_responsibilities"),
    N_("Both sides' responsibilities are in the agreement (version {n})."),
    N_("Write down both sides' responsibilities in the agreement (m on the Relationship screen)."),
)
EVIDENCE["agreement-revisit"] = _agreement(
    ("revisit_on",), N_("Revisit on {value}."), N_("No revisit date yet (r on the Relationship screen).")
)


@_check("agreement-duration")
def _duration(book: Workbook) -> Evidence:
    end_on = book.relationship.end_on
    duration = book.agreement.duration if book.agreement else ""
    if duration.strip():
        return Evidence(True, _("Agreed: {value}.", value=_quote(duration)), AgreementRef())
    if end_on:
        return Evidence(True, _("Agreed: it ends on {date}.", date=_day(end_on)), AgreementRef())
    return Evidence(False, _("No agreed duration or end date yet (Relationship screen)."), AgreementRef())


# Goals (M5, M6, E2, E3): shared; dropped goals don't count.


def _goal(where: str, met: str, missing: str) -> Check:
    def check(book: Workbook) -> Evidence:
        goal: Goal | None = book.first(Goal, "status != 'dropped' AND " + where, [], "status = 'done', id")
        if goal is None:
            return Evidence(False, _(missing), GoalRef())
        return Evidence(True, _(met, title=_quote(goal.title)), GoalRef(goal.id))

    return check


EVIDENCE["goal-any"] = _goal("1", N_("Goal: “{title}”."), N_("No goal yet: add one on the Goals screen."))
EVIDENCE["goal-long"] = _goal(
    "horizon = 'long'", N_("Long-term goal: “{title}”."), N_("No long-term goal yet: add one on the Goals screen.")
)
EVIDENCE["goal-short"] = _goal(
    "horizon = 'short'", N_("Short-term goal: “{title}”."), N_("No short-term goal yet: add one on the Goals screen.")
)
EVIDENCE["goal-step"] = _goal(
    "horizon = 'step'", N_("Small step: “{title}”."), N_("No small steps yet: break a goal down on the Goals screen.")
)
EVIDENCE["goal-owned-by-mentee"] = _goal(
    "owner = 'mentee'", N_("The mentee owns “{title}”."), N_("No goal owned by the mentee yet (Goals screen).")
)
EVIDENCE["small-goal"] = _goal(
    "before_next_meeting = 1",
    N_("Before the next meeting: “{title}”."),
    N_("No goal marked “before the next meeting” yet (Goals screen)."),
)


# Meetings (M3, E2): shared.


@_check("meeting-notes")
def _meeting_notes(book: Workbook) -> Evidence:
    meeting: Meeting | None = book.first(Meeting, "status = 'held' AND notes != ''", [], "starts_at DESC")
    if meeting is None:
        return Evidence(False, _("No meeting notes yet (Meetings screen)."), MeetingRef())
    return Evidence(True, _("Notes of the meeting on {date}.", date=_day(meeting.starts_at)), MeetingRef(meeting.id))


@_check("meeting-planned")
def _meeting_planned(book: Workbook) -> Evidence:
    now = book.store.clock.now().isoformat()
    meeting: Meeting | None = book.first(Meeting, "status = 'planned' AND starts_at >= ?", [now], "starts_at")
    if meeting is None:
        return Evidence(False, _("No meeting planned ahead (Meetings screen)."), MeetingRef())
    when = _day(meeting.starts_at) + " " + meeting.starts_at.strftime("%H:%M")
    return Evidence(True, _("Next meeting: {when}.", when=when), MeetingRef(meeting.id))


@_check("agenda-set")
def _agenda(book: Workbook) -> Evidence:
    meeting: Meeting | None = book.first(
        Meeting, "EXISTS (SELECT 1 FROM agenda_items a WHERE a.meeting_id = meetings.id)", [], "starts_at DESC"
    )
    if meeting is None:
        return Evidence(False, _("No meeting has an agenda yet (Meetings screen)."), MeetingRef())
    return Evidence(True, _("Agenda of the meeting on {date}.", date=_day(meeting.starts_at)), MeetingRef(meeting.id))


# Feedback (M3, M4, E3, E4): the direction is the practice owner's.


def _feedback(direction: str, kind: str, where: str, met: str, missing: str, *, quote_result: bool = False) -> Check:
    def check(book: Workbook) -> Evidence:
        entry: Feedback | None = book.first(
            Feedback, "direction = ? AND kind = ? AND " + where, [book.direction(direction), kind], "date DESC, id DESC"
        )
        if entry is None:
            return Evidence(False, _(missing), FeedbackRef())
        text, day = (entry.result, entry.result_on or entry.date) if quote_result else (entry.text, entry.date)
        return Evidence(True, _(met, date=_day(day), text=_quote(text)), FeedbackRef(entry.id))

    return check


EVIDENCE["praise-given"] = _feedback(
    "given", "praise", "1", N_("Encouragement on {date}: “{text}”"), N_("No encouragement logged yet (Feedback screen).")
)
EVIDENCE["constructive-given"] = _feedback(
    "given", "constructive", "1", N_("Constructive feedback on {date}: “{text}”"),
    N_("No constructive feedback logged yet (Feedback screen)."),
)
EVIDENCE["progress-update-given"] = _feedback(
    "given", "progress-update", "1", N_("Progress update on {date}: “{text}”"),
    N_("No progress update logged yet (Feedback screen)."),
)
EVIDENCE["thanks-given"] = _feedback(
    "given", "thanks", "1", N_("Thanks on {date}: “{text}”"), N_("No thanks logged yet (Feedback screen).")
)
EVIDENCE["advice-tried"] = _feedback(
    "received", "advice", "tried = 1", N_("Advice tried ({date}): “{text}”"),
    N_("No advice marked as tried yet (Feedback screen)."),
)
EVIDENCE["advice-result"] = _feedback(
    "received", "advice", "result != ''", N_("Result told on {date}: “{text}”"),
    N_("No advice has a result yet (Feedback screen)."), quote_result=True,
)


# The relationship's end (E4): shared.


@_check("end-date")
def _end_date(book: Workbook) -> Evidence:
    end_on = book.relationship.end_on
    if end_on is None:
        return Evidence(False, _("No agreed end date yet: set it in the profile (e on the Relationship screen)."),
                        RelationshipRef())
    return Evidence(True, _("Agreed end: {date}.", date=_day(end_on)), RelationshipRef())


@_check("closed")
def _closed(book: Workbook) -> Evidence:
    relationship = book.relationship
    if relationship.status != "ended":
        return Evidence(False, _("When the time comes, close it on the Relationship screen (c)."), RelationshipRef())
    return Evidence(True, _("Closed on {date}.", date=_day(relationship.ended_on)), RelationshipRef())


@_check("news-after-end")
def _news_after_end(book: Workbook) -> Evidence:
    ended_on = book.relationship.ended_on
    if book.relationship.status != "ended" or ended_on is None:
        return Evidence(False, _("Once the relationship has ended, log the news you send (Feedback screen)."), FeedbackRef())
    entry: Feedback | None = book.first(
        Feedback, "direction = ? AND kind = 'progress-update' AND date > ?", [book.direction("given"), ended_on.isoformat()],
        "date DESC, id DESC",
    )
    if entry is None:
        return Evidence(False, _("No news sent since the end yet (Feedback screen)."), FeedbackRef())
    return Evidence(True, _("News on {date}: “{text}”", date=_day(entry.date), text=_quote(entry.text)), FeedbackRef(entry.id))


# Candidates (E1): mine only — they are the mentors I considered.


@_check("candidates-compared")
def _candidates(book: Workbook) -> Evidence | None:
    if not book.mine:
        return None
    candidates = book.store.candidates()
    scored = [c for c in candidates if c.total]
    if len(scored) < 2:
        return Evidence(False, _("Add the people you are considering and score them (c)."), CandidateRef())
    best = scored[0]
    return Evidence(
        True,
        _("{n} candidates compared; the best is {name} ({total}/{max}).", n=len(scored), name=_quote(best.name, 40),
          total=best.total, max=MAX_TOTAL),
        CandidateRef(best.id),
    )
