"""The data layer: every read and write the app and the command line make.

Every public write is one ``BEGIN IMMEDIATE`` transaction, committed before it returns,
and recorded in the undo journal under a label the UI can show. User text only ever
reaches SQL as a parameter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from mentortui.core.clock import Clock
from mentortui.data.db import open_database, vacuum_into, write_transaction
from mentortui.data.journal import Change, Journal, UndoRefused
from mentortui.data.revisions import track_revisions
from mentortui.core.i18n import N_, _
from mentortui.core.policy import ADVICE_WAIT_DAYS, STAY_IN_TOUCH_DEFAULT_MONTHS
from mentortui.data.model import (
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
    ValidationError,
    clean_values,
    column_kinds,
    to_sql,
    validate,
)
from mentortui.core.safetext import clean_stored

R = TypeVar("R", bound=Record)

# Undo labels for a goal's status change.
STATUS_LABELS = {
    "done": N_("Complete goal “{title}”"),
    "dropped": N_("Drop goal “{title}”"),
    "open": N_("Reopen goal “{title}”"),
}


class NotFound(LookupError):
    """The row is gone (deleted here or by another instance)."""


class Store:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.conn = db.conn
        self.clock = clock or Clock()
        self.journal = Journal(self.conn)
        track_revisions(self.conn, self._now)

    @classmethod
    def open(cls, path: Path, clock: Clock | None = None) -> Store:
        clock = clock or Clock()
        return cls(open_database(path, now=clock.now()), clock)

    def close(self) -> None:
        self.conn.close()

    # ---- transactions and undo -------------------------------------------------------

    @contextlib.contextmanager
    def change(self, label: str, **params: Any) -> Iterator[None]:
        """One user-visible change: atomic, committed on exit, undoable as a whole."""
        if self.conn.in_transaction:
            yield  # part of an enclosing change
            return
        with write_transaction(self.conn):
            self.journal.begin(label, params)
            try:
                yield
            finally:
                self.journal.end()

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """A large write that is not undoable (demo data, import)."""
        with write_transaction(self.conn):
            yield

    # Bookkeeping (where a review stands) is written the same way: atomic, not undoable;
    # inside a user's change it simply joins it.
    bookkeeping = bulk

    def undo(self) -> Change | None:
        """Undo the last change made through this store; return it, or None if nothing is left.

        Raises UndoRefused if another instance changed what the change wrote: nothing is
        written, and the refused change is dropped from the journal, so the next undo
        takes back the change before it (keeping it would block every earlier undo)."""
        refused = None
        with write_transaction(self.conn):
            change = self.journal.last()
            if change is None:
                return None
            try:
                self.journal.revert(change)
            except UndoRefused as error:
                refused = error
                self.journal.forget(change)
        if refused is not None:
            raise refused
        return change

    def can_undo(self) -> bool:
        return self.journal.last() is not None

    def backup(self, target: Path, *, replace: bool = False) -> Path:
        """A consistent copy of the workbook at ``target`` (see ``vacuum_into``)."""
        return vacuum_into(self.conn, Path(target), replace=replace)

    # ---- generic row access --------------------------------------------------------

    def _now(self) -> dt.datetime:
        return self.clock.now()

    def _get(self, cls: type[R], row_id: int) -> R:
        rows = list(self.db.query("SELECT * FROM " + cls.table + " WHERE id = ?", [row_id]))
        if not rows:
            raise NotFound(f"{cls.table} {row_id}")
        return cls.from_row(rows[0])

    def select(self, cls: type[R], where: str, params: list, order: str) -> list[R]:
        # ``where`` and ``order`` are SQL literals written in the data layer; values go in ``params``.
        sql = "SELECT * FROM " + cls.table + " WHERE " + where + " ORDER BY " + order
        return [cls.from_row(row) for row in self.db.query(sql, params)]

    def _insert(self, cls: type[R], values: dict[str, Any]) -> R:
        row = sql_values(cls, values)
        columns = list(row)
        cursor = self.conn.execute(insert_sql(cls.table, columns), [row[c] for c in columns])
        return self._get(cls, cursor.lastrowid)

    def _update(self, cls: type[R], row_id: int, changes: dict[str, Any]) -> R:
        current = self._get(cls, row_id)
        row = sql_values(cls, changes)
        if row:
            assignments = ", ".join(column + " = ?" for column in row)
            self.conn.execute(
                "UPDATE " + cls.table + " SET " + assignments + " WHERE id = ?", [*row.values(), row_id]
            )
            return self._get(cls, row_id)
        return current

    def _delete(self, cls: type[Record], row_id: int) -> None:
        self._get(cls, row_id)
        self.conn.execute("DELETE FROM " + cls.table + " WHERE id = ?", [row_id])

    # ---- relationships ---------------------------------------------------------------

    def relationships(self) -> list[Relationship]:
        return self.select(Relationship, "1", [], "status = 'ended', started_on DESC, id")

    def relationship(self, relationship_id: int) -> Relationship:
        return self._get(Relationship, relationship_id)

    def add_relationship(self, *, partner: str, role: str, started_on: dt.date, **fields: Any) -> Relationship:
        values = {
            "partner": partner,
            "role": role,
            "started_on": started_on,
            "why": "",
            "hope_to_learn": "",
            "status": "active",
            "stay_in_touch_months": STAY_IN_TOUCH_DEFAULT_MONTHS,
            **fields,
            "created_at": self._now(),
        }
        _check_dates("end_on", values.get("end_on"), started_on)
        with self.change(N_("Add relationship with {partner}"), partner=partner):
            return self._insert(Relationship, values)

    def update_relationship(self, relationship_id: int, **changes: Any) -> Relationship:
        current = self.relationship(relationship_id)
        _check_dates("end_on", changes.get("end_on", current.end_on), changes.get("started_on", current.started_on))
        with self.change(N_("Edit relationship with {partner}"), partner=current.partner):
            return self._update(Relationship, relationship_id, changes)

    def close_relationship(self, relationship_id: int, ended_on: dt.date) -> Relationship:
        current = self.relationship(relationship_id)
        _check_dates("ended_on", ended_on, current.started_on)
        with self.change(N_("Close relationship with {partner}"), partner=current.partner):
            return self._update(Relationship, relationship_id, {"status": "ended", "ended_on": ended_on})

    def delete_relationship(self, relationship_id: int) -> None:
        current = self.relationship(relationship_id)
        with self.change(N_("Delete relationship with {partner}"), partner=current.partner):
            self._delete(Relationship, relationship_id)

    # ---- agreement -------------------------------------------------------------------

    def agreements(self, relationship_id: int) -> list[Agreement]:
        """Every version, oldest first."""
        return self.select(Agreement, "relationship_id = ?", [relationship_id], "version")

    def current_agreement(self, relationship_id: int) -> Agreement | None:
        versions = self.select(Agreement, "relationship_id = ?", [relationship_id], "version DESC LIMIT 1")
        return versions[0] if versions else None

    def save_agreement(self, relationship_id: int, **terms: Any) -> Agreement:
        """Record a new version of the agreement (terms not given are carried over)."""
        unknown = set(terms) - set(Agreement.TERMS)
        if unknown:
            raise ValidationError(sorted(unknown)[0], _("unknown field"))
        with self.change(N_("Edit the agreement")):
            current = self.current_agreement(relationship_id)
            base = {name: getattr(current, name) for name in Agreement.TERMS} if current else {}
            values = {
                "duration": "",
                "cadence": "",
                "modes": [],
                "my_responsibilities": "",
                "their_responsibilities": "",
                "my_expectations": "",
                "their_expectations": "",
                **base,
                **terms,
                "relationship_id": relationship_id,
                "version": (current.version + 1) if current else 1,
                "created_at": self._now(),
            }
            return self._insert(Agreement, values)

    # ---- checklist -------------------------------------------------------------------

    def checklist(self, relationship_id: int) -> list[ChecklistEntry]:
        return self.select(ChecklistEntry, "relationship_id = ?", [relationship_id], "practice, item")

    def set_checklist(
        self, relationship_id: int, practice: str, item: str = "", *, state: str | None = None, note: str | None = None
    ) -> ChecklistEntry:
        changes: dict[str, Any] = {"changed_at": self._now()}
        if state is not None:
            changes["state"] = state
        if note is not None:
            changes["note"] = note
        with self.change(N_("Update the checklist")):
            existing = self.select(
                ChecklistEntry,
                "relationship_id = ? AND practice = ? AND item = ?",
                [relationship_id, practice, item],
                "id",
            )
            if existing:
                return self._update(ChecklistEntry, existing[0].id, changes)
            values = {"relationship_id": relationship_id, "practice": practice, "item": item, "state": "todo", "note": ""}
            return self._insert(ChecklistEntry, {**values, **changes})

    # ---- goals -----------------------------------------------------------------------

    def goal(self, goal_id: int) -> Goal:
        return self._get(Goal, goal_id)

    def goals(self, relationship_id: int) -> list[Goal]:
        """All goals of a relationship, parents before children, siblings in order."""
        sql = """
            WITH RECURSIVE tree(id, path) AS (
                SELECT id, printf('%08d', position) FROM goals
                WHERE relationship_id = ? AND parent_id IS NULL
                UNION ALL
                SELECT g.id, tree.path || '/' || printf('%08d', g.position)
                FROM goals g JOIN tree ON g.parent_id = tree.id
            )
            SELECT goals.* FROM goals JOIN tree USING (id) ORDER BY tree.path
        """
        return [Goal.from_row(row) for row in self.db.query(sql, [relationship_id])]

    def goal_children(self, relationship_id: int, parent_id: int | None) -> list[Goal]:
        if parent_id is None:
            return self.select(Goal, "relationship_id = ? AND parent_id IS NULL", [relationship_id], "position")
        return self.select(Goal, "parent_id = ?", [parent_id], "position")

    def _next_position(self, relationship_id: int, parent_id: int | None) -> int:
        row = self.conn.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM goals WHERE relationship_id = ? AND parent_id IS ?",
            [relationship_id, parent_id],
        ).fetchone()
        return row[0]

    def add_goal(
        self, relationship_id: int, title: str, *, parent_id: int | None = None, position: int | None = None, **fields: Any
    ) -> Goal:
        with self.change(N_("Add goal “{title}”"), title=title):
            if parent_id is not None and self.goal(parent_id).relationship_id != relationship_id:
                raise ValidationError("parent_id", _("belongs to another relationship"))
            if position is None:
                position = self._next_position(relationship_id, parent_id)
            else:
                self._shift_siblings(relationship_id, parent_id, position, +1)
            now = self._now()
            values = {
                "notes": "",
                "horizon": "short" if parent_id is None else "step",
                "status": "open",
                "owner": "mentee",
                "before_next_meeting": False,
                **fields,
                "relationship_id": relationship_id,
                "parent_id": parent_id,
                "position": position,
                "title": title,
                "created_at": now,
                "updated_at": now,
            }
            return self._insert(Goal, values)

    def update_goal(self, goal_id: int, **changes: Any) -> Goal:
        for fixed in ("relationship_id", "parent_id", "position"):
            if fixed in changes:
                raise ValidationError(fixed, _("use move_goal to move a goal"))
        current = self.goal(goal_id)
        if "status" in changes and changes["status"] != current.status:
            changes["done_at"] = self._now() if changes["status"] == "done" else None
        with self.change(N_("Edit goal “{title}”"), title=current.title):
            return self._update(Goal, goal_id, {**changes, "updated_at": self._now()})

    def set_goal_status(self, goal_id: int, status: str, *, with_open_children: bool = False) -> Goal:
        """Mark a goal done/dropped/open; optionally the same for its open descendants."""
        current = self.goal(goal_id)
        with self.change(STATUS_LABELS[status], title=current.title):
            if with_open_children:
                for descendant in self.goal_descendants(goal_id):
                    if descendant.status == "open":
                        self.update_goal(descendant.id, status=status)
            return self.update_goal(goal_id, status=status)

    def goal_descendants(self, goal_id: int) -> list[Goal]:
        sql = """
            WITH RECURSIVE sub(id) AS (
                SELECT id FROM goals WHERE parent_id = ?
                -- UNION, not UNION ALL: each goal once, so a cycle in bad data cannot loop.
                UNION SELECT g.id FROM goals g JOIN sub ON g.parent_id = sub.id
            )
            SELECT goals.* FROM goals JOIN sub USING (id) WHERE id != ?
        """
        return [Goal.from_row(row) for row in self.db.query(sql, [goal_id, goal_id])]

    def delete_goal(self, goal_id: int) -> int:
        """Delete a goal and its whole subtree; return how many goals went."""
        current = self.goal(goal_id)
        with self.change(N_("Delete goal “{title}”"), title=current.title):
            count = 1 + len(self.goal_descendants(goal_id))
            self._delete(Goal, goal_id)
            self._close_gap(current.relationship_id, current.parent_id, current.position)
            return count

    def _shift_siblings(self, relationship_id: int, parent_id: int | None, from_position: int, delta: int) -> None:
        self.conn.execute(
            "UPDATE goals SET position = position + ? WHERE relationship_id = ? AND parent_id IS ? AND position >= ?",
            [delta, relationship_id, parent_id, from_position],
        )

    def _close_gap(self, relationship_id: int, parent_id: int | None, position: int) -> None:
        self._shift_siblings(relationship_id, parent_id, position + 1, -1)

    def move_goal(self, goal_id: int, *, parent_id: int | None, position: int) -> Goal:
        """Put a goal (with its subtree) under ``parent_id`` at ``position`` among its siblings."""
        current = self.goal(goal_id)
        with self.change(N_("Move goal “{title}”"), title=current.title):
            if parent_id is not None:
                if parent_id == goal_id or parent_id in {g.id for g in self.goal_descendants(goal_id)}:
                    raise ValidationError("parent_id", _("a goal cannot go under itself"))
                if self.goal(parent_id).relationship_id != current.relationship_id:
                    raise ValidationError("parent_id", _("belongs to another relationship"))
            self._close_gap(current.relationship_id, current.parent_id, current.position)
            siblings = len(self.goal_children(current.relationship_id, parent_id)) - (
                1 if parent_id == current.parent_id else 0
            )
            position = max(0, min(position, siblings))
            # Park the goal out of the way while siblings make room.
            self.conn.execute("UPDATE goals SET position = -1 WHERE id = ?", [goal_id])
            self._shift_siblings(current.relationship_id, parent_id, position, +1)
            self.conn.execute(
                "UPDATE goals SET parent_id = ?, position = ?, updated_at = ? WHERE id = ?",
                [parent_id, position, self._now().isoformat(), goal_id],
            )
            return self.goal(goal_id)

    # ---- meetings, agenda, actions ---------------------------------------------------------

    def meetings(self, relationship_id: int) -> list[Meeting]:
        return self.select(Meeting, "relationship_id = ?", [relationship_id], "starts_at, id")

    def meeting(self, meeting_id: int) -> Meeting:
        return self._get(Meeting, meeting_id)

    def add_meeting(self, relationship_id: int, starts_at: dt.datetime, **fields: Any) -> Meeting:
        values = {"mode": "video", "status": "planned", "notes": "", **fields}
        with self.change(N_("Schedule a meeting")):
            return self._insert(
                Meeting,
                {**values, "relationship_id": relationship_id, "starts_at": starts_at, "created_at": self._now()},
            )

    def update_meeting(self, meeting_id: int, **changes: Any) -> Meeting:
        with self.change(N_("Edit a meeting")):
            return self._update(Meeting, meeting_id, changes)

    def delete_meeting(self, meeting_id: int) -> None:
        with self.change(N_("Delete a meeting")):
            self._delete(Meeting, meeting_id)

    def agenda(self, meeting_id: int) -> list[AgendaItem]:
        return self.select(AgendaItem, "meeting_id = ?", [meeting_id], "position, id")

    def agenda_item(self, item_id: int) -> AgendaItem:
        return self._get(AgendaItem, item_id)

    def add_agenda_item(self, meeting_id: int, text: str, **fields: Any) -> AgendaItem:
        values = {"kind": "topic", "done": False, **fields}
        with self.change(N_("Add agenda item “{text}”"), text=text):
            position = self.conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM agenda_items WHERE meeting_id = ?", [meeting_id]
            ).fetchone()[0]
            return self._insert(AgendaItem, {**values, "meeting_id": meeting_id, "text": text, "position": position})

    def update_agenda_item(self, item_id: int, **changes: Any) -> AgendaItem:
        with self.change(N_("Edit agenda item")):
            return self._update(AgendaItem, item_id, changes)

    def delete_agenda_item(self, item_id: int) -> None:
        with self.change(N_("Delete agenda item")):
            self._delete(AgendaItem, item_id)

    def reorder_agenda(self, meeting_id: int, item_ids: list[int]) -> None:
        """Store the agenda's order as given (every item of the meeting, once)."""
        current = {item.id for item in self.agenda(meeting_id)}
        if set(item_ids) != current or len(item_ids) != len(current):
            raise ValidationError("position", _("the new order must list every agenda item once"))
        with self.change(N_("Reorder the agenda")):
            for position, item_id in enumerate(item_ids):
                self.conn.execute("UPDATE agenda_items SET position = ? WHERE id = ?", [position, item_id])

    def actions(self, meeting_id: int) -> list[Action]:
        return self.select(Action, "meeting_id = ?", [meeting_id], "created_at, id")

    def action(self, action_id: int) -> Action:
        return self._get(Action, action_id)

    def open_actions(self, relationship_id: int) -> list[Action]:
        return self.select(
            Action,
            "done_at IS NULL AND meeting_id IN (SELECT id FROM meetings WHERE relationship_id = ?)",
            [relationship_id],
            "due_on IS NULL, due_on, id",
        )

    def add_action(self, meeting_id: int, text: str, **fields: Any) -> Action:
        values = {"owner": "me", **fields}
        with self.change(N_("Add action “{text}”"), text=text):
            return self._insert(Action, {**values, "meeting_id": meeting_id, "text": text, "created_at": self._now()})

    def update_action(self, action_id: int, **changes: Any) -> Action:
        with self.change(N_("Edit action")):
            return self._update(Action, action_id, changes)

    def set_action_done(self, action_id: int, done: bool) -> Action:
        return self.update_action(action_id, done_at=self._now() if done else None)

    def delete_action(self, action_id: int) -> None:
        with self.change(N_("Delete action")):
            self._delete(Action, action_id)

    # ---- feedback ----------------------------------------------------------------------

    def feedback(self, relationship_id: int, *, limit: int = 200, offset: int = 0) -> list[Feedback]:
        """Newest first, one page at a time (the log can hold 100k entries)."""
        return self.select(
            Feedback, "relationship_id = ?", [relationship_id, limit, offset], "date DESC, id DESC LIMIT ? OFFSET ?"
        )

    def feedback_count(self, relationship_id: int) -> int:
        return self.conn.execute("SELECT count(*) FROM feedback WHERE relationship_id = ?", [relationship_id]).fetchone()[0]

    def feedback_entry(self, feedback_id: int) -> Feedback:
        return self._get(Feedback, feedback_id)

    def add_feedback(self, relationship_id: int, *, direction: str, kind: str, text: str, date: dt.date, **fields: Any) -> Feedback:
        values = {"rubric": [], "result": "", **fields}
        with self.change(N_("Log feedback")):
            return self._insert(
                Feedback,
                {
                    **values,
                    "relationship_id": relationship_id,
                    "direction": direction,
                    "kind": kind,
                    "text": text,
                    "date": date,
                    "created_at": self._now(),
                },
            )

    def update_feedback(self, feedback_id: int, **changes: Any) -> Feedback:
        with self.change(N_("Edit feedback")):
            return self._update(Feedback, feedback_id, changes)

    def delete_feedback(self, feedback_id: int) -> None:
        with self.change(N_("Delete feedback")):
            self._delete(Feedback, feedback_id)

    def advice_awaiting_result(self, relationship_id: int, *, older_than: dt.date | None = None) -> list[Feedback]:
        where = "relationship_id = ? AND direction = 'received' AND kind = 'advice' AND result = ''"
        params: list[Any] = [relationship_id]
        if older_than is not None:
            where += " AND date <= ?"
            params.append(older_than.isoformat())
        return self.select(Feedback, where, params, "date, id")

    # ---- reviews -------------------------------------------------------------------------

    def reviews(self, relationship_id: int) -> list[Review]:
        return self.select(Review, "relationship_id = ?", [relationship_id], "week DESC")

    def review(self, relationship_id: int, week: str) -> Review | None:
        found = self.select(Review, "relationship_id = ? AND week = ?", [relationship_id, week], "id")
        return found[0] if found else None

    def start_review(self, relationship_id: int, week: str) -> Review:
        """This week's review, created if it doesn't exist yet (so it can be resumed).

        Bookkeeping, not work: not undoable, so ctrl+z still undoes what the user did."""
        with self.bookkeeping():
            existing = self.review(relationship_id, week)
            if existing:
                return existing
            return self._insert(
                Review,
                {
                    "relationship_id": relationship_id,
                    "week": week,
                    "step": 0,
                    "started_at": self._now(),
                    "answers": {},
                    "changes": [],
                },
            )

    def update_review(self, review_id: int, **changes: Any) -> Review:
        with self.change(N_("Update the review")):
            return self._update(Review, review_id, changes)

    def save_review_progress(self, review_id: int, *, step: int, answers: dict) -> Review:
        """Where the user is in a review and what they typed: kept at once, not undoable
        (leaving a review is not a change to take back)."""
        with self.bookkeeping():
            return self._update(Review, review_id, {"step": step, "answers": answers})

    # ---- candidates ------------------------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        return self.select(
            Candidate, "1", [], "score_goals + score_respected + score_network + score_skills DESC, name COLLATE NOCASE"
        )

    def add_candidate(self, name: str, **fields: Any) -> Candidate:
        values = {"notes": "", "score_goals": 0, "score_respected": 0, "score_network": 0, "score_skills": 0, **fields}
        with self.change(N_("Add candidate {name}"), name=name):
            return self._insert(Candidate, {**values, "name": name, "created_at": self._now()})

    def update_candidate(self, candidate_id: int, **changes: Any) -> Candidate:
        with self.change(N_("Edit candidate")):
            return self._update(Candidate, candidate_id, changes)

    def delete_candidate(self, candidate_id: int) -> None:
        with self.change(N_("Delete candidate")):
            self._delete(Candidate, candidate_id)

    # ---- open items (what the dashboard, the review and agenda preparation read) -------

    def open_items(self, relationship_id: int, *, advice_after_days: int = ADVICE_WAIT_DAYS) -> dict[str, list[Record]]:
        """What is still open in a relationship, by kind."""
        last_held = self.select(
            Meeting, "relationship_id = ? AND status = 'held'", [relationship_id], "starts_at DESC LIMIT 1"
        )
        uncovered = [item for item in self.agenda(last_held[0].id) if not item.done] if last_held else []
        today = self.clock.today()
        return {
            "actions": list(self.open_actions(relationship_id)),
            "uncovered_agenda": list(uncovered),
            "before_next_meeting": list(
                self.select(
                    Goal,
                    "relationship_id = ? AND before_next_meeting = 1 AND status = 'open'",
                    [relationship_id],
                    "position",
                )
            ),
            "advice_awaiting_result": list(
                self.advice_awaiting_result(relationship_id, older_than=today - dt.timedelta(days=advice_after_days))
            ),
            "overdue_goals": list(
                self.select(
                    Goal,
                    "relationship_id = ? AND status = 'open' AND due_on < ?",
                    [relationship_id, today.isoformat()],
                    "due_on",
                )
            ),
        }

    # ---- settings (not undoable: preferences, not work) ------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with write_transaction(self.conn):
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [clean_stored(key), clean_stored(value)],
            )

    def is_empty(self) -> bool:
        return all(
            self.conn.execute("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")").fetchone()[0]
            for table in ("relationships", "candidates")
        )


def insert_sql(table: str, columns: list[str]) -> str:
    """``INSERT INTO table (columns) VALUES (?, …)`` for a table and columns of our own schema."""
    return "INSERT INTO " + table + " (" + ", ".join(columns) + ") VALUES (" + ", ".join(["?"] * len(columns)) + ")"


def sql_values(cls: type[Record], values: dict[str, Any]) -> dict[str, Any]:
    """The SQL values of a write: text cleaned as the store keeps it, then validated.

    Every write goes through here (forms, review answers, checklist notes, import, demo)."""
    values = clean_values(cls, values)
    validate(cls, values)
    kinds = column_kinds(cls)
    return {name: to_sql(kinds[name], value) for name, value in values.items()}


def _check_dates(field: str, later: dt.date | None, earlier: dt.date) -> None:
    if later is not None and later < earlier:
        raise ValidationError(field, _("is before the start date"))
