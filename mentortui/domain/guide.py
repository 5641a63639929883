"""The guide's ten practices as checklists to act on (screen 2), without Textual.

The content (titles, explanations, check items, in English and French) lives in
``content/guide.toml``. This module loads it, works out which items the workbook's own
data already answers (the agreement has a cadence, a goal exists, …) and where that data
lives, and counts progress per practice and overall.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mentortui.data import review as reviews
from mentortui.data.model import CHECK_STATES, ChecklistEntry, Relationship, Review
from mentortui.data.store import Store
from mentortui.domain.guide_evidence import EVIDENCE, Evidence, Workbook
from mentortui.core.i18n import N_, _, format_date
from mentortui.core.text import fold
from mentortui.data import guide_content
from mentortui.data.guide_content import CONTENT_PATH, PRACTICE_NOTE, ContentError, Guide, Item, Practice

__all__ = ["CONTENT_PATH", "ContentError", "Guide", "Item", "Practice", "load_guide", "parse_guide"]


def parse_guide(data: dict[str, Any]) -> Guide:
    """The guide in ``data``, each item's evidence naming one of the checks this app has."""
    return guide_content.parse_guide(data, EVIDENCE)


@cache
def load_guide(path: Path = CONTENT_PATH) -> Guide:
    guide = guide_content.load_guide(path)
    for practice in guide.practices:
        for item in practice.items:
            if item.evidence is not None and item.evidence not in EVIDENCE:
                raise ContentError(f"{practice.key}.{item.key}: unknown evidence {item.evidence!r}")
    return guide


# ---- the checklist and its progress --------------------------------------------------------

STATE_ORDER = CHECK_STATES  # todo → doing → done → todo


def next_state(state: str) -> str:
    return STATE_ORDER[(STATE_ORDER.index(state) + 1) % len(STATE_ORDER)]


@dataclass(frozen=True)
class ItemStatus:
    practice: Practice
    item: Item
    state: str  # as ticked by hand (todo when never touched)
    note: str
    changed_at: dt.datetime | None
    evidence: Evidence | None  # set when the data answers this item

    @property
    def done(self) -> bool:
        return self.evidence.met if self.evidence is not None else self.state == "done"


@dataclass(frozen=True)
class PracticeStatus:
    practice: Practice
    items: tuple[ItemStatus, ...]
    note: str
    changed_at: dt.datetime | None

    @property
    def done(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)


def checklist_status(store: Store, relationship: Relationship, role: str, guide: Guide | None = None) -> list[PracticeStatus]:
    """The practices of ``role`` in ``relationship``: each item's state, note and evidence.

    ``role`` may be the other side's: its items then only show what the shared data says.
    """
    guide = guide or load_guide()
    book = Workbook(store, relationship, mine=role == relationship.role)
    entries: dict[tuple[str, str], ChecklistEntry] = {
        (entry.practice, entry.item): entry for entry in store.checklist(relationship.id)
    }
    statuses = []
    for practice in guide.for_role(role):
        items = []
        for item in practice.items:
            entry = entries.get((practice.key, item.key))
            evidence = EVIDENCE[item.evidence](book) if item.evidence else None
            items.append(
                ItemStatus(practice, item, entry.state if entry else "todo", entry.note if entry else "",
                           entry.changed_at if entry else None, evidence)
            )
        own = entries.get((practice.key, PRACTICE_NOTE))
        statuses.append(PracticeStatus(practice, tuple(items), own.note if own else "", own.changed_at if own else None))
    return statuses


# ---- what a user does to the checklist -------------------------------------------------------


def _entry(store: Store, relationship_id: int, practice_key: str, item_key: str) -> ChecklistEntry | None:
    return next((entry for entry in store.checklist(relationship_id)
                 if (entry.practice, entry.item) == (practice_key, item_key)), None)


def tick_item(store: Store, relationship_id: int, practice_key: str, item_key: str) -> ChecklistEntry:
    """Move an item ticked by hand on: to do → doing → done → to do."""
    entry = _entry(store, relationship_id, practice_key, item_key)
    with store.change(N_("Update the checklist")):
        return store.set_checklist(relationship_id, practice_key, item_key,
                                   state=next_state(entry.state if entry else "todo"))


def write_note(store: Store, relationship_id: int, practice_key: str, item_key: str, note: str | None
               ) -> ChecklistEntry | None:
    """My note on an item (on the practice itself for ``PRACTICE_NOTE``); None when the note
    is what is stored already (nothing written)."""
    note = note or ""
    entry = _entry(store, relationship_id, practice_key, item_key)
    if (entry.note if entry else "") == note:
        return None
    with store.change(N_("Update the checklist")):
        return store.set_checklist(relationship_id, practice_key, item_key, note=note)


NOTED_IN_REVIEW = N_("Note added to “{practice}”")


def note_from_review(store: Store, relationship_id: int, practice_key: str, answer: str, *, today: dt.date,
                     review: Review | None = None) -> ChecklistEntry | None:
    """A guide-check answer kept as my note on its practice: added under the date, after
    what the note already holds (earlier notes are kept). One change, recorded in the review;
    an empty answer writes nothing (None)."""
    answer = answer.strip()
    if not answer:
        return None
    practice = load_guide().practice(practice_key)
    dated = _("{date}, weekly review: {answer}", date=format_date(today), answer=answer)
    with store.change(N_("Add a note to “{practice}”"), practice=practice.heading()):
        # Read inside the write: another window may have deleted the relationship (NotFound,
        # not a broken link) or added to the note (kept).
        store.relationship(relationship_id)
        entry = _entry(store, relationship_id, practice_key, PRACTICE_NOTE)
        earlier = entry.note.rstrip() if entry else ""
        noted = store.set_checklist(relationship_id, practice_key, PRACTICE_NOTE,
                                    note=earlier + "\n\n" + dated if earlier else dated)
        if review is not None:
            reviews.record_change(store, review, NOTED_IN_REVIEW, relationship_id=relationship_id,
                                  practice=practice.heading())
        return noted


def overall(statuses: list[PracticeStatus]) -> tuple[int, int]:
    """(items done, items in all) across practices."""
    return sum(s.done for s in statuses), sum(s.total for s in statuses)


def visible_items(statuses: list[PracticeStatus], text: str) -> list[tuple[PracticeStatus, list[ItemStatus]]]:
    """Practices and items that a filter ``text`` leaves (a practice matching shows all its items)."""
    shown = []
    for status in statuses:
        if not text or matches(text, status.practice.heading(), status.note):
            shown.append((status, list(status.items)))
            continue
        items = [item for item in status.items if matches(text, item.item.label(), item.note)]
        if items:
            shown.append((status, items))
    return shown


def matches(query: str, *texts: str) -> bool:
    """Whether every word of ``query`` appears in one of ``texts`` (case and accents aside)."""
    haystack = fold(" ".join(texts))
    return all(word in haystack for word in fold(query).split())


