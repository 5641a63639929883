"""User text is data: shown literally, never as markup, never with raw control bytes.

Every widget that shows user text (tree labels, table cells, statics, notifications,
titles) goes through ``safe`` (or ``plain`` where a str is required), so a goal named
``[@click=app.quit]x[/]`` is shown exactly like that and does nothing. Editors paint their
value as is, so every Input and TextArea is a ``SafeInput`` / ``SafeTextArea``
(mentortui.ui.editors), which pass everything they load, are set to or are pasted through ``clean``.
"""

from __future__ import annotations

import re
import unicodedata

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# C0 controls except tab/newline, DEL, C1 controls, and the bidi embedding/override/isolate
# marks that can make text read differently from how it is stored.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)
# A full escape sequence (CSI / OSC / other ESC forms) is dropped whole, not just its ESC byte,
# so "\x1b[2J" leaves nothing behind rather than "[2J".
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, ended by BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS / SOS / PM / APC
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
)
# Half of a UTF-16 pair on its own (from a paste or JSON): no terminal can be sent it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: object, *, single_line: bool = False) -> str:
    """``text`` as a str with escape sequences and control characters (CR included) removed,
    and lone surrogates replaced by U+FFFD.

    ``single_line`` turns newlines and tabs into spaces, for places that show one line.
    """
    value = "" if text is None else str(text)
    value = _ESCAPE_SEQUENCE.sub("", value)
    value = _UNSAFE.sub("", value)
    value = _LONE_SURROGATE.sub("\ufffd", value)
    if single_line:
        value = value.replace("\n", " ").replace("\t", " ")
    return unicodedata.normalize("NFC", value)


def safe(text: object, *, single_line: bool = False, style: str = "") -> Text:
    """A Rich ``Text`` holding ``text`` literally (no markup parsing), cleaned of controls."""
    # Imported here so the data layer can use ``clean`` without loading Rich.
    from rich.text import Text

    return Text(clean(text, single_line=single_line), style=style, end="")


# What the store never keeps (DEVELOPING.md, "Text safety"): C0 controls except tab and
# newline (CR included), DEL and C1 controls. Bidi marks are kept — they can be meant (an
# Arabic or Hebrew name) — and are stripped only on the way out, by ``clean``.
_STORED_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Lone UTF-16 surrogates (from JSON "\ud800" escapes) cannot be encoded as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Every character the three passes below can change or start a match on (escape sequences
# begin with ESC, 8-bit CSI or 8-bit OSC, all C0/C1): text without one is kept as it is.
_STORED_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_stored(text: str) -> str:
    """``text`` as the store keeps it: escape sequences and control characters removed
    (tab and newline kept), lone surrogates replaced by U+FFFD. Nothing else changes."""
    # Most text has nothing to clean: say so in one C-speed scan (an import cleans every string).
    if text.isprintable() or _STORED_SUSPECT.search(text) is None:
        return text
    value = _SURROGATE.sub("\ufffd", text)
    value = _ESCAPE_SEQUENCE.sub("", value)
    return _STORED_UNSAFE.sub("", value)
