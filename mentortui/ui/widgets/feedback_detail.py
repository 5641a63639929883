"""One feedback entry in full: when, which way, what kind, its goal, its text, what came of
it (advice) and the rubric (feedback given that asks for a change)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from mentortui.core.i18n import _, format_date
from mentortui.core.safetext import safe
from mentortui.core.sharing import SHARED_MARK
from mentortui.data.feedback import awaits_result, rubric_applies
from mentortui.data.model import Feedback
from mentortui.ui.labels import DIRECTION_LABELS, FEEDBACK_KIND_LABELS, RUBRIC


class FeedbackDetail(Static):
    def show(self, entry: Feedback | None, goal: str) -> None:
        """Show ``entry`` (nothing if None); ``goal`` is the title of its goal, or ""."""
        if entry is None:
            self.update("")
            return
        lang = self.app.lang
        heading = Text(format_date(entry.date, "full", lang) + " · ", style="bold")
        heading.append(_(DIRECTION_LABELS[entry.direction]) + " · " + _(FEEDBACK_KIND_LABELS[entry.kind]), style="bold")
        if entry.shared:
            heading.append("  " + SHARED_MARK + " " + _("shared with my partner"), style="cyan")
        parts: list[Text] = [heading]
        if goal:
            parts.append(Text(_("Goal: ")) + safe(goal, single_line=True, style="italic"))
        parts.append(safe(entry.text))
        if entry.kind == "advice":
            parts.append(Text(""))
            if awaits_result(entry):
                parts.append(Text(_("Awaiting a result: press r to say what came of it."), style="yellow"))
            elif entry.result or entry.tried is not None:
                tried = _("Tried it") if entry.tried else _("Not tried")
                when = format_date(entry.result_on, lang=lang) if entry.result_on else ""
                parts.append(Text(tried + (" · " + when if when else "") + ":", style="bold"))
                parts.append(safe(entry.result))
        if rubric_applies(entry.direction, entry.kind):
            ticked = set(entry.rubric)
            line = Text(_("Rubric: "), style="bold")
            for key, label in RUBRIC:
                line.append(("☑ " if key in ticked else "☐ ") + _(label) + "  ", style="" if key in ticked else "dim")
            parts.append(Text(""))
            parts.append(line)
        self.update(Text("\n").join(parts))
