"""The feedback log (the guide's practices M4, E3 and E4), without Textual.

- Filtered, paged reads of a relationship's log, newest first: the log can hold 100,000
  entries, so the screen asks for one window of rows at a time (LIMIT/OFFSET over the
  indexes of migration ``m002_search``) and for the count, never for everything.
- The constructive-feedback rubric: what the guide asks of feedback a mentor gives.
- Advice awaiting a result, and what a progress update covers: the results said and the
  goals reached since the last one (composed as Markdown in ``exchange/progress_update.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mentortui.data.model import Feedback, Goal
from mentortui.data.search import match_expression
from mentortui.data.store import Store
# The rubric's words live in core/labels.py; the demo still imports it from here.

RUBRIC_KINDS = ("constructive", "advice")

# With no earlier progress update, one covers this many days.
UPDATE_COVERS_DAYS = 30


def rubric_applies(direction: str | None, kind: str | None) -> bool:
    """The rubric is a mirror for feedback the user gives that asks the other to change."""
    return direction == "given" and kind in RUBRIC_KINDS


def awaits_result(entry: Feedback) -> bool:
    """Advice received that the user has not yet said the outcome of."""
    return entry.direction == "received" and entry.kind == "advice" and not entry.result


# ---- the log, filtered and paged -----------------------------------------------------


@dataclass(frozen=True)
class LogFilter:
    direction: str | None = None
    kind: str | None = None
    goal_id: int | None = None
    awaiting: bool = False  # advice received without a result
    text: str = ""  # words to find in the text or the result

    @property
    def active(self) -> bool:
        return self != LogFilter()


_ORDER = "date DESC, id DESC"


def _where(relationship_id: int, log_filter: LogFilter) -> tuple[str, list[Any]]:
    """``<table> WHERE <conditions>`` for the filter, and its parameters."""
    table = "feedback"
    conditions = ["relationship_id = ?"]
    params: list[Any] = [relationship_id]
    if log_filter.awaiting:
        # The partial index holds exactly these rows; without statistics SQLite would
        # rather scan a wider index, ~50 times slower on 100k entries. The conditions are
        # spelled out literally, as the partial index requires.
        table = "feedback INDEXED BY feedback_awaiting_result"
        conditions.append("direction = 'received' AND kind = 'advice' AND result = ''")
    if log_filter.direction:
        conditions.append("direction = ?")
        params.append(log_filter.direction)
    if log_filter.kind:
        conditions.append("kind = ?")
        params.append(log_filter.kind)
    if log_filter.goal_id is not None:
        conditions.append("goal_id = ?")
        params.append(log_filter.goal_id)
    if log_filter.text.strip():
        expression = match_expression(log_filter.text)
        if expression is None:  # only punctuation: nothing can match it
            conditions.append("0")
        else:
            conditions.append("id IN (SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH ?)")
            params.append(expression)
    return table + " WHERE " + " AND ".join(conditions), params


def count_entries(store: Store, relationship_id: int, log_filter: LogFilter = LogFilter()) -> int:
    where, params = _where(relationship_id, log_filter)
    return store.conn.execute("SELECT count(*) FROM " + where, params).fetchone()[0]


def entries_page(
    store: Store, relationship_id: int, log_filter: LogFilter = LogFilter(), *, offset: int = 0, limit: int = 100
) -> list[Feedback]:
    """Entries ``offset`` … ``offset + limit - 1`` of the filtered log, newest first."""
    where, params = _where(relationship_id, log_filter)
    # Page over ids first, so the rows skipped by OFFSET are read from the index alone.
    sql = (
        "SELECT * FROM feedback WHERE id IN (SELECT id FROM " + where
        + " ORDER BY " + _ORDER + " LIMIT ? OFFSET ?) ORDER BY " + _ORDER
    )
    return [Feedback.from_row(row) for row in store.db.query(sql, [*params, limit, max(0, offset)])]


def position_of(store: Store, relationship_id: int, log_filter: LogFilter, feedback_id: int) -> int | None:
    """Where entry ``feedback_id`` stands in the filtered log (0 = newest), or None if the
    filter leaves it out."""
    where, params = _where(relationship_id, log_filter)
    found = store.conn.execute("SELECT date FROM " + where + " AND id = ?", [*params, feedback_id]).fetchone()
    if found is None:
        return None
    # Entries before it in the log: newer date, or the same date and a higher id.
    return store.conn.execute(
        "SELECT count(*) FROM " + where + " AND (date, id) > (?, ?)", [*params, found[0], feedback_id]
    ).fetchone()[0]


def latest_given(store: Store, relationship_id: int, kind: str, since: dt.date) -> Feedback | None:
    """The latest entry of ``kind`` the user gave on or after ``since`` (a thanks, a progress update)."""
    found = store.select(
        Feedback, "relationship_id = ? AND direction = 'given' AND kind = ? AND date >= ?",
        [relationship_id, kind, since.isoformat()], "date DESC, id DESC LIMIT 1",
    )
    return found[0] if found else None


# ---- what a progress update covers (E3: keep them informed of progress and of what their advice gave) --


@dataclass(frozen=True)
class ProgressFacts:
    since: dt.date
    results: list[Feedback]  # their advice, with an outcome said since then
    goals_done: list[Goal]  # goals reached since then
    next_steps: list[Goal]  # small goals set for before the next meeting


def progress_since_last_update(store: Store, relationship_id: int, today: dt.date) -> ProgressFacts:
    """What happened since the last progress update the user sent (or the last month): what
    came of the partner's advice, the goals reached, and the goals set for what comes next."""
    previous = store.select(
        Feedback,
        "relationship_id = ? AND direction = 'given' AND kind = 'progress-update' AND date < ?",
        [relationship_id, today.isoformat()],
        "date DESC, id DESC LIMIT 1",
    )
    since = previous[0].date if previous else today - dt.timedelta(days=UPDATE_COVERS_DAYS)
    results = store.select(
        Feedback,
        "relationship_id = ? AND direction = 'received' AND kind = 'advice' AND result != ''"
        " AND result_on > ? AND result_on <= ?",
        [relationship_id, since.isoformat(), today.isoformat()],
        "result_on, id",
    )
    # done_at is a date and time: everything after the day of the last update counts.
    goals_done = store.select(
        Goal,
        "relationship_id = ? AND status = 'done' AND done_at >= ? AND done_at < ?",
        [relationship_id, (since + dt.timedelta(days=1)).isoformat(), (today + dt.timedelta(days=1)).isoformat()],
        "done_at, id",
    )
    next_steps = store.select(
        Goal, "relationship_id = ? AND status = 'open' AND before_next_meeting = 1", [relationship_id], "position, id"
    )
    return ProgressFacts(since, results, goals_done, next_steps)
