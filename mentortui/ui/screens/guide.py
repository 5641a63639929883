"""Screen 2, Guide: the practices of my role as checklists to act on, the other role's
list to read, and the mentor candidates I compare (the mentee's first practice)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from mentortui.core.i18n import N_, _
from mentortui.data.model import Candidate, other_role
from mentortui.domain.candidates import career_goals, delete_candidate
from mentortui.domain.guide import (
    ItemStatus,
    PracticeStatus,
    checklist_status,
    load_guide,
    tick_item,
    visible_items,
)
from mentortui.core.refs import CandidateRef, GoalRef, PracticeRef, Ref
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.editors import SafeInput
from mentortui.ui.navigation import Navigate
from mentortui.ui.widgets.candidate_list import CandidateList
from mentortui.ui.widgets.guide_checklist import (
    item_detail,
    item_prompt,
    practice_detail,
    practice_prompt,
    summary,
)

if TYPE_CHECKING:
    from mentortui.app import MentorApp

CHECKLIST, CANDIDATES = "guide-checklist", "guide-candidates"

ROLE_PRACTICES = {"mentor": N_("A practice for the mentor"), "mentee": N_("A practice for the mentee")}




class GuideScreen(BaseScreen):
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
        Binding("g", "career_goals", "My goals", id="guide.candidate-goals"),
        Binding("escape", "back", "Back", id="guide.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_other = False  # showing the other role's list, read-only
        self.filter_text = ""
        self._statuses: list[PracticeStatus] = []
        self._rows: dict[str, tuple[PracticeStatus, ItemStatus | None]] = {}
        self._partners: dict[int, str] = {}  # relationship id → partner, for linked candidates
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
            yield CandidateList(id=CANDIDATES)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#guide-filter").display = False
        self.query_one("#guide-detail").border_title = _("About")
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
        if action == "career_goals":
            return not in_checklist and self.candidates.career.relationship_id is not None
        if action in ("edit_candidate", "delete_candidate", "start_relationship"):
            if in_checklist:
                return False
            candidate = self.candidates.selected
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
        self.candidates.candidates = self.store.candidates()
        self.candidates.career = career_goals(self.store, relationship)
        self._partners = {r.id: r.partner for r in self.store.relationships()}
        self._fill_checklist()
        self._fill_candidates()
        self._show_summary()
        self.refresh_bindings()

    def _fill_checklist(self) -> None:
        options = self.query_one("#guide-items", OptionList)
        previous = self._highlighted()
        previous_id = self._row_id(*previous) if previous else None
        self._rows = {}
        prompts: list[Option] = []
        for status, items in visible_items(self._statuses, self.filter_text):
            row_id = self._row_id(status, None)
            self._rows[row_id] = (status, None)
            prompts.append(Option(practice_prompt(status, read_only=self.read_only), id=row_id))
            for item in items:
                row_id = self._row_id(status, item)
                self._rows[row_id] = (status, item)
                prompts.append(Option(item_prompt(item, read_only=self.read_only), id=row_id))
        options.clear_options()
        options.add_options(prompts)
        if prompts:
            ids = [option.id for option in prompts]
            options.highlighted = ids.index(previous_id) if previous_id in ids else 0
        self._show_detail()

    @staticmethod
    def _row_id(status: PracticeStatus, item: ItemStatus | None) -> str:
        return status.practice.key + ("/" + item.item.key if item else "")

    def _show_summary(self) -> None:
        role = self.role if self.mentor_app.relationship is not None else None
        text = summary(candidates=self.view == CANDIDATES, role=role, read_only=self.read_only,
                       statuses=self._statuses)
        self.query_one("#guide-summary", Static).update(text)

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
            parts += item_detail(item, read_only=self.read_only, role=self.role or "")
            parts.append(Text(""))
        parts += practice_detail(practice_status, with_note=item is None, read_only=self.read_only)
        detail.update(Group(*parts))

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
        tick_item(self.store, relationship.id, item.practice.key, item.item.key)
        self.mentor_app.data_changed()

    def action_note(self) -> None:
        relationship = self.mentor_app.relationship
        row = self._highlighted()
        if relationship is None or row is None:
            return
        practice_status, item = row
        from mentortui.ui.dialogs.candidate_forms import note_form  # with the forms: on demand

        form = note_form(self.store, relationship.id, practice_status, item)
        self.app.push_screen(form, self._after_save)

    def action_jump(self) -> None:
        item = self._highlighted_item()
        if item is None or item.evidence is None:
            return
        if isinstance(item.evidence.ref, CandidateRef):
            self.show(item.evidence.ref)
        else:
            self.post_message(Navigate(item.evidence.ref))

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

    def show(self, ref: Ref) -> None:
        """A practice (and one of its items), or the candidates (and one of them)."""
        if isinstance(ref, CandidateRef):
            self._switch_view(CANDIDATES)
            self.candidates.select(ref.candidate_id)
            return
        relationship = self.mentor_app.relationship
        if not isinstance(ref, PracticeRef) or relationship is None:
            return
        try:
            practice = load_guide().practice(ref.practice)  # also by a key it had before
        except KeyError:
            return  # a note kept under a practice the guide no longer has
        practice_key = practice.key
        self.show_other = practice.role != relationship.role
        if self.filter_text:
            self.action_back()
        self._switch_view(CHECKLIST)
        self.reload()
        wanted = practice_key + ("/" + ref.item if ref.item else "")
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
                partial(app.post_message, Navigate(PracticeRef(practice.key))),
            )
        yield SystemCommand(
            _("Guide: mentor candidates"),
            _("Compare the people you might ask to be your mentor"),
            partial(app.post_message, Navigate(CandidateRef())),
        )

    # ---- candidates ---------------------------------------------------------------------

    @property
    def candidates(self) -> CandidateList:
        return self.query_one(CandidateList)

    def action_candidates(self) -> None:
        self._switch_view(CANDIDATES)

    def _fill_candidates(self) -> None:
        self.candidates.fill(self.filter_text, self._partners)

    @on(DataTable.RowHighlighted, "#candidate-table")
    def _candidate_highlighted(self) -> None:
        self.candidates.show_selected(self._partners)
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#candidate-table")
    def _candidate_chosen(self) -> None:
        self.action_edit_candidate()

    def _after_candidate_saved(self, candidate: Candidate | None) -> None:
        if candidate is not None:
            self.mentor_app.data_changed()
            self.candidates.select(candidate.id)

    def action_add_candidate(self) -> None:
        from mentortui.ui.dialogs.candidate_forms import candidate_form  # with the forms: on demand

        self.app.push_screen(candidate_form(self.store, None, self.candidates.career), self._after_candidate_saved)

    def action_edit_candidate(self) -> None:
        candidate = self.candidates.selected
        if candidate is not None:
            from mentortui.ui.dialogs.candidate_forms import candidate_form  # with the forms: on demand

            self.app.push_screen(candidate_form(self.store, candidate, self.candidates.career),
                                 self._after_candidate_saved)

    def action_delete_candidate(self) -> None:
        candidate = self.candidates.selected
        if candidate is None:
            return
        delete_candidate(self.store, candidate.id)
        self.notify(_("Deleted. ctrl+z brings it back."), markup=False)
        self.mentor_app.data_changed()

    def action_career_goals(self) -> None:
        """The Goals screen of my relationship as mentee, where the long-term goals the
        career-goals criterion is scored against are written."""
        relationship_id = self.candidates.career.relationship_id
        if relationship_id is not None:
            self.post_message(Navigate(GoalRef(), relationship_id))

    def action_start_relationship(self) -> None:
        """The chosen candidate becomes a relationship: the onboarding form opens pre-filled,
        and once it is saved the candidate is linked to it."""
        candidate = self.candidates.selected
        if candidate is None or candidate.relationship_id:
            return
        self.mentor_app.add_relationship(prefill={"partner": candidate.name, "role": "mentee"}, candidate_id=candidate.id)
