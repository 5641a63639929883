"""What the Guide screen's checklist shows, as Rich renderables: a row per practice and per
item in the list, and the detail pane's text for the highlighted one."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from mentortui.core.refs import CandidateRef
from mentortui.ui.navigation import SCREEN_TITLES, screen_for
from mentortui.core.i18n import N_, _, format_date
from mentortui.core.safetext import safe
from mentortui.domain.guide import ItemStatus, PracticeStatus, overall
from mentortui.ui.labels import role_label

# How an item's state shows in the list: (mark, style).
MARKS = {
    "todo": ("○", ""),
    "doing": ("◐", "yellow"),
    "done": ("●", "green"),
    "met": ("✓", "bold green"),
    "waiting": ("→", "dim"),  # answered by data elsewhere, not there yet
}
STATE_WORDS = {"todo": N_("to do"), "doing": N_("doing"), "done": N_("done")}
# mentortui's own advice shows dim under this label, apart from the guide's words.
TIP_LABEL = N_("mentortui's tip")
TIP_STYLE = "dim italic"


def paragraph(text: object, style: str = "") -> Text:
    """User text as one paragraph of a Group (``safe`` leaves no line end)."""
    shown = safe(text, style=style)
    shown.end = "\n"
    return shown


def item_mark(status: ItemStatus) -> tuple[str, str]:
    if status.evidence is not None:
        return MARKS["met" if status.evidence.met else "waiting"]
    return MARKS[status.state]


def progress_bar(done: int, total: int, width: int = 12) -> Text:
    filled = round(width * done / total) if total else 0
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


def summary(*, candidates: bool, role: str | None, read_only: bool, statuses: list[PracticeStatus]) -> Text:
    """The line above the lists: what is shown, and my progress on my own list."""
    if candidates:
        return Text(_("Mentor candidates, best first: each scored 0–3 on the guide's four criteria."), style="bold")
    if role is None:
        return Text(_("No relationship yet: the checklists follow the relationship you work on. "
                      "c opens the mentor candidates."))
    if read_only:
        return Text.assemble(
            (_("What the {role} is asked to do", role=role_label(role)), "bold"),
            " " + _("(read-only; o returns to your list)"),
        )
    done, total = overall(statuses)
    return Text.assemble(
        (_("Your practices as {role}", role=role_label(role)), "bold"),
        "  ", progress_bar(done, total), "  ", _("{done} of {total} done", done=done, total=total),
    )


class ChecklistRow:
    """A checklist row: ``text`` wrapped beside a ``mark`` (its wrapped lines keep their indent),
    or with a ``count`` on the right of its first line. It draws what a two-column Rich
    ``Table.grid`` drew, without the table's measuring and cells (the option list measures then
    draws each of the Guide's ~40 rows)."""

    MARK_WIDTH = 3

    def __init__(self, text: Text, *, mark: tuple[str, str] | None = None, count: tuple[str, str] = ("", "")) -> None:
        self.text, self.mark, self.count = text, mark, count  # mark, count: (characters, style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        text = Measurement.get(console, options, self.text)
        extra = self.MARK_WIDTH + 1 if self.mark is not None else 1 + cell_len(self.count[0])
        return Measurement(text.minimum + extra, text.maximum + extra).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width, count = options.max_width, cell_len(self.count[0])
        if self.mark is not None:  # the mark, a space, the text as wide as it needs
            room = min(width - self.MARK_WIDTH - 1, Measurement.get(console, options, self.text).maximum)
        elif count:  # the text takes the room the count leaves, the count on the right
            room = width - count - 1
        else:  # no count (read-only): as the grid did, its empty column still takes a space
            room = min(width - 2, Measurement.get(console, options, self.text).maximum)
        lines = console.render_lines(
            self.text, options.update(width=max(1, room), justify="left", overflow="ellipsis", height=None), pad=True
        )
        mark = self.mark and Segment(self.mark[0].rjust(self.MARK_WIDTH), console.get_style(self.mark[1]))
        # The blanks are whole segments, as the grid made them (the screenshots compare them).
        for index, line in enumerate(lines):
            if mark is None:
                yield from line
                if index == 0 and count:
                    yield from (Segment(" "), Segment(self.count[0], console.get_style(self.count[1])))
                else:
                    yield Segment(" " * (1 + count))
            elif index == 0:
                yield from (mark, Segment(" "), *line)
            else:
                yield from (Segment(" " * (self.MARK_WIDTH + 1)), *line)
            yield Segment.line()


