"""Where to go: typed references to the things the workbook shows.

A reference names an item (a goal, a meeting, a step of the review), never a screen:
domain and data code say WHAT a line of evidence or a search hit is about, and the app
decides which screen shows it (``mentortui.ui.navigation``). An id of None means the list
of those items rather than one of them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Overview:
    """What needs attention, across every relationship."""


@dataclass(frozen=True)
class GoalRef:
    goal_id: int | None = None


@dataclass(frozen=True)
class MeetingRef:
    meeting_id: int | None = None


@dataclass(frozen=True)
class MeetingsAbout:
    """The meetings whose agenda or actions are about a goal."""

    goal_id: int


@dataclass(frozen=True)
class FeedbackRef:
    feedback_id: int | None = None


@dataclass(frozen=True)
class FeedbackAbout:
    """The feedback linked to a goal."""

    goal_id: int


@dataclass(frozen=True)
class ReviewStep:
    """A step of this week's review (a key of ``data.review.STEPS``); None: where it was left."""

    step: str | None = None


@dataclass(frozen=True)
class ReviewRef:
    """A weekly review of the active relationship, past or current, in the review's history."""

    review_id: int


@dataclass(frozen=True)
class RelationshipRef:
    """The active relationship's profile: who, since when, until when, its status."""


@dataclass(frozen=True)
class AgreementRef:
    """The agreement in force."""


@dataclass(frozen=True)
class PracticeRef:
    """One of the guide's practices (M1…M6, E1…E4), or one item of its checklist."""

    practice: str
    item: str | None = None


@dataclass(frozen=True)
class CandidateRef:
    """A mentor candidate; None: the list of candidates."""

    candidate_id: int | None = None


Ref = (
    Overview | GoalRef | MeetingRef | MeetingsAbout | FeedbackRef | FeedbackAbout | ReviewStep | RelationshipRef
    | AgreementRef | PracticeRef | CandidateRef | ReviewRef
)
