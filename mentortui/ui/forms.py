"""Reusable dialogs: a form (``ctrl+s`` saves, ``escape`` cancels) and a yes/no confirmation.

A form never loses what was typed: a value that can't be read, or a save the database
refuses, shows a message under the field (or at the top) and the form stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.events import DescendantFocus, Resize
from textual.geometry import Region, Size
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from mentortui.data.db import SQLiteError
from mentortui.data.model import ValidationError
from mentortui.data.store import NotFound
from mentortui.core.i18n import N_, _, plural
from mentortui.core.files import TargetExists, UnsafeTarget
from mentortui.core.safetext import clean, safe
from mentortui.ui.base import DIALOG_CSS, KeysFooter, Localized
from mentortui.ui.editors import SafeInput
from mentortui.ui.textual_words import ChoiceList

if TYPE_CHECKING:
    from textual.widgets import TextArea

Parser = Callable[[str], Any]


@dataclass
class Field:
    """One field of a form. ``label``, ``help`` and choice labels are message ids."""

    name: str
    label: str
    kind: str = "text"  # text | area | choice | multi
    required: bool = False
    # (value, label) for choice / multi: a label is a message id, or a rich Text for user text.
    choices: tuple[tuple[str, str | Text], ...] = ()
    help: str = ""
    placeholder: str = ""
    # Turns what was typed into the stored value; raises ValueError with a user-facing
    # message. ``preview`` says what the typed text will be read as (e.g. a date).
    parse: Parser | None = None
    preview: Callable[[Any], str] | None = None
    max_length: int = 0
    extra: dict = field(default_factory=dict)


def _choice_label(label: str | Text) -> Text:
    """A choice's label as literal text: a message id (translated) or user text (as is)."""
    return label if isinstance(label, Text) else safe(_(label), single_line=True)


def _shown(widget: Static, text: str) -> Static:
    """A message line takes room only while it has something to say."""
    widget.display = bool(text)
    return widget


def _show(widget: Static, text: str) -> None:
    widget.update(safe(text))
    _shown(widget, text)


def _too_long(spec: Field, text: str) -> str:
    """What to say when ``text`` is over the field's limit ("" when it fits)."""
    if spec.max_length and len(text) > spec.max_length:
        return _("Too long: {length} characters; the limit is {limit}. Shorten it to save.",
                 length=len(text), limit=spec.max_length)
    return ""


class FieldsScroll(VerticalScroll, can_focus=False):
    """A form's fields, scrolled to the one being edited. Not a tab stop itself: tab goes
    from field to field."""

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        # Fields grew (an error line appeared, a preview got longer): now that they are laid
        # out, bring the focused field back whole into view.
        if new.height > old.height and isinstance(self.screen, FieldsMixin):
            self.screen.call_after_refresh(self.screen._keep_focused_in_view)


