"""The demo's words, one TOML file per language (mentortui/content/demo.<lang>.toml), and the
keys it shares with the app: the guide's check items and the feedback rubric, used from their
own definitions rather than copied."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from mentortui.core.labels import RUBRIC
from mentortui.domain.guide import load_guide

CONTENT_DIR = Path(__file__).resolve().parent.parent.parent / "content"
LANGUAGES = ("en", "fr")


def load_content(lang: str) -> dict[str, Any]:
    """One language's words; every file has the same keys (tests/test_demo.py checks it)."""
    with open(CONTENT_DIR / f"demo.{lang}.toml", "rb") as handle:
        return tomllib.load(handle)


CONTENT: dict[str, dict[str, Any]] = {lang: load_content(lang) for lang in LANGUAGES}

# The guide's check items by practice. Items the app answers from data still get a state
# and a note in the demo.
CHECKLIST_ITEMS: dict[str, tuple[str, ...]] = {
    practice.key: tuple(item.key for item in practice.items) for practice in load_guide().practices
}
# The constructive-feedback rubric's boxes (M4), in the order the feedback form shows them.
RUBRIC_KEYS: tuple[str, ...] = tuple(key for key, _label in RUBRIC)
