"""Typed records for every entity, and the conversions between them and SQLite rows.

A record's dataclass fields are its table's columns. Dates are ``date``/``datetime``
objects in Python and ISO 8601 text in the database; JSON columns are lists/dicts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import string
import types
import typing
from functools import cache
from typing import Any, ClassVar

from mentortui.core.i18n import _
from mentortui.core.policy import STAY_IN_TOUCH_MONTHS
from mentortui.core.safetext import clean_stored

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
# Dates the app can do arithmetic on and show; anything outside is a typo or a hostile file.
FIRST_YEAR, LAST_YEAR = 1900, 2200
MAX_POSITION = 2**31 - 1
REVIEW_STEP_COUNT = 8  # len(mentortui.data.review.STEPS): a saved step is an index into them
MAX_LIST_ITEMS = 1000  # elements of a JSON column (modes, rubric, review answers and changes)
_ISO_WEEK = re.compile(r"\d{4}-W\d{2}")


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
    ranges: ClassVar[dict[str, tuple[int, int]]] = {"position": (0, MAX_POSITION)}
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
    ranges: ClassVar[dict[str, tuple[int, int]]] = {"step": (0, REVIEW_STEP_COUNT - 1)}
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
    """Check the values a write would store; raise ValidationError naming the first bad field.

    The one set of rules for forms, import and the demo: types, enums, text lengths,
    number ranges, dates the app can handle, and the shape of JSON columns."""
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
            _check_text(name, value, single_line=name in cls.required_text, required=name in cls.required_text)
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
            if value.tzinfo is not None:
                raise ValidationError(name, _("must be a local time, without a UTC offset"))
            _check_year(name, value)
        elif kind is dt.date:
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise ValidationError(name, _("must be a date"))
            _check_year(name, value)
        elif kind in (list, dict):
            if not isinstance(value, kind):
                raise ValidationError(name, _("has the wrong shape"))
            check = _SHAPES.get((cls.__name__, name))
            if check is not None:
                check(name, value)
        allowed = cls.choices.get(name)
        if allowed is not None and value not in allowed:
            raise ValidationError(name, _("must be one of {choices}", choices=", ".join(allowed)))
    extra = _EXTRA_CHECKS.get(cls.__name__)
    if extra is not None:
        extra(values)


def _check_text(name: str, value: object, *, single_line: bool, required: bool = False, limit: int | None = None) -> None:
    if not isinstance(value, str):
        raise ValidationError(name, _("must be text"))
    if required and not value.strip():
        raise ValidationError(name, _("cannot be empty"))
    limit = limit or (MAX_TITLE if single_line else MAX_TEXT)
    if len(value) > limit:
        raise ValidationError(name, _("is too long ({length} characters; the limit is {limit})", length=len(value), limit=limit))
    if single_line and ("\n" in value or "\r" in value):
        raise ValidationError(name, _("must be a single line"))


def _check_year(name: str, value: dt.date) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(name, _("must be between the years {first} and {last}", first=FIRST_YEAR, last=LAST_YEAR))


def _check_list_size(name: str, value: list | dict) -> None:
    if len(value) > MAX_LIST_ITEMS:
        raise ValidationError(name, _("has too many elements (the limit is {limit})", limit=MAX_LIST_ITEMS))


def _check_labels(name: str, value: list, allowed: tuple[str, ...] | None = None) -> None:
    """A list of distinct one-line strings (from ``allowed`` when given)."""
    _check_list_size(name, value)
    for element in value:
        _check_text(name, element, single_line=True, required=True)
        if allowed is not None and element not in allowed:
            raise ValidationError(name, _("must be one of {choices}", choices=", ".join(allowed)))
    if len(set(value)) != len(value):
        raise ValidationError(name, _("lists the same value twice"))


def _check_answers(name: str, value: dict) -> None:
    """What the review screen reads: answer key -> the text typed. A ``guide-`` key names
    a practice of the guide (the screen looks its heading up)."""
    _check_list_size(name, value)
    for key, answer in value.items():
        _check_text(name, key, single_line=True, required=True)
        _check_text(name, answer, single_line=False)
        if key.startswith("guide-") and key.removeprefix("guide-") not in _practice_keys():
            raise ValidationError(name, _("names a practice the guide does not have"))


def _practice_keys() -> frozenset[str]:
    # Imported lazily: the guide reads the model, and is loaded once (cached).
    from mentortui.domain.guide import load_guide

    return frozenset(practice.key for practice in load_guide().practices)


def change_fields(what: str) -> list[str] | None:
    """The ``{name}`` fields of a recorded change's message, or None if it holds anything
    else (attributes, indexes, conversions, format specs, unbalanced braces): a stored
    message is formatted only when it is that simple."""
    try:
        parsed = list(string.Formatter().parse(what))
    except ValueError:
        return None
    fields = []
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            return None
        fields.append(field)
    return fields


def _check_changes(name: str, value: list) -> None:
    """What the review screen reads: ``{"what": message id, "params": {name: text or number}}``."""
    _check_list_size(name, value)
    for change in value:
        if not isinstance(change, dict) or set(change) - {"what", "params"} or "what" not in change:
            raise ValidationError(name, _("has the wrong shape"))
        _check_text(name, change["what"], single_line=True, required=True)
        params = change.get("params", {})
        if not isinstance(params, dict) or len(params) > 10:
            raise ValidationError(name, _("has the wrong shape"))
        for key, param in params.items():
            if not isinstance(key, str) or not key.isidentifier():
                raise ValidationError(name, _("has the wrong shape"))
            if isinstance(param, bool) or not isinstance(param, (str, int)):
                raise ValidationError(name, _("has the wrong shape"))
            if isinstance(param, str):
                _check_text(name, param, single_line=True)
            elif not -(2**63) <= param < 2**63:
                raise ValidationError(name, _("has the wrong shape"))
        fields = change_fields(change["what"])
        if fields is None or not set(fields) <= set(params):
            raise ValidationError(name, _("has the wrong shape"))


def _check_review(values: dict[str, Any]) -> None:
    week = values.get("week")
    if week is None:
        return
    try:
        if not _ISO_WEEK.fullmatch(week):
            raise ValueError(week)
        monday = dt.date.fromisoformat(week + "-1")
    except ValueError:
        raise ValidationError("week", _("must be an ISO week such as 2026-W48")) from None
    _check_year("week", monday)


def _check_agreement(values: dict[str, Any]) -> None:
    cadence = values.get("cadence")
    if cadence:
        # Imported lazily: reading dates needs dateutil, which the model alone does not.
        from mentortui.core.cadence import parse_cadence

        try:
            parse_cadence(cadence)
        except ValueError:
            raise ValidationError("cadence", _("is not a meeting rhythm this app can read")) from None


_SHAPES: dict[tuple[str, str], Any] = {
    ("Agreement", "modes"): lambda name, value: _check_labels(name, value, MODES),
    ("Feedback", "rubric"): _check_labels,
    ("Review", "answers"): _check_answers,
    ("Review", "changes"): _check_changes,
}
_EXTRA_CHECKS: dict[str, Any] = {"Review": _check_review, "Agreement": _check_agreement}


def clean_values(cls: type[Record], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with every text (JSON columns' strings included) as the store keeps it
    (``safetext.clean_stored``): what a write stores can never act on a terminal."""
    kinds = column_kinds(cls)
    return {
        name: _clean_json(value, 0) if kinds.get(name) in (str, list, dict) else value
        for name, value in values.items()
    }


