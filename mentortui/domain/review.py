"""The weekly review's own actions: keeping what was typed and the step reached, and
completing it. What a review records of the other actions is written by those actions
(their ``review=`` parameter). No Textual here."""

from __future__ import annotations

import datetime as dt

from mentortui.core.i18n import N_
from mentortui.data.model import Review
from mentortui.data.store import Store


def save_answers(store: Store, review: Review, answers: dict[str, str], step: int) -> Review:
    """Keep what was typed and where the user is (nothing is lost on leaving). Bookkeeping,
    not an undoable change: ctrl+z keeps taking back what the user did. An empty answer
    is not kept unless it clears one typed before."""
    current = store.review(review.week) or review
    merged = {**current.answers, **{k: v for k, v in answers.items() if v.strip() or k in current.answers}}
    if merged == current.answers and step == current.step:
        return current
    return store.save_review_progress(current.id, step=step, answers=merged)


def complete_review(store: Store, review: Review, now: dt.datetime) -> Review:
    """Mark the review completed (it counts for the streak from then on)."""
    with store.change(N_("Update the review")):
        return store.update_review(review.id, completed_at=now)
