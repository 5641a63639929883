"""JSON export (a lossless backup) and import into an empty database.

Shape (DESIGN.md): ``{"format": "mentortui", "schema": N, "exported_at": ISO,
"relationships": [{..., "agreements", "goals", "meetings": [{..., "agenda", "actions"}],
"feedback", "checklist"}], "reviews": [...], "candidates": [...]}`` (the weekly reviews are the
person's, one a week; a backup of schema 5 or older nests them per relationship, and they
merge as migration 6 merged them: ``merge_week_reviews``). Ids are kept so links
(goal parents, linked goals, carried agenda items) survive the trip. Lists are in id
order, so export → import → export gives the same JSON apart from ``exported_at``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from mentortui.data.model import (
    Action,
    AgendaItem,
    Agreement,
    Candidate,
    ChecklistEntry,
    Feedback,
    Goal,
    Learning,
    Meeting,
    Record,
    Relationship,
    Review,
    ValidationError,
    column_kinds,
    to_sql,
)
from mentortui.core.i18n import _
from mentortui.data.db import IntegrityError
from mentortui.data.schema import AGREEMENT_REVISIONS, GUIDE_DATA, SCHEMA_VERSION, merge_week_reviews
from mentortui.data.store import Store
from mentortui.data.validation import check_links, clean_values, validate
from mentortui.exchange.json_reader import JsonReader

FORMAT = "mentortui"


@dataclass(frozen=True)
class Nested:
    key: str  # the list's name in the JSON
    cls: type[Record]
    parent_column: str  # the column pointing at the enclosing record (implied by nesting)
    since: int = 0  # the schema that added the list: an older backup has none


CHILDREN: dict[type[Record], tuple[Nested, ...]] = {
    Relationship: (
        Nested("agreements", Agreement, "relationship_id"),
        Nested("goals", Goal, "relationship_id"),
        Nested("meetings", Meeting, "relationship_id"),
        Nested("feedback", Feedback, "relationship_id"),
        Nested("checklist", ChecklistEntry, "relationship_id"),
        Nested("learnings", Learning, "relationship_id", since=GUIDE_DATA),
    ),
    Meeting: (Nested("agenda", AgendaItem, "meeting_id"), Nested("actions", Action, "meeting_id")),
}
# Column -> JSON field where the JSON name is the one DESIGN.md promises readers.
RENAMED: dict[type[Record], dict[str, str]] = {Goal: {"parent_id": "parent"}, Meeting: {"starts_at": "when"}}


def _day_of(moment: Any) -> dt.date | None:
    return moment.date() if isinstance(moment, dt.datetime) else None


# Fields a backup of an older schema does not have: (the schema that added it, its value
# then, from the record's other values).
ADDED_LATER: dict[type[Record], dict[str, tuple[int, Any]]] = {
    Agreement: {
        "reason": (AGREEMENT_REVISIONS, lambda values: ""),
        # agreed the day it was written, as the migration says of the versions before it
        "agreed_on": (AGREEMENT_REVISIONS, lambda values: _day_of(values.get("created_at"))),
        "my_limits": (GUIDE_DATA, lambda values: ""),
        "their_limits": (GUIDE_DATA, lambda values: ""),
    },
    Action: {"follow_up": (GUIDE_DATA, lambda values: False)},
}
# Fields a file of any schema may leave out, and the value they then take: a file written by
# hand or by another program shares nothing with a partner and has no global ids (the workbook
# gives each row a new one as it is written).
MAY_BE_LEFT_OUT: dict[str, Any] = {"uid": None, "shared": False, "notes_shared": False}


class ImportRefused(Exception):
    """The file cannot be imported; the message names the offending field's path."""


# ---- export ---------------------------------------------------------------------------


def _json_value(kind: type, value: Any) -> Any:
    if value is None or kind in (list, dict, bool):
        return value
    return to_sql(kind, value)


