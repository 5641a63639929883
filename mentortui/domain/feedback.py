"""The feedback log's user actions: log, edit and delete an entry, say what came of a piece
of advice, log a progress update. Each is one undoable change; given the week's review
(``review=``), the action is also noted in it, inside the same change. No Textual here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from mentortui.core.i18n import N_
from mentortui.core.safetext import clean, clean_stored
from mentortui.data import review as reviews
from mentortui.data.feedback import rubric_applies
from mentortui.data.model import Feedback, Review
from mentortui.data.store import Store

# What the week's review notes when thanks (or other feedback) is logged from it.
THANKS_LOGGED = N_("Thanks logged")
FEEDBACK_LOGGED = N_("Feedback logged")

# The fields of an entry the log and edit forms write.
ENTRY_FIELDS = ("date", "direction", "kind", "text", "goal_id", "rubric", "shared")


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


# What starts a line of Markdown notes without being part of what it says: a heading's #s, a
# list's bullet or number, a task box, a quote.
_LINE_MARKERS = re.compile(r"^\s*(?:#+\s+|>\s*|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)*")


def advice_text(notes: str) -> str:
    """The advice a line (or a selection) of meeting notes says: each line without its
    Markdown markers, blank lines left out."""
    lines = (_LINE_MARKERS.sub("", line).strip() for line in notes.splitlines())
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class AdviceFromNotes:
    entry: Feedback
    created: bool  # False: the same advice was in the log already (nothing written)


def advice_from_notes(store: Store, meeting_id: int, notes: str) -> AdviceFromNotes | None:
    """Log advice written in a meeting's notes: received for a mentee, given for a mentor,
    dated the meeting's day and linked to no goal, so it enters the advice → tried → result
    loop. None when the notes hold no text; the entry already logged when it is there."""
    text = advice_text(notes)
    if not text:
        return None
    meeting = store.meeting(meeting_id)
    relationship = store.relationship(meeting.relationship_id)
    direction = "received" if relationship.role == "mentee" else "given"
    day = meeting.starts_at.date()
    for entry in store.select(Feedback, "relationship_id = ? AND kind = 'advice' AND direction = ? AND date = ?",
                              [relationship.id, direction, day.isoformat()], "id"):
        if entry.text == clean_stored(text):
            return AdviceFromNotes(entry, created=False)
    with store.change(N_("Advice from the notes “{text}”"), text=clean(text, single_line=True)[:60]):
        entry = store.add_feedback(relationship.id, direction=direction, kind="advice", text=text, date=day)
    return AdviceFromNotes(entry, created=True)


def set_shared(store: Store, feedback_id: int, shared: bool) -> Feedback:
    """Share an entry with the partner (the next exchange sends it) or keep it private;
    nothing is written when it already is."""
    entry = store.feedback_entry(feedback_id)
    if entry.shared == shared:
        return entry
    label = N_("Share feedback with my partner") if shared else N_("Keep feedback private")
    with store.change(label):
        return store.update_feedback(feedback_id, shared=shared)


def delete_feedback(store: Store, feedback_id: int) -> Feedback:
    """Delete an entry (ctrl+z brings it back); returns it as it was."""
    entry = store.feedback_entry(feedback_id)
    with store.change(N_("Delete feedback")):
        store.delete_feedback(feedback_id)
    return entry
