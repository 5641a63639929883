"""The guide's ten practices as checklists to act on (screen 2), without Textual.

The content (titles, explanations, check items, in English and French) lives in
``content/guide.toml``. This module loads it, works out which items the workbook's own
data already answers (the agreement has a cadence, a goal exists, …) and where that data
lives, and counts progress per practice and overall.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from mentortui.domain.agreements import describe_term
from mentortui.data.model import (
    CANDIDATE_CRITERIA,
    CHECK_STATES,
    ROLES,
    Agreement,
    ChecklistEntry,
    Feedback,
    Goal,
    Meeting,
    Relationship,
)
from mentortui.data.store import Store
from mentortui.core.i18n import LANGUAGES, N_, _, format_date, language
from mentortui.core.text import fold, one_line

CONTENT_PATH = Path(__file__).parent.parent / "content" / "guide.toml"
QUOTE_WIDTH = 70  # a user's text quoted in a one-line reminder
ITEM_KEY = re.compile(r"^[a-z]+(-[a-z]+)*$")
PRACTICE_PREFIX = {"mentor": "M", "mentee": "E"}
ITEMS_PER_PRACTICE = (3, 6)
# The checklist row holding a practice's own note (not one of its items).
PRACTICE_NOTE = ""

# The four criteria of the guide for choosing a mentor (E1), scored 0–3 each.
CRITERIA_LABELS = {
    "score_goals": N_("Linked to my career goals"),
    "score_respected": N_("Respected in the field"),
    "score_network": N_("Strong network"),
    "score_skills": N_("Skills and experience to guide me"),
}
CRITERIA_SHORT = {
    "score_goals": N_("Goals"),
    "score_respected": N_("Respect"),
    "score_network": N_("Network"),
    "score_skills": N_("Skills"),
}
MAX_SCORE = 3
MAX_TOTAL = MAX_SCORE * len(CANDIDATE_CRITERIA)


class ContentError(ValueError):
    """The guide's content file is incomplete or inconsistent."""


# ---- the content ---------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    key: str
    text: dict[str, str]  # language -> the item, as a short instruction
    evidence: str | None  # name of the check in EVIDENCE that answers it, if any

    def label(self, lang: str | None = None) -> str:
        return self.text[lang or language()]


@dataclass(frozen=True)
class Practice:
    key: str  # M1…M6, E1…E4
    role: str  # whose practice it is: mentor | mentee
    title: dict[str, str]
    explanation: dict[str, str]
    items: tuple[Item, ...]

    def heading(self, lang: str | None = None) -> str:
        return self.title[lang or language()]

    def explain(self, lang: str | None = None) -> str:
        return self.explanation[lang or language()]

    def item(self, key: str) -> Item:
        return next(item for item in self.items if item.key == key)


@dataclass(frozen=True)
class Guide:
    practices: tuple[Practice, ...]

    def for_role(self, role: str) -> tuple[Practice, ...]:
        return tuple(p for p in self.practices if p.role == role)

    def practice(self, key: str) -> Practice:
        for practice in self.practices:
            if practice.key == key:
                return practice
        raise KeyError(key)


