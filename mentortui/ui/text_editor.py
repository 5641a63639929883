"""The multi-line editor that holds only terminal-safe text (see ``mentortui.ui.editors``), apart
so that loading a one-line editor does not load Textual's TextArea."""

from __future__ import annotations

from textual.document._document import EditResult
from textual.document._edit import Edit
from textual.widgets import TextArea

from mentortui.core.safetext import clean


class SafeTextArea(TextArea):
    """A TextArea whose document only ever holds clean text (newlines and tabs kept)."""

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(clean(text), **kwargs)

    def load_text(self, text: str) -> None:  # also behind ``text = ...``
        super().load_text(clean(text))

    def edit(self, edit: Edit) -> EditResult:  # behind typing, paste, insert, replace
        edit.text = clean(edit.text)
        return super().edit(edit)
