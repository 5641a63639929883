"""Typed records for every entity, and the conversions between them and SQLite rows.

A record's dataclass fields are its table's columns. Dates are ``date``/``datetime``
objects in Python and ISO 8601 text in the database; JSON columns are lists/dicts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from functools import cache
from typing import Any, ClassVar

from mentortui.core.policy import STAY_IN_TOUCH_MONTHS

ROLES = ("mentor", "mentee")
RELATIONSHIP_STATUSES = ("active", "ended")
MODES = ("email", "video", "in-person", "chat", "phone")
CHECK_STATES = ("todo", "doing", "done")
HORIZONS = ("long", "short", "step")
GOAL_STATUSES = ("open", "done", "dropped")
GOAL_OWNERS = ("mentee", "mentor", "both")
MEETING_STATUSES = ("planned", "held", "cancelled")
AGENDA_KINDS = ("topic", "question", "action", "goal", "advice", "revisit")
ACTION_OWNERS = ("me", "partner")
DIRECTIONS = ("given", "received")
FEEDBACK_KINDS = ("advice", "praise", "constructive", "progress-update", "thanks")
CANDIDATE_CRITERIA = ("score_goals", "score_respected", "score_network", "score_skills")

MAX_TITLE = 500  # one-line fields: names, titles, agenda items
MAX_TEXT = 200_000  # notes and other multi-line text
MAX_REASON = 200  # why the agreement was revised: one short line
# Dates the app can do arithmetic on and show; anything outside is a typo or a hostile file.
FIRST_YEAR, LAST_YEAR = 1900, 2200
MAX_POSITION = 2**31 - 1
REVIEW_STEP_COUNT = 8  # len(mentortui.data.review.STEPS): a saved step is an index into them
MAX_LIST_ITEMS = 1000  # elements of a JSON column (modes, rubric, review answers and changes)


def other_role(role: str) -> str:
    """The partner's role: "mentee" for a mentor, "mentor" for a mentee."""
    return "mentee" if role == "mentor" else "mentor"


