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

from mentortui.i18n import _

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

    def to_row(self) -> dict[str, Any]:
        kinds = column_kinds(type(self))
        return {name: to_sql(kinds[name], getattr(self, name)) for name in kinds}


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


def to_sql(kind: type, value: Any) -> Any:
    if value is None:
        return None
    if kind in (dt.datetime, dt.date):
        return value.isoformat()
    if kind is bool:
        return int(value)
    if kind in (list, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


@dataclasses.dataclass
class Relationship(Record):
    table: ClassVar[str] = "relationships"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"role": ROLES, "status": RELATIONSHIP_STATUSES}
    required_text: ClassVar[tuple[str, ...]] = ("partner",)

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


@dataclasses.dataclass
class Agreement(Record):
    table: ClassVar[str] = "agreements"
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
    ranges: ClassVar[dict[str, tuple[int, int]]] = {"progress": (0, 100)}
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


@dataclasses.dataclass
class AgendaItem(Record):
    table: ClassVar[str] = "agenda_items"
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"kind": AGENDA_KINDS}
    required_text: ClassVar[tuple[str, ...]] = ("text",)
    meeting_id: int
    position: int
    text: str
    kind: str
    goal_id: int | None
    done: bool
    carried_from: int | None


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


@dataclasses.dataclass
class Review(Record):
    table: ClassVar[str] = "reviews"
    relationship_id: int
    week: str  # ISO week, e.g. 2026-W48
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
)


def validate(cls: type[Record], values: dict[str, Any]) -> None:
    """Check the values a write would store; raise ValidationError naming the first bad field."""
    kinds = column_kinds(cls)
    for name, value in values.items():
        if name not in kinds:
            raise ValidationError(name, _("unknown field"))
        if value is None:
            if name not in nullable_columns(cls):
                raise ValidationError(name, _("a value is required"))
            continue
        kind = kinds[name]
        if kind is str:
            if not isinstance(value, str):
                raise ValidationError(name, _("must be text"))
            if name in cls.required_text and not value.strip():
                raise ValidationError(name, _("cannot be empty"))
            single_line = name in cls.required_text
            limit = MAX_TITLE if single_line else MAX_TEXT
            if len(value) > limit:
                raise ValidationError(name, _("is too long ({length} characters; the limit is {limit})", length=len(value), limit=limit))
            if single_line and ("\n" in value or "\r" in value):
                raise ValidationError(name, _("must be a single line"))
        elif kind is bool:
            if not isinstance(value, bool):
                raise ValidationError(name, _("must be true or false"))
        elif kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(name, _("must be a whole number"))
            low, high = cls.ranges.get(name, (-(2**63), 2**63 - 1))
            if not low <= value <= high:
                raise ValidationError(name, _("must be between {low} and {high}", low=low, high=high))
        elif kind is dt.datetime:
            if not isinstance(value, dt.datetime):
                raise ValidationError(name, _("must be a date and time"))
        elif kind is dt.date:
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise ValidationError(name, _("must be a date"))
        elif kind in (list, dict) and not isinstance(value, kind):
            raise ValidationError(name, _("has the wrong shape"))
        allowed = cls.choices.get(name)
        if allowed is not None and value not in allowed:
            raise ValidationError(name, _("must be one of {choices}", choices=", ".join(allowed)))
