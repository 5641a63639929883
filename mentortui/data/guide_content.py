"""The guide's content: its practices and their check items, in English and French, read
from ``content/guide.toml``; mentortui's own tips kept apart from the guide's words. In the
data layer because what the store accepts (a review answer naming a practice, a checklist
entry) is checked against it; the rules
that use it are in ``mentortui.domain.guide``."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mentortui.core.i18n import LANGUAGES, language
from mentortui.data.model import ROLES

CONTENT_PATH = Path(__file__).parent.parent / "content" / "guide.toml"
ITEM_KEY = re.compile(r"^[a-z]+(-[a-z]+)*$")
PRACTICE_PREFIX = {"mentor": "M", "mentee": "E"}
ITEMS_PER_PRACTICE = (3, 7)
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
    tip: bool = False  # mentortui's own advice, not the guide's


    def label(self, lang: str | None = None) -> str:
        return self.text[lang or language()]


@dataclass(frozen=True)
class Practice:
    key: str  # M1…M5, E0…E4
    role: str  # whose practice it is: mentor | mentee
    title: dict[str, str]
    explanation: dict[str, str]  # the guide's text (French) and its English
    items: tuple[Item, ...]
    tip: dict[str, str] | None = None  # mentortui's own advice on it, not the guide's
    references: tuple[int, ...] = ()  # the numbers the guide cites for it
    replaces: tuple[str, ...] = ()  # keys it was stored under before

    def heading(self, lang: str | None = None) -> str:
        return self.title[lang or language()]

    def explain(self, lang: str | None = None) -> str:
        return self.explanation[lang or language()]

    def advice(self, lang: str | None = None) -> str | None:
        """mentortui's tip on this practice, if it has one."""
        return self.tip[lang or language()] if self.tip else None

    def item(self, key: str) -> Item:
        return next(item for item in self.items if item.key == key)


@dataclass(frozen=True)
class Guide:
    practices: tuple[Practice, ...]

    def for_role(self, role: str) -> tuple[Practice, ...]:
        return tuple(p for p in self.practices if p.role == role)

    def practice(self, key: str) -> Practice:
        """The practice ``key`` names, also by a key it was stored under before."""
        for practice in self.practices:
            if practice.key == key or key in practice.replaces:
                return practice
        raise KeyError(key)

    def known_keys(self) -> frozenset[str]:
        """Every key stored data may name a practice by: today's and former ones."""
        return frozenset(key for p in self.practices for key in (p.key, *p.replaces))


def _texts(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected a table of languages")
    texts = {lang: raw.get(lang) for lang in LANGUAGES}
    missing = [lang for lang, text in texts.items() if not isinstance(text, str) or not text.strip()]
    if missing:
        raise ContentError(f"{where}: missing in {', '.join(missing)}")
    # Runs of ordinary white space become one space; the no-break spaces French typography
    # puts before ; ? ! : stay.
    return {lang: re.sub(r"[ \t\r\n]+", " ", text).strip() for lang, text in texts.items()}  # type: ignore[union-attr]


def parse_guide(data: dict[str, Any], evidence_names: Collection[str] | None = None) -> Guide:
    """The guide in ``data``, checked: every text in every language, keys unique (former keys
    too); with ``evidence_names``, an item naming another check is refused."""
    practices = []
    seen: set[str] = set()
    for raw in data.get("practices", []):
        key, role = raw.get("key", ""), raw.get("role", "")
        replaces = raw.get("replaces", [])
        if role not in ROLES or not re.fullmatch(PRACTICE_PREFIX.get(role, "?") + r"\d", key) or key in seen:
            raise ContentError(f"practice {key!r}: bad or repeated key for role {role!r}")
        if not isinstance(replaces, list) or any(
            not re.fullmatch(r"[ME]\d", old) or old in (key, *seen) for old in replaces
        ):
            raise ContentError(f"practice {key!r}: bad or repeated former key in {replaces!r}")
        seen.update([key, *replaces])
        references = raw.get("references", [])
        if not isinstance(references, list) or not all(isinstance(n, int) and n > 0 for n in references):
            raise ContentError(f"practice {key!r}: references are the guide's numbers")
        items = []
        for raw_item in raw.get("items", []):
            item_key = raw_item.get("key", "")
            where = f"{key}.{item_key}"
            if not ITEM_KEY.match(item_key) or any(item.key == item_key for item in items):
                raise ContentError(f"{where}: bad or repeated item key")
            evidence = raw_item.get("evidence")
            if evidence is not None and evidence_names is not None and evidence not in evidence_names:
                raise ContentError(f"{where}: unknown evidence {evidence!r}")
            tip = raw_item.get("tip", False)
            if not isinstance(tip, bool):
                raise ContentError(f"{where}: tip is true or false")
            items.append(Item(item_key, _texts({lang: raw_item.get(lang) for lang in LANGUAGES}, where), evidence, tip))
        low, high = ITEMS_PER_PRACTICE
        if not low <= len(items) <= high:
            raise ContentError(f"{key}: {len(items)} items; a practice has {low} to {high}")
        tip = _texts(raw["tip"], f"{key}.tip") if "tip" in raw else None
        practices.append(
            Practice(key, role, _texts(raw.get("title"), f"{key}.title"),
                     _texts(raw.get("explanation"), f"{key}.explanation"), tuple(items),
                     tip, tuple(references), tuple(replaces))
        )
    return Guide(tuple(practices))


@cache
def load_guide(path: Path = CONTENT_PATH) -> Guide:
    with open(path, "rb") as handle:
        return parse_guide(tomllib.load(handle))
