"""The mentor candidates of the Guide screen: a table, best first, above the selected
candidate's scores and notes, the career-goals criterion with my long-term goals."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from mentortui.core.i18n import _
from mentortui.core.safetext import clean, safe
from mentortui.core.text import one_line
from mentortui.data.model import CANDIDATE_CRITERIA, Candidate
from mentortui.domain.candidates import (
    CRITERIA_LABELS,
    CRITERIA_SHORT,
    GOALS_CRITERION,
    MAX_SCORE,
    MAX_TOTAL,
    CareerGoals,
)
from mentortui.domain.guide import matches


def _dots(score: int) -> Text:
    return Text.assemble(("●" * score, "green"), ("○" * (MAX_SCORE - score), "dim"))


def _line(text: object, style: str = "") -> Text:
    """User text as one paragraph of a Group (``safe`` leaves no line end)."""
    line = safe(text, style=style)
    line.end = "\n"
    return line


def career_goal_lines(career: CareerGoals) -> Text:
    """What the career-goals criterion is scored against: my long-term goals as mentee, or
    how to write one."""
    if career.goals:
        lines = Text(_("Against your long-term goals:"), style="dim")
        for goal in career.goals:
            lines.append("\n• ")
            lines.append(safe(one_line(goal.title, 60)))
        return lines
    if career.relationship_id is not None:
        return Text(_("No long-term goal yet. Where do you want your career to be in a few years? "
                      "g writes it on the Goals screen."), style="yellow")
    return Text(_("Score it against where you want your career to be in a few years; once you are "
                  "someone's mentee, write it there as a long-term goal."), style="dim")


class CandidateList(Vertical):
    """The table and the details; the screen tells it what to show and reads the selection."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.candidates: list[Candidate] = []
        self.shown: list[Candidate] = []  # after the filter, in table order
        self.career = CareerGoals((), None)  # what the career-goals criterion is scored against

    def compose(self) -> ComposeResult:
        yield DataTable(id="candidate-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="candidate-detail"):
            yield Static(id="candidate-detail-text")

    def on_mount(self) -> None:
        table = self.table
        table.add_column(_("Name"), key="name")
        for criterion in CANDIDATE_CRITERIA:
            table.add_column(_(CRITERIA_SHORT[criterion]), key=criterion)
        table.add_column(_("Total"), key="total")

    @property
    def table(self) -> DataTable:
        return self.query_one("#candidate-table", DataTable)

    @property
    def selected(self) -> Candidate | None:
        table = self.table
        if not self.shown or table.cursor_row is None or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def select(self, candidate_id: int | None) -> None:
        ids = [c.id for c in self.shown]
        if candidate_id in ids:
            self.table.move_cursor(row=ids.index(candidate_id))

    def fill(self, filter_text: str, partners: dict[int, str]) -> None:
        """Show the candidates that match ``filter_text``; ``partners`` names the relationship
        each linked candidate became."""
        table = self.table
        previous = self.selected if table.row_count else None
        self.shown = [c for c in self.candidates if not filter_text or matches(filter_text, c.name, c.notes)]
        table.clear()
        for candidate in self.shown:
            name = safe(clean(candidate.name, single_line=True)[:40])
            if candidate.relationship_id:
                name.append(" ✓", style="green")
            table.add_row(
                name,
                *[_dots(getattr(candidate, criterion)) for criterion in CANDIDATE_CRITERIA],
                Text(f"{candidate.total}/{MAX_TOTAL}", style="bold"),
                key=str(candidate.id),
            )
        table.display = bool(self.shown)
        if previous is not None:
            self.select(previous.id)
        self.show_selected(partners)

    def show_selected(self, partners: dict[int, str]) -> None:
        detail = self.query_one("#candidate-detail-text", Static)
        candidate = self.selected
        if candidate is None:
            message = (_("Nothing matches the filter.") if self.candidates else
                       _("No candidates yet. Press a to add someone you might ask to be your mentor, and score them "
                         "on the guide's four criteria."))
            detail.update(Group(Text(message, style="dim"), Text(""), career_goal_lines(self.career)))
            return
        facts = Table.grid(padding=(0, 1, 0, 0))
        facts.add_column(no_wrap=True)
        facts.add_column(ratio=1)
        for criterion in CANDIDATE_CRITERIA:
            score = getattr(candidate, criterion)
            facts.add_row(_dots(score), Text(_(CRITERIA_LABELS[criterion]) + f" ({score}/{MAX_SCORE})"))
            if criterion == GOALS_CRITERION:
                facts.add_row("", career_goal_lines(self.career))
        parts: list[RenderableType] = [
            Text.assemble((clean(candidate.name, single_line=True), "bold"),
                          "  " + _("{total} of {max}", total=candidate.total, max=MAX_TOTAL)),
            facts,
        ]
        if candidate.notes.strip():
            parts += [Text(""), _line(candidate.notes)]
        parts.append(Text(""))
        if candidate.relationship_id:
            partner = partners.get(candidate.relationship_id, "")
            parts.append(_line(_("✓ Now your mentor: the relationship with {partner}.", partner=partner),
                               style="green"))
        else:
            parts.append(Text(_("r: start a relationship with them (the onboarding form opens pre-filled)."),
                              style="dim"))
        detail.update(Group(*parts))
