"""Every write the demo makes, one small adapter per user action.

The generator never builds a row itself: it calls the adapter named after the action a
user's key performs (create a relationship, schedule a meeting, log feedback, …). Today
each adapter puts a validated record into the in-memory ``Batch`` (ids assigned here, so
links need no round trip), and ``Batch.write`` checks every row as an import would, then
inserts each table with one ``executemany``: that keeps the five-year "large" workbook to a
few seconds and keeps the demo out of the undo history. Pointing an adapter at the domain
function of the same name changes that one action and nothing in the generator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from mentortui.data.model import (
    RECORD_TYPES,
    Action,
    AgendaItem,
    Agreement,
    Candidate,
    ChecklistEntry,
    Feedback,
    Goal,
    Meeting,
    Record,
    Relationship,
    Review,
    column_kinds,
)
from mentortui.data.validation import check_links
from mentortui.data.store import Store, insert_sql, sql_values

R = TypeVar("R", bound=Record)


class Batch:
    """The rows of the workbook being built, by table, in the order they were made."""

    def __init__(self, first_ids: dict[type[Record], int]) -> None:
        self.rows: dict[type[Record], list[Record]] = {cls: [] for cls in RECORD_TYPES}
        self._next_id = dict(first_ids)

    def add(self, cls: type[R], **values: Any) -> R:
        record = cls(id=self._next_id[cls], **values)
        self._next_id[cls] += 1
        self.rows[cls].append(record)
        return record

    def write(self, store: Store) -> dict[str, int]:
        """Check every row as an import would (each field, then the links between rows),
        clean and validate it as any write is, then insert each table in one executemany."""
        check_links((cls, vars(record)) for cls in RECORD_TYPES for record in self.rows[cls])
        counts = {}
        for cls in RECORD_TYPES:  # parents before children
            records = self.rows[cls]
            columns = list(column_kinds(cls))
            store.conn.executemany(insert_sql(cls.table, columns), (
                [row[c] for c in columns] for row in (sql_values(cls, vars(record)) for record in records)
            ))
            counts[cls.table] = len(records)
        return counts


# ---- relationships ----


def create_relationship(batch: Batch, **values: Any) -> Relationship:
    return batch.add(Relationship, **values)


def save_agreement(batch: Batch, relationship: Relationship, **terms: Any) -> Agreement:
    return batch.add(Agreement, relationship_id=relationship.id, **terms)


def set_check(batch: Batch, relationship: Relationship, practice: str, item: str, **values: Any) -> ChecklistEntry:
    """A guide item's state and note (the guide screen's space key and note form)."""
    return batch.add(ChecklistEntry, relationship_id=relationship.id, practice=practice, item=item, **values)


def add_candidate(batch: Batch, **values: Any) -> Candidate:
    return batch.add(Candidate, **values)


# ---- goals ----


def add_goal(batch: Batch, relationship: Relationship, parent: Goal | None, **values: Any) -> Goal:
    return batch.add(Goal, relationship_id=relationship.id, parent_id=parent.id if parent else None, **values)


def set_goal_status(goal: Goal, status: str, *, done_at: dt.datetime | None, updated_at: dt.datetime,
                    progress: int | None) -> None:
    goal.status, goal.done_at, goal.updated_at, goal.progress = status, done_at, updated_at, progress


def set_goal_progress(goal: Goal, progress: int | None) -> None:
    goal.progress = progress


def mark_before_next_meeting(goal: Goal) -> None:
    goal.before_next_meeting = True


# ---- meetings ----


def schedule_meeting(batch: Batch, relationship: Relationship, **values: Any) -> Meeting:
    return batch.add(Meeting, relationship_id=relationship.id, **values)


def prepare_agenda(batch: Batch, meeting: Meeting, **values: Any) -> AgendaItem:
    """One agenda item, fresh or carried over from an earlier meeting."""
    return batch.add(AgendaItem, meeting_id=meeting.id, **values)


def cover_agenda_item(item: AgendaItem, done: bool) -> None:
    item.done = done


def add_action(batch: Batch, meeting: Meeting, **values: Any) -> Action:
    return batch.add(Action, meeting_id=meeting.id, **values)


# ---- feedback and reviews ----


def log_feedback(batch: Batch, relationship: Relationship, **values: Any) -> Feedback:
    return batch.add(Feedback, relationship_id=relationship.id, **values)


def record_result(entry: Feedback, tried: bool | None, result: str, result_on: dt.date) -> None:
    """What came of a piece of advice (the feedback screen's r key)."""
    entry.tried, entry.result, entry.result_on = tried, result, result_on


def save_review(batch: Batch, relationship: Relationship, **values: Any) -> Review:
    """A completed weekly review, with its answers and the changes it recorded."""
    return batch.add(Review, relationship_id=relationship.id, **values)
