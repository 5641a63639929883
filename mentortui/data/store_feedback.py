"""The store's feedback log, weekly reviews and what is still open in a relationship.

A mixin of :class:`mentortui.data.store.Store`: the methods use its generic row access and
``change``, so every write stays one undoable transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mentortui.core.i18n import N_
from mentortui.core.policy import ADVICE_WAIT_DAYS
from mentortui.data.model import Feedback, Goal, Meeting, Record, Review


class FeedbackRecords:
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
