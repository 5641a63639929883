"""The feedback log's user actions: log, edit and delete an entry, say what came of a piece
of advice, log a progress update. Each is one undoable change; given the week's review
(``review=``), the action is also noted in it, inside the same change. No Textual here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mentortui.core.i18n import N_
from mentortui.core.safetext import clean
from mentortui.data import review as reviews
from mentortui.data.feedback import rubric_applies
from mentortui.data.model import Feedback, Review
from mentortui.data.store import Store

# What the week's review notes when thanks (or other feedback) is logged from it.
THANKS_LOGGED = N_("Thanks logged")
FEEDBACK_LOGGED = N_("Feedback logged")

# The fields of an entry the log and edit forms write.
ENTRY_FIELDS = ("date", "direction", "kind", "text", "goal_id", "rubric")


def _entry_values(values: dict[str, Any]) -> dict[str, Any]:
    """The entry's fields from the form's values; rubric ticks only mean something where
    the rubric was shown."""
    stored = {name: values[name] for name in ENTRY_FIELDS if name in values}
    applies = rubric_applies(stored.get("direction"), stored.get("kind"))
    stored["rubric"] = list(stored.get("rubric") or []) if applies else []
    return stored


def log_feedback(store: Store, relationship_id: int, values: dict[str, Any], *, review: Review | None = None) -> Feedback:
    """Log feedback given or received (``values``: date, direction, kind, text, goal_id, rubric)."""
    stored = _entry_values(values)
    with store.change(N_("Log feedback")):
        entry = store.add_feedback(relationship_id, **stored)
        if review is not None:
            reviews.record_change(store, review, THANKS_LOGGED if entry.kind == "thanks" else FEEDBACK_LOGGED,
                                  relationship_id=relationship_id)
    return entry


def edit_feedback(store: Store, feedback_id: int, values: dict[str, Any]) -> Feedback:
    """Change an entry's date, direction, kind, text, goal or rubric; nothing is recorded
    when every field is as it was."""
    entry = store.feedback_entry(feedback_id)
    stored = _entry_values(values)
    if all(getattr(entry, name) == value for name, value in stored.items()):
        return entry
    with store.change(N_("Edit feedback")):
        return store.update_feedback(feedback_id, **stored)


def record_result(
    store: Store, feedback_id: int, *, tried: bool, result: str, result_on: dt.date, review: Review | None = None
) -> Feedback:
    """Say what came of a piece of advice: tried or not, what happened, when."""
    entry = store.feedback_entry(feedback_id)
    if (entry.tried, entry.result, entry.result_on) == (tried, result, result_on):
        return entry
    with store.change(N_("Record what came of the advice")):
        recorded = store.update_feedback(feedback_id, tried=tried, result=result, result_on=result_on)
        if review is not None:
            reviews.record_change(store, review, reviews.RESULT_RECORDED, relationship_id=entry.relationship_id,
                                  advice=clean(recorded.text, single_line=True)[:60])
    return recorded


def log_progress_update(store: Store, relationship_id: int, text: str, date: dt.date) -> Feedback:
    """Log a progress update given to the partner (writing it to a file is the caller's)."""
    with store.change(N_("Log a progress update")):
        return store.add_feedback(relationship_id, direction="given", kind="progress-update", text=text, date=date)


def delete_feedback(store: Store, feedback_id: int) -> Feedback:
    """Delete an entry (ctrl+z brings it back); returns it as it was."""
    entry = store.feedback_entry(feedback_id)
    with store.change(N_("Delete feedback")):
        store.delete_feedback(feedback_id)
    return entry
