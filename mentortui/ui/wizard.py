"""The first run's form in steps: ``WizardScreen`` pages through ``Step``s of fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from mentortui.core.i18n import _
from mentortui.core.safetext import safe
from mentortui.ui.textual_words import ChoiceList
from mentortui.ui.base import DIALOG_CSS, KeysFooter, Localized
from mentortui.ui.forms import Field, FieldsMixin, FieldsScroll, _show, _shown


@dataclass
class Step:
    """One page of a WizardScreen. ``title`` is a message id; ``intro`` one too, or a function
    of the values typed so far that returns the text to show (in the current language)."""

    title: str
    intro: str | Callable[[dict[str, Any]], str]
    fields: list[Field]


class StepSelect(ChoiceList):
    """A choice in a step: up/down change it in place and space opens the list, so that
    enter goes on, as on every other field of the wizard."""

    BINDINGS = [
        Binding("up", "choose(-1)", show=False),
        Binding("down", "choose(1)", show=False),
        Binding("enter", "screen.go_on", show=False),
    ]

    def __init__(self, options: Iterable[tuple[Any, Any]], **kwargs: Any) -> None:
        options = list(options)
        super().__init__(options, **kwargs)
        self.choices = ([] if kwargs.get("allow_blank", True) is False else [Select.NULL]) + [
            choice for _label, choice in options]

    def action_choose(self, delta: int) -> None:
        index = self.choices.index(self.value) if self.value in self.choices else -delta
        self.value = self.choices[(index + delta) % len(self.choices)]


class StepSelectionList(SelectionList[Any]):
    """Ticks in a step: space ticks, enter goes on (a plain SelectionList ticks with both)."""

    BINDINGS = [Binding("enter", "screen.go_on", show=False)]


class LeaveQuestion(Localized, ModalScreen[str | None]):
    """Quitting while the welcome holds typed text: "save" it, "discard" it, or keep
    editing (None)."""

    CSS_PATH = DIALOG_CSS

    BINDINGS = [
        Binding("s", "answer('save')", "Save what you typed", id="leave.save"),
        Binding("d", "answer('discard')", "Discard", id="leave.discard"),
        Binding("escape", "answer(None)", "Keep editing", id="leave.keep"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(safe(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(_("Save what you typed"), variant="primary", id="save", compact=True)
                yield Button(_("Discard"), id="discard", compact=True)
                yield Button(_("Keep editing"), id="keep", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "keep" else event.button.id)


class WizardScreen(FieldsMixin, Localized, Screen[Any]):
    """A full-screen form in steps (the first run). Each step is drawn the first time it is
    reached, so the first frame holds only the first step's few fields.

    ``enter`` moves down a step's fields, then on to the next step (on the last, it saves);
    ``ctrl+n`` checks the step and goes on; ``escape`` / ``ctrl+b`` go back, keeping everything
    typed; on the first step ``escape`` leaves ("later", asking before discarding what was
    typed); ``ctrl+s`` saves from any step, the steps not reached keeping their defaults.
    ``summary(values)``, if given, says on the last step what saving keeps and leaves empty.
    """

    BINDINGS = [
        Binding("ctrl+n", "step(1)", "Next step", id="wizard.next", priority=True),
        Binding("ctrl+b", "step(-1)", "Previous step", id="wizard.previous", priority=True, show=False),
        Binding("escape", "step(-1)", "Back", id="wizard.back"),
        Binding("escape", "cancel", "Later", id="wizard.later"),
        Binding("ctrl+s", "save", "Save", id="wizard.save", priority=True),
    ]

    choice_widget = StepSelect
    ticks_widget = StepSelectionList

    def __init__(
        self, title: str, steps: list[Step], values: dict[str, Any] | None = None,
        *, on_save: Callable[[dict[str, Any]], Any], summary: Callable[[dict[str, Any]], str] | None = None,
    ) -> None:
        super().__init__([spec for step in steps for spec in step.fields], values, on_save=on_save)
        self.title_text = title
        self.steps = steps
        self.summary = summary
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
            if self.summary is not None and index == len(self.steps) - 1:
                await self.query_one(".wizard").mount(Static(id="wizard-summary", classes="wizard-summary"))
        self._show_step(index, focus)
        self.refresh_bindings()

    def _show_step(self, index: int, focus: Field | None = None) -> None:
        step = self.steps[index]
        self.current = index
        self.query_one("#wizard-step", Static).update(safe(_(
            "Step {number} of {count} · {title}", number=index + 1, count=len(self.steps), title=_(step.title))))
        intro = step.intro(self._raw_values()) if callable(step.intro) else _(step.intro)
        self.query_one("#wizard-intro", Static).update(safe(intro))
        for fields in self.query(".form-fields"):
            fields.display = fields.id == f"step-{index}"
        if summary := self._drawn("wizard-summary"):
            assert isinstance(summary, Static) and self.summary is not None
            _show(summary, self.summary(self.readable_values()[0]) if index == len(self.steps) - 1 else "")
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
        self.action_go_on()

    def action_go_on(self) -> None:
        """enter: down the step, then on to the next one (or save, on the last)."""
        fields = self.steps[self.current].fields
        if self.focused is None or self._spec_of(self.focused) is not fields[-1]:
            self.focus_next()
        elif self.current + 1 < len(self.steps):
            self.call_later(self.action_step, 1)
        else:
            self.action_save()

    # ---- leaving the app while the welcome is open ----------------------------------------

    def readable_values(self) -> tuple[dict[str, Any], list[Field]]:
        """Every field's value as far as it can be read, and the fields whose typed text
        can't be: each is left empty, or keeps its default if required (None if it has none)."""
        values: dict[str, Any] = {}
        unreadable = []
        for spec in self.fields:
            try:
                values[spec.name] = self._parse(spec, self._raw(spec))
            except ValueError:
                if str(self._raw(spec) or "").strip():
                    unreadable.append(spec)
                try:
                    values[spec.name] = self._parse(spec, self.initial.get(spec.name) if spec.required else None)
                except ValueError:
                    values[spec.name] = None
        return values, unreadable

    def quit_app(self) -> None:
        """Quit; with something typed, ask first: save it, discard it, or keep editing."""
        while self.app.screen is not self:  # a question or the keys over the welcome give way to this one
            self.app.pop_screen()
        if self._raw_values() == self._typed:
            self.app.exit()
            return
        question = _("You have not saved this yet. Quit anyway?")
        if unreadable := self.readable_values()[1]:
            question += "\n" + _("What can't be read is not saved: {fields}.",
                                 fields=", ".join(_(spec.label) for spec in unreadable))
        self.app.push_screen(LeaveQuestion(question), self._leave_answered)

    def _leave_answered(self, answer: str | None) -> None:
        if answer == "discard" or (answer == "save" and self._save_readable()):
            self.app.exit()

    def _save_readable(self) -> bool:
        """Save what can be read (True); with a required field missing, say so and stay."""
        values, _unreadable = self.readable_values()
        if missing := [spec for spec in self.fields if spec.required and values[spec.name] is None]:
            self.read(missing)  # says why under the field, and shows it
            if str(self._raw(missing[0]) or "").strip():  # typed, but not as it can be kept (too long…)
                message = _("Nothing saved yet: “{field}” can't be saved as typed. Fix it, or quit and discard.",
                            field=_(missing[0].label))
            else:
                message = _("Nothing saved yet: “{field}” is needed. Type it, or quit and discard.",
                            field=_(missing[0].label))
            self._set_error(None, message)
            return False
        return self.save(values)
