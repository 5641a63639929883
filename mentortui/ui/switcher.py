"""Choose the relationship to work on."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from mentortui.data.model import Relationship
from mentortui.core.i18n import NC_, _
from mentortui.core.safetext import clean, safe
from mentortui.ui.base import DIALOG_CSS, KeysFooter, Localized
from mentortui.ui.labels import role_label, status_label


def describe(relationship: Relationship) -> Text:
    text = Text(clean(relationship.partner, single_line=True), style="bold")
    text.append("  " + _("you are the {role}", role=role_label(relationship.role)) + " · " + status_label(relationship))
    return text


class SwitcherScreen(Localized, ModalScreen[int | None]):
    """Lists every relationship; ``enter`` picks one, ``a`` adds a new one."""

    CSS_PATH = DIALOG_CSS

    BINDINGS = [
        Binding("escape", "dismiss", NC_("dialog", "Close"), id="switcher.close"),
        Binding("a", "add", "Add relationship", id="switcher.add"),
    ]

    def __init__(self, relationships: list[Relationship], active: int | None) -> None:
        super().__init__()
        self.relationships = relationships
        self.active = active

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog switcher"):
            yield Label(safe(_("Switch relationship")), classes="form-title")
            yield OptionList(*[Option(describe(r), id=str(r.id)) for r in self.relationships], id="relationships")
        yield KeysFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [r.id for r in self.relationships]
        if self.active in ids:
            options.highlighted = ids.index(self.active)
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_add(self) -> None:
        self.dismiss(-1)
