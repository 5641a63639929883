"""Textual's own words in the app's language: key names in footers and help, the command
palette's prompt, and a choice list's prompt and keys (Textual writes them in English)."""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from mentortui.core.i18n import N_, _
from mentortui.ui.base import localize_bindings

# The keys Textual names with a word ("space", "esc"); the others are a letter or a sign.
KEY_WORDS = {
    "space": N_("space"),
    "esc": N_("esc"),
    "del": N_("del"),
    "home": N_("home"),
    "end": N_("end"),
    "pgup": N_("pgup"),
    "pgdn": N_("pgdn"),
    "insert": N_("insert"),
    "shift": N_("shift"),
}

# The description of Textual's own key in an open choice list, translated per instance.
SELECT_OVERLAY_WORDS = (N_("Dismiss menu"),)


def key_display(display: str) -> str:
    """Textual's display of a key ("space", "shift+tab", "^z") with its words translated."""
    return "+".join(_(KEY_WORDS[token]) if token in KEY_WORDS else token for token in display.split("+"))


def command_palette() -> CommandPalette:
    """The command palette, asking in the app's language."""
    return CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))


class ChoiceList(Select[Any]):
    """A Select whose blank prompt and open-list key speak the app's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prompt", _("Choose"))
        super().__init__(*args, **kwargs)

    def on_mount(self) -> None:
        localize_bindings(self.query_one(SelectOverlay))
