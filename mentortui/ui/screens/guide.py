"""Screen 2, Guide: the practices of my role as checklists to act on, the other role's
list to read, and the mentor candidates I compare (the mentee's first practice)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from mentortui.data.model import CANDIDATE_CRITERIA, Candidate
from mentortui.domain.guide import (
    CRITERIA_LABELS,
    CRITERIA_SHORT,
    MAX_SCORE,
    MAX_TOTAL,
    PRACTICE_NOTE,
    ItemStatus,
    PracticeStatus,
    checklist_status,
    load_guide,
    matches,
    next_state,
    other_role,
    overall,
)
from mentortui.core.i18n import N_, _, format_date
from mentortui.core.safetext import clean, safe
from mentortui.core.text import one_line
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.editors import SafeInput
from mentortui.ui.forms import Field, FormScreen
from mentortui.ui.labels import role_label

if TYPE_CHECKING:
    from mentortui.app import MentorApp

CHECKLIST, CANDIDATES = "guide-checklist", "guide-candidates"

# How an item's state shows in the list: (mark, style).
MARKS = {
    "todo": ("○", ""),
    "doing": ("◐", "yellow"),
    "done": ("●", "green"),
    "met": ("✓", "bold green"),
    "waiting": ("→", "dim"),  # answered by data elsewhere, not there yet
}
STATE_WORDS = {"todo": N_("to do"), "doing": N_("doing"), "done": N_("done")}
SCORE_CHOICES = (
    (0, N_("0 — not at all")),
    (1, N_("1 — a little")),
    (2, N_("2 — fairly")),
    (3, N_("3 — strongly")),
)
ROLE_PRACTICES = {"mentor": N_("A practice for the mentor"), "mentee": N_("A practice for the mentee")}


def _line(text: object, style: str = "") -> Text:
    """User text as one paragraph of a Group (``safe`` leaves no line end)."""
    line = safe(text, style=style)
    line.end = "\n"
    return line


def _mark(status: ItemStatus) -> tuple[str, str]:
    if status.evidence is not None:
        return MARKS["met" if status.evidence.met else "waiting"]
    return MARKS[status.state]


def _bar(done: int, total: int, width: int = 12) -> Text:
    filled = round(width * done / total) if total else 0
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


def _dots(score: int) -> Text:
    return Text.assemble(("●" * score, "green"), ("○" * (MAX_SCORE - score), "dim"))


def _screen_name(mode: str) -> str | None:
    """The title of the main screen ``mode``, if the app has it."""
    from mentortui.app import SCREENS

    return next((_(screen.title) for screen in SCREENS if screen.name == mode), None)


class GuideScreen(BaseScreen):
    CSS_PATH = "guide.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    HELP = N_("The guide's practices for your role in this relationship, as checklists. Items marked ✓ or → are "
              "answered by your data elsewhere: enter goes there. o shows what the other role is asked to do; "
              "c opens the mentor candidates.")
    BINDINGS = [
        Binding("space", "cycle", "Tick", id="guide.cycle"),
        Binding("e", "note", "Note", id="guide.note"),
        # A priority binding, so the footer and the help show it over the list's own enter;
        # when there is nowhere to go, enter falls through to the list.
        Binding("enter", "jump", "Go to the data", id="guide.jump", priority=True),
        Binding("o", "other_role", "Other role", id="guide.other"),
        Binding("slash", "filter", "Filter", id="guide.filter"),
        Binding("c", "candidates", "Candidates", id="guide.candidates"),
        Binding("a", "add_candidate", "Add candidate", id="guide.candidate-add"),
        Binding("e,enter", "edit_candidate", "Edit candidate", id="guide.candidate-edit"),
        Binding("delete", "delete_candidate", "Delete candidate", id="guide.candidate-delete"),
        Binding("r", "start_relationship", "Start relationship", id="guide.candidate-start"),
        Binding("escape", "back", "Back", id="guide.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_other = False  # showing the other role's list, read-only
        self.filter_text = ""
        self._statuses: list[PracticeStatus] = []
        self._rows: dict[str, tuple[PracticeStatus, ItemStatus | None]] = {}
        self._candidates: list[Candidate] = []
        self._shown_candidates: list[Candidate] = []  # after the filter, in table order
        self._row_keys: tuple = ()  # which row keys applied at the last cursor move

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="guide-summary")
        yield SafeInput(id="guide-filter", placeholder=_("Filter: words in a title, an item or a note"), compact=True)
        with ContentSwitcher(initial=CHECKLIST, id="guide-views"):
            with Horizontal(id=CHECKLIST):
                yield OptionList(id="guide-items")
                with VerticalScroll(id="guide-detail"):
                    yield Static(id="guide-detail-text")
            with Vertical(id=CANDIDATES):
                yield DataTable(id="candidate-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="candidate-detail"):
                    yield Static(id="candidate-detail-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#guide-filter").display = False
        self.query_one("#guide-detail").border_title = _("About")
        table = self.query_one("#candidate-table", DataTable)
        table.add_column(_("Name"), key="name")
        for criterion in CANDIDATE_CRITERIA:
            table.add_column(_(CRITERIA_SHORT[criterion]), key=criterion)
        table.add_column(_("Total"), key="total")
        self.query_one("#guide-items").focus()

    # ---- state -------------------------------------------------------------------------

    @property
    def view(self) -> str:
        return self.query_one("#guide-views", ContentSwitcher).current or CHECKLIST

    @property
    def role(self) -> str | None:
        relationship = self.mentor_app.relationship
        if relationship is None:
            return None
        return other_role(relationship.role) if self.show_other else relationship.role

    @property
    def read_only(self) -> bool:
        return self.show_other

    def _highlighted(self) -> tuple[PracticeStatus, ItemStatus | None] | None:
        options = self.query_one("#guide-items", OptionList)
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return self._rows.get(option.id or "")

    def _highlighted_item(self) -> ItemStatus | None:
        row = self._highlighted()
        return row[1] if row else None

    def _selected_candidate(self) -> Candidate | None:
        table = self.query_one("#candidate-table", DataTable)
        if not self._shown_candidates or table.cursor_row is None or table.cursor_row >= len(self._shown_candidates):
            return None
        return self._shown_candidates[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_checklist = self.view == CHECKLIST
        has_relationship = self.mentor_app.relationship is not None
        if action == "cycle":
            if not (in_checklist and has_relationship and not self.read_only):
                return False
            return True if self._highlighted_item() else None
        if action == "note":
            return in_checklist and has_relationship and not self.read_only and self._highlighted() is not None
        if action == "jump":
            if not (in_checklist and has_relationship) or isinstance(self.focused, Input):
                return False
            item = self._highlighted_item()
            return True if item is not None and item.evidence is not None else None
        if action == "other_role":
            return in_checklist and has_relationship
        if action == "candidates":
            return in_checklist
        if action == "add_candidate":
            return not in_checklist
        if action in ("edit_candidate", "delete_candidate", "start_relationship"):
            if in_checklist:
                return False
            candidate = self._selected_candidate()
            if candidate is None:
                return None
            return None if action == "start_relationship" and candidate.relationship_id else True
        if action == "back":
            return not in_checklist or self.query_one("#guide-filter").display
        return True

    # ---- reading and drawing ------------------------------------------------------------

    def reload(self) -> None:
        relationship = self.mentor_app.relationship
        role = self.role
        self._statuses = checklist_status(self.store, relationship, role) if relationship and role else []
        self._candidates = self.store.candidates()
        self._fill_checklist()
        self._fill_candidates()
        self._show_summary()
        self.refresh_bindings()

    def _visible(self) -> list[tuple[PracticeStatus, list[ItemStatus]]]:
        """Practices and items that pass the filter (a practice matching shows all its items)."""
        shown = []
        for status in self._statuses:
            practice = status.practice
            if not self.filter_text or matches(self.filter_text, practice.heading(), status.note):
                shown.append((status, list(status.items)))
                continue
            items = [item for item in status.items if matches(self.filter_text, item.item.label(), item.note)]
            if items:
                shown.append((status, items))
        return shown

    def _fill_checklist(self) -> None:
        options = self.query_one("#guide-items", OptionList)
        previous = self._highlighted()
        previous_id = self._row_id(*previous) if previous else None
        self._rows = {}
        prompts: list[Option] = []
        for status, items in self._visible():
            row_id = self._row_id(status, None)
            self._rows[row_id] = (status, None)
            prompts.append(Option(self._practice_prompt(status), id=row_id))
            for item in items:
                row_id = self._row_id(status, item)
                self._rows[row_id] = (status, item)
                prompts.append(Option(self._item_prompt(item), id=row_id))
        options.clear_options()
        options.add_options(prompts)
        if prompts:
            ids = [option.id for option in prompts]
            options.highlighted = ids.index(previous_id) if previous_id in ids else 0
        self._show_detail()

    @staticmethod
    def _row_id(status: PracticeStatus, item: ItemStatus | None) -> str:
        return status.practice.key + ("/" + item.item.key if item else "")

    def _practice_prompt(self, status: PracticeStatus) -> Table:
        grid = Table.grid(expand=True, padding=(0, 1, 0, 0))
        grid.add_column(ratio=1)
        grid.add_column(justify="right", no_wrap=True)
        progress = "" if self.read_only else f"{status.done}/{status.total}"
        title = Text(status.practice.heading(), style="bold")
        if status.note:
            title.append(" ✎", style="dim")
        grid.add_row(title, Text(progress, style="green" if status.done == status.total else "dim"))
        return grid

    def _item_prompt(self, status: ItemStatus) -> Table:
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(width=3, justify="right", no_wrap=True)
        grid.add_column(ratio=1)
        mark, style = _mark(status) if not (self.read_only and status.evidence is None) else ("·", "dim")
        text = Text(status.item.label())
        if status.note and not self.read_only:
            text.append(" ✎", style="dim")
        grid.add_row(Text(mark, style=style), text)
        return grid

    def _show_summary(self) -> None:
        summary = self.query_one("#guide-summary", Static)
        relationship = self.mentor_app.relationship
        if self.view == CANDIDATES:
            summary.update(Text(_("Mentor candidates, best first: each scored 0–3 on the guide's four criteria."),
                                style="bold"))
            return
        if relationship is None or self.role is None:
            summary.update(Text(_("No relationship yet: the checklists follow the relationship you work on. "
                                  "c opens the mentor candidates.")))
            return
        if self.read_only:
            summary.update(Text.assemble(
                (_("What the {role} is asked to do", role=role_label(self.role)), "bold"),
                " " + _("(read-only; o returns to your list)"),
            ))
            return
        done, total = overall(self._statuses)
        summary.update(Text.assemble(
            (_("Your practices as {role}", role=role_label(self.role)), "bold"),
            "  ", _bar(done, total), "  ", _("{done} of {total} done", done=done, total=total),
        ))

    def _show_detail(self) -> None:
        detail = self.query_one("#guide-detail-text", Static)
        row = self._highlighted()
        if row is None:
            if self.mentor_app.relationship is None:
                message = _("Add a relationship (ctrl+o, then a) to see its checklists.")
            else:
                message = _("Nothing matches the filter.")
            detail.update(Text(message, style="dim"))
            return
        practice_status, item = row
        parts: list[RenderableType] = []
        if item is not None:
            parts += self._item_detail(item)
            parts.append(Text(""))
        parts += self._practice_detail(practice_status, with_note=item is None)
        detail.update(Group(*parts))

    def _item_detail(self, status: ItemStatus) -> list[RenderableType]:
        parts: list[RenderableType] = [Text(status.item.label(), style="bold")]
        evidence = status.evidence
        if evidence is not None:
            mark, style = _mark(status)
            heading = _("Answered by your data") if evidence.met else _("Not in your data yet")
            parts.append(Text(mark + " " + heading, style=style or "bold"))
            parts.append(_line(evidence.detail))
            screen = _("the mentor candidates") if evidence.mode == "guide" else _screen_name(evidence.mode)
            if screen:
                parts.append(Text(_("enter: go to {screen}", screen=screen), style="dim"))
        elif self.read_only:
            parts.append(Text(_("On the {role}'s list: read-only here.", role=role_label(self.role or "")), style="dim"))
        else:
            mark, style = _mark(status)
            parts.append(Text.assemble((mark + " ", style), _(STATE_WORDS[status.state]),
                                       (" — " + _("space moves it on"), "dim")))
        if not self.read_only:
            parts += self._note_lines(status.note, status.changed_at)
        return parts

    def _practice_detail(self, status: PracticeStatus, *, with_note: bool) -> list[RenderableType]:
        practice = status.practice
        heading = Text(practice.heading(), style="bold underline")
        if not self.read_only:
            heading.append("  " + _("{done} of {total} done", done=status.done, total=status.total), style="green")
        parts: list[RenderableType] = [heading, Text(practice.explain())]
        if with_note and not self.read_only:
            parts.append(Text(""))
            parts += self._note_lines(status.note, status.changed_at, practice_note=True)
        return parts

    def _note_lines(self, note: str, changed_at: Any, *, practice_note: bool = False) -> list[RenderableType]:
        lines: list[RenderableType] = [Text("")]
        if note.strip():
            lines.append(Text(_("My note:"), style="bold"))
            lines.append(_line(note))
        else:
            hint = _("e: write a note on this practice") if practice_note else _("e: add a note")
            lines.append(Text(hint, style="dim"))
        if changed_at is not None:
            lines.append(Text(_("Last changed {date}", date=format_date(changed_at.date())), style="dim"))
        return lines

    @on(OptionList.OptionHighlighted, "#guide-items")
    def _row_highlighted(self) -> None:
        self._show_detail()
        # Redrawing the footer costs more than the rest of a cursor move: only when a key changes.
        keys = tuple(self.check_action(action, ()) for action in ("cycle", "note", "jump"))
        if keys != self._row_keys:
            self._row_keys = keys
            self.refresh_bindings()

    # ---- checklist actions ----------------------------------------------------------------

    def action_cycle(self) -> None:
        relationship = self.mentor_app.relationship
        item = self._highlighted_item()
        if relationship is None or item is None:
            return
        if item.evidence is not None:
            self.notify(_("This one follows your data, not a tick: enter goes where to act on it."), markup=False)
            return
        self.store.set_checklist(relationship.id, item.practice.key, item.item.key, state=next_state(item.state))
        self.mentor_app.data_changed()

    def action_note(self) -> None:
        relationship = self.mentor_app.relationship
        row = self._highlighted()
        if relationship is None or row is None:
            return
        practice_status, item = row
        if item is None:
            title = _("My note on “{practice}”", practice=practice_status.practice.heading())
            key, note = PRACTICE_NOTE, practice_status.note
        else:
            title = _("My note on “{item}”", item=item.item.label())
            key, note = item.item.key, item.note

        def save(values: dict[str, Any]) -> object:
            return self.store.set_checklist(relationship.id, practice_status.practice.key, key,
                                            note=values["note"] or "")

        form = FormScreen(title, [Field("note", N_("Note"), "area")], {"note": note}, on_save=save)
        self.app.push_screen(form, self._after_save)

    def action_jump(self) -> None:
        item = self._highlighted_item()
        if item is None or item.evidence is None:
            return
        if item.evidence.mode == "guide":
            self.focus_target(item.evidence.target)
        else:
            self.mentor_app.goto(item.evidence.mode, item.evidence.target or None)

    def action_other_role(self) -> None:
        self.show_other = not self.show_other
        self.reload()

    def action_filter(self) -> None:
        field = self.query_one("#guide-filter", Input)
        field.display = True
        field.focus()
        self.refresh_bindings()

    @on(Input.Changed, "#guide-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self._fill_checklist()
        self._fill_candidates()

    @on(Input.Submitted, "#guide-filter")
    def _filter_done(self) -> None:
        self._focus_view()

    def action_back(self) -> None:
        field = self.query_one("#guide-filter", Input)
        if field.display:
            field.value = ""
            field.display = False
            self.filter_text = ""
            self._fill_checklist()
            self._fill_candidates()
        elif self.view == CANDIDATES:
            self._switch_view(CHECKLIST)
        self._focus_view()
        self.refresh_bindings()

    def _focus_view(self) -> None:
        self.query_one("#guide-items" if self.view == CHECKLIST else "#candidate-table").focus()

    def _switch_view(self, view: str) -> None:
        self.query_one("#guide-views", ContentSwitcher).current = view
        self._show_summary()
        self._focus_view()
        self.refresh_bindings()

    def _after_save(self, result: object) -> None:
        if result is not None:
            self.mentor_app.data_changed()

    # ---- jumping here ---------------------------------------------------------------------

    def focus_target(self, target: dict) -> None:
        """``{"practice": "M4"}`` (optionally with ``"item"``) or ``{"candidates": True}``
        (optionally with ``"candidate_id"``)."""
        if target.get("candidates"):
            self._switch_view(CANDIDATES)
            wanted = target.get("candidate_id")
            ids = [c.id for c in self._shown_candidates]
            if wanted in ids:
                self.query_one("#candidate-table", DataTable).move_cursor(row=ids.index(wanted))
            return
        practice_key = target.get("practice")
        relationship = self.mentor_app.relationship
        if not practice_key or relationship is None:
            return
        practice = load_guide().practice(practice_key)
        self.show_other = practice.role != relationship.role
        if self.filter_text:
            self.action_back()
        self._switch_view(CHECKLIST)
        self.reload()
        wanted = practice_key + ("/" + target["item"] if target.get("item") else "")
        options = self.query_one("#guide-items", OptionList)
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == wanted:
                options.highlighted = index
                options.scroll_to_highlight(top=True)
                break

    @classmethod
    def palette_commands(cls, app: MentorApp) -> Iterable[SystemCommand]:
        for practice in load_guide().practices:
            yield SystemCommand(
                _("Guide: {practice}", practice=practice.heading()),
                _(ROLE_PRACTICES[practice.role]),
                partial(app.goto, "guide", {"practice": practice.key}),
            )
        yield SystemCommand(
            _("Guide: mentor candidates"),
            _("Compare the people you might ask to be your mentor"),
            partial(app.goto, "guide", {"candidates": True}),
        )

    # ---- candidates ---------------------------------------------------------------------

    def action_candidates(self) -> None:
        self._switch_view(CANDIDATES)

    def _fill_candidates(self) -> None:
        table = self.query_one("#candidate-table", DataTable)
        previous = self._selected_candidate() if table.row_count else None
        self._shown_candidates = [
            c for c in self._candidates if not self.filter_text or matches(self.filter_text, c.name, c.notes)
        ]
        table.clear()
        for candidate in self._shown_candidates:
            name = safe(one_line(candidate.name, 40))
            if candidate.relationship_id:
                name.append(" ✓", style="green")
            table.add_row(
                name,
                *[_dots(getattr(candidate, criterion)) for criterion in CANDIDATE_CRITERIA],
                Text(f"{candidate.total}/{MAX_TOTAL}", style="bold"),
                key=str(candidate.id),
            )
        table.display = bool(self._shown_candidates)
        ids = [c.id for c in self._shown_candidates]
        if previous is not None and previous.id in ids:
            table.move_cursor(row=ids.index(previous.id))
        self._show_candidate()

    def _show_candidate(self) -> None:
        detail = self.query_one("#candidate-detail-text", Static)
        candidate = self._selected_candidate()
        if candidate is None:
            message = (_("Nothing matches the filter.") if self._candidates else
                       _("No candidates yet. Press a to add someone you might ask to be your mentor, and score them "
                         "on the guide's four criteria."))
            detail.update(Text(message, style="dim"))
            return
        facts = Table.grid(padding=(0, 1, 0, 0))
        facts.add_column(no_wrap=True)
        facts.add_column(ratio=1)
        for criterion in CANDIDATE_CRITERIA:
            score = getattr(candidate, criterion)
            facts.add_row(_dots(score), Text(_(CRITERIA_LABELS[criterion]) + f" ({score}/{MAX_SCORE})"))
        parts: list[RenderableType] = [
            Text.assemble((clean(candidate.name, single_line=True), "bold"),
                          "  " + _("{total} of {max}", total=candidate.total, max=MAX_TOTAL)),
            facts,
        ]
        if candidate.notes.strip():
            parts += [Text(""), _line(candidate.notes)]
        parts.append(Text(""))
        if candidate.relationship_id:
            partner = next((r.partner for r in self.store.relationships() if r.id == candidate.relationship_id), "")
            parts.append(_line(_("✓ Now your mentor: the relationship with {partner}.", partner=partner),
                               style="green"))
        else:
            parts.append(Text(_("r: start a relationship with them (the onboarding form opens pre-filled)."),
                              style="dim"))
        detail.update(Group(*parts))

    @on(DataTable.RowHighlighted, "#candidate-table")
    def _candidate_highlighted(self) -> None:
        self._show_candidate()
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#candidate-table")
    def _candidate_chosen(self) -> None:
        self.action_edit_candidate()

    def _candidate_form(self, candidate: Candidate | None) -> FormScreen:
        fields = [
            Field("name", N_("Name"), required=True, max_length=200),
            *[Field(criterion, CRITERIA_LABELS[criterion], "choice", required=True, choices=SCORE_CHOICES)
              for criterion in CANDIDATE_CRITERIA],
            Field("notes", N_("Notes"), "area", help=N_("What you know of them, who could introduce you.")),
        ]
        values: dict[str, Any] = {criterion: 0 for criterion in CANDIDATE_CRITERIA}
        if candidate is not None:
            values = {"name": candidate.name, "notes": candidate.notes,
                      **{criterion: getattr(candidate, criterion) for criterion in CANDIDATE_CRITERIA}}

        def save(v: dict[str, Any]) -> Candidate:
            v["notes"] = v["notes"] or ""
            if candidate is None:
                return self.store.add_candidate(**v)
            return self.store.update_candidate(candidate.id, **v)

        title = _("A mentor candidate") if candidate is None else _("Candidate: {name}", name=candidate.name)
        return FormScreen(title, fields, values, on_save=save,
                          intro=_("Score each of the guide's criteria from 0 (not at all) to 3 (strongly)."))

    def _after_candidate_saved(self, candidate: Candidate | None) -> None:
        if candidate is None:
            return
        self.mentor_app.data_changed()
        ids = [c.id for c in self._shown_candidates]
        if candidate.id in ids:
            self.query_one("#candidate-table", DataTable).move_cursor(row=ids.index(candidate.id))

    def action_add_candidate(self) -> None:
        self.app.push_screen(self._candidate_form(None), self._after_candidate_saved)

    def action_edit_candidate(self) -> None:
        candidate = self._selected_candidate()
        if candidate is not None:
            self.app.push_screen(self._candidate_form(candidate), self._after_candidate_saved)

    def action_delete_candidate(self) -> None:
        candidate = self._selected_candidate()
        if candidate is None:
            return
        self.store.delete_candidate(candidate.id)
        self.notify(_("Deleted. ctrl+z brings it back."), markup=False)
        self.mentor_app.data_changed()

    def action_start_relationship(self) -> None:
        """The chosen candidate becomes a relationship: the onboarding form opens pre-filled,
        and once it is saved the candidate is linked to it."""
        candidate = self._selected_candidate()
        if candidate is None or candidate.relationship_id:
            return

        def link(relationship_id: int) -> None:
            self.store.update_candidate(candidate.id, relationship_id=relationship_id)

        self.mentor_app.add_relationship(prefill={"partner": candidate.name, "role": "mentee"}, on_created=link)
