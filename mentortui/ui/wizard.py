"""The first run's form in steps: ``WizardScreen`` pages through ``Step``s of fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from mentortui.core.i18n import _
from mentortui.core.safetext import safe
from mentortui.ui.base import KeysFooter, Localized
from mentortui.ui.forms import Field, FieldsMixin, FieldsScroll, _shown


@dataclass
class Step:
    """One page of a WizardScreen. ``title`` and ``intro`` are message ids."""

    title: str
    intro: str
    fields: list[Field]


class WizardScreen(FieldsMixin, Localized, Screen[Any]):
    """A full-screen form in steps (the first run). Each step is drawn the first time it is
    reached, so the first frame holds only the first step's few fields.

    ``ctrl+n`` (or ``enter`` on a step's last line) checks the step and goes on; ``escape`` /
    ``ctrl+b`` go back, keeping everything typed; on the first step ``escape`` leaves ("later",
    asking before discarding what was typed); ``ctrl+s`` saves from any step, the steps not
    reached keeping their defaults.
    """

    BINDINGS = [
        Binding("ctrl+n", "step(1)", "Next step", id="wizard.next", priority=True),
        Binding("ctrl+b", "step(-1)", "Previous step", id="wizard.previous", priority=True, show=False),
        Binding("escape", "step(-1)", "Back", id="wizard.back"),
        Binding("escape", "cancel", "Later", id="wizard.later"),
        Binding("ctrl+s", "save", "Save", id="wizard.save", priority=True),
    ]

    def __init__(
        self, title: str, steps: list[Step], values: dict[str, Any] | None = None,
        *, on_save: Callable[[dict[str, Any]], Any],
    ) -> None:
        super().__init__([spec for step in steps for spec in step.fields], values, on_save=on_save)
        self.title_text = title
        self.steps = steps
        self.current = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="wizard form"):
            yield Label(safe(self.title_text), classes="form-title")
            yield Static(id="wizard-step", classes="wizard-step")
            yield Static(id="wizard-intro", classes="form-intro")
            yield _shown(Static("", id="form-error", classes="error"), "")
            with FieldsScroll(id="step-0", classes="form-fields"):
                yield from self.field_rows(self.steps[0].fields)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._show_step(0)
        self._typed = self._raw_values()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step":
            return 0 <= self.current + int(parameters[0]) < len(self.steps)  # type: ignore[call-overload]
        if action == "cancel":  # escape: back, or on the first step, leave
            return self.current == 0
        return True

    async def action_step(self, delta: int) -> None:
        target = self.current + delta
        if not 0 <= target < len(self.steps):
            return
        if delta > 0 and self.read(self.steps[self.current].fields) is None:
            return
        await self._go_to(target)

    async def _go_to(self, index: int, focus: Field | None = None) -> None:
        """Show step ``index``, drawing it the first time it is reached."""
        step = self.steps[index]
        if self._drawn(f"step-{index}") is None:
            await self.query_one(".wizard").mount(
                FieldsScroll(*self.field_rows(step.fields), id=f"step-{index}", classes="form-fields"))
        self._show_step(index, focus)
        self.refresh_bindings()

    def _show_step(self, index: int, focus: Field | None = None) -> None:
        step = self.steps[index]
        self.current = index
        self.query_one("#wizard-step", Static).update(safe(_(
            "Step {number} of {count} · {title}", number=index + 1, count=len(self.steps), title=_(step.title))))
        self.query_one("#wizard-intro", Static).update(safe(_(step.intro)))
        for fields in self.query(".form-fields"):
            fields.display = fields.id == f"step-{index}"
        self.show_previews(step.fields)
        # Focus at once (not after the next refresh, as focus() does), so the footer's keys
        # are drawn once, for the focused field.
        self.set_focus(self.query_one(f"#field-{(focus or step.fields[0]).name}"))

    def show_field(self, spec: Field) -> None:
        index = next(i for i, step in enumerate(self.steps) if spec in step.fields)
        if index == self.current:
            super().show_field(spec)
        else:
            self.call_later(self._go_to, index, spec)

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        # enter moves down the step, then on to the next one (or saves, on the last).
        fields = self.steps[self.current].fields
        if self._spec_of(event.input) is not fields[-1]:
            self.focus_next()
        elif self.current + 1 < len(self.steps):
            self.call_later(self.action_step, 1)
        else:
            self.action_save()