def _clean_json(value: Any, depth: int) -> Any:
    # Our JSON columns are at most three levels deep; deeper values are refused by
    # ``validate``, so they are left as they are rather than walked.
    if isinstance(value, str):
        return clean_stored(value)
    if depth > 3:
        return value
    if isinstance(value, list):
        return [_clean_json(element, depth + 1) for element in value]
    if isinstance(value, dict):
        return {_clean_json(key, depth + 1): _clean_json(element, depth + 1) for key, element in value.items()}
    return value


def check_links(rows: typing.Iterable[tuple[type[Record], dict[str, Any]]]) -> None:
    """Check how whole rows hang together, as a workbook the app can live with: ids unique
    per table, and every link within the same relationship — a goal's parent (and no cycle
    of parents), the goal a feedback, agenda item or action names, the agenda item one was
    carried from. Raise ValidationError naming the first bad row (``goals[id=7].parent_id``)."""
    ids: dict[str, dict[int, dict[str, Any]]] = {}
    for cls, values in rows:
        table = ids.setdefault(cls.table, {})
        if values["id"] in table:
            raise ValidationError(f"{cls.table}[id={values['id']}].id", _("the same id is used twice"))
        table[values["id"]] = values
    goals = ids.get(Goal.table, {})
    meetings = ids.get(Meeting.table, {})
    agenda = ids.get(AgendaItem.table, {})
    relationships = ids.get(Relationship.table, {})

    def fail(table: str, row_id: int, column: str, message: str) -> typing.NoReturn:
        raise ValidationError(f"{table}[id={row_id}].{column}", message)

    def same_relationship(table: str, row: dict[str, Any], column: str, target: dict | None, relationship_id: int) -> None:
        if target is None:
            fail(table, row["id"], column, _("points at a record that is not in the file"))
        if target["relationship_id"] != relationship_id:
            fail(table, row["id"], column, _("points at a record of another relationship"))

    for row in goals.values():
        if row["parent_id"] is not None:
            same_relationship(Goal.table, row, "parent_id", goals.get(row["parent_id"]), row["relationship_id"])
    # A cycle of parents: walk up from each goal; a walk longer than the tree has goals loops.
    settled: set[int] = set()
    for start in goals:
        seen: set[int] = set()
        current: int | None = start
        while current is not None and current not in settled:
            if current in seen:
                fail(Goal.table, start, "parent_id", _("goals are each other's parents (a cycle)"))
            seen.add(current)
            current = goals[current]["parent_id"]
        settled |= seen
    for row in ids.get(Feedback.table, {}).values():
        if row["goal_id"] is not None:
            same_relationship(Feedback.table, row, "goal_id", goals.get(row["goal_id"]), row["relationship_id"])
    for cls in (AgendaItem, Action):
        for row in ids.get(cls.table, {}).values():
            meeting = meetings.get(row["meeting_id"])
            if meeting is None:
                fail(cls.table, row["id"], "meeting_id", _("points at a record that is not in the file"))
            if row["goal_id"] is not None:
                same_relationship(cls.table, row, "goal_id", goals.get(row["goal_id"]), meeting["relationship_id"])
    for row in agenda.values():
        origin_id = row["carried_from"]
        if origin_id is None:
            continue
        origin = agenda.get(origin_id)
        if origin is None or origin_id == row["id"]:
            fail(AgendaItem.table, row["id"], "carried_from", _("points at a record that is not in the file"))
        relationship_id = meetings[row["meeting_id"]]["relationship_id"]
        same_relationship(AgendaItem.table, row, "carried_from", meetings.get(origin["meeting_id"]), relationship_id)
    for row in ids.get(Candidate.table, {}).values():
        if row["relationship_id"] is not None and row["relationship_id"] not in relationships:
            fail(Candidate.table, row["id"], "relationship_id", _("points at a record that is not in the file"))