def _texts(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected a table of languages")
    texts = {lang: raw.get(lang) for lang in LANGUAGES}
    missing = [lang for lang, text in texts.items() if not isinstance(text, str) or not text.strip()]
    if missing:
        raise ContentError(f"{where}: missing in {', '.join(missing)}")
    return {lang: " ".join(text.split()) for lang, text in texts.items()}  # type: ignore[union-attr]


def parse_guide(data: dict[str, Any]) -> Guide:
    """The guide from the TOML's data, checked: every text in every language, keys unique."""
    practices = []
    seen: set[str] = set()
    for raw in data.get("practices", []):
        key, role = raw.get("key", ""), raw.get("role", "")
        if role not in ROLES or not re.fullmatch(PRACTICE_PREFIX.get(role, "?") + r"\d", key) or key in seen:
            raise ContentError(f"practice {key!r}: bad or repeated key for role {role!r}")
        seen.add(key)
        items = []
        for raw_item in raw.get("items", []):
            item_key = raw_item.get("key", "")
            where = f"{key}.{item_key}"
            if not ITEM_KEY.match(item_key) or any(item.key == item_key for item in items):
                raise ContentError(f"{where}: bad or repeated item key")
            evidence = raw_item.get("evidence")
            if evidence is not None and evidence not in EVIDENCE:
                raise ContentError(f"{where}: unknown evidence {evidence!r}")
            items.append(Item(item_key, _texts({lang: raw_item.get(lang) for lang in LANGUAGES}, where), evidence))
        low, high = ITEMS_PER_PRACTICE
        if not low <= len(items) <= high:
            raise ContentError(f"{key}: {len(items)} items; a practice has {low} to {high}")
        practices.append(
            Practice(key, role, _texts(raw.get("title"), f"{key}.title"),
                     _texts(raw.get("explanation"), f"{key}.explanation"), tuple(items))
        )
    return Guide(tuple(practices))


@cache
def load_guide(path: Path = CONTENT_PATH) -> Guide:
    with open(path, "rb") as handle:
        return parse_guide(tomllib.load(handle))


# ---- what the workbook's data already answers --------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """Whether the data answers an item, in words, and where that data lives."""

    met: bool
    detail: str  # may quote user text: show it through safe()
    mode: str  # the screen to jump to ("guide" means the candidates list)
    target: dict[str, Any] = field(default_factory=dict)


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
            return Evidence(True, _("In your profile: “{text}”", text=one_line(text, QUOTE_WIDTH)), "relationship")
        return Evidence(False, _(missing), "relationship")

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
            return Evidence(False, _("No agreement yet: write one on the Relationship screen (m)."), "relationship")
        values = [describe_term(agreement, term, language()) for term in terms]
        if all(value.strip() for value in values):
            return Evidence(True, _(met, value=one_line(values[0], QUOTE_WIDTH), n=agreement.version), "relationship")
        return Evidence(False, _(missing), "relationship")

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
        return Evidence(True, _("Agreed: {value}.", value=one_line(duration, QUOTE_WIDTH)), "relationship")
    if end_on:
        return Evidence(True, _("Agreed: it ends on {date}.", date=_day(end_on)), "relationship")
    return Evidence(False, _("No agreed duration or end date yet (Relationship screen)."), "relationship")


# Goals (M5, M6, E2, E3): shared; dropped goals don't count.


def _goal(where: str, met: str, missing: str) -> Check:
    def check(book: Workbook) -> Evidence:
        goal: Goal | None = book.first(Goal, "status != 'dropped' AND " + where, [], "status = 'done', id")
        if goal is None:
            return Evidence(False, _(missing), "goals")
        return Evidence(True, _(met, title=one_line(goal.title, QUOTE_WIDTH)), "goals", {"goal_id": goal.id})

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
        return Evidence(False, _("No meeting notes yet (Meetings screen)."), "meetings")
    return Evidence(True, _("Notes of the meeting on {date}.", date=_day(meeting.starts_at)), "meetings",
                    {"meeting_id": meeting.id})


@_check("meeting-planned")
def _meeting_planned(book: Workbook) -> Evidence:
    now = book.store.clock.now().isoformat()
    meeting: Meeting | None = book.first(Meeting, "status = 'planned' AND starts_at >= ?", [now], "starts_at")
    if meeting is None:
        return Evidence(False, _("No meeting planned ahead (Meetings screen)."), "meetings")
    when = _day(meeting.starts_at) + " " + meeting.starts_at.strftime("%H:%M")
    return Evidence(True, _("Next meeting: {when}.", when=when), "meetings", {"meeting_id": meeting.id})


@_check("agenda-set")
def _agenda(book: Workbook) -> Evidence:
    meeting: Meeting | None = book.first(
        Meeting, "EXISTS (SELECT 1 FROM agenda_items a WHERE a.meeting_id = meetings.id)", [], "starts_at DESC"
    )
    if meeting is None:
        return Evidence(False, _("No meeting has an agenda yet (Meetings screen)."), "meetings")
    return Evidence(True, _("Agenda of the meeting on {date}.", date=_day(meeting.starts_at)), "meetings",
                    {"meeting_id": meeting.id})


# Feedback (M3, M4, E3, E4): the direction is the practice owner's.


def _feedback(direction: str, kind: str, where: str, met: str, missing: str, *, quote_result: bool = False) -> Check:
    def check(book: Workbook) -> Evidence:
        entry: Feedback | None = book.first(
            Feedback, "direction = ? AND kind = ? AND " + where, [book.direction(direction), kind], "date DESC, id DESC"
        )
        if entry is None:
            return Evidence(False, _(missing), "feedback")
        text, day = (entry.result, entry.result_on or entry.date) if quote_result else (entry.text, entry.date)
        return Evidence(True, _(met, date=_day(day), text=one_line(text, QUOTE_WIDTH)), "feedback", {"feedback_id": entry.id})

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
                        "relationship")
    return Evidence(True, _("Agreed end: {date}.", date=_day(end_on)), "relationship")


