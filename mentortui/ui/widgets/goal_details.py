"""The Goals screen's lines around the tree: the summary above it (the view, the next meeting
and the steps planned before it) and the selected goal's details below it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


from textual.widgets import Static

from mentortui.core.i18n import N_, NC_, _, format_date, format_skeleton, plural
from mentortui.core.safetext import safe
from mentortui.data.goals import GoalRow
from mentortui.ui.widgets.goal_tree import OWNER_WORDS, PLANNED_MARK, GoalTree, is_overdue, percent

STATUS_WORDS = {"open": N_("open"), "done": NC_("goal", "done"), "dropped": N_("dropped")}
HORIZON_WORDS = {"long": N_("long term"), "short": N_("short term"), "step": N_("small step")}
# The view filters' names (mentortui.data.goals.VIEWS).
VIEW_LABELS = {
    "all": N_("all goals"),
    "open": N_("open goals"),
    "week": N_("due this week"),
    "overdue": N_("overdue"),
    "next_meeting": N_("before the next meeting"),
}


class GoalsSummary(Static):
    """The view, how many goals a text filter found, and the next meeting with its steps."""

    def show(self, view: str, matches: int | None, next_meeting: dt.datetime | None, planned: tuple[int, int],
             lang: str) -> None:
        parts = [_("View: {view}", view=_(VIEW_LABELS[view]))]
        if matches is not None:
            parts.append(plural(matches, N_("{n} match"), N_("{n} matches"), lang))
        open_count, done_count = planned
        if next_meeting is not None:
            when = format_skeleton(next_meeting.date(), "MMMEd", lang) + " " + next_meeting.strftime("%H:%M")
            parts.append(_("{mark} next meeting {when} · before it: {open} open, {done} done",
                           mark=PLANNED_MARK, when=when, open=open_count, done=done_count))
        else:
            parts.append(_("{mark} no meeting planned · for the next one: {open} open, {done} done",
                           mark=PLANNED_MARK, open=open_count, done=done_count))
        self.display = True
        self.update(safe(" · ".join(parts)))


class GoalDetails(Static):
    """The selected goal in a few lines, under the tree."""

    def show(self, row: GoalRow | None, tree: GoalTree, lang: str, key_for: Callable[[str], str]) -> None:
        """Show ``row`` (hidden for None); ``key_for(action)``
        names the key that runs a jump (to the goal's meetings or feedback)."""
        self.display = row is not None
        if row is None:
            return
        goal, today = row.goal, tree.today
        text = safe(goal.title, single_line=True, style="bold")
        facts = [
            _(STATUS_WORDS[goal.status]),
            _(HORIZON_WORDS[goal.horizon]),
            _("owner: {who}", who=_(OWNER_WORDS[goal.owner])),
        ]
        if row.progress is not None:
            if row.counted_children and goal.status == "open":
                facts.append(_("{percent} ({done} of {total} steps done)", percent=percent(row.progress, lang),
                               done=row.done_leaves, total=row.leaves))
            else:
                facts.append(percent(row.progress, lang))
        text.append("\n" + " · ".join(facts))
        if goal.due_on is not None:
            due = _("due {date}", date=format_date(goal.due_on, "full", lang=lang))
            text.append(" · ")
            if is_overdue(goal, today):
                late = plural((today - goal.due_on).days, N_("{n} day"), N_("{n} days"), lang)
                text.append(_("{due}, overdue by {late}", due=due, late=late),
                            style=tree.get_component_rich_style("goal-tree--overdue", partial=True))
            else:
                text.append(due)
        if goal.before_next_meeting:
            text.append(" · " + PLANNED_MARK + " " + _("before the next meeting"))
        text.append("\n" + self._describe_links(row, lang, key_for))
        if goal.notes.strip():
            text.append("\n")
            text.append_text(safe(goal.notes.strip().splitlines()[0], single_line=True, style="italic"))
        self.update(text)

    @staticmethod
    def _describe_links(row: GoalRow, lang: str, key_for: Callable[[str], str]) -> str:
        """What refers to the goal, each group after the key that jumps to it."""
        links = row.links
        if not (links.meetings or links.actions or links.feedback):
            return _("No meeting, action or feedback refers to it yet.")
        groups = []
        in_meetings = []
        if links.meetings:
            in_meetings.append(
                plural(links.meetings, N_("{n} meeting"), N_("{n} meetings"), lang)
                + " (" + plural(links.agenda_items, N_("{n} agenda item"), N_("{n} agenda items"), lang) + ")"
            )
        if links.actions:
            in_meetings.append(plural(links.actions, N_("{n} action"), N_("{n} actions"), lang))
        if in_meetings:
            groups.append(key_for("meetings") + " → " + ", ".join(in_meetings))
        if links.feedback:
            feedback = plural(links.feedback, N_("{n} feedback entry"), N_("{n} feedback entries"), lang)
            groups.append(key_for("feedback") + " → " + feedback)
        return _("Linked: {links}", links=" · ".join(groups))