def _export_record(store: Store, record: Record, skip: str | None) -> dict[str, Any]:
    cls = type(record)
    renames = RENAMED.get(cls, {})
    out: dict[str, Any] = {}
    for name, kind in column_kinds(cls).items():
        if name != skip:
            out[renames.get(name, name)] = _json_value(kind, getattr(record, name))
    for nested in CHILDREN.get(cls, ()):
        rows = store.select(nested.cls, nested.parent_column + " = ?", [record.id], "id")
        out[nested.key] = [_export_record(store, row, nested.parent_column) for row in rows]
    return out


def export_workbook(store: Store) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        "exported_at": store.clock.now().isoformat(),
        "relationships": [
            _export_record(store, r, None) for r in store.select(Relationship, "1", [], "id")
        ],
        "reviews": [_export_record(store, r, None) for r in store.select(Review, "1", [], "id")],
        "candidates": [_export_record(store, c, None) for c in store.select(Candidate, "1", [], "id")],
    }


def export_json(store: Store) -> str:
    return json.dumps(export_workbook(store), ensure_ascii=False, indent=2) + "\n"


# ---- import ---------------------------------------------------------------------------


def _python_value(kind: type, value: Any, path: str, field: str) -> Any:
    if value is None or kind not in (dt.datetime, dt.date):  # the rest is validate()'s
        return value
    try:
        if kind is dt.datetime and isinstance(value, str):
            moment = dt.datetime.fromisoformat(value)
            # The app keeps local wall-clock times: a time with a UTC offset (from another
            # tool) is the same instant in this machine's local time.
            return moment.astimezone().replace(tzinfo=None) if moment.tzinfo is not None else moment
        if kind is dt.date and isinstance(value, str):
            return dt.date.fromisoformat(value)
    except (ValueError, OverflowError):
        raise ImportRefused(f"{path}.{field}: not an ISO 8601 date ({value!r:.80})") from None
    if kind in (dt.datetime, dt.date):
        raise ImportRefused(f"{path}.{field}: expected an ISO 8601 date")
    return value


@functools.cache
def _expected_fields(cls: type[Record], parent_column: str | None) -> frozenset[str]:
    """The fields a record's JSON object may have: its columns (as named in the JSON) but the
    one its nesting implies, and its nested lists."""
    renames = RENAMED.get(cls, {})
    nested_keys = {n.key for n in CHILDREN.get(cls, ())}
    return frozenset({renames.get(c, c) for c in column_kinds(cls) if c != parent_column} | nested_keys)


@functools.cache
def _added_later(cls: type[Record], schema: int) -> dict[str, Any]:
    """The fields of ``cls`` a backup of ``schema`` does not have, and how to give them a value."""
    return {column: default for column, (since, default) in ADDED_LATER.get(cls, {}).items() if schema < since}


@functools.cache
def _columns_read(cls: type[Record], parent_column: str | None) -> tuple[tuple[str, str, type | None], ...]:
    """Each column of ``cls`` in order: (column, its JSON field, its kind if the JSON gives it as
    text to convert — a date —, else None). The parent's column is read from the nesting."""
    renames = RENAMED.get(cls, {})
    return tuple(
        (column, renames.get(column, column), kind if kind in (dt.datetime, dt.date) else None)
        for column, kind in column_kinds(cls).items()
    )


def _record_values(
    cls: type[Record], data: dict, path: str, parent: tuple[str, int] | None, schema: int
) -> dict[str, Any]:
    """One JSON object's own fields (not its nested lists), converted, cleaned and validated."""
    renames = RENAMED.get(cls, {})
    parent_column = parent[0] if parent else None
    unknown = sorted(data.keys() - _expected_fields(cls, parent_column))
    if unknown:
        raise ImportRefused(f"{path}.{unknown[0]}: unknown field")
    values: dict[str, Any] = {}
    added_later = _added_later(cls, schema)
    for column, field, date_kind in _columns_read(cls, parent_column):
        if column == parent_column:
            values[column] = parent[1]
            continue
        if field not in data:
            if column in added_later:
                continue
            if column in MAY_BE_LEFT_OUT:
                values[column] = MAY_BE_LEFT_OUT[column]
                continue
            raise ImportRefused(f"{path}.{field}: missing")
        value = data[field]
        values[column] = value if date_kind is None else _python_value(date_kind, value, path, field)
    for column, default in added_later.items():
        values.setdefault(column, default(values))
    try:
        # Cleaned, then checked, as every write of the store is.
        values = clean_values(cls, values)
        validate(cls, values)
    except ValidationError as error:
        field = renames.get(error.field, error.field)
        raise ImportRefused(f"{path}.{field}: {error.message}") from None
    return values