class FormError(Exception):
    """Raised by a form's save callback: a message for the field (or the form if None)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def written_to_path_field(write: Callable[[], Any]) -> Any:
    """Run ``write`` (which writes the file the form's "path" field names, mentortui.core.files):
    a file that cannot be written is that field's error."""
    try:
        return write()
    except TargetExists:
        raise FormError(_("That file exists already: choose another name."), "path") from None
    except UnsafeTarget as error:
        raise FormError(clean(str(error)), "path") from None
    except OSError as error:
        raise FormError(_("Could not write the file ({error}).", error=error.strerror or error), "path") from None


class ConfirmScreen(Localized, ModalScreen[bool]):
    """Ask a yes/no question: ``y``/``enter`` answer yes (True), ``n`` no (False);
    ``escape`` cancels (None), which callers treat as "do nothing"."""

    CSS_PATH = DIALOG_CSS

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(None)", "Cancel", id="confirm.cancel"),
    ]

    def __init__(self, question: str, *, yes: str = "", no: str = "") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes or _("Yes")
        self.no_label = no or _("No")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(safe(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes_label, variant="primary", id="yes", compact=True)
                yield Button(self.no_label, id="no", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_answer(self, answer: bool | None) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class FieldsMixin:
    """What a form dialog and the first-run wizard share: fields drawn as label, input, hint
    (or what the typed text will be read as) and error; reading them with inline errors;
    saving through ``on_save`` and closing with its result.

    A mixin rather than a Screen: Textual's styles follow a screen's first base class only,
    and a form must stay a ModalScreen to be drawn as a dialog over the screen below. (So its
    handlers are found by name: ``@on`` is not seen on a class that is not a widget.)

    ``on_save(values)`` does the write and returns the screen's result; it may raise
    FormError / ValidationError (shown inline) — the screen then stays open with every
    value as typed.
    """

    def __init__(
        self,
        fields: list[Field],
        values: dict[str, Any] | None = None,
        *,
        on_save: Callable[[dict[str, Any]], Any],
        field_names: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.fields = fields
        self.initial = values or {}
        self.on_save = on_save
        # Data-layer field name -> form field name, for errors raised by the store.
        self.field_names = field_names or {}

    # The widgets of a choice and of ticks (the wizard's let enter go on).
    choice_widget: type[Select] = ChoiceList
    ticks_widget: type[SelectionList] = SelectionList

    # ---- building ---------------------------------------------------------------------

    def field_rows(self, fields: list[Field]) -> ComposeResult:
        for spec in fields:
            yield Label(safe(_(spec.label) + (" *" if spec.required else "")), id=f"label-{spec.name}",
                        classes="field-label")
            yield self._input_for(spec)
            hint = _(spec.help) if spec.help else ""
            yield _shown(Static(safe(hint), id=f"hint-{spec.name}", classes="hint"), hint)
            yield _shown(Static("", id=f"error-{spec.name}", classes="error"), "")

    def _input_for(self, spec: Field) -> Widget:
        value = self.initial.get(spec.name)
        widget_id = f"field-{spec.name}"
        if spec.kind == "area":
            from mentortui.ui.text_editor import SafeTextArea  # with TextArea: only forms that have one

            area = SafeTextArea(str(value or ""), id=widget_id, soft_wrap=True, tab_behavior="focus", compact=True)
            area.show_line_numbers = False
            return area
        if spec.kind == "choice":
            options = [(_choice_label(label), choice) for choice, label in spec.choices]
            return self.choice_widget(
                options,
                value=value if value is not None else Select.NULL,
                allow_blank=not spec.required,
                id=widget_id,
                compact=True,
            )
        if spec.kind == "multi":
            chosen = set(value or ())
            return self.ticks_widget(
                *[Selection(_choice_label(label), choice, choice in chosen) for choice, label in spec.choices],
                id=widget_id,
            )
        return SafeInput(
            value=str(value or ""),
            placeholder=_(spec.placeholder) if spec.placeholder else "",
            id=widget_id,
            # No widget max_length: it would refuse a long paste whole, with only a bell.
            # The form keeps everything and says how much is too long (see ``_too_long``).
            compact=True,
        )

    def show_previews(self, fields: list[Field]) -> None:
        for spec in fields:
            if spec.preview and spec.kind == "text":
                self._show_preview(spec)

    # ---- reading values ---------------------------------------------------------------

    def _drawn(self, widget_id: str) -> Widget | None:
        """The widget with ``widget_id``, or None while it is not drawn (a step not reached)."""
        try:
            return self.get_widget_by_id(widget_id)
        except NoMatches:
            return None

    def _raw(self, spec: Field) -> Any:
        """What the field holds as typed; its initial value while it is not on screen."""
        widget = self._drawn(f"field-{spec.name}")
        if widget is None:
            return self.initial.get(spec.name)
        if spec.kind == "area":
            return widget.text
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, SelectionList):
            return [choice for choice, _label in spec.choices if choice in widget.selected]
        return widget.value  # Input

    def _raw_values(self) -> dict[str, Any]:
        return {spec.name: self._raw(spec) for spec in self.fields}

    def _parse(self, spec: Field, raw: Any) -> Any:
        if isinstance(raw, str):
            if spec.kind != "area":
                raw = raw.strip()
            if message := _too_long(spec, raw):
                raise ValueError(message)
            if not raw.strip():
                if spec.required:
                    raise ValueError(_("Required."))
                return None if spec.parse else ""
        elif raw is None and spec.required:
            raise ValueError(_("Required."))
        return spec.parse(raw) if spec.parse and raw not in (None, "") else raw

    def read(self, fields: list[Field]) -> dict[str, Any] | None:
        """The values of ``fields``; None when one can't be read: its message shows under
        it, the first such field takes the focus and the top of the form says how many
        fields need attention (until they are fixed)."""
        values: dict[str, Any] = {}
        first_bad: Field | None = None
        self.save_tried = True
        for spec in fields:
            self._set_error(spec.name, "")
            try:
                values[spec.name] = self._parse(spec, self._raw(spec))
            except ValueError as error:
                self._set_error(spec.name, str(error))
                first_bad = first_bad or spec
        self._set_error(None, "")
        self._show_attention()
        if first_bad is not None:
            self.show_field(first_bad)
            return None
        return values

    def show_field(self, spec: Field) -> None:
        """Bring field ``spec`` into view and focus it (if the form is still there: a key
        pressed while the app closes may find its widgets gone)."""
        widget = self._drawn(f"field-{spec.name}")
        if widget is not None:
            widget.focus()
            # Already focused, it gets no focus event: scroll here too, once its error is laid out.
            self.call_after_refresh(self.keep_in_view, spec)

    # ---- keeping the focused field in view --------------------------------------------

    def keep_in_view(self, spec: Field) -> None:
        """Scroll the form so that field ``spec`` shows whole: label, input, preview or hint,
        and error. A field taller than the form shows its input (a list keeps its cursor
        line in view itself) and as much below as fits."""
        widget = self._drawn(f"field-{spec.name}")
        scroll = widget.parent if widget is not None else None
        if not isinstance(scroll, FieldsScroll) or not widget.display:
            return
        rows = [row for part in ("label", "field", "hint", "error")
                if (row := self._drawn(f"{part}-{spec.name}")) is not None and row.display]
        # A line shown by this keystroke (an error) has no place until the next layout: it
        # is left out now, and the form is scrolled again once its fields have grown.
        shown = [row.virtual_region_with_margin for row in rows if row.virtual_region.height]
        if not shown:  # not laid out yet (a step being drawn): scrolled once it is
            return
        whole = Region.from_union(shown)
        if whole.height > scroll.scrollable_content_region.height:
            whole = widget.virtual_region
        scroll.scroll_to_region(whole, animate=False, immediate=True)

    def _field_holding(self, widget: Widget | None) -> Field | None:
        """The field whose input is ``widget`` or holds it (a Select's open list)."""
        node = widget
        while node is not None and node is not self:
            if spec := self._spec_of(node):
                return spec
            node = node.parent
        return None

    def _keep_focused_in_view(self) -> None:
        if (spec := self._field_holding(self.focused)) is not None:
            self.keep_in_view(spec)

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        # A field is scrolled to by the form (``keep_in_view``): Textual's own scroll,
        # animated and centred on the input alone, would end after it and hide the field's
        # label or error line.
        scroll_visible = scroll_visible and self._field_holding(widget) is None
        super().set_focus(widget, scroll_visible=scroll_visible, from_app_focus=from_app_focus)  # type: ignore[misc]

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self.call_after_refresh(self._keep_focused_in_view)

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._keep_focused_in_view)

    def on_selection_list_selection_highlighted(self, event: SelectionList.SelectionHighlighted) -> None:
        # Moving through a list of boxes (the rubric) keeps the list, and its cursor, in view.
        self.call_after_refresh(self._keep_focused_in_view)

    def _show_preview(self, spec: Field) -> None:
        hint = self.query_one(f"#hint-{spec.name}", Static)
        raw = self._raw(spec)
        base = _(spec.help) if spec.help else ""
        if not raw or not str(raw).strip():
            _show(hint, base)
            return
        try:
            value = self._parse(spec, raw)
        except ValueError:
            _show(hint, base)
            return
        _show(hint, "→ " + spec.preview(value) if value is not None else base)

    def on_input_changed(self, event: Input.Changed) -> None:
        spec = self._spec_of(event.input)
        if spec is None:
            return
        self._check_as_typed(spec)
        if spec.preview:
            self._show_preview(spec)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if (spec := self._spec_of(event.text_area)) is not None:
            self._check_as_typed(spec)

    def on_select_changed(self, event: Select.Changed) -> None:
        if (spec := self._spec_of(event.select)) is not None:
            self._check_as_typed(spec)

    # Set once the fields were checked (a save, or the wizard's next step): from then on an
    # emptied required field says so at once, and the top of the form counts the fields
    # that need attention.
    save_tried = False

    def _check_as_typed(self, spec: Field) -> None:
        """Say under the field, as it is typed, what keeps it from being read (too long, not
        a date…), and keep that message in view."""
        raw = self._raw(spec)
        try:
            self._parse(spec, raw)
            message = ""
        except ValueError as error:
            blank = raw is None or (isinstance(raw, str) and not raw.strip())
            message = "" if blank and not self.save_tried else str(error)
        self._set_error(spec.name, message)
        self._show_attention()
        self.call_after_refresh(self._keep_focused_in_view)

    def _spec_of(self, widget: Widget) -> Field | None:
        name = (widget.id or "").removeprefix("field-")
        return next((spec for spec in self.fields if spec.name == name), None)

    # ---- saving -----------------------------------------------------------------------

    def _set_error(self, name: str | None, message: str) -> None:
        line = self._drawn("form-error" if name is None else f"error-{name}")
        if isinstance(line, Static):
            _show(line, message)

    def _show_attention(self) -> None:
        """Once a save was tried, say at the top which fields still show an error."""
        if not self.save_tried:
            return
        names = [_(spec.label) for spec in self.fields
                 if (line := self._drawn(f"error-{spec.name}")) is not None and line.display]
        count = (plural(len(names), N_("{n} field needs attention: {fields}"),
                        N_("{n} fields need attention: {fields}"), fields=", ".join(names)) if names else "")
        line = self._drawn("form-attention")
        if isinstance(line, Static):
            _show(line, count)

    def save(self, values: dict[str, Any]) -> bool:
        """Write ``values`` through ``on_save`` and close with its result (True); on an error,
        say what went wrong and stay open with everything as typed (False)."""
        try:
            result = self.on_save(values)
        except ValidationError as error:
            self._show_save_error(self.field_names.get(error.field, error.field), error.message)
            return False
        except FormError as error:
            self._show_save_error(error.field, str(error))
            return False
        except NotFound:
            self._set_error(None, _("This item was deleted elsewhere (another window?). Nothing was saved; "
                                    "your text is still here to copy."))
            return False
        except SQLiteError as error:
            # The write was rolled back; the form keeps everything that was typed.
            self._set_error(None, _("Could not save ({error}). Nothing was saved; your text is still here.", error=error))
            return False
        self.dismiss(result)
        return True

    def _show_save_error(self, name: str | None, message: str) -> None:
        spec = next((spec for spec in self.fields if spec.name == name), None)
        if spec is None:
            self._set_error(None, message)
            return
        self._set_error(name, message)
        self._show_attention()
        self.show_field(spec)

    def action_save(self) -> None:
        values = self.read(self.fields)
        if values is not None:
            self.save(values)

    # What the fields held when the screen opened (set on mount): leaving asks before
    # discarding anything typed since.
    _typed: dict[str, Any]

    def action_cancel(self) -> None:
        if self._raw_values() == self._typed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(_("Discard what you typed?"), yes=_("Discard"), no=_("Keep editing")), answered
        )


