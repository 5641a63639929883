"""User text is shown literally: no markup, no actions, no control bytes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from mentortui.core.safetext import clean, safe

CORPUS = {
    "[bold]x[/]": "[bold]x[/]",
    "[/]": "[/]",
    "[/": "[/",
    "[A]": "[A]",
    "[@click=app.quit]q[/]": "[@click=app.quit]q[/]",
    "\x1b]0;title\x07after": "after",
    "\x1b[2Jcleared": "cleared",
    "\x9b31mred": "red",
    "a\u202eevil\u202cb": "aevilb",
    "tab\tand\nnewline": "tab\tand\nnewline",
    "bell\x07null\x00del\x7f": "bellnulldel",
    "caf\u0065\u0301": "café",
}


@pytest.mark.parametrize("text, shown", CORPUS.items(), ids=range(len(CORPUS)))
def test_corpus_is_shown_literally(text, shown):
    rendered = safe(text)
    assert rendered.plain == shown
    assert rendered.spans == []


def test_single_line_folds_newlines_and_tabs():
    assert clean("one\ntwo\tthree", single_line=True) == "one two three"


def _terminal_output(text) -> str:
    console = Console(force_terminal=True, color_system="truecolor", width=200, record=False)
    with console.capture() as capture:
        console.print(safe(text))
    return capture.get()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_text_renders_without_raw_control_bytes(text):
    cleaned = clean(text)
    assert not any(ord(ch) < 32 and ch not in "\t\n" or 0x7F <= ord(ch) <= 0x9F for ch in cleaned)
    out = _terminal_output(text)
    # Rich's own styling escapes are fine; none may come from the user text.
    assert "\x07" not in out and "\x9b" not in out and "\x1b]" not in out
    assert safe(text).spans == []


# What a stored text is made of when someone tries: escape sequences of every kind, cut short
# too, C0/C1 controls, lone surrogates, bidi marks (kept in the store), and plain text around them.
HOSTILE_PIECES = [
    "\x1b[2J", "\x1b[31", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\", "\x1b]unended", "\x1bP+q\x1b\\",
    "\x1b_apc", "\x1bc", "\x1b", "\x9b31m", "\x9b", "\x9d0;t\x9c", "\x9dopen", "\x00", "\x07", "\r", "\x7f",
    "\x85", "\x9f", "\ud800", "\udfff", "\u202e", "\u2066", "\u200f", "\u00a0", "\t", "\n", "café", "[b]x[/]", " ",
]


def _three_passes(text: str) -> str:
    """``clean_stored`` as it was written before its fast path: the reference it must match."""
    from mentortui.core import safetext

    value = safetext._SURROGATE.sub("\ufffd", text)
    value = safetext._ESCAPE_SEQUENCE.sub("", value)
    return safetext._STORED_UNSAFE.sub("", value)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(st.characters(max_codepoint=0x2FFF, exclude_categories=()), max_size=6)), max_size=12))
def test_clean_stored_cleans_exactly_what_the_three_passes_clean(pieces):
    from mentortui.core.safetext import clean_stored

    text = "".join(pieces)
    assert clean_stored(text) == _three_passes(text)


def test_clean_stored_keeps_plain_text_as_it_is():
    from mentortui.core.safetext import clean_stored

    for text in ["A goal", "two\nlines\tand a tab", "réunion\u00a0: «\u00a0x\u00a0»", "\u202eright to left", ""]:
        assert clean_stored(text) == text
    for text in HOSTILE_PIECES:
        assert clean_stored("a" + text + "b") == _three_passes("a" + text + "b")