def _read_record(
    cls: type[Record], data: Any, path: str, parent: tuple[str, int] | None, schema: int = SCHEMA_VERSION
) -> list[tuple[type[Record], dict]]:
    """Validate one JSON object (and its nested lists); return rows to insert, parents first."""
    if not isinstance(data, dict):
        raise ImportRefused(f"{path}: expected an object")
    values = _record_values(cls, data, path, parent, schema)
    rows: list[tuple[type[Record], dict]] = [(cls, values)]
    for nested in CHILDREN.get(cls, ()):
        items = data.get(nested.key, [] if schema < nested.since else None)
        if not isinstance(items, list):
            raise ImportRefused(f"{path}.{nested.key}: expected a list")
        for index, item in enumerate(items):
            rows += _read_record(
                nested.cls, item, f"{path}.{nested.key}[{index}]", (nested.parent_column, values["id"]), schema
            )
    return rows


def _stream_record(
    reader: JsonReader, cls: type[Record], path: str, parent: tuple[str, int] | None, schema: int
) -> Iterator[tuple[type[Record], dict]]:
    """``_read_record`` on an object read from ``reader``: its nested lists are read an item at
    a time once its own fields are checked (an export writes them first; a list met before
    them is read whole)."""
    if reader.peek() != "{" or cls not in CHILDREN:  # a record without lists is read whole
        yield from _read_record(cls, reader.value(), path, parent, schema)
        return
    nested = {n.key: n for n in CHILDREN[cls]}
    renames = RENAMED.get(cls, {})
    # The fields a record must have: a backup of an older schema (most: without uids) has no
    # others, so its lists are streamed once these are read, not read whole.
    may_lack = MAY_BE_LEFT_OUT.keys() | _added_later(cls, schema).keys()
    own_fields = {renames.get(c, c) for c in column_kinds(cls) if c not in may_lack and (parent is None or c != parent[0])}
    data: dict[str, Any] = {}
    values = None
    streamed: set[str] = set()
    for key in reader.keys():
        child = nested.get(key)
        if child is None or reader.peek() != "[" or not own_fields <= set(data):
            data[key] = reader.value()
            continue
        if values is None:
            values = _record_values(cls, data, path, parent, schema)
            yield cls, values
        for index in reader.items():
            yield from _stream_record(
                reader, child.cls, f"{path}.{key}[{index}]", (child.parent_column, values["id"]), schema
            )
        streamed.add(key)
    if values is None:
        values = _record_values(cls, data, path, parent, schema)
        yield cls, values
    else:
        # Fields after the lists: unknown ones are refused; one that would change the row
        # already written (a uid placed after the lists) is refused by name.
        late = _record_values(cls, data, path, parent, schema)
        changed = [column for column in late if late[column] != values[column]]
        if changed:
            field = renames.get(changed[0], changed[0])
            raise ImportRefused(f"{path}.{field}: must come before the record's lists")
    for child in CHILDREN.get(cls, ()):
        if child.key in streamed:
            continue
        items = data.get(child.key)
        if not isinstance(items, list):
            raise ImportRefused(f"{path}.{child.key}: expected a list")
        for index, item in enumerate(items):
            yield from _read_record(
                child.cls, item, f"{path}.{child.key}[{index}]", (child.parent_column, values["id"]), schema
            )


