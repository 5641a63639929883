"""The shape of the demo workbook, whatever its language: what each size holds and how often
things happen. The words live in mentortui/content/demo.<lang>.toml (see content.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mentortui.domain.guide import load_guide
from mentortui.domain.learning import LEARNED_ANSWER

# The large workbook keeps a checklist for every practice of my role.
MENTOR_PRACTICES = tuple(practice.key for practice in load_guide().for_role("mentor"))
MENTEE_PRACTICES = tuple(practice.key for practice in load_guide().for_role("mentee"))

# The demo's review questions -> the keys the review screen stores answers under
# ("wins", "goals", "guide-" + the practice the question reflects on, or a mentor's learning).
REVIEW_ANSWER_KEYS = {
    "mentee": {"progress": "wins", "small_goal": "goals", "advice": "guide-E3", "next_agenda": "guide-E2",
               "gratitude": "guide-E4"},
    "mentor": {"listening": "guide-M3", "feedback": "guide-M4", "decided_for_them": "guide-M5",
               "learnt": LEARNED_ANSWER, "next": "goals"},
}


# Meeting notes, by my role: (heading key, content pool, how many lines). As a mentee I
# take the notes and the follow-up questions (E2); as a mentor the prompts are listening,
# questions and encouragement (M3) and "did I decide for them?" (M5).
NOTE_SECTIONS: dict[str, tuple[tuple[str, tuple[str, ...], tuple[int, int]], ...]] = {
    "mentee": (
        ("topics", ("topics",), (1, 2)),
        ("advice", ("feedback", "advice", "mentee"), (1, 2)),
        ("follow_ups", ("follow_ups",), (1, 2)),
        ("next_steps", ("next_steps",), (1, 2)),
    ),
    "mentor": (
        ("difficulties", ("difficulties",), (1, 2)),
        ("questions", ("open_questions",), (2, 3)),
        ("encouragement", ("encouragement",), (1, 1)),
        ("room", ("room_to_grow",), (1, 1)),
    ),
}
# Fresh agenda items: (kind, content pool or None for a goal, weight).
AGENDA_MIX: tuple[tuple[str, tuple[str, ...] | None, float], ...] = (
    ("goal", None, 3),
    ("topic", ("topics",), 3),
    ("question", ("mentee_questions",), 3),
    ("action", ("agenda", "action"), 1),
    ("advice", ("agenda", "advice"), 1),
    ("revisit", ("agenda", "revisit"), 0.5),
)
# How often each (direction, kind) of feedback is logged, by my role.
FEEDBACK_MIX: dict[str, dict[tuple[str, str], int]] = {
    "mentee": {
        ("received", "advice"): 6, ("received", "praise"): 3, ("received", "constructive"): 3,
        ("given", "progress-update"): 5, ("given", "thanks"): 3, ("given", "praise"): 1,
        ("given", "constructive"): 1, ("given", "advice"): 1, ("received", "thanks"): 1,
        ("received", "progress-update"): 1,
    },
    "mentor": {
        ("given", "advice"): 6, ("given", "constructive"): 4, ("given", "praise"): 4,
        ("received", "progress-update"): 5, ("received", "thanks"): 3, ("received", "praise"): 1,
        ("received", "constructive"): 1, ("received", "advice"): 1, ("given", "thanks"): 1,
        ("given", "progress-update"): 1,
    },
}
CANDIDATE_SCORES = ((3, 3, 3, 2), (1, 3, 2, 3), (2, 1, 1, 1))  # goals, respected, network, skills
LIVE_MODES = ("video", "in-person", "phone")  # the modes a meeting itself can take


@dataclass(frozen=True)
class _Version:
    """One version of the agreement's terms that shape the calendar."""

    cadence: str  # RRULE body
    at: dt.time
    modes: tuple[str, ...]  # the usual meeting mode first


@dataclass(frozen=True)
class _Story:
    """One relationship: who, when, and how its calendar and goals unfold."""

    profile: str  # key into the content's "profiles"
    role: str  # my role
    started_days_ago: int
    agreed_days: int  # agreed duration: end_on = started_on + this
    ended_days_ago: int | None  # None: still active
    versions: tuple[_Version, ...]  # cycled when the plan has more agreement versions
    version_every_days: int
    revisit_days: int  # current version's revisit date, from the relationship's last day
    upcoming: int  # planned meetings after now
    rounds: tuple[tuple[int, int], ...]  # goal trees: (start, length) in days from started_on
    first_theme: int
    practices: tuple[str, ...]  # guide practices with checklist entries