def practice_prompt(status: PracticeStatus, *, read_only: bool) -> ChecklistRow:
    """A practice's row: its heading and how many of its items are done."""
    progress = "" if read_only else f"{status.done}/{status.total}"
    title = Text(status.practice.heading(), style="bold")
    if status.note:
        title.append(" ✎", style="dim")
    return ChecklistRow(title, count=(progress, "green" if status.done == status.total else "dim"))


def item_prompt(status: ItemStatus, *, read_only: bool) -> ChecklistRow:
    """An item's row: its mark and label (✎ when it has a note)."""
    mark, style = item_mark(status) if not (read_only and status.evidence is None) else ("·", "dim")
    text = Text(status.item.label())
    if status.item.tip:
        text.stylize(TIP_STYLE)
        text.append(" (" + _(TIP_LABEL) + ")", style="dim")
    if status.note and not read_only:
        text.append(" ✎", style="dim")
    return ChecklistRow(text, mark=(mark, style))


def item_detail(status: ItemStatus, *, read_only: bool, role: str) -> list[RenderableType]:
    """The detail pane for an item, and where enter goes to see the data that answers it."""
    parts: list[RenderableType] = [Text(status.item.label(), style="bold")]
    if status.item.tip:
        parts.append(Text(_("{tip}: not in the guide.", tip=_(TIP_LABEL)), style=TIP_STYLE))
    evidence = status.evidence
    if evidence is not None:
        mark, style = item_mark(status)
        heading = _("Answered by your data") if evidence.met else _("Not in your data yet")
        parts.append(Text(mark + " " + heading, style=style or "bold"))
        parts.append(paragraph(evidence.detail))
        ref = evidence.ref
        screen = _("the mentor candidates") if isinstance(ref, CandidateRef) else _(SCREEN_TITLES[screen_for(ref)])
        parts.append(Text(_("enter: go to {screen}", screen=screen), style="dim"))
    elif read_only:
        parts.append(Text(_("On the {role}'s list: read-only here.", role=role_label(role)), style="dim"))
    else:
        mark, style = item_mark(status)
        parts.append(Text.assemble((mark + " ", style), _(STATE_WORDS[status.state]),
                                   (" — " + _("space moves it on"), "dim")))
    if not read_only:
        parts += note_lines(status.note, status.changed_at)
    return parts


def practice_detail(status: PracticeStatus, *, with_note: bool, read_only: bool) -> list[RenderableType]:
    practice = status.practice
    heading = Text(practice.heading(), style="bold underline")
    if not read_only:
        heading.append("  " + _("{done} of {total} done", done=status.done, total=status.total), style="green")
    parts: list[RenderableType] = [heading, Text(practice.explain())]
    if practice.references:
        cited = "\u00a0".join(f"[{number}]" for number in practice.references)  # kept on one line
        parts.append(Text(_("Sources cited by the guide: {numbers}", numbers=cited), style="dim"))
    if tip := practice.advice():
        parts += [Text(""), Text.assemble((_(TIP_LABEL) + " — ", "bold dim"), (tip, TIP_STYLE))]
    # The practice's notes (the weekly review's answers among them) show under it from any of
    # its rows; the hint to write one only on the practice's own row.
    if not read_only and (with_note or status.note.strip()):
        parts.append(Text(""))
        parts += note_lines(status.note, status.changed_at, practice_note=True)
    return parts


def note_lines(note: str, changed_at: Any, *, practice_note: bool = False) -> list[RenderableType]:
    lines: list[RenderableType] = [Text("")]
    if note.strip():
        lines.append(Text(_("My notes on this practice:") if practice_note else _("My note:"), style="bold"))
        lines.append(paragraph(note))
    else:
        hint = _("e: write a note on this practice") if practice_note else _("e: add a note")
        lines.append(Text(hint, style="dim"))
    if changed_at is not None:
        lines.append(Text(_("Last changed {date}", date=format_date(changed_at.date())), style="dim"))
    return lines
