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

from mentortui.core.i18n import N_, _, format_date, language, plural
from mentortui.core.policy import ADVICE_WAIT_DAYS, GUIDE_RECENT_WEEKS
from mentortui.core.refs import (
    AgreementRef,
    CandidateRef,
    FeedbackRef,
    GoalRef,
    MeetingRef,
    Ref,
    RelationshipRef,
)
from mentortui.core.text import fold, one_line
from mentortui.data.meetings import next_planned
from mentortui.data.model import Agreement, Feedback, Goal, Learning, Meeting, Relationship
from mentortui.data.review import stay_in_touch_due
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
    # Not met now though the practice applies now (the next meeting has no agenda, no progress
    # update for weeks): the weekly review asks about it.
    lapsed: bool = False


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

    @cached_property
    def next_meeting(self) -> Meeting | None:
        return next_planned(self.store, self.relationship.id)

    @cached_property
    def last_held(self) -> Meeting | None:
        """The last meeting held (not one dated later: a row marked held ahead of time)."""
        return self.first(Meeting, "status = 'held' AND starts_at <= ?", [self.store.clock.now().isoformat()],
                          "starts_at DESC, id DESC")

    @property
    def today(self) -> dt.date:
        return self.store.clock.today()

    @property
    def recent_since(self) -> dt.date:
        """The first day that counts as recent for a recurring practice."""
        return self.today - dt.timedelta(weeks=GUIDE_RECENT_WEEKS)

    @property
    def under_way(self) -> bool:
        """Active and older than the recent window: a recurring practice left undone has lapsed."""
        return self.relationship.status == "active" and self.relationship.started_on <= self.recent_since

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
EVIDENCE["agreement-limits"] = _agreement(
    ("my_limits", "their_limits", "my_expectations", "their_expectations"),
    N_("Both sides' limits and expectations are in the agreement (version {n})."),
    N_("The agreement should say each side's limits and availability, and what each of you expects "
       "(m on the Relationship screen)."),
)
EVIDENCE["agreement-my-limits"] = _agreement(
    ("my_limits",), N_("Agreed: {value}."),
    N_("The agreement does not say your limits and availability yet (m on the Relationship screen)."),
)


@_check("agreement-revisit")
def _revisit(book: Workbook) -> Evidence:
    """A revisit date still ahead: one that has passed asks for the revision it announced."""
    agreement = book.agreement
    if agreement is None:
        return Evidence(False, _("No agreement yet: write one on the Relationship screen (m)."), AgreementRef())
    if agreement.revisit_on is None:
        return Evidence(False, _("No revisit date yet (r on the Relationship screen)."), AgreementRef())
    if agreement.revisit_on < book.today:
        return Evidence(False, _("The revisit date ({date}) has passed: revise the agreement (r on the Relationship "
                                 "screen) or push the date in the weekly review.", date=_day(agreement.revisit_on)),
                        AgreementRef())
    return Evidence(True, _("Revisit on {value}.", value=_day(agreement.revisit_on)), AgreementRef())


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


# Meetings (M3, E2): shared. Each check reads the meeting the guide means now: the next one
# planned (its agenda), the last one held (its notes).

# The mentor's note prompt for what the mentee finds hard (ui/widgets/notes_editor.py): a
# heading holding "difficult" in any language ("Their difficulties", « Ses difficultés »)
# opens the section the guide asks for.
DIFFICULTIES = N_("Their difficulties")
_DIFFICULTIES_STEM = "difficult"


def difficulties_noted(notes: str) -> str:
    """What the notes say under a difficulties heading (a Markdown heading, or the prompt's
    line on its own), up to the next heading; "" when there is no such section or it is empty."""
    prompts = {fold(DIFFICULTIES), fold(_(DIFFICULTIES))}
    found: list[str] = []
    inside = False
    for line in notes.splitlines():
        bare = fold(line.strip().lstrip("#").strip().rstrip(":").strip())
        is_heading = line.lstrip().startswith("#")
        if (is_heading and _DIFFICULTIES_STEM in bare) or (bare and bare in prompts):
            inside = True
            continue
        if is_heading:
            inside = False
        elif inside and line.strip():
            found.append(line.strip())
    return " ".join(found)


def _when(meeting: Meeting) -> str:
    return _day(meeting.starts_at) + " " + meeting.starts_at.strftime("%H:%M")


@_check("meeting-notes")
def _meeting_notes(book: Workbook) -> Evidence:
    meeting = book.last_held
    if meeting is None:
        return Evidence(False, _("No meeting held yet: notes come with the first one (Meetings screen)."), MeetingRef())
    if not meeting.notes.strip():
        return Evidence(False, _("The last meeting ({date}) has no notes yet (Meetings screen).",
                                 date=_day(meeting.starts_at)), MeetingRef(meeting.id), lapsed=True)
    return Evidence(True, _("Notes of the last meeting ({date}).", date=_day(meeting.starts_at)), MeetingRef(meeting.id))