@dataclass(frozen=True)
class _Plan:
    stories: tuple[_Story, ...]
    agreement_versions: int
    shorts_per_long: int
    steps_per_short: tuple[int, int]
    substeps_per_step: int  # > 0 adds a fourth level to goal trees
    agenda_items: tuple[int, int]
    actions_per_meeting: tuple[int, int]
    feedback_per_relationship: int
    review_weeks: int | None  # the last N weeks in a row; None: most weeks since the start
    agenda_covered: float  # chance an agenda item of a held meeting was covered
    cancel_rate: float
    dropped_rate: float  # chance a past small step was dropped rather than done


def _goal_rounds(span_days: int, every: int = 56, length: int = 112) -> tuple[tuple[int, int], ...]:
    """A new goal tree every ``every`` days, each running ``length`` days (they overlap)."""
    return tuple((start, length) for start in range(0, span_days, every))


_SMALL = _Plan(
    stories=(
        _Story(
            "my-mentor", "mentee", 154, 365, None,
            (_Version("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", dt.time(17, 30), ("video", "email")),
             _Version("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", dt.time(12, 30), ("in-person", "video", "email"))),
            version_every_days=70, revisit_days=-6, upcoming=1,
            rounds=((0, 200), (128, 237)), first_theme=0, practices=("E1", "E2", "E3"),
        ),
        _Story(
            "my-mentee", "mentor", 140, 270, None,
            (_Version("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", dt.time(12, 0), ("video", "chat")),
             _Version("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", dt.time(12, 0), ("video", "in-person", "chat"))),
            version_every_days=56, revisit_days=40, upcoming=2,
            rounds=((0, 148), (60, 210)), first_theme=2, practices=("M1", "M2", "M4"),
        ),
        _Story(
            "former-mentor", "mentee", 430, 310, 120,
            (_Version("FREQ=MONTHLY;BYDAY=1MO", dt.time(18, 0), ("video", "phone")),
             _Version("FREQ=MONTHLY;BYDAY=2WE", dt.time(8, 30), ("phone", "email"))),
            version_every_days=150, revisit_days=-30, upcoming=0,
            rounds=((0, 170), (108, 202)), first_theme=4, practices=("E3", "E4"),
        ),
    ),
    agreement_versions=2,
    shorts_per_long=2,
    steps_per_short=(2, 3),
    substeps_per_step=0,
    agenda_items=(3, 6),
    actions_per_meeting=(1, 3),
    feedback_per_relationship=25,
    review_weeks=4,
    agenda_covered=0.85,
    cancel_rate=0.0,
    dropped_rate=0.0,
)

_FIVE_YEARS = 5 * 365
_LARGE = _Plan(
    stories=(
        _Story(
            "my-mentor", "mentee", _FIVE_YEARS + 5, 6 * 365, None,
            (_Version("FREQ=WEEKLY;BYDAY=TU", dt.time(17, 30), ("video", "email")),
             _Version("FREQ=WEEKLY;BYDAY=TH", dt.time(12, 30), ("in-person", "video", "email"))),
            version_every_days=365, revisit_days=-6, upcoming=2,
            rounds=_goal_rounds(_FIVE_YEARS + 5), first_theme=0, practices=MENTEE_PRACTICES,
        ),
        _Story(
            "my-mentee", "mentor", _FIVE_YEARS + 1, 6 * 365, None,
            (_Version("FREQ=WEEKLY;BYDAY=WE", dt.time(12, 0), ("video", "chat")),
             _Version("FREQ=WEEKLY;BYDAY=FR", dt.time(9, 0), ("video", "in-person", "chat"))),
            version_every_days=365, revisit_days=40, upcoming=2,
            rounds=_goal_rounds(_FIVE_YEARS + 1), first_theme=2, practices=MENTOR_PRACTICES,
        ),
        _Story(
            "former-mentor", "mentee", _FIVE_YEARS + 100, _FIVE_YEARS, 100,
            (_Version("FREQ=WEEKLY;BYDAY=MO", dt.time(18, 0), ("video", "phone")),
             _Version("FREQ=WEEKLY;BYDAY=WE", dt.time(8, 30), ("phone", "video"))),
            version_every_days=365, revisit_days=-30, upcoming=0,
            rounds=_goal_rounds(_FIVE_YEARS), first_theme=4, practices=MENTEE_PRACTICES,
        ),
    ),
    agreement_versions=5,
    shorts_per_long=3,
    steps_per_short=(3, 3),
    substeps_per_step=2,
    agenda_items=(8, 13),
    actions_per_meeting=(1, 3),
    feedback_per_relationship=3333,
    review_weeks=None,
    agenda_covered=0.9,
    cancel_rate=0.04,
    dropped_rate=0.05,
)

PLANS: dict[str, _Plan] = {"small": _SMALL, "large": _LARGE}