def _schema_of(data: Any) -> int:
    """The schema an export says it has, once its format is ours and the schema one we read."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused('format: this is not a mentortui export (expected "format": "mentortui")')
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise ImportRefused("schema: missing or not a number")
    if schema > SCHEMA_VERSION:
        raise ImportRefused(f"schema: the file is from a newer mentortui (schema {schema}, this one knows {SCHEMA_VERSION})")
    return schema


def _record_lists(schema: int) -> dict[str, type[Record]]:
    """The top-level lists of records of an export of ``schema``, in the order they are read."""
    lists: dict[str, type[Record]] = {"relationships": Relationship, "candidates": Candidate}
    if schema >= PER_PERSON_REVIEWS:
        lists["reviews"] = Review
    return lists


def read_workbook(data: Any) -> list[tuple[type[Record], dict]]:
    """Every row of an export, validated; raise ImportRefused naming the first bad field."""
    return _read_lists(data, _schema_of(data), set())


def _read_lists(data: dict, schema: int, streamed: set[str]) -> list[tuple[type[Record], dict]]:
    rows: list[tuple[type[Record], dict]] = []
    per_person = schema >= PER_PERSON_REVIEWS
    for key, cls in _record_lists(schema).items():
        if key in streamed:
            continue
        items = data.get(key)
        if not isinstance(items, list):
            raise ImportRefused(f"{key}: expected a list")
        for index, item in enumerate(items):
            nested_reviews = None
            if cls is Relationship and not per_person and isinstance(item, dict):
                item, nested_reviews = _without_reviews(item, f"{key}[{index}]")
            read = _read_record(cls, item, f"{key}[{index}]", None, schema)
            rows += read
            for review_index, review in enumerate(nested_reviews or []):
                [(_cls, values)] = _read_record(Review, review, f"{key}[{index}].reviews[{review_index}]", None, schema)
                rows.append((Review, {**values, "relationship_id": read[0][1]["id"]}))
    if not per_person:
        rows = _merge_old_reviews(rows)
    return rows


def stream_workbook(file: TextIO) -> Iterator[tuple[type[Record], dict]]:
    """``read_workbook`` on a file, a record at a time. Once the header (format, schema) is
    read and checked, each list of records is read an item at a time; anything else — a list
    met before the header, an older backup whose reviews merge by week — is read whole and
    goes the way of ``read_workbook``. Raise ImportRefused, or JSONDecodeError for bad JSON."""
    reader = JsonReader(file)
    if reader.peek() != "{":
        data = reader.value()
        reader.end()
        yield from read_workbook(data)
        return
    data: dict[str, Any] = {}
    streamed: set[str] = set()
    schema = None
    for key in reader.keys():
        if key in _record_lists(SCHEMA_VERSION) and reader.peek() == "[" and {"format", "schema"} <= set(data):
            schema = _schema_of(data) if schema is None else schema
            cls = _record_lists(schema).get(key)
            if cls is not None and schema >= PER_PERSON_REVIEWS:
                for index in reader.items():
                    yield from _stream_record(reader, cls, f"{key}[{index}]", None, schema)
                streamed.add(key)
                continue
        data[key] = reader.value()
    reader.end()
    if streamed:
        yield from _read_lists(data, schema or SCHEMA_VERSION, streamed)
    else:
        yield from read_workbook(data)


# The first schema where reviews are the person's (migration 6), not each relationship's.
PER_PERSON_REVIEWS = 6


def _without_reviews(item: dict, path: str) -> tuple[dict, list]:
    """An older backup's relationship, and apart the reviews nested in it (to be merged by week)."""
    item = dict(item)
    nested = item.pop("reviews", [])
    if not isinstance(nested, list):
        raise ImportRefused(f"{path}.reviews: expected a list")
    return item, nested