@_check("difficulties-noted")
def _difficulties(book: Workbook) -> Evidence:
    meeting = book.last_held
    if meeting is None:
        return Evidence(False, _("No meeting held yet: notes come with the first one (Meetings screen)."), MeetingRef())
    noted = difficulties_noted(meeting.notes)
    if not noted:
        return Evidence(False, _("The notes of the last meeting ({date}) say nothing under “{heading}” yet "
                                 "(t on the Meetings screen adds the heading).",
                                 date=_day(meeting.starts_at), heading=_(DIFFICULTIES)),
                        MeetingRef(meeting.id), lapsed=True)
    return Evidence(True, _("Their difficulties at the last meeting ({date}): “{text}”",
                            date=_day(meeting.starts_at), text=_quote(noted)), MeetingRef(meeting.id))


@_check("meeting-planned")
def _meeting_planned(book: Workbook) -> Evidence:
    now = book.store.clock.now().isoformat()
    meeting: Meeting | None = book.first(Meeting, "status = 'planned' AND starts_at >= ?", [now], "starts_at")
    if meeting is None:
        return Evidence(False, _("No meeting planned ahead (Meetings screen)."), MeetingRef())
    return Evidence(True, _("Next meeting: {when}.", when=_when(meeting)), MeetingRef(meeting.id))


@_check("agenda-set")
def _agenda(book: Workbook) -> Evidence:
    meeting = book.next_meeting
    if meeting is None:
        return Evidence(False, _("No meeting planned: plan the next one, then set its agenda (Meetings screen)."),
                        MeetingRef())
    items = len(book.store.agenda(meeting.id))
    if not items:
        return Evidence(False, _("The next meeting ({when}) has no agenda yet: p prepares it (Meetings screen).",
                                 when=_when(meeting)), MeetingRef(meeting.id), lapsed=book.relationship.status == "active")
    return Evidence(True, plural(items, N_("The next meeting ({when}) has an agenda of {n} item."),
                                 N_("The next meeting ({when}) has an agenda of {n} items."), when=_when(meeting)),
                    MeetingRef(meeting.id))


@_check("follow-up")
def _follow_up(book: Workbook) -> Evidence:
    meeting = book.last_held
    if meeting is None:
        return Evidence(False, _("No meeting held yet: follow-up questions come after one (Meetings screen)."),
                        MeetingRef())
    follow_ups = [action for action in book.store.actions(meeting.id) if action.follow_up]
    if follow_ups:
        return Evidence(True, _("Followed up after the meeting on {date}: “{text}”", date=_day(meeting.starts_at),
                                text=_quote(follow_ups[0].text)), MeetingRef(meeting.id))
    questions = [item for item in book.store.agenda(meeting.id) if item.kind == "question"]
    return Evidence(
        False,
        _("No follow-up after the meeting on {date} yet: f on a question (or ctrl+f on a line of the notes) "
          "makes it an action (Meetings screen).", date=_day(meeting.starts_at)),
        MeetingRef(meeting.id),
        lapsed=bool(questions) and book.relationship.status == "active",
    )


# Feedback (M3, M4, E3, E4): the direction is the practice owner's. The recurring ones (an
# encouragement, a progress update, a thanks along the way) count when recent.


def _feedback(direction: str, kind: str, where: str, met: str, missing: str, *, quote_result: bool = False,
              recent: str | None = None) -> Check:
    """``recent``: the practice recurs, so only an entry of the last weeks meets it; this
    message (with the last entry's ``{date}``) says when the last one is older."""
    def check(book: Workbook) -> Evidence:
        entry: Feedback | None = book.first(
            Feedback, "direction = ? AND kind = ? AND " + where, [book.direction(direction), kind], "date DESC, id DESC"
        )
        if entry is None:
            return Evidence(False, _(missing), FeedbackRef(), lapsed=recent is not None and book.under_way)
        if recent is not None and entry.date < book.recent_since:
            return Evidence(False, _(recent, date=_day(entry.date), weeks=GUIDE_RECENT_WEEKS), FeedbackRef(entry.id),
                            lapsed=book.under_way)
        text, day = (entry.result, entry.result_on or entry.date) if quote_result else (entry.text, entry.date)
        return Evidence(True, _(met, date=_day(day), text=_quote(text)), FeedbackRef(entry.id))

    return check