class FormScreen(FieldsMixin, Localized, ModalScreen[Any]):
    """A form over the current screen: ``ctrl+s`` saves, ``escape`` cancels (asking before
    discarding typed text). With ``only_changed``, ``on_save`` gets only the fields the user
    changed, so a change another instance made meanwhile to the others is not overwritten.
    ``ask_first(values)`` may return a question (a date in the past, a slot already taken):
    it is asked before saving, and "no" leaves the form open as typed."""

    CSS_PATH = DIALOG_CSS

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("f1", "app.help", "Help", id="form.help"),
    ]

    def __init__(
        self,
        title: str,
        fields: list[Field],
        values: dict[str, Any] | None = None,
        *,
        on_save: Callable[[dict[str, Any]], Any],
        intro: str = "",
        field_names: dict[str, str] | None = None,
        only_changed: bool = False,
        ask_first: Callable[[dict[str, Any]], str | None] | None = None,
    ) -> None:
        super().__init__(fields, values, on_save=on_save, field_names=field_names)
        self.title_text = title
        self.intro = intro
        self.only_changed = only_changed
        self.ask_first = ask_first

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            with Vertical(classes="form-head"):
                yield Label(safe(self.title_text), classes="form-title")
                if self.intro:
                    yield Static(safe(self.intro), classes="form-intro")
                yield _shown(Static("", id="form-error", classes="error"), "")
                yield _shown(Static("", id="form-attention", classes="error"), "")
            with FieldsScroll(classes="form-fields"):
                yield from self.field_rows(self.fields)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show_field(self.fields[0])
        self._typed = self._raw_values()
        self.show_previews(self.fields)

    def action_save(self) -> None:
        values = self.read(self.fields)
        if values is None:
            return
        if self.only_changed:
            typed_now = self._raw_values()
            values = {name: value for name, value in values.items() if typed_now[name] != self._typed[name]}
        question = self.ask_first(values) if self.ask_first else None
        if question is None:
            self.save(values)
            return
        self.app.push_screen(ConfirmScreen(question, yes=_("Save"), no=_("Keep editing")),
                             lambda yes: self.save(values) if yes else None)
