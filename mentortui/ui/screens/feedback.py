"""Screen 5, Feedback: the log of feedback given and received, gratitude, progress updates.

The guide asks the mentor for honest feedback that names the main things to improve
without shaming (a rubric to tick, as a mirror), and the mentee to try the advice and
say what came of it (advice → tried → result), to report progress, and to say thanks.

The log can hold 100,000 entries: the table holds one window of rows read from SQL and
refills it as the cursor moves (``WindowedTable``); the status line says where you are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.numbers import format_decimal
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Header, Input, Select, Static

from mentortui.data import feedback as log
from mentortui.data.feedback import DIRECTION_LABELS, KIND_LABELS, RUBRIC, LogFilter
from mentortui.data.model import DIRECTIONS, FEEDBACK_KINDS, Feedback, Goal
from mentortui.core.files import TargetExists, UnsafeTarget, write_private
from mentortui.core.i18n import N_, _, format_date
from mentortui.core.safetext import clean, safe
from mentortui.core.text import one_line
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.editors import SafeInput
from mentortui.ui.forms import ConfirmScreen, DateReaders, Field, FormError, FormScreen

if TYPE_CHECKING:
    from mentortui.app import MentorApp

# Short words for the table's narrow columns (the forms use KIND_LABELS).
KIND_SHORT = {
    "advice": N_("advice"),
    "praise": N_("praise"),
    "constructive": N_("constructive"),
    "progress-update": N_("progress"),
    "thanks": N_("thanks"),
}
DIRECTION_CHOICES = (("given", N_("I gave it")), ("received", N_("I received it")))
KIND_CHOICES = tuple(KIND_LABELS.items())
TRIED_CHOICES = (("yes", N_("Yes, I tried it")), ("no", N_("No, I did not try it")))
GOAL_LABEL_WIDTH = 60
TALL_TEXT_LINES = 10  # the progress update's Markdown
GOAL_COLUMN_WIDTH = 20


def _one_line(text: str, width: int) -> Text:
    """User text on one line, cut to ``width`` cells with an ellipsis."""
    line = safe(text, single_line=True)
    line.truncate(max(1, width), overflow="ellipsis")
    return line


def goal_choices(goals: list[Goal]) -> tuple[tuple[int, Text], ...]:
    """The relationship's goals as (id, label) in tree order, indented by depth; labels are
    user text, so they are Rich Text (never markup, never looked up as a message)."""
    depth: dict[int, int] = {}
    choices = []
    for goal in goals:
        depth[goal.id] = depth[goal.parent_id] + 1 if goal.parent_id in depth else 0
        label = _one_line(goal.title, GOAL_LABEL_WIDTH - 2 * depth[goal.id])
        choices.append((goal.id, Text("  " * depth[goal.id]) + label))
    return tuple(choices)


# ---- the forms ---------------------------------------------------------------------------


class FeedbackForm(FormScreen):
    """A FormScreen that shows the rubric only for feedback given of kind constructive or
    advice, and whose goal list holds user text (shown literally)."""

    def _input_for(self, spec: Field) -> Widget:
        if spec.extra.get("user_choices"):
            value = self.initial.get(spec.name)
            return Select(
                [(label, choice) for choice, label in spec.choices],  # labels are Rich Text
                value=value if value is not None else Select.NULL,
                allow_blank=True,
                id=f"field-{spec.name}",
                compact=True,
            )
        widget = super()._input_for(spec)
        if spec.extra.get("tall"):
            # More than the forms' usual four lines (this screen's stylesheet doesn't reach dialogs).
            widget.styles.height = TALL_TEXT_LINES
        return widget

    def on_mount(self) -> None:
        super().on_mount()
        self._show_rubric_if_it_applies()

    def _chosen(self, name: str) -> Any:
        """The value of field ``name`` as it stands (its initial value if the form lacks it)."""
        spec = next((spec for spec in self.fields if spec.name == name), None)
        return self._raw(spec) if spec is not None else self.initial.get(name)

    def _show_rubric_if_it_applies(self) -> None:
        found = self.query("#field-rubric")
        if not found:
            return
        widget = found.first()
        shown = log.rubric_applies(self._chosen("direction"), self._chosen("kind"))
        siblings = list(widget.parent.children)
        label = siblings[siblings.index(widget) - 1]  # FormScreen puts each label just before its input
        label.display = widget.display = shown
        hint = self.query_one("#hint-rubric", Static)
        hint.display = shown

    @on(Select.Changed)
    def _kind_or_direction_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("field-direction", "field-kind"):
            self._show_rubric_if_it_applies()


def entry_form(
    app: MentorApp, relationship_id: int, entry: Feedback | None = None, *, thanks: bool = False,
    goal_id: int | None = None, then: Callable[[Feedback], None] | None = None,
) -> FormScreen:
    """Add (or edit) an entry; ``thanks`` opens a thank-you, text first; ``goal_id`` links a
    new entry to that goal; ``then(entry)`` runs inside the same change (e.g. the review's log)."""
    dates = DateReaders(app)
    goals = goal_choices(app.store.goals(relationship_id))
    text = Field("text", N_("What was said"), "area", required=True)
    fields = [
        Field("date", N_("Date"), required=True, parse=dates.date, preview=dates.show_date, placeholder=N_("today")),
        Field("direction", N_("Given or received"), "choice", required=True, choices=DIRECTION_CHOICES),
        Field("kind", N_("Kind"), "choice", required=True, choices=KIND_CHOICES),
        text,
        Field("goal_id", N_("Linked goal"), "choice", choices=goals, extra={"user_choices": True}),
        Field(
            "rubric",
            N_("Before you give it — is it…"),
            "multi",
            choices=RUBRIC,
            help=N_("A mirror, not a gate: space ticks what is true; nothing stops you saving."),
        ),
    ]
    if thanks:
        fields.remove(text)
        fields.insert(0, text)
    if entry is None:
        values: dict[str, Any] = {
            "date": _("today"),
            "direction": "given",
            "kind": "thanks" if thanks else ("constructive" if app.relationship.role == "mentor" else "advice"),
            "goal_id": goal_id,
        }
        if app.relationship.role == "mentee" and not thanks:
            values["direction"] = "received"
    else:
        values = {
            "date": entry.date.isoformat(),
            "direction": entry.direction,
            "kind": entry.kind,
            "text": entry.text,
            "goal_id": entry.goal_id,
            "rubric": entry.rubric,
        }

    def save(v: dict[str, Any]) -> int:
        # Ticks only mean something where the rubric was shown.
        stored = {**v, "rubric": v["rubric"] if log.rubric_applies(v["direction"], v["kind"]) else []}
        with app.store.change(N_("Log feedback") if entry is None else N_("Edit feedback")):
            saved = app.store.add_feedback(relationship_id, **stored) if entry is None else \
                app.store.update_feedback(entry.id, **stored)
            if then is not None:
                then(saved)
        return saved.id

    if thanks:
        title, intro = _("Say thanks"), _("Gratitude said along the way, not only at the end.")
    elif entry is None:
        title, intro = _("Log feedback"), _("Feedback you gave or received: advice, praise, constructive feedback.")
    else:
        title, intro = _("Edit feedback"), ""
    return FeedbackForm(title, fields, values, on_save=save, intro=intro)


def result_form(app: MentorApp, entry: Feedback, *, then: Callable[[Feedback], None] | None = None) -> FormScreen:
    """What came of a piece of advice: tried or not, what happened, when; ``then(entry)``
    runs inside the same change."""
    dates = DateReaders(app)
    fields = [
        Field("tried", N_("Did you try it?"), "choice", required=True, choices=TRIED_CHOICES),
        Field("result", N_("What happened"), "area", required=True,
              help=N_("Tell them what came of it: it is the best thanks for advice.")),
        Field("result_on", N_("When"), required=True, parse=dates.date, preview=dates.show_date),
    ]
    values = {
        "tried": "no" if entry.tried is False else "yes",
        "result": entry.result,
        "result_on": entry.result_on.isoformat() if entry.result_on else _("today"),
    }

    def save(v: dict[str, Any]) -> int:
        with app.store.change(N_("Record what came of the advice")):
            recorded = log.record_result(app.store, entry.id, tried=v["tried"] == "yes", result=v["result"],
                                         result_on=v["result_on"])
            if then is not None:
                then(recorded)
        return entry.id

    return FormScreen(
        _("What came of the advice?"),
        fields,
        values,
        on_save=save,
        intro=_("The advice: {text}", text=clean(entry.text, single_line=True)),
    )


class ProgressUpdateForm(FeedbackForm):
    """The progress update's form: saving over a file that exists asks first."""

    def save(self, values: dict[str, Any]) -> None:
        path = Path(values["path"]).expanduser()
        if values.get("replace") or not path.is_file() or path.is_symlink():
            super().save(values)  # a link or a folder is refused by the writer, with its reason
            return

        def answered(replace: bool | None) -> None:
            if replace:
                super(ProgressUpdateForm, self).save({**values, "replace": True})

        question = _("{path} exists. Replace it with this update?", path=clean(path, single_line=True))
        self.app.push_screen(ConfirmScreen(question, yes=_("Replace"), no=_("Keep it")), answered)


def progress_update_form(app: MentorApp, relationship_id: int) -> FormScreen:
    """A progress update composed from recent results and goals reached, saved in the log
    and written as Markdown to a file to send."""
    today = app.clock.today()
    dates = DateReaders(app)
    update = log.compose_progress_update(app.store, relationship_id, today, app.lang)
    fields = [
        Field("text", N_("The update (Markdown)"), "area", required=True, extra={"tall": True}),
        Field("path", N_("Save the Markdown to"), required=True,
              help=N_("Relative paths are from the folder you started mentortui in; a file already there is replaced only if you say so.")),
        Field("date", N_("Date"), required=True, parse=dates.date, preview=dates.show_date),
    ]
    values = {
        "text": update.markdown,
        "path": str(log.free_update_path(Path.cwd(), today)),
        "date": _("today"),
    }

    def save(v: dict[str, Any]) -> tuple[int, Path]:
        store = app.store
        with store.change(N_("Log a progress update")):
            entry = store.add_feedback(
                relationship_id, direction="given", kind="progress-update", text=v["text"], date=v["date"]
            )
            try:
                written = write_private(Path(v["path"]), v["text"], replace=v.get("replace", False))
            except TargetExists:
                raise FormError(_("That file exists already: choose another name."), "path") from None
            except UnsafeTarget as error:
                raise FormError(clean(str(error)), "path") from None
            except OSError as error:
                raise FormError(_("Could not write the file ({error}).", error=error.strerror or error), "path") from None
        return entry.id, written

    return ProgressUpdateForm(
        _("Progress update"),
        fields,
        values,
        on_save=save,
        intro=_("What came of their advice and the goals you reached since {date}. Edit it, then save: "
                "it is logged and written as Markdown, ready to send.", date=format_date(update.since, lang=app.lang)),
    )


def goal_filter_form(app: MentorApp, relationship_id: int, current: int | None) -> FormScreen:
    goals = goal_choices(app.store.goals(relationship_id))
    fields = [Field("goal_id", N_("Show the feedback linked to"), "choice", choices=goals, extra={"user_choices": True},
                    help=N_("Leave blank to show every goal's feedback."))]
    return FeedbackForm(_("Filter by goal"), fields, {"goal_id": current}, on_save=lambda v: v["goal_id"] or 0)


# ---- the windowed table ------------------------------------------------------------------


class WindowedTable(DataTable):
    """A DataTable over a long list that holds only a window of it.

    ``load(offset, limit)`` returns the rows' cells; the table asks for a new window when
    the cursor would leave the one it holds, keeping the cursor at the same height on
    screen, or when the mouse wheel scrolls past its edge, keeping the rows in view where
    they are; so moving through 100,000 rows feels like one list.
    """

    # Rows held at once: three screens' worth, so a refill is rare and cheap (DataTable
    # measures every cell it is given).
    MIN_WINDOW = 40

    def __init__(self, load: Callable[[int, int], list[tuple[Any, ...]]], **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self._load = load
        self.total = 0
        self.start = 0

    @property
    def window_size(self) -> int:
        return max(self.MIN_WINDOW, 3 * self.page_height())

    @property
    def position(self) -> int:
        """The cursor's place in the whole list (0-based)."""
        return self.start + self.cursor_row

    def show(self, total: int, position: int) -> None:
        """Show a (new) list of ``total`` rows with the cursor at ``position``."""
        self.total = total
        self.start = -1  # forces a refill
        self.go_to(position, keep_height=False)

    def go_to(self, position: int, *, keep_height: bool = True) -> None:
        if self.total == 0:
            self.start = 0
            self.clear()
            return
        position = max(0, min(position, self.total - 1))
        if self.start >= 0 and self.start <= position < self.start + self.row_count:
            self.move_cursor(row=position - self.start)
            return
        height_on_screen = self.cursor_row - round(self.scroll_y) if keep_height else None
        self._hold_from(position - self.window_size // 2)
        row = position - self.start
        self.move_cursor(row=row, scroll=height_on_screen is None)
        if height_on_screen is not None:
            self.call_after_refresh(self.scroll_to, y=max(0, row - height_on_screen), animate=False)

    def _hold_from(self, start: int) -> None:
        """Read the window of rows from ``start`` (a place in the whole list, kept in it)."""
        window = self.window_size
        self.start = max(0, min(start, self.total - window))
        self.clear()
        self.add_rows(self._load(self.start, window))

    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - (self.header_height if self.show_header else 0) - 1)

    def action_cursor_down(self) -> None:
        self._set_hover_cursor(False)
        self.go_to(self.position + 1)

    def action_cursor_up(self) -> None:
        self._set_hover_cursor(False)
        self.go_to(self.position - 1)

    def action_page_down(self) -> None:
        self._set_hover_cursor(False)
        self.go_to(self.position + self.page_height())

    def action_page_up(self) -> None:
        self._set_hover_cursor(False)
        self.go_to(self.position - self.page_height())

    def action_scroll_top(self) -> None:
        self.go_to(0, keep_height=False)

    def action_scroll_bottom(self) -> None:
        self.go_to(self.total - 1, keep_height=False)

    # One column of rows: home/end go to the first and last entry, as in a list.
    action_scroll_home = action_scroll_top
    action_scroll_end = action_scroll_bottom

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if not (event.ctrl or event.shift) and self._wheel(1):
            event.stop()
            event.prevent_default()

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if not (event.ctrl or event.shift) and self._wheel(-1):
            event.stop()
            event.prevent_default()

    def _wheel(self, direction: int) -> bool:
        """A wheel notch: False when the window holds the rows it brings into view (the
        DataTable scrolls as usual); else read the window around them and show them. As in
        any table the wheel leaves the cursor where it is, unless its entry leaves the window:
        it then moves to the window's nearest row."""
        top, page = round(self.scroll_y), self.page_height()
        wanted = top + direction * max(1, round(self.app.scroll_sensitivity_y))
        if 0 <= wanted and wanted + page <= self.row_count:
            return False
        first = max(0, min(self.start + wanted, self.total - page))  # in the whole list
        if first == self.start + top:
            return True  # at the start or the end of the list: nothing more to show
        position = self.position
        self._hold_from(first - (self.window_size - page) // 2)
        position = min(max(position, self.start), self.start + self.row_count - 1)
        self.move_cursor(row=position - self.start, scroll=False)
        self.call_after_refresh(self.scroll_to, y=first - self.start, animate=False)
        return True


# ---- the screen --------------------------------------------------------------------------


class FeedbackScreen(BaseScreen):
    CSS_PATH = "feedback.tcss"
    # Not the word filter (the first focusable widget), which stays hidden until /.
    AUTO_FOCUS = "#feedback-table"
    HELP = N_(
        "Feedback you gave and received, thanks and progress updates, newest first. For advice you "
        "received, r says what came of it; p composes a progress update to send. Filters: d given or "
        "received, k kind, g goal, w advice awaiting a result, / words; c clears them."
    )
    BINDINGS = [
        Binding("a", "add", "Add", id="feedback.add"),
        Binding("t", "thanks", "Thanks", id="feedback.thanks"),
        Binding("e,enter", "edit", "Edit", id="feedback.edit"),
        Binding("r", "result", "Result", id="feedback.result"),
        Binding("p", "progress_update", "Progress update", id="feedback.update"),
        Binding("delete", "delete", "Delete", id="feedback.delete", show=False),
        Binding("slash", "find", "Find", id="feedback.find"),
        Binding("w", "toggle_awaiting", "Awaiting a result", id="feedback.awaiting", show=False),
        Binding("d", "cycle_direction", "Given or received", id="feedback.direction", show=False),
        Binding("k", "cycle_kind", "Kind", id="feedback.kind", show=False),
        Binding("g", "choose_goal", "Goal", id="feedback.goal", show=False),
        Binding("c", "clear_filters", "Clear filters", id="feedback.clear", show=False),
        Binding("escape", "close_find", "Close the word filter", id="feedback.close-find", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = LogFilter()
        self._relationship_id: int | None = None
        self._entries: dict[int, Feedback] = {}  # the window's entries, by place in the log
        self._dates: dict[dt.date, str] = {}  # formatted dates, in self._date_style
        self._date_style = "medium"
        self._layout: tuple[tuple[str, int], ...] = ()  # (column, width) as shown
        self._goal_titles: dict[int, str] = {}
        self._select_next: int | None = None  # an entry just saved, to show after the reload
        self._columns: tuple[str, ...] = ()
        self._text_width = 20

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="feedback-status")
        yield SafeInput(id="feedback-find", placeholder=_("Words to find in the text or the result"), compact=True)
        yield WindowedTable(self._load_rows, id="feedback-table")
        yield Static(id="feedback-empty")
        with VerticalScroll(id="feedback-detail"):
            yield Static(id="feedback-detail-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        # The word filter is hidden by the stylesheet until /, so the table takes the focus.
        self.query_one("#feedback-detail").border_title = _("Entry")
        # The first showing draws the log (BaseScreen.on_screen_resume → reload).

    @property
    def table(self) -> WindowedTable:
        return self.query_one(WindowedTable)

    # ---- reading ---------------------------------------------------------------------

    def _load_rows(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        relationship = self.mentor_app.relationship
        if relationship is None:
            return []
        entries = log.entries_page(self.store, relationship.id, self.filter, offset=offset, limit=limit)
        self._entries = {offset + index: entry for index, entry in enumerate(entries)}
        return [self._cells(entry) for entry in entries]

    def selected(self) -> Feedback | None:
        table = self.table
        return self._entries.get(table.position) if table.total else None

    def reload(self) -> None:
        """After a change anywhere, or on coming back when the data changed (BaseScreen)."""
        self.redraw()

    def redraw(self, select_id: int | None = None, *, otherwise_top: bool = False) -> None:
        """Read the log again, keeping the selected entry (or ``select_id``) in view; if it is
        gone, the cursor stays at the same row (or goes to the top: ``otherwise_top``)."""
        select_id = select_id if select_id is not None else self._select_next
        self._select_next = None
        self._goal_titles.clear()
        relationship = self.mentor_app.relationship
        if relationship is None or relationship.id != self._relationship_id:
            # Another relationship: its goals differ, so its filters start afresh.
            self.filter = LogFilter()
            self._show_find(False)
            self._relationship_id = relationship.id if relationship else None
        table = self.table
        current = self.selected()
        old_position = table.position if table.total and not otherwise_top else 0
        self._layout_columns()
        total = log.count_entries(self.store, relationship.id, self.filter) if relationship else 0
        wanted = select_id if select_id is not None else (current.id if current else None)
        position = None
        if wanted is not None and relationship is not None:
            position = log.position_of(self.store, relationship.id, self.filter, wanted)
        table.show(total, position if position is not None else old_position)
        self._show_state()

    def focus_target(self, target: dict) -> None:
        relationship = self.mentor_app.relationship
        if relationship is None:
            return
        if "goal_id" in target:
            self.filter = LogFilter(goal_id=target["goal_id"])
            self._show_find(False)
            self.redraw()
            self.table.go_to(0, keep_height=False)
        elif "feedback_id" in target:
            wanted = target["feedback_id"]
            if log.position_of(self.store, relationship.id, self.filter, wanted) is None:
                self.filter = LogFilter()  # the filter hides it: show the whole log
                self._show_find(False)
            self.redraw(select_id=wanted)
        self.table.focus()

    # ---- drawing ---------------------------------------------------------------------

    def _day(self, value: dt.date) -> str:
        if value not in self._dates:
            self._dates[value] = format_date(value, self._date_style, self.mentor_app.lang)
        return self._dates[value]

    def _outcome(self, entry: Feedback) -> Text:
        if log.awaits_result(entry):
            return Text(_("awaiting"), style="bold yellow")
        if entry.kind != "advice" or (entry.tried is None and not entry.result):
            return Text("")
        return Text(_("tried") if entry.tried else _("not tried"), style="green" if entry.tried else "")

    def _goal_title(self, goal_id: int | None) -> str:
        if goal_id is None:
            return ""
        if goal_id not in self._goal_titles:
            try:
                self._goal_titles[goal_id] = self.store.goal(goal_id).title
            except LookupError:
                self._goal_titles[goal_id] = ""
        return self._goal_titles[goal_id]

    def _cells(self, entry: Feedback) -> tuple[Any, ...]:
        cells: dict[str, Any] = {
            "date": Text(self._day(entry.date)),
            "direction": Text(_(DIRECTION_LABELS[entry.direction]), style="dim" if entry.direction == "given" else ""),
            # Narrow screens have no result column: the kind says "awaiting" by its colour.
            "kind": Text(_(KIND_SHORT[entry.kind]), style="yellow" if log.awaits_result(entry) else ""),
            "text": _one_line(entry.text, self._text_width),
            "goal": _one_line(self._goal_title(entry.goal_id), GOAL_COLUMN_WIDTH),
            "outcome": self._outcome(entry),
        }
        return tuple(cells[name] for name in self._columns)

    def _layout_columns(self) -> None:
        """Choose the columns for the screen's width; the text takes what is left."""
        width = self.size.width or 80
        date_style = "medium" if width >= 70 else "short"
        if date_style != self._date_style:
            self._date_style = date_style
            self._dates.clear()
        columns = ["date", "direction", "kind", "text"]
        if width >= 100:
            columns.append("goal")
        if width >= 70:
            columns.append("outcome")
        widths = {
            "date": max(len(self._day(dt.date(2026, month, 28))) for month in range(1, 13)),
            "direction": max(len(_(label)) for label in DIRECTION_LABELS.values()),
            "kind": max(len(_(label)) for label in KIND_SHORT.values()),
            "goal": GOAL_COLUMN_WIDTH,
            "outcome": max(len(_("awaiting")), len(_("tried")), len(_("not tried"))),
        }
        headers = {"date": _("Date"), "direction": _("Way"), "kind": _("Kind"), "text": _("What was said"),
                   "goal": _("Goal"), "outcome": _("Result")}
        for name in widths:
            widths[name] = max(widths[name], len(headers[name]))
        fixed = sum(widths[name] for name in columns if name != "text")
        padding = 2 * len(columns)  # one cell each side of every column
        scrollbar = 2
        widths["text"] = self._text_width = max(12, width - fixed - padding - scrollbar)
        layout = tuple((name, widths[name]) for name in columns)
        if layout == self._layout and self.table.columns:
            return
        self._layout = layout
        self._columns = tuple(columns)
        table = self.table
        table.clear(columns=True)
        for name, size in layout:
            table.add_column(headers[name], width=size, key=name)

    def on_resize(self) -> None:
        if self.is_mounted and self.mentor_app.relationship is not None:
            shown = self._layout
            self._layout_columns()
            if self._layout != shown:
                self.redraw()  # the new columns need their rows again

    def _filter_words(self) -> list[str]:
        f = self.filter
        words = []
        if f.direction:
            words.append(_(DIRECTION_LABELS[f.direction]))
        if f.kind:
            words.append(_(KIND_LABELS[f.kind]))
        if f.goal_id is not None:
            words.append(_("goal “{title}”", title=one_line(self._goal_title(f.goal_id), 40)))
        if f.awaiting:
            words.append(_("awaiting a result"))
        if f.text.strip():
            words.append("“" + clean(f.text, single_line=True) + "”")
        return words

    def _number(self, n: int) -> str:
        return format_decimal(n, locale=self.mentor_app.lang)

    def _show_state(self) -> None:
        """The status line, the empty message and the detail of the selected entry."""
        relationship = self.mentor_app.relationship
        table = self.table
        status = self.query_one("#feedback-status", Static)
        empty = self.query_one("#feedback-empty", Static)
        has_rows = table.total > 0
        table.display = has_rows
        if has_rows and self.focused is None:
            table.focus()  # the log was empty until now
        self.query_one("#feedback-detail").display = has_rows
        empty.display = not has_rows
        words = self._filter_words()
        if has_rows:
            line = Text(_("Row {n} of {total}", n=self._number(table.position + 1), total=self._number(table.total)))
        else:
            line = Text(_("No entries"))
        if words:
            line.append(" · " + _("showing: {filters}", filters=" · ".join(words)), style="bold")
        status.update(line)
        if relationship is None:
            empty.update(safe(_("No relationship yet. Press ctrl+o to choose or add one.")))
        elif not has_rows and self.filter.active:
            empty.update(safe(_("Nothing matches these filters. Press c to clear them.")))
        elif not has_rows:
            empty.update(safe(_("No feedback logged yet. Press a to log some, or t to say thanks.")))
        entry = self.selected()
        self._show_detail(entry)
        self.refresh_bindings()

    def _show_detail(self, entry: Feedback | None) -> None:
        detail = self.query_one("#feedback-detail-text", Static)
        if entry is None:
            detail.update("")
            return
        lang = self.mentor_app.lang
        heading = Text(format_date(entry.date, "full", lang) + " · ", style="bold")
        heading.append(_(DIRECTION_LABELS[entry.direction]) + " · " + _(KIND_LABELS[entry.kind]), style="bold")
        parts: list[Text] = [heading]
        goal = self._goal_title(entry.goal_id)
        if goal:
            parts.append(Text(_("Goal: ")) + safe(goal, single_line=True, style="italic"))
        parts.append(safe(entry.text))
        if entry.kind == "advice":
            parts.append(Text(""))
            if log.awaits_result(entry):
                parts.append(Text(_("Awaiting a result: press r to say what came of it."), style="yellow"))
            elif entry.result or entry.tried is not None:
                tried = _("Tried it") if entry.tried else _("Not tried")
                when = format_date(entry.result_on, lang=lang) if entry.result_on else ""
                parts.append(Text(tried + (" · " + when if when else "") + ":", style="bold"))
                parts.append(safe(entry.result))
        if log.rubric_applies(entry.direction, entry.kind):
            ticked = set(entry.rubric)
            line = Text(_("Rubric: "), style="bold")
            for key, label in RUBRIC:
                line.append(("☑ " if key in ticked else "☐ ") + _(label) + "  ", style="" if key in ticked else "dim")
            parts.append(Text(""))
            parts.append(line)
        detail.update(Text("\n").join(parts))

    @on(DataTable.RowHighlighted, "#feedback-table")
    def _row_highlighted(self) -> None:
        self._show_state()

    @on(DataTable.RowSelected, "#feedback-table")
    def _row_chosen(self) -> None:
        self.action_edit()

    # ---- keys ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_find":
            return self.query_one("#feedback-find").display
        if self.mentor_app.relationship is None:
            return action not in (
                "add", "thanks", "edit", "result", "progress_update", "delete", "find",
                "toggle_awaiting", "cycle_direction", "cycle_kind", "choose_goal", "clear_filters",
            )
        if action in ("edit", "delete", "result"):
            # r stays in the footer for any entry (and says when it doesn't apply): redrawing
            # the footer as the cursor crosses advice and other kinds costs more than a key may.
            return self.selected() is not None
        if action == "clear_filters":
            return self.filter.active
        return True

    def _after_edit(self, result: object) -> None:
        if result is not None:
            self.mentor_app.data_changed()

    def _after_add(self, result: object) -> None:
        """Show the new entry, even if the filters would hide it."""
        if result is None:
            return
        entry_id = result[0] if isinstance(result, tuple) else result
        relationship = self.mentor_app.relationship
        if relationship and log.position_of(self.store, relationship.id, self.filter, entry_id) is None:
            self.filter = LogFilter()
            self._show_find(False)
        self._select_next = entry_id
        self.mentor_app.data_changed()

    def action_add(self) -> None:
        relationship = self.mentor_app.relationship
        if relationship:
            form = entry_form(self.mentor_app, relationship.id, goal_id=self.filter.goal_id)
            self.app.push_screen(form, self._after_add)

    def action_thanks(self) -> None:
        relationship = self.mentor_app.relationship
        if relationship:
            self.app.push_screen(entry_form(self.mentor_app, relationship.id, thanks=True), self._after_add)

    def action_edit(self) -> None:
        entry = self.selected()
        if entry:
            self.app.push_screen(entry_form(self.mentor_app, entry.relationship_id, entry), self._after_edit)

    def action_result(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.kind != "advice":
            self.notify(_("Only advice has a result: choose a piece of advice (k filters by kind)."), markup=False)
            return
        self.app.push_screen(result_form(self.mentor_app, entry), self._after_edit)

    def action_progress_update(self) -> None:
        relationship = self.mentor_app.relationship
        if relationship is None:
            return

        def saved(result: tuple[int, Path] | None) -> None:
            if result is not None:
                self.notify(_("Progress update logged and written to {path}", path=clean(result[1])), markup=False)
            self._after_add(result)

        self.app.push_screen(progress_update_form(self.mentor_app, relationship.id), saved)

    def action_delete(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        self.store.delete_feedback(entry.id)
        self.notify(
            _("Deleted “{text}”. ctrl+z brings it back.", text=one_line(entry.text, 60)), markup=False
        )
        self.mentor_app.data_changed()

    # ---- filters ---------------------------------------------------------------------

    def _refilter(self, **changes: Any) -> None:
        self.filter = dataclasses.replace(self.filter, **changes)
        self.redraw(otherwise_top=True)

    def action_toggle_awaiting(self) -> None:
        self._refilter(awaiting=not self.filter.awaiting)

    def action_cycle_direction(self) -> None:
        order = (None, *DIRECTIONS)
        self._refilter(direction=order[(order.index(self.filter.direction) + 1) % len(order)])

    def action_cycle_kind(self) -> None:
        order = (None, *FEEDBACK_KINDS)
        self._refilter(kind=order[(order.index(self.filter.kind) + 1) % len(order)])

    def action_choose_goal(self) -> None:
        relationship = self.mentor_app.relationship
        if relationship is None:
            return

        def chosen(goal_id: int | None) -> None:
            if goal_id is not None:
                self._refilter(goal_id=goal_id or None)

        self.app.push_screen(goal_filter_form(self.mentor_app, relationship.id, self.filter.goal_id), chosen)

    def action_clear_filters(self) -> None:
        self.filter = LogFilter()
        self._show_find(False)
        self.redraw()

    def _show_find(self, shown: bool) -> None:
        find = self.query_one("#feedback-find", Input)
        find.display = shown
        if not shown and find.value:
            with find.prevent(Input.Changed):
                find.value = ""

    def action_find(self) -> None:
        find = self.query_one("#feedback-find", Input)
        self._show_find(True)
        find.focus()
        self._show_state()

    def action_close_find(self) -> None:
        self._show_find(False)
        self.table.focus()
        self._refilter(text="")

    @on(Input.Changed, "#feedback-find")
    def _words_typed(self, event: Input.Changed) -> None:
        self._refilter(text=event.value)

    @on(Input.Submitted, "#feedback-find")
    def _words_done(self) -> None:
        self.table.focus()