EVIDENCE["praise-given"] = _feedback(
    "given", "praise", "1", N_("Encouragement on {date}: “{text}”"), N_("No encouragement logged yet (Feedback screen)."),
    recent=N_("The last encouragement was on {date}, more than {weeks} weeks ago (Feedback screen)."),
)
EVIDENCE["constructive-given"] = _feedback(
    "given", "constructive", "1", N_("Constructive feedback on {date}: “{text}”"),
    N_("No constructive feedback logged yet (Feedback screen)."),
)
EVIDENCE["progress-update-given"] = _feedback(
    "given", "progress-update", "1", N_("Progress update on {date}: “{text}”"),
    N_("No progress update logged yet: p on the Feedback screen writes one."),
    recent=N_("The last progress update was on {date}, more than {weeks} weeks ago: p on the Feedback screen "
              "writes one."),
)
EVIDENCE["thanks-given"] = _feedback(
    "given", "thanks", "1", N_("Thanks on {date}: “{text}”"), N_("No thanks logged yet (Feedback screen)."),
    recent=N_("The last thanks was on {date}, more than {weeks} weeks ago (t on the Feedback screen)."),
)
EVIDENCE["advice-tried"] = _feedback(
    "received", "advice", "tried = 1", N_("Advice tried ({date}): “{text}”"),
    N_("No advice marked as tried yet (Feedback screen)."),
)


@_check("advice-result")
def _advice_result(book: Workbook) -> Evidence:
    """Met while every piece of advice received long enough ago has its result told."""
    direction = book.direction("received")
    waiting: Feedback | None = book.first(
        Feedback, "direction = ? AND kind = 'advice' AND result = '' AND date <= ?",
        [direction, (book.today - dt.timedelta(days=ADVICE_WAIT_DAYS)).isoformat()], "date, id",
    )
    if waiting is not None:
        return Evidence(False, _("Advice of {date} still waits for its result: “{text}” (r on the Feedback screen).",
                                 date=_day(waiting.date), text=_quote(waiting.text)), FeedbackRef(waiting.id))
    told: Feedback | None = book.first(Feedback, "direction = ? AND kind = 'advice' AND result != ''", [direction],
                                       "result_on DESC, date DESC, id DESC")
    if told is None:
        return Evidence(False, _("No advice has a result yet (Feedback screen)."), FeedbackRef())
    return Evidence(True, _("Result told on {date}: “{text}”", date=_day(told.result_on or told.date),
                            text=_quote(told.result)), FeedbackRef(told.id))


# What the mentor learns from the mentee (M1): a dated log, recurring.


@_check("learning-noted")
def _learning(book: Workbook) -> Evidence:
    entry: Learning | None = book.first(Learning, "1", [], "date DESC, id DESC")
    if entry is None:
        return Evidence(False, _("Nothing learned from them noted yet: l on the Relationship screen notes it."),
                        RelationshipRef(), lapsed=book.under_way)
    if entry.date < book.recent_since:
        return Evidence(False, _("The last thing learned from them was noted on {date}, more than {weeks} weeks ago "
                                 "(l on the Relationship screen).", date=_day(entry.date), weeks=GUIDE_RECENT_WEEKS),
                        RelationshipRef(), lapsed=book.under_way)
    return Evidence(True, _("Learned from them on {date}: “{text}”", date=_day(entry.date), text=_quote(entry.text)),
                    RelationshipRef())


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
    """News sent since the end, and not due again yet (the profile's rhythm of news)."""
    ended_on = book.relationship.ended_on
    if book.relationship.status != "ended" or ended_on is None:
        return Evidence(False, _("Once the relationship has ended, log the news you send (Feedback screen)."), FeedbackRef())
    entry: Feedback | None = book.first(
        Feedback, "direction = ? AND kind = 'progress-update' AND date > ?", [book.direction("given"), ended_on.isoformat()],
        "date DESC, id DESC",
    )
    due = stay_in_touch_due(book.store, book.relationship, book.today)
    if entry is None:
        return Evidence(False, _("No news sent since the end yet (Feedback screen)."), FeedbackRef())
    if due is not None and due <= book.today:
        return Evidence(False, _("News was last sent on {date}; more is due (p on the Feedback screen).",
                                 date=_day(entry.date)), FeedbackRef(entry.id))
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


@_check("candidate-asked")
def _candidate_asked(book: Workbook) -> Evidence | None:
    """The mentor of this relationship is one of the candidates compared (r on a candidate)."""
    if not book.mine:
        return None
    chosen = next((c for c in book.store.candidates() if c.relationship_id == book.relationship.id), None)
    if chosen is None:
        return Evidence(False, _("Start the relationship from the candidate you asked (r in the candidates, c)."),
                        CandidateRef())
    return Evidence(True, _("You asked {name} ({total}/{max}).", name=_quote(chosen.name, 40), total=chosen.total,
                            max=MAX_TOTAL), CandidateRef(chosen.id))
