"""The rules a write must follow: ``validate`` (one set of rules for forms, import and the
demo), ``clean_values`` (text as the store keeps it) and ``check_links`` (how the rows written
hang together, in SQL).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

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
    Record,
    ValidationError,
    column_kinds,
    nullable_columns,
)

if TYPE_CHECKING:
    from mentortui.data.store import Store

_ISO_WEEK = re.compile(r"\d{4}-W\d{2}")
# A row's global id (data/schema.py, m011): a UUID as SQLite and uuid.uuid4() write it.
_UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def validate(cls: type[Record], values: dict[str, Any]) -> None:
    """Check the values a write would store; raise ValidationError naming the first bad field.

    The one set of rules for forms, import and the demo: types, enums, text lengths,
    number ranges, dates the app can handle, and the shape of JSON columns."""
    checks = _field_checks(cls)
    nullable = nullable_columns(cls)
    for name, value in values.items():
        check = checks.get(name)
        if check is None:
            raise ValidationError(name, _("unknown field"))
        if value is None:
            if name not in nullable:
                raise ValidationError(name, _("a value is required"))
            continue
        check(value)
    extra = _EXTRA_CHECKS.get(cls.__name__)
    if extra is not None:
        extra(values)


@functools.cache
def _field_checks(cls: type[Record]) -> dict[str, Callable[[Any], None]]:
    """Each column's check of a value that is not None, worked out once per kind of record (an
    import validates 100k rows)."""
    return {name: _field_check(cls, name, kind) for name, kind in column_kinds(cls).items()}


def _field_check(cls: type[Record], name: str, kind: type) -> Callable[[Any], None]:
    """The check of one column's value (not None): its type and range, its choices."""
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
    if allowed is None:
        return check_kind

    def check_choice(value: Any) -> None:
        check_kind(value)
        if value not in allowed:
            raise ValidationError(name, _("must be one of {choices}", choices=", ".join(allowed)))

    return check_choice


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


# How whole rows hang together, as a workbook the app can live with, read from the rows written
# (an import, the demo), in the order they are checked: (table, column, query). A query gives
# the first bad row's id, and 1 when what it points at is missing (0: it belongs to another
# relationship). Ids are unique per table by their primary key.
_LINK_RULES: tuple[tuple[str, str, str], ...] = (
    ("goals", "parent_id",
     "SELECT g.id, p.id IS NULL FROM goals g LEFT JOIN goals p ON p.id = g.parent_id"
     " WHERE g.parent_id IS NOT NULL AND (p.id IS NULL OR p.relationship_id IS NOT g.relationship_id)"
     " ORDER BY g.id LIMIT 1"),
    ("feedback", "goal_id",
     "SELECT f.id, g.id IS NULL FROM feedback f LEFT JOIN goals g ON g.id = f.goal_id"
     " WHERE f.goal_id IS NOT NULL AND (g.id IS NULL OR g.relationship_id IS NOT f.relationship_id)"
     " ORDER BY f.id LIMIT 1"),
    *(
        rule
        for table in ("agenda_items", "actions")
        for rule in (
            (table, "meeting_id",
             "SELECT a.id, 1 FROM " + table + " a WHERE NOT EXISTS (SELECT 1 FROM meetings m WHERE m.id = a.meeting_id)"
             " ORDER BY a.id LIMIT 1"),
            (table, "goal_id",
             "SELECT a.id, g.id IS NULL FROM " + table + " a JOIN meetings m ON m.id = a.meeting_id"
             " LEFT JOIN goals g ON g.id = a.goal_id"
             " WHERE a.goal_id IS NOT NULL AND (g.id IS NULL OR g.relationship_id IS NOT m.relationship_id)"
             " ORDER BY a.id LIMIT 1"),
        )
    ),
    ("agenda_items", "carried_from",
     "SELECT a.id, o.id IS NULL OR o.id = a.id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id"
     " LEFT JOIN agenda_items o ON o.id = a.carried_from LEFT JOIN meetings om ON om.id = o.meeting_id"
     " WHERE a.carried_from IS NOT NULL AND (o.id IS NULL OR o.id = a.id OR om.relationship_id IS NOT m.relationship_id)"
     " ORDER BY a.id LIMIT 1"),
    ("candidates", "relationship_id",
     "SELECT c.id, 1 FROM candidates c WHERE c.relationship_id IS NOT NULL"
     " AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.id = c.relationship_id) ORDER BY c.id LIMIT 1"),
)
# Goals every walk up from which ends at a top-level goal; any other goal is in, or under, a
# cycle of parents (a missing parent is found before).
_GOALS_IN_A_CYCLE = (
    "WITH RECURSIVE rooted(id) AS (SELECT id FROM goals WHERE parent_id IS NULL"
    " UNION ALL SELECT g.id FROM goals g JOIN rooted r ON g.parent_id = r.id)"
    " SELECT min(id) FROM goals WHERE id NOT IN (SELECT id FROM rooted)"
)


def check_links(store: Store) -> None:
    """Check how the rows of ``store`` hang together, as a workbook the app can live with
    (after an import or the demo wrote them, inside their transaction): every link within
    the same relationship — a goal's parent (and no cycle of parents), the goal a feedback,
    agenda item or action names, the agenda item one was carried from, a candidate's
    relationship. Raise ValidationError naming the first bad row (``goals[id=7].parent_id``).
    Done in SQL, so it holds nothing of the rows in memory however many there are."""
    conn = store.conn
    for table, column, query in _LINK_RULES[:1]:
        _check_link_rule(conn, table, column, query)
    cycle = conn.execute(_GOALS_IN_A_CYCLE).fetchone()[0]
    if cycle is not None:
        raise ValidationError(f"goals[id={cycle}].parent_id", _("goals are each other's parents (a cycle)"))
    for table, column, query in _LINK_RULES[1:]:
        _check_link_rule(conn, table, column, query)


def _check_link_rule(conn: Any, table: str, column: str, query: str) -> None:
    bad = conn.execute(query).fetchone()
    if bad is not None:
        row_id, missing = bad
        message = _("points at a record that is not in the file") if missing else _("points at a record of another relationship")
        raise ValidationError(f"{table}[id={row_id}].{column}", message)
