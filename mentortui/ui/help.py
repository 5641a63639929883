"""The help screen: every key of the screen beneath it, read from its live bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from mentortui.core.i18n import NC_, _
from mentortui.core.safetext import safe
from mentortui.ui.base import DIALOG_CSS, KeysFooter, Localized


def key_rows(screen: Screen) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(this screen's keys, keys that work everywhere), as (keys, what they do)."""
    app = screen.app
    here: dict[str, list[str]] = {}
    everywhere: dict[str, list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        # Ours all have ids; widgets' built-in keys (scrolling, copy) are left to the widgets.
        if not binding.description or not binding.id:
            continue
        group = everywhere if active.node is app else here
        group.setdefault(binding.description, []).append(app.get_key_display(binding))
    return (
        [(" / ".join(keys), what) for what, keys in here.items()],
        [(" / ".join(keys), what) for what, keys in everywhere.items()],
    )


class HelpScreen(Localized, ModalScreen[None]):

    CSS_PATH = DIALOG_CSS
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", NC_("dialog", "Close"), id="help.close")]

    def __init__(self, screen: Screen, intro: str = "") -> None:
        super().__init__()
        self.under = screen
        self.intro = intro

    def compose(self) -> ComposeResult:
        here, everywhere = key_rows(self.under)
        with Vertical(classes="dialog help"):
            yield Label(safe(_("Keys")), classes="form-title")
            with VerticalScroll():
                if self.intro:
                    yield Static(safe(self.intro), classes="help-intro")
                yield Static(self._table(_("On this screen"), here), id="help-screen-keys")
                yield Static(self._table(_("Everywhere"), everywhere), id="help-global-keys")
        yield KeysFooter()

    @staticmethod
    def _table(title: str, rows: list[tuple[str, str]]) -> Table:
        table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for keys, what in rows:
            table.add_row(Text(keys), Text(what))
        return table
