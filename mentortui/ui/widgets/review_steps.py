"""What each step of the weekly review shows: its text, a list to act on, more text, and
the questions it asks. Read from the data as it is now; the review screen lays it out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rich.console import Group
from rich.text import Text

from mentortui.core.cadence import describe_cadence
from mentortui.core.i18n import N_, _, format_date, format_when, language
from mentortui.core.safetext import clean
from mentortui.data import review as reviews
from mentortui.data.meetings import next_planned
from mentortui.domain.meetings import proposed_dates
from mentortui.data.model import Goal, Relationship, Review
from mentortui.data.store import Store
from mentortui.domain.guide import checklist_status, load_guide
from mentortui.ui.labels import RUBRIC

CHECK = "✓"
RUBRIC_LABELS = dict(RUBRIC)


@dataclass
class StepView:
    """What a step shows: text, then a list to act on, then more text, then questions."""

    text: Any
    items: list[tuple[str, Text]] = field(default_factory=list)
    after: Any = ""
    questions: list[tuple[str, str]] = field(default_factory=list)


ANSWER_LABELS = {"wins": N_("Wins"), "goals": N_("Before the next meeting")}


def answer_lines(answers: dict[str, str]) -> list[str]:
    """What was typed in a review, each answer under a readable name."""
    guide = load_guide()
    lines = []
    for key, value in answers.items():
        if not value.strip():
            continue
        if key.startswith("guide-"):
            label = guide.practice(key.removeprefix("guide-")).heading()
        else:
            label = _(ANSWER_LABELS.get(key, key))
        lines.append(label + ": " + value.strip())
    return lines


def titled_list(title: str, rows: list[str], empty: str) -> Text:
    """A bold title over one bullet per row (user text, each cut to one line), or `empty`."""
    text = Text(title + "\n", style="bold")
    if not rows:
        text.append("  " + empty + "\n", style="dim")
    for row in rows:
        text.append("  • " + clean(row, single_line=True) + "\n")
    return text


class StepViews:
    """The view of each step of ``review``, for ``relationship``, as of ``now``."""

    def __init__(self, store: Store, review: Review, now: dt.datetime) -> None:
        self.store = store
        self.review = review
        self.now = now

    def view(self, step: str, relationship: Relationship) -> StepView:
        return getattr(self, "_step_" + step)(relationship)

    def _step_look_back(self, relationship: Relationship) -> StepView:
        moved = reviews.look_back(self.store, relationship.id, self.review.week)
        text = Group(
            titled_list(_("Goals done this week"), [g.title for g in moved.goals_done], _("none yet")),
            titled_list(_("Meetings held"), [format_when(m.starts_at) for m in moved.meetings_held], _("none this week")),
            titled_list(_("Feedback logged"), [f.text for f in moved.feedback], _("none this week")),
        )
        return StepView(text, questions=[("wins", _("A line on this week's wins:"))])

    def _step_goals(self, relationship: Relationship) -> StepView:
        now = self.now
        goals = reviews.goals_to_walk(self.store, relationship.id, now)
        text = Text(_("Open goals due within two weeks or untouched for three weeks. space: done · x: drop · "
                      "n: before the next meeting."), style="dim")
        items = [(f"goal-{g.id}", self._goal_prompt(g, now)) for g in goals]
        return StepView(text, items, questions=[("goals", _("What will you do before the next meeting?"))])

    def _goal_prompt(self, goal: Goal, now: dt.datetime) -> Text:
        prompt = Text(clean(goal.title, single_line=True))
        if goal.due_on:
            style = "bold red" if goal.due_on < now.date() else ""
            prompt.append("  " + _("due {date}", date=format_date(goal.due_on)), style=style)
        if reviews.is_stale(goal, now):
            prompt.append("  " + _("untouched for 3+ weeks"), style="yellow")
        if goal.before_next_meeting:
            prompt.append("  ◆ " + _("before next meeting"), style="cyan")
        return prompt

    def _step_feedback(self, relationship: Relationship) -> StepView:
        waiting = self.store.advice_awaiting_result(relationship.id)
        text = Text(_("Advice received that still waits for a result (r records it):"), style="bold")
        if not waiting:
            text.append("\n  " + _("none — every piece of advice has its result"), style="dim")
        after: Any = ""
        if relationship.role == "mentor":
            given = reviews.given_this_week(self.store, relationship.id, self.review.week)
            after = titled_list(
                _("Feedback I gave this week, against the rubric"),
                [f.text + "  (" + (", ".join(_(RUBRIC_LABELS.get(key, key)) for key in f.rubric) or _("no box ticked"))
                 + ")" for f in given],
                _("none this week"),
            )
        items = [(f"advice-{f.id}", Text(format_date(f.date, "short") + "  " + clean(f.text, single_line=True)))
                 for f in waiting]
        return StepView(text, items, after)

    def _step_next_meeting(self, relationship: Relationship) -> StepView:
        meeting = next_planned(self.store, relationship.id)
        if meeting is None:
            proposed = proposed_dates(self.store, relationship.id, count=1)
            text = Text(_("No meeting planned."), style="bold")
            if proposed:
                text.append("\n" + _("The cadence proposes {date} — s schedules it.", date=format_when(proposed[0])))
            return StepView(text)
        agenda = self.store.agenda(meeting.id)
        text = Text(_("Next meeting: {date}", date=format_when(meeting.starts_at)) + "\n", style="bold")
        text.append(_("Agenda ready ({n} items)", n=len(agenda)) if agenda else _("No agenda yet — p prepares it "
                                                                                  "from what is open."))
        items = [(f"item-{item.id}", Text(("✓ " if item.done else "• ") + clean(item.text, single_line=True)))
                 for item in agenda]
        actions = self.store.open_actions(relationship.id)
        after = titled_list(_("Open actions from past meetings"), [a.text for a in actions], _("none"))
        return StepView(text, items, after)

    def _step_guide_check(self, relationship: Relationship) -> StepView:
        statuses = checklist_status(self.store, relationship, relationship.role)
        weakest = reviews.weakest_practices(statuses)
        text = Text(_("The practices where your checklist is thinnest, each with a question:"), style="dim")
        questions = [
            (f"guide-{s.practice.key}", f"{s.practice.heading()} ({s.done}/{s.total}) — "
             + _(reviews.REFLECTIONS.get(s.practice.key, N_("What will you do differently next week?"))))
            for s in weakest
        ]
        return StepView(text, questions=questions)

    def _step_agreement(self, relationship: Relationship) -> StepView:
        agreement = self.store.current_agreement(relationship.id)
        today = self.now.date()
        if agreement is None:
            text = Text(_("No agreement yet: m writes it down."))
        elif reviews.revisit_due(agreement, today):
            text = Text(_("The agreement's revisit date ({date}) has come: m reviews it now, d pushes the date.",
                          date=format_date(agreement.revisit_on)), style="bold")
        elif agreement.revisit_on:
            text = Text(_("Nothing to revisit this week: the next revisit is on {date} (m reviews it anyway).",
                          date=format_date(agreement.revisit_on)))
        else:
            text = Text(_("No revisit date set: d proposes one, m reviews the agreement."))
        if agreement is not None and agreement.cadence:
            text.append("\n" + _("We meet {rhythm}.", rhythm=describe_cadence(agreement.cadence, language())))
        return StepView(text)

    def _step_thanks(self, relationship: Relationship) -> StepView:
        text = Text(_("Gratitude keeps a relationship alive: t logs a thanks for something specific."))
        today = self.now.date()
        for other in self.store.relationships():
            due = reviews.stay_in_touch_due(self.store, other, today)
            if due is not None and due <= today:
                text.append("\n" + _("News for {partner} is due (since {date}).", partner=clean(other.partner),
                                     date=format_date(due)), style="bold")
        return StepView(text)

    def _step_summary(self, relationship: Relationship) -> StepView:
        changes = [reviews.describe_change(change) for change in self.review.changes]
        answers = answer_lines(self.review.answers)
        text = Group(
            titled_list(_("What changed in this review"), changes, _("nothing changed")),
            titled_list(_("What you wrote"), answers, _("nothing written")),
            Text(_("Completed — thank you.") if self.review.completed_at else _("ctrl+s completes the review."),
                 style="bold"),
        )
        return StepView(text)
