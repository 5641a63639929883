"""The rules a write must follow: ``validate`` (one set of rules for forms, import and the
demo), ``clean_values`` (text as the store keeps it) and ``check_links`` (whole rows of a file).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
import typing
from collections.abc import Callable
from typing import Any

from mentortui.core.i18n import _
from mentortui.core.safetext import clean_stored
from mentortui.data.model import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_LIST_ITEMS,
    MAX_REASON,
    MAX_TEXT,
    MAX_TITLE,
    MODES,
    Action,
    AgendaItem,
    Candidate,
    Feedback,
    Goal,
    Meeting,
    Record,
    Relationship,
    ValidationError,
    column_kinds,
    nullable_columns,
)

_ISO_WEEK = re.compile(r"\d{4}-W\d{2}")
# A row's global id (data/schema.py, m011): a UUID as SQLite and uuid.uuid4() write it.
_UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def validate(cls: type[Record], values: dict[str, Any]) -> None:
    """Check the values a write would store; raise ValidationError naming the first bad field.

    The one set of rules for forms, import and the demo: types, enums, text lengths,
    number ranges, dates the app can handle, and the shape of JSON columns."""
    checks = _field_checks(cls)
    for name, value in values.items():
        check = checks.get(name)
        if check is None:
            raise ValidationError(name, _("unknown field"))
        check(value)
    extra = _EXTRA_CHECKS.get(cls.__name__)
    if extra is not None:
        extra(values)


@functools.cache
def _field_checks(cls: type[Record]) -> dict[str, Callable[[Any], None]]:
    """Each column's check, worked out once per kind of record (an import validates 100k rows)."""
    nullable = nullable_columns(cls)
    return {name: _field_check(cls, name, kind, name in nullable) for name, kind in column_kinds(cls).items()}


def _field_check(cls: type[Record], name: str, kind: type, nullable: bool) -> Callable[[Any], None]:
    """The check of one column's value: None where allowed, its type and range, its choices."""
    if name == "uid":
        def check_kind(value: Any) -> None:
            if not isinstance(value, str) or not _UID.fullmatch(value):
                raise ValidationError(name, _("must be a global id (a UUID)"))
    elif kind is str:
        single_line = name in cls.required_text

        def check_kind(value: Any) -> None:
            _check_text(name, value, single_line=single_line, required=single_line)
    elif kind is bool:
        def check_kind(value: Any) -> None:
            if not isinstance(value, bool):
                raise ValidationError(name, _("must be true or false"))
    elif kind is int:
        low, high = cls.ranges.get(name, (-(2**63), 2**63 - 1))

        def check_kind(value: Any) -> None:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(name, _("must be a whole number"))
            if not low <= value <= high:
                raise ValidationError(name, _("must be between {low} and {high}", low=low, high=high))
    elif kind is dt.datetime:
        def check_kind(value: Any) -> None:
            if not isinstance(value, dt.datetime):
                raise ValidationError(name, _("must be a date and time"))
            if value.tzinfo is not None:
                raise ValidationError(name, _("must be a local time, without a UTC offset"))
            _check_year(name, value)
    elif kind is dt.date:
        def check_kind(value: Any) -> None:
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise ValidationError(name, _("must be a date"))
            _check_year(name, value)
    elif kind in (list, dict):
        shape = _SHAPES.get((cls.__name__, name))

        def check_kind(value: Any) -> None:
            if not isinstance(value, kind):
                raise ValidationError(name, _("has the wrong shape"))
            if shape is not None:
                shape(name, value)
    else:
        def check_kind(value: Any) -> None:
            pass
    allowed = cls.choices.get(name)

    def check(value: Any) -> None:
        if value is None:
            if not nullable:
                raise ValidationError(name, _("a value is required"))
            return
        check_kind(value)
        if allowed is not None and value not in allowed:
            raise ValidationError(name, _("must be one of {choices}", choices=", ".join(allowed)))

    return check


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
    """What the review screen reads: answer key -> the text typed. A key about one
    relationship starts with its id (``"3:goals"``); a ``guide-`` key names a practice of
    the guide (the screen looks its heading up)."""
    _check_list_size(name, value)
    for key, answer in value.items():
        _check_text(name, key, single_line=True, required=True)
        _check_text(name, answer, single_line=False)
        about, colon, own_key = key.partition(":")
        if colon and not (about.isdigit() and own_key):
            raise ValidationError(name, _("has the wrong shape"))
        own_key = own_key if colon else key
        if own_key.startswith("guide-") and own_key.removeprefix("guide-") not in _practice_keys():
            raise ValidationError(name, _("names a practice the guide does not have"))


def _practice_keys() -> frozenset[str]:
    # Imported lazily: the guide reads the model, and is loaded once (cached).
    from mentortui.data.guide_content import load_guide

    return load_guide().known_keys()


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
    """What the review screen reads: ``{"what": message id, "params": {name: text or number},
    "relationship_id": the relationship it was about}``."""
    _check_list_size(name, value)
    for change in value:
        if not isinstance(change, dict) or set(change) - {"what", "params", "relationship_id"} or "what" not in change:
            raise ValidationError(name, _("has the wrong shape"))
        about = change.get("relationship_id")
        if about is not None and (isinstance(about, bool) or not isinstance(about, int) or not 0 < about < 2**63):
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
    if values.get("reason") is not None:
        _check_text("reason", values["reason"], single_line=True, limit=MAX_REASON)
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
def _check_learning(values: dict[str, Any]) -> None:
    # What was learned may take a few lines, but not none.
    if "text" in values:
        _check_text("text", values["text"], single_line=False, required=True)


_EXTRA_CHECKS: dict[str, Any] = {"Review": _check_review, "Agreement": _check_agreement, "Learning": _check_learning}


def clean_values(cls: type[Record], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with every text (JSON columns' strings included) as the store keeps it
    (``safetext.clean_stored``): what a write stores can never act on a terminal."""
    cleaned = _cleaned_columns(cls)
    return {name: _clean_json(value, 0) if name in cleaned else value for name, value in values.items()}


@functools.cache
def _cleaned_columns(cls: type[Record]) -> frozenset[str]:
    """The columns holding text: strings, and the JSON columns (lists, dicts) of strings."""
    return frozenset(name for name, kind in column_kinds(cls).items() if kind in (str, list, dict))


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


# The columns check_links reads (an import keeps only these of each row, not whole rows).
LINK_COLUMNS = ("id", "relationship_id", "parent_id", "goal_id", "meeting_id", "carried_from")


def has_links_to_check(cls: type[Record], values: dict[str, Any]) -> bool:
    """Whether check_links checks more of this row than its id being unique: it is a row others
    point at, or it points at one. (An import leaves the others' ids to the primary key.)"""
    if cls in (Goal, Meeting, AgendaItem, Relationship, Action):
        return True
    if cls is Candidate:
        return values["relationship_id"] is not None
    return values.get("goal_id") is not None


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