class ValidationError(ValueError):
    """A value a form or an import cannot accept; ``field`` says which one."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclasses.dataclass
class Record:
    table: ClassVar[str]
    choices: ClassVar[dict[str, tuple[str, ...]]] = {}
    # Columns holding one line of text that must not be empty.
    required_text: ClassVar[tuple[str, ...]] = ()
    # Inclusive bounds of whole-number columns.
    ranges: ClassVar[dict[str, tuple[int, int]]] = {}

    id: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> typing.Self:
        kinds = column_kinds(cls)
        return cls(**{name: _from_sql(kinds[name], row[name]) for name in kinds})


@cache
def column_kinds(cls: type[Record]) -> dict[str, type]:
    """Column name -> base Python type (Optional unwrapped), in declaration order."""
    hints = typing.get_type_hints(cls)
    kinds: dict[str, type] = {}
    for field in dataclasses.fields(cls):
        hint = hints[field.name]
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
            hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
        kinds[field.name] = typing.get_origin(hint) or hint
    return kinds


@cache
def nullable_columns(cls: type[Record]) -> frozenset[str]:
    hints = typing.get_type_hints(cls)
    return frozenset(
        f.name for f in dataclasses.fields(cls) if type(None) in typing.get_args(hints[f.name])
    )


def _from_sql(kind: type, value: Any) -> Any:
    if value is None:
        return None
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is bool:
        return bool(value)
    if kind in (list, dict):
        return json.loads(value)
    return value


# One encoder for every JSON column (``json.dumps`` with options builds one a call: an import
# writes 100k of them).
_JSON_COLUMN = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def to_sql(kind: type, value: Any) -> Any:
    if value is None:
        return None
    if kind in (dt.datetime, dt.date):
        return value.isoformat()
    if kind is bool:
        return int(value)
    if kind in (list, dict):
        return _JSON_COLUMN.encode(value)
    return value


@dataclasses.dataclass
class Relationship(Record):
    table: ClassVar[str] = "relationships"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"role": ROLES, "status": RELATIONSHIP_STATUSES}
    required_text: ClassVar[tuple[str, ...]] = ("partner",)
    ranges: ClassVar[dict[str, tuple[int, int]]] = {"stay_in_touch_months": STAY_IN_TOUCH_MONTHS}

    partner: str
    role: str
    started_on: dt.date
    end_on: dt.date | None
    status: str
    ended_on: dt.date | None
    why: str
    hope_to_learn: str
    stay_in_touch_months: int
    created_at: dt.datetime
    uid: str | None = None  # the global id the partner's workbook knows the row by (None until SQLite gives it)


@dataclasses.dataclass
class Agreement(Record):
    table: ClassVar[str] = "agreements"
    ranges: ClassVar[dict[str, tuple[int, int]]] = {"version": (1, MAX_POSITION)}
    relationship_id: int
    version: int
    duration: str
    cadence: str  # an RFC 5545 RRULE body, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU
    cadence_start: dt.datetime | None  # the series' anchor (first meeting)
    modes: list
    my_responsibilities: str
    their_responsibilities: str
    my_expectations: str
    their_expectations: str
    revisit_on: dt.date | None
    created_at: dt.datetime
    reason: str = ""  # why this version was made ("" for the first, and for versions made before reasons)
    agreed_on: dt.date | None = None  # the day these terms were agreed (None only if written by another program)
    my_limits: str = ""  # my limits and availability (the guide's E2)
    their_limits: str = ""
    uid: str | None = None  # the global id the partner's workbook knows the row by (None until SQLite gives it)

    # The fields a person edits; a new version is made when one of them changes.
    TERMS: ClassVar[tuple[str, ...]] = (
        "duration",
        "cadence",
        "cadence_start",
        "modes",
        "my_responsibilities",
        "their_responsibilities",
        "my_expectations",
        "their_expectations",
        "my_limits",
        "their_limits",
        "revisit_on",
    )


@dataclasses.dataclass
class ChecklistEntry(Record):
    table: ClassVar[str] = "checklist"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"state": CHECK_STATES}
    relationship_id: int
    practice: str
    item: str
    state: str
    note: str
    changed_at: dt.datetime


@dataclasses.dataclass
class Goal(Record):
    table: ClassVar[str] = "goals"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {
        "horizon": HORIZONS,
        "status": GOAL_STATUSES,
        "owner": GOAL_OWNERS,
    }
    required_text: ClassVar[tuple[str, ...]] = ("title",)
    ranges: ClassVar[dict[str, tuple[int, int]]] = {"progress": (0, 100), "position": (0, MAX_POSITION)}
    relationship_id: int
    parent_id: int | None
    position: int
    title: str
    notes: str
    horizon: str
    status: str
    owner: str
    progress: int | None
    due_on: dt.date | None
    before_next_meeting: bool
    done_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    uid: str | None = None  # the global id the partner's workbook knows the row by (None until SQLite gives it)


@dataclasses.dataclass
class Meeting(Record):
    table: ClassVar[str] = "meetings"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"mode": MODES, "status": MEETING_STATUSES}
    relationship_id: int
    starts_at: dt.datetime
    mode: str
    status: str
    notes: str
    created_at: dt.datetime
    uid: str | None = None  # the global id the partner's workbook knows the row by (None until SQLite gives it)
    notes_shared: bool = False  # the notes go to the partner too (private by default)


@dataclasses.dataclass
class AgendaItem(Record):
    table: ClassVar[str] = "agenda_items"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"kind": AGENDA_KINDS}
    required_text: ClassVar[tuple[str, ...]] = ("text",)
    ranges: ClassVar[dict[str, tuple[int, int]]] = {"position": (0, MAX_POSITION)}
    meeting_id: int
    position: int
    text: str
    kind: str
    goal_id: int | None
    done: bool
    carried_from: int | None
    uid: str | None = None  # the global id the partner's workbook knows the row by (None until SQLite gives it)


@dataclasses.dataclass
class Action(Record):
    table: ClassVar[str] = "actions"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"owner": ACTION_OWNERS}
    required_text: ClassVar[tuple[str, ...]] = ("text",)
    meeting_id: int
    owner: str
    text: str
    due_on: dt.date | None
    goal_id: int | None
    done_at: dt.datetime | None
    created_at: dt.datetime
    follow_up: bool = False  # made from a question to follow up (the guide's E2)
    uid: str | None = None  # the global id the partner's workbook knows the row by (None until SQLite gives it)


@dataclasses.dataclass
class Feedback(Record):
    table: ClassVar[str] = "feedback"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"direction": DIRECTIONS, "kind": FEEDBACK_KINDS}
    relationship_id: int
    date: dt.date
    direction: str
    kind: str
    text: str
    goal_id: int | None
    rubric: list  # keys of the constructive-feedback rubric the giver ticked
    tried: bool | None
    result: str
    result_on: dt.date | None
    created_at: dt.datetime
    uid: str | None = None  # the global id the partner's workbook knows the row by (None until SQLite gives it)
    shared: bool = False  # goes to the partner too (private by default)


@dataclasses.dataclass
class Learning(Record):
    """Something the mentor learned from the mentee (the guide's M1: a mentor learns too)."""

    table: ClassVar[str] = "learnings"
    relationship_id: int
    date: dt.date
    text: str
    created_at: dt.datetime


@dataclasses.dataclass
class Review(Record):
    table: ClassVar[str] = "reviews"
    ranges: ClassVar[dict[str, tuple[int, int]]] = {"step": (0, REVIEW_STEP_COUNT - 1)}
    week: str  # ISO week, e.g. 2026-W48: one review a week for the person, over every relationship
    step: int
    started_at: dt.datetime
    completed_at: dt.datetime | None
    answers: dict
    changes: list


@dataclasses.dataclass
class Candidate(Record):
    table: ClassVar[str] = "candidates"
    required_text: ClassVar[tuple[str, ...]] = ("name",)
    ranges: ClassVar[dict[str, tuple[int, int]]] = {name: (0, 3) for name in CANDIDATE_CRITERIA}
    name: str
    notes: str
    score_goals: int
    score_respected: int
    score_network: int
    score_skills: int
    relationship_id: int | None
    created_at: dt.datetime

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in CANDIDATE_CRITERIA)


RECORD_TYPES: tuple[type[Record], ...] = (
    Relationship,
    Agreement,
    ChecklistEntry,
    Goal,
    Meeting,
    AgendaItem,
    Action,
    Feedback,
    Review,
    Candidate,
    Learning,
)
