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
