"""The store's feedback log, weekly reviews and what is still open in a relationship.

A mixin of :class:`mentortui.data.store.Store`: the methods use its generic row access and
``change``, so every write stays one undoable transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mentortui.core.i18n import N_
from mentortui.data.model import Feedback, Review


class FeedbackRecords:
    # ---- feedback ----------------------------------------------------------------------

    def feedback(self, relationship_id: int, *, limit: int = 200, offset: int = 0) -> list[Feedback]:
        """Newest first, one page at a time (the log can hold 100k entries)."""
        return self.select(
            Feedback, "relationship_id = ?", [relationship_id, limit, offset], "date DESC, id DESC LIMIT ? OFFSET ?"
        )

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

    def reviews(self) -> list[Review]:
        return self.select(Review, "1", [], "week DESC")

    def review(self, week: str) -> Review | None:
        found = self.select(Review, "week = ?", [week], "id")
        return found[0] if found else None

    def start_review(self, week: str) -> Review:
        """The week's review (one for the person, over every relationship), created if it
        doesn't exist yet (so it can be resumed).

        Bookkeeping, not work: not undoable, so ctrl+z still undoes what the user did."""
        with self.bookkeeping():
            existing = self.review(week)
            if existing:
                return existing
            return self._insert(
                Review,
                {
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
