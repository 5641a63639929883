"""The guide's ten practices as checklists to act on (screen 2), without Textual.

The content (titles, explanations, check items, in English and French) lives in
``content/guide.toml``. This module loads it, works out which items the workbook's own
data already answers (the agreement has a cadence, a goal exists, …) and where that data
lives, and counts progress per practice and overall.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mentortui.data.model import CHECK_STATES, ROLES, ChecklistEntry, Relationship
from mentortui.data.store import Store
from mentortui.domain.guide_evidence import EVIDENCE, Evidence, Workbook
from mentortui.core.i18n import LANGUAGES, N_, language

CONTENT_PATH = Path(__file__).parent.parent / "content" / "guide.toml"
ITEM_KEY = re.compile(r"^[a-z]+(-[a-z]+)*$")
PRACTICE_PREFIX = {"mentor": "M", "mentee": "E"}
ITEMS_PER_PRACTICE = (3, 6)
# The checklist row holding a practice's own note (not one of its items).
PRACTICE_NOTE = ""



class ContentError(ValueError):
    """The guide's content file is incomplete or inconsistent."""


# ---- the content ---------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    key: str
    text: dict[str, str]  # language -> the item, as a short instruction
    evidence: str | None  # name of the check in EVIDENCE that answers it, if any

    def label(self, lang: str | None = None) -> str:
        return self.text[lang or language()]


@dataclass(frozen=True)
class Practice:
    key: str  # M1…M6, E1…E4
    role: str  # whose practice it is: mentor | mentee
    title: dict[str, str]
    explanation: dict[str, str]
    items: tuple[Item, ...]

    def heading(self, lang: str | None = None) -> str:
        return self.title[lang or language()]

    def explain(self, lang: str | None = None) -> str:
        return self.explanation[lang or language()]

    def item(self, key: str) -> Item:
        return next(item for item in self.items if item.key == key)


@dataclass(frozen=True)
class Guide:
    practices: tuple[Practice, ...]

    def for_role(self, role: str) -> tuple[Practice, ...]:
        return tuple(p for p in self.practices if p.role == role)

    def practice(self, key: str) -> Practice:
        for practice in self.practices:
            if practice.key == key:
                return practice
        raise KeyError(key)


def _texts(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected a table of languages")
    texts = {lang: raw.get(lang) for lang in LANGUAGES}
    missing = [lang for lang, text in texts.items() if not isinstance(text, str) or not text.strip()]
    if missing:
        raise ContentError(f"{where}: missing in {', '.join(missing)}")
    return {lang: " ".join(text.split()) for lang, text in texts.items()}  # type: ignore[union-attr]


def parse_guide(data: dict[str, Any]) -> Guide:
    """The guide from the TOML's data, checked: every text in every language, keys unique."""
    practices = []
    seen: set[str] = set()
    for raw in data.get("practices", []):
        key, role = raw.get("key", ""), raw.get("role", "")
        if role not in ROLES or not re.fullmatch(PRACTICE_PREFIX.get(role, "?") + r"\d", key) or key in seen:
            raise ContentError(f"practice {key!r}: bad or repeated key for role {role!r}")
        seen.add(key)
        items = []
        for raw_item in raw.get("items", []):
            item_key = raw_item.get("key", "")
            where = f"{key}.{item_key}"
            if not ITEM_KEY.match(item_key) or any(item.key == item_key for item in items):
                raise ContentError(f"{where}: bad or repeated item key")
            evidence = raw_item.get("evidence")
            if evidence is not None and evidence not in EVIDENCE:
                raise ContentError(f"{where}: unknown evidence {evidence!r}")
            items.append(Item(item_key, _texts({lang: raw_item.get(lang) for lang in LANGUAGES}, where), evidence))
        low, high = ITEMS_PER_PRACTICE
        if not low <= len(items) <= high:
            raise ContentError(f"{key}: {len(items)} items; a practice has {low} to {high}")
        practices.append(
            Practice(key, role, _texts(raw.get("title"), f"{key}.title"),
                     _texts(raw.get("explanation"), f"{key}.explanation"), tuple(items))
        )
    return Guide(tuple(practices))


@cache
def load_guide(path: Path = CONTENT_PATH) -> Guide:
    with open(path, "rb") as handle:
        return parse_guide(tomllib.load(handle))


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


def other_role(role: str) -> str:
    return "mentee" if role == "mentor" else "mentor"


def matches(query: str, *texts: str) -> bool:
    """Whether every word of ``query`` appears in one of ``texts`` (case and accents aside)."""
    haystack = fold(" ".join(texts))
    return all(word in haystack for word in fold(query).split())


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