@_check("closed")
def _closed(book: Workbook) -> Evidence:
    relationship = book.relationship
    if relationship.status != "ended":
        return Evidence(False, _("When the time comes, close it on the Relationship screen (c)."), "relationship")
    return Evidence(True, _("Closed on {date}.", date=_day(relationship.ended_on)), "relationship")


@_check("news-after-end")
def _news_after_end(book: Workbook) -> Evidence:
    ended_on = book.relationship.ended_on
    if book.relationship.status != "ended" or ended_on is None:
        return Evidence(False, _("Once the relationship has ended, log the news you send (Feedback screen)."), "feedback")
    entry: Feedback | None = book.first(
        Feedback, "direction = ? AND kind = 'progress-update' AND date > ?", [book.direction("given"), ended_on.isoformat()],
        "date DESC, id DESC",
    )
    if entry is None:
        return Evidence(False, _("No news sent since the end yet (Feedback screen)."), "feedback")
    return Evidence(True, _("News on {date}: “{text}”", date=_day(entry.date), text=one_line(entry.text, QUOTE_WIDTH)), "feedback",
                    {"feedback_id": entry.id})


# Candidates (E1): mine only — they are the mentors I considered.


@_check("candidates-compared")
def _candidates(book: Workbook) -> Evidence | None:
    if not book.mine:
        return None
    candidates = book.store.candidates()
    scored = [c for c in candidates if c.total]
    if len(scored) < 2:
        return Evidence(False, _("Add the people you are considering and score them (c)."), "guide",
                        {"candidates": True})
    best = scored[0]
    return Evidence(
        True,
        _("{n} candidates compared; the best is {name} ({total}/{max}).", n=len(scored), name=one_line(best.name, 40),
          total=best.total, max=MAX_TOTAL),
        "guide",
        {"candidates": True, "candidate_id": best.id},
    )


# ---- the checklist and its progress --------------------------------------------------------

STATE_ORDER = CHECK_STATES  # todo → doing → done → todo


def next_state(state: str) -> str:
    return STATE_ORDER[(STATE_ORDER.index(state) + 1) % len(STATE_ORDER)]


@dataclass(frozen=True)
class ItemStatus:
    practice: Practice
    item: Item
    state: str  # as ticked by hand (todo when never touched)
    note: str
    changed_at: dt.datetime | None
    evidence: Evidence | None  # set when the data answers this item

    @property
    def done(self) -> bool:
        return self.evidence.met if self.evidence is not None else self.state == "done"


@dataclass(frozen=True)
class PracticeStatus:
    practice: Practice
    items: tuple[ItemStatus, ...]
    note: str
    changed_at: dt.datetime | None

    @property
    def done(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)


def checklist_status(store: Store, relationship: Relationship, role: str, guide: Guide | None = None) -> list[PracticeStatus]:
    """The practices of ``role`` in ``relationship``: each item's state, note and evidence.

    ``role`` may be the other side's: its items then only show what the shared data says.
    """
    guide = guide or load_guide()
    book = Workbook(store, relationship, mine=role == relationship.role)
    entries: dict[tuple[str, str], ChecklistEntry] = {
        (entry.practice, entry.item): entry for entry in store.checklist(relationship.id)
    }
    statuses = []
    for practice in guide.for_role(role):
        items = []
        for item in practice.items:
            entry = entries.get((practice.key, item.key))
            evidence = EVIDENCE[item.evidence](book) if item.evidence else None
            items.append(
                ItemStatus(practice, item, entry.state if entry else "todo", entry.note if entry else "",
                           entry.changed_at if entry else None, evidence)
            )
        own = entries.get((practice.key, PRACTICE_NOTE))
        statuses.append(PracticeStatus(practice, tuple(items), own.note if own else "", own.changed_at if own else None))
    return statuses


def overall(statuses: list[PracticeStatus]) -> tuple[int, int]:
    """(items done, items in all) across practices."""
    return sum(s.done for s in statuses), sum(s.total for s in statuses)


def other_role(role: str) -> str:
    return "mentee" if role == "mentor" else "mentor"


def matches(query: str, *texts: str) -> bool:
    """Whether every word of ``query`` appears in one of ``texts`` (case and accents aside)."""
    haystack = fold(" ".join(texts))
    return all(word in haystack for word in fold(query).split())


