"""What the mentor learned from the mentee (the guide's first practice: a good mentor learns
from their mentee too): a short dated log, fed from the Relationship screen and from the
weekly review's question. No Textual here."""

from __future__ import annotations

import datetime as dt

from mentortui.core.i18n import N_
from mentortui.core.text import one_line
from mentortui.data import review as reviews
from mentortui.data.model import Learning, Review
from mentortui.data.store import Store

# The weekly review asks a mentor this, once per relationship (its answer's key); the answer
# becomes a log entry.
LEARNED_ANSWER = "learned"
LEARNING_QUESTION = N_("What did you learn from {partner} this week?")
# What a review records when an answer becomes an entry.
NOTED_IN_REVIEW = N_("Learned from {partner}: “{text}”")


def note_learning(store: Store, relationship_id: int, text: str, *, day: dt.date | None = None,
                  review: Review | None = None) -> Learning | None:
    """Log what I learned from my mentee, on ``day`` (today if not given), recorded in
    ``review`` when written in it. One undoable change; blank text writes nothing (None)."""
    text = text.strip()
    if not text:
        return None
    partner = store.relationship(relationship_id).partner
    with store.change(N_("Note what you learned from {partner}"), partner=partner):
        entry = store.add_learning(relationship_id, date=day or store.clock.today(), text=text)
        if review is not None:
            reviews.record_change(store, review, NOTED_IN_REVIEW, relationship_id=relationship_id, partner=partner,
                                  text=one_line(entry.text, 60))
        return entry
