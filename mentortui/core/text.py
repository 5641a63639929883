"""Small text helpers shared by every layer: searching without accents, quoting on one line."""

from __future__ import annotations

import unicodedata

from mentortui.core.safetext import clean

ELLIPSIS = "…"


def fold(text: str) -> str:
    """Lower case without accents, for matching: "Réunion" and "reunion" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def one_line(text: object, width: int) -> str:
    """User text on one line (controls removed, runs of spaces and newlines made one space),
    cut to ``width`` characters with an ellipsis when longer."""
    line = " ".join(clean(text, single_line=True).split())
    if len(line) <= width:
        return line
    return line[: max(0, width - 1)].rstrip() + ELLIPSIS
