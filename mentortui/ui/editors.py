"""Editors that hold only terminal-safe text: every Input and TextArea of the app is one of these
(``SafeInput`` here, ``SafeTextArea`` in ``mentortui.ui.text_editor``, with Textual's TextArea).

An editor paints its value as it is, so a stored note holding ``ESC ] 52 ; …`` would reach
the terminal (and write the clipboard) when shown. These subclasses clean every way text gets
in — the constructor, ``load_text`` / ``text =`` / ``value =``, typing, ``insert``/``replace``
and paste — with ``safetext.clean``: escape sequences, control characters (tab and newline
kept in a TextArea) and bidi overrides are dropped, lone surrogates become U+FFFD.

A one-line editor never drops pasted text silently: a multi-line paste is joined with spaces
and says so in a notification.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from mentortui.core.i18n import _
from mentortui.core.safetext import clean


def line_breaks(text: str) -> str:
    """Pasted text with its line breaks as newlines: terminals (tmux, xterm…) paste them as
    carriage returns, which ``clean`` would drop, running the lines together."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class SafeInput(Input):
    """A one-line Input whose value is always clean, single-line text."""

    def validate_value(self, value: str) -> str:
        # Called by Textual for every assignment to ``value`` (constructor, typing, insert,
        # replace, paste and code alike).
        return clean(value, single_line=True)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input's own handler would insert the first line again
        lines = [line.strip() for line in clean(event.text).splitlines()]
        text = " ".join(line for line in lines if line)
        if not text:
            return
        if len(lines) > 1:
            self.notify(_("Line breaks were replaced by spaces: this field holds one line."), markup=False)
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)

    def restricted(self) -> None:
        # Textual only rings the bell when a ``max_length`` refuses text: say it instead.
        self.notify(_("This field holds at most {limit} characters.", limit=self.max_length), markup=False)