def _merge_old_reviews(rows: list[tuple[type[Record], dict]]) -> list[tuple[type[Record], dict]]:
    weeks: dict[str, list[dict]] = {}
    for cls, values in rows:
        if cls is Review:
            weeks.setdefault(values["week"], []).append(values)
    merged = []
    for week_rows in weeks.values():
        values = merge_week_reviews(week_rows)
        try:
            validate(Review, values)
        except ValidationError as error:
            raise ImportRefused(f"reviews[week={values['week']}].{error.field}: {error.message}") from None
        merged.append((Review, values))
    return [row for row in rows if row[0] is not Review] + merged


def check_import(data: Any) -> list[tuple[type[Record], dict]]:
    """Every row of an export, each field and the links between them checked; raise
    ImportRefused naming the first problem. The links are checked as an import checks them,
    on the rows written to a workbook of its own (in a temporary folder, then removed): the
    user's store is neither read nor written."""
    rows = read_workbook(data)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "check.db")
        try:
            _write_rows(store, rows)
        finally:
            store.close()
    return rows


def import_workbook(store: Store, data: Any) -> int:
    """Restore an export into an empty database, all or nothing; return the rows written.

    Every field is checked, then how the records link together (``check_links``); any refusal
    rolls back the one transaction that also checked the database was empty, so nothing is
    written and no other writer can fill the workbook in between."""
    return _write_rows(store, read_workbook(data))


def import_file(store: Store, file: TextIO) -> int:
    """``import_workbook`` for an export read from ``file`` a record at a time: rows are written
    in batches as they are read and checked, inside the one transaction, so a bad record late
    in the file (or broken JSON) still leaves the database as it was. Memory holds a batch,
    not the file: the links are checked in SQL on the rows written."""
    return _write_rows(store, stream_workbook(file))


BATCH = 1000  # rows of one table written by one executemany


class _RowWriter:
    """Writes rows as they come, in runs of one table (the file's order: the meetings'
    revision triggers count the agenda items written after their meeting), and keeps nothing
    of them once written: a reused id is found against the rows written, the links are checked
    in SQL on the rows written (``check_links``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.run: list[dict] = []
        self.run_cls: type[Record] | None = None
        self.written = 0
        self.reused_id: str | None = None  # the first row found reusing an id, as check_links names it
        self.conflict: IntegrityError | None = None

    def add(self, cls: type[Record], values: dict) -> None:
        if cls is not self.run_cls or len(self.run) >= BATCH:
            self.flush()
            self.run_cls = cls
        self.run.append(values)
        self.written += 1

    def flush(self) -> None:
        if self.run and self.run_cls is not None and self.conflict is None and self.reused_id is None:
            reused = self.store.reused_id(self.run_cls, [values["id"] for values in self.run])
            if reused is not None:
                # Read on, so a bad field later is still the one named; nothing more is written.
                self.reused_id = f"{self.run_cls.table}[id={reused}].id"
            else:
                try:
                    self.store.insert_rows(self.run_cls, self.run)
                except IntegrityError as error:
                    self.conflict = error
        self.run = []

    def finish(self) -> None:
        self.flush()
        if self.reused_id is not None:
            raise ImportRefused(f"{self.reused_id}: " + _("the same id is used twice"))
        if self.conflict is not None:
            raise self.conflict
        try:
            check_links(self.store)
        except ValidationError as error:
            raise ImportRefused(f"{error.field}: {error.message}") from None


def _write_rows(store: Store, rows: Iterable[tuple[type[Record], dict]]) -> int:
    try:
        with store.bulk():
            if not store.is_empty():
                raise ImportRefused("the database already holds a workbook; import only goes into an empty one")
            # Links may point forward (a goal moved under a later one): check them at commit.
            store.defer_foreign_keys()
            writer = _RowWriter(store)
            with store.bulk_load():
                for cls, values in rows:
                    writer.add(cls, values)
                writer.finish()
    except IntegrityError as error:
        raise ImportRefused(f"the file's links or ids are inconsistent ({error})") from None
    return writer.written
