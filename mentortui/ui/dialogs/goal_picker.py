"""Pick the goal an agenda item or action is about."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from mentortui.core.i18n import NC_, _
from mentortui.core.safetext import safe
from mentortui.data.model import Goal
from mentortui.ui.base import DIALOG_CSS, KeysFooter, Localized


class GoalPicker(Localized, ModalScreen[int | None]):
    """Pick the goal an agenda item or action is about: its id, 0 for none, None to cancel."""

    CSS_PATH = DIALOG_CSS
    BINDINGS = [Binding("escape", "dismiss", NC_("dialog", "Close"), id="meetings.goal-picker.close")]

    def __init__(self, goals: list[tuple[Goal, int]], current: int | None) -> None:
        super().__init__()
        self.goals = goals
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(Text(_("No goal"), style="italic"), id="0")]
        for goal, depth in self.goals:
            options.append(Option(Text("  " * depth) + safe(goal.title, single_line=True), id=str(goal.id)))
        with Vertical(classes="dialog switcher"):
            yield Label(safe(_("Link to a goal")), classes="form-title")
            yield OptionList(*options, id="goal-choices")
        yield KeysFooter()

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        ids = [0] + [goal.id for goal, _depth in self.goals]
        choices.highlighted = ids.index(self.current) if self.current in ids else 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))
