"""Screen 6, the weekly review: a short keyboard-only ritual, step by step, resumable.

``ctrl+n`` / ``ctrl+b`` move between steps, ``ctrl+s`` saves (and on the summary completes
the review), ``escape`` leaves — what was typed and the step reached are kept. ``h`` shows
the history: past reviews, the streak and goals done per week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, Header, Label, OptionList, Sparkline, Static, TextArea
from textual.widgets.option_list import Option

from mentortui.domain.agreements import push_revisit
from mentortui.data import review as reviews
from mentortui.data.feedback import RUBRIC
from mentortui.data.goals import set_before_next_meeting
from mentortui.data.meetings import next_planned, prepare_agenda, proposed_dates, schedule_meeting, meeting_modes
from mentortui.data.model import Agreement, Feedback, Goal, Review
from mentortui.domain.guide import checklist_status, load_guide
from mentortui.core.i18n import N_, _, format_date, format_when, plural
from mentortui.core.safetext import clean, safe
from mentortui.core.text import one_line
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.editors import SafeTextArea
from mentortui.ui.relationship_forms import agreement_form
from mentortui.ui.screens.feedback import entry_form, result_form
from mentortui.ui.screens.goals import change_goal_status

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


def _lines(title: str, rows: list[str], empty: str) -> Text:
    text = Text(title + "\n", style="bold")
    if not rows:
        text.append("  " + empty + "\n", style="dim")
    for row in rows:
        text.append("  • " + clean(row, single_line=True) + "\n")
    return text


class ReviewScreen(BaseScreen):
    CSS_PATH = "review.tcss"
    HELP = N_("The weekly review: a few minutes, step by step. ctrl+n / ctrl+b move between steps; what you type "
              "is kept when you leave and the review resumes where you were.")
    BINDINGS = [
        Binding("ctrl+n", "step(1)", "Next step", id="review.next", priority=True),
        Binding("ctrl+b", "step(-1)", "Previous step", id="review.previous", priority=True, show=False),
        Binding("ctrl+s", "save", "Save", id="review.save", priority=True),
        Binding("escape", "leave", "Leave", id="review.leave"),
        Binding("h", "history", "History", id="review.history", show=False),
        Binding("space", "toggle_done", "Done", id="review.goal-done"),
        Binding("x", "drop", "Drop", id="review.goal-drop"),
        Binding("n", "before_next", "Before next meeting", id="review.goal-next"),
        Binding("r", "result", "Record result", id="review.result"),
        Binding("p", "prepare", "Prepare agenda", id="review.prepare"),
        Binding("s", "schedule", "Schedule meeting", id="review.schedule"),
        Binding("m", "edit_agreement", "Review agreement", id="review.agreement"),
        Binding("d", "push_revisit", "Push revisit date", id="review.revisit"),
        Binding("t", "thanks", "Say thanks", id="review.thanks"),
    ]
    # Which keys belong to which step (the others are hidden there).
    STEP_ACTIONS = {
        "toggle_done": "goals", "drop": "goals", "before_next": "goals",
        "result": "feedback", "prepare": "next_meeting", "schedule": "next_meeting",
        "edit_agreement": "agreement", "push_revisit": "agreement", "thanks": "thanks",
    }

    def __init__(self) -> None:
        super().__init__()
        self.review: Review | None = None
        self.steps: list[str] = []
        self.step_index: int | None = 0
        self.showing_history = False
        self._wanted_step: str | None = None
        self._questions: list[tuple[str, str]] = []  # (answer key, question) of the step shown
        self._past: dict[str, Review] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial="wizard", id="review-views"):
            with Horizontal(id="wizard"):
                yield OptionList(id="steps")
                with Vertical(id="step"):
                    yield Label(id="step-title")
                    with VerticalScroll(id="step-scroll"):
                        yield Static(id="step-text")
                        yield OptionList(id="step-list")
                        yield Static(id="step-after")
                        yield Static(id="answers-intro")
                        for index in range(reviews.QUESTIONS_ASKED):
                            yield Label(id=f"question-{index}", classes="question")
                            yield SafeTextArea(id=f"answer-{index}", soft_wrap=True, tab_behavior="focus", compact=True)
            with Horizontal(id="history"):
                yield OptionList(id="past-reviews")
                with VerticalScroll(id="history-detail"):
                    yield Static(id="streak")
                    yield Sparkline([], id="done-per-week")
                    yield Static(id="past-review")
        yield KeysFooter()

    # ---- data ----------------------------------------------------------------------

    def reload(self) -> None:
        relationship = self.mentor_app.relationship
        if relationship is None:
            self.review = None
            self.query_one("#step-title", Label).update(safe(_("No relationship yet. Press 7 to add one.")))
            self.refresh_bindings()
            return
        today = self.mentor_app.clock.today()
        week = reviews.this_week(today)
        same_review = self.review is not None and (self.review.relationship_id, self.review.week) == (relationship.id, week)
        # Read it again each time: it may have been changed (or removed) since.
        self.review = self.store.review(relationship.id, week) or reviews.open_review(self.store, relationship.id, today)
        if not same_review:
            self.step_index = None  # resume at the saved step
        self.steps = list(reviews.STEPS)
        if self._wanted_step is not None:
            self.step_index = self.steps.index(self._wanted_step)
            self._wanted_step = None
            self.review = reviews.save_answers(self.store, self.review, {}, self.step_index)
        elif self.step_index is None:
            self.step_index = min(self.review.step, len(self.steps) - 1)
        self._show_steps()
        self._show_step()
        if self.showing_history:
            self._show_history()
        self.refresh_bindings()

    @property
    def step(self) -> str:
        return self.steps[self.step_index]

    def _show_steps(self) -> None:
        options = self.query_one("#steps", OptionList)
        options.clear_options()
        for index, step in enumerate(self.steps):
            mark = CHECK if index < self.step_index or (self.review and self.review.completed_at) else " "
            options.add_option(Option(Text(f"{mark} {index + 1}. {_(reviews.STEP_TITLES[step])}"), id=step))
        options.highlighted = self.step_index
        title = _("Weekly review · {week}", week=self.review.week)
        if self.review.completed_at:
            title += " · " + _("completed")
        self.query_one("#wizard").border_title = title

    def _show_step(self) -> None:
        relationship = self.mentor_app.relationship
        title = self.query_one("#step-title", Label)
        title.update(safe(_("Step {n} of {total} — {name}", n=self.step_index + 1, total=len(self.steps),
                            name=_(reviews.STEP_TITLES[self.step]))))
        view: StepView = getattr(self, "_step_" + self.step)(relationship)
        self.query_one("#step-text", Static).update(view.text)
        self._fill_list(view.items)
        after = self.query_one("#step-after", Static)
        after.update(view.after)
        after.display = bool(view.after)
        self._ask(view.questions)
        items, questions = view.items, view.questions
        # Where the hands go next: the list to act on, else the first answer to type.
        if not self.showing_history:
            if items:
                self.query_one("#step-list").focus()
            elif questions:
                self.query_one("#answer-0").focus()
            else:
                self.query_one("#steps").focus()

    def _fill_list(self, items: list[tuple[str, Text]]) -> None:
        options = self.query_one("#step-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for option_id, prompt in items:
            options.add_option(Option(prompt, id=option_id))
        options.display = bool(items)
        if items:
            options.highlighted = min(highlighted or 0, len(items) - 1)

    def _ask(self, questions: list[tuple[str, str]]) -> None:
        """Show up to three questions, each with its answer box, filled from saved answers."""
        answers = self.review.answers
        self._questions = questions
        self.query_one("#answers-intro", Static).display = False
        for index in range(reviews.QUESTIONS_ASKED):
            label = self.query_one(f"#question-{index}", Label)
            area = self.query_one(f"#answer-{index}", TextArea)
            visible = index < len(questions)
            label.display = area.display = visible
            if visible:
                key, question = questions[index]
                label.update(safe(question))
                answer = clean(answers.get(key, ""))  # as the editor holds it
                if area.text != answer:
                    area.text = answer

    def _typed_answers(self) -> dict[str, str]:
        return {
            key: self.query_one(f"#answer-{index}", TextArea).text for index, (key, _q) in enumerate(self._questions)
        }

    # ---- the steps: each returns (text, list items, questions) --------------------------------

    def _step_look_back(self, relationship) -> StepView:
        moved = reviews.look_back(self.store, relationship.id, self.review.week)
        text = Group(
            _lines(_("Goals done this week"), [g.title for g in moved.goals_done], _("none yet")),
            _lines(_("Meetings held"), [format_when(m.starts_at) for m in moved.meetings_held], _("none this week")),
            _lines(_("Feedback logged"), [f.text for f in moved.feedback], _("none this week")),
        )
        return StepView(text, questions=[("wins", _("A line on this week's wins:"))])

    def _step_goals(self, relationship) -> StepView:
        now = self.mentor_app.clock.now()
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

    def _step_feedback(self, relationship) -> StepView:
        waiting = self.store.advice_awaiting_result(relationship.id)
        text = Text(_("Advice received that still waits for a result (r records it):"), style="bold")
        if not waiting:
            text.append("\n  " + _("none — every piece of advice has its result"), style="dim")
        after: Any = ""
        if relationship.role == "mentor":
            given = reviews.given_this_week(self.store, relationship.id, self.review.week)
            after = _lines(
                _("Feedback I gave this week, against the rubric"),
                [f.text + "  (" + (", ".join(_(RUBRIC_LABELS.get(key, key)) for key in f.rubric) or _("no box ticked"))
                 + ")" for f in given],
                _("none this week"),
            )
        items = [(f"advice-{f.id}", Text(format_date(f.date, "short") + "  " + clean(f.text, single_line=True)))
                 for f in waiting]
        return StepView(text, items, after)

    def _step_next_meeting(self, relationship) -> StepView:
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
        after = _lines(_("Open actions from past meetings"), [a.text for a in actions], _("none"))
        return StepView(text, items, after)

    def _step_guide_check(self, relationship) -> StepView:
        statuses = checklist_status(self.store, relationship, relationship.role)
        weakest = reviews.weakest_practices(statuses)
        text = Text(_("The practices where your checklist is thinnest, each with a question:"), style="dim")
        questions = [
            (f"guide-{s.practice.key}", f"{s.practice.heading()} ({s.done}/{s.total}) — "
             + _(reviews.REFLECTIONS.get(s.practice.key, N_("What will you do differently next week?"))))
            for s in weakest
        ]
        return StepView(text, questions=questions)

    def _step_agreement(self, relationship) -> StepView:
        agreement = self.store.current_agreement(relationship.id)
        today = self.mentor_app.clock.today()
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
        return StepView(text)

    def _step_thanks(self, relationship) -> StepView:
        text = Text(_("Gratitude keeps a relationship alive: t logs a thanks for something specific."))
        today = self.mentor_app.clock.today()
        for other in self.store.relationships():
            due = reviews.stay_in_touch_due(self.store, other, today)
            if due is not None and due <= today:
                text.append("\n" + _("News for {partner} is due (since {date}).", partner=clean(other.partner),
                                     date=format_date(due)), style="bold")
        return StepView(text)

    def _step_summary(self, relationship) -> StepView:
        changes = [reviews.describe_change(change) for change in self.review.changes]
        answers = answer_lines(self.review.answers)
        text = Group(
            _lines(_("What changed in this review"), changes, _("nothing changed")),
            _lines(_("What you wrote"), answers, _("nothing written")),
            Text(_("Completed — thank you.") if self.review.completed_at else _("ctrl+s completes the review."),
                 style="bold"),
        )
        return StepView(text)

    # ---- moving, saving, leaving ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.review is None:
            return action in ("leave", "history")
        step_of_action = self.STEP_ACTIONS.get(action)
        if step_of_action is not None:
            if self.showing_history or step_of_action != self.step:
                return False
            if action == "schedule":  # only while no meeting is planned
                return next_planned(self.store, self.review.relationship_id) is None
            return True
        if action == "step":
            return not self.showing_history
        return True

    def _keep_answers(self) -> None:
        if self.review is not None:
            self.review = reviews.save_answers(self.store, self.review, self._typed_answers(), self.step_index)

    def action_step(self, delta: int) -> None:
        self._keep_answers()
        self.step_index = max(0, min(len(self.steps) - 1, self.step_index + delta))
        self.review = reviews.save_answers(self.store, self.review, {}, self.step_index)
        self._show_steps()
        self._show_step()
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#steps")
    def _jump_to_step(self, event: OptionList.OptionSelected) -> None:
        self.action_step(self.steps.index(event.option.id) - self.step_index)

    def action_save(self) -> None:
        self._keep_answers()
        if self.step == "summary" and not self.review.completed_at:
            self.review = reviews.complete(self.store, self.review, self.mentor_app.clock.now())
            self.notify(_("Review of {week} completed. See you next week.", week=self.review.week), markup=False)
            self.mentor_app.data_changed()
        else:
            self.notify(_("Saved."), markup=False)

    def action_leave(self) -> None:
        self._keep_answers()
        if "dashboard" in self.mentor_app.MODES:
            self.mentor_app.goto("dashboard")

    def on_screen_suspend(self) -> None:
        self._keep_answers()

    def action_history(self) -> None:
        self._keep_answers()
        self.showing_history = not self.showing_history
        self.query_one("#review-views", ContentSwitcher).current = "history" if self.showing_history else "wizard"
        if self.showing_history:
            self._show_history()
            self.query_one("#past-reviews").focus()
        self.refresh_bindings()

    # ---- history ----------------------------------------------------------------------------

    def _show_history(self) -> None:
        relationship = self.mentor_app.relationship
        today = self.mentor_app.clock.today()
        streak = reviews.streak(self.store, relationship.id, today)
        self.query_one("#streak", Static).update(Text(
            plural(streak, N_("Streak: {n} week in a row"), N_("Streak: {n} weeks in a row")) + "\n" + _("Goals done per week, last 12 weeks:"), style="bold"
        ))
        self.query_one("#done-per-week", Sparkline).data = reviews.goals_done_per_week(self.store, relationship.id, today)
        past = self.store.reviews(relationship.id)
        self._past = {str(r.id): r for r in past}
        options = self.query_one("#past-reviews", OptionList)
        options.clear_options()
        for r in past:
            mark = CHECK if r.completed_at else "…"
            options.add_option(Option(Text(f"{mark} {r.week}"), id=str(r.id)))
        if past:
            options.highlighted = 0
            self._show_past(past[0])
        else:
            self.query_one("#past-review", Static).update(safe(_("No review yet.")))

    @on(OptionList.OptionHighlighted, "#past-reviews")
    def _past_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        review = self._past.get(event.option.id or "")
        if review:
            self._show_past(review)

    def _show_past(self, review: Review) -> None:
        took = reviews.duration(review)
        header = _("Week {week}", week=review.week) + " · " + (
            _("completed in {minutes} min", minutes=max(1, int(took.total_seconds() // 60))) if took else _("not completed")
        )
        changes = [reviews.describe_change(change) for change in review.changes]
        answers = answer_lines(review.answers)
        self.query_one("#past-review", Static).update(Group(
            Text(header, style="bold"),
            _lines(_("Changes"), changes, _("none")),
            _lines(_("Answers"), answers, _("none")),
        ))

    # ---- step actions (each is one change, recorded in the review) ----------------------

    def _selected(self, prefix: str) -> int | None:
        options = self.query_one("#step-list", OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        option_id = options.get_option_at_index(options.highlighted).id or ""
        return int(option_id.removeprefix(prefix)) if option_id.startswith(prefix) else None

    def _goal_change(self, status: str, what: str) -> None:
        goal_id = self._selected("goal-")
        if goal_id is None:
            return
        goal = self.store.goal(goal_id)

        def apply(new_status: str, with_children: bool) -> None:
            done = what if new_status == status else N_("Goal “{title}” open again")
            with self.store.change(done, title=goal.title):
                self.store.set_goal_status(goal_id, new_status, with_open_children=with_children)
                self.review = reviews.record_change(self.store, self.review, done, title=goal.title)
            self.mentor_app.data_changed()

        # Like the Goals screen: closing a goal asks about its open sub-goals.
        change_goal_status(self.mentor_app, goal, status, apply)

    def action_toggle_done(self) -> None:
        self._goal_change("done", reviews.GOAL_DONE)

    def action_drop(self) -> None:
        self._goal_change("dropped", N_("Goal “{title}” dropped"))

    def action_before_next(self) -> None:
        goal_id = self._selected("goal-")
        if goal_id is None:
            return
        goal = self.store.goal(goal_id)
        what = N_("“{title}” set for before the next meeting") if not goal.before_next_meeting else \
            N_("“{title}” no longer set for before the next meeting")
        with self.store.change(what, title=goal.title):
            set_before_next_meeting(self.store, goal_id, not goal.before_next_meeting)
            self.review = reviews.record_change(self.store, self.review, what, title=goal.title)
        self.mentor_app.data_changed()

    def action_result(self) -> None:
        feedback_id = self._selected("advice-")
        if feedback_id is None:
            return
        advice = self.store.feedback_entry(feedback_id)

        def record(recorded: Feedback) -> None:
            self.review = reviews.record_change(self.store, self.review, reviews.RESULT_RECORDED,
                                                advice=one_line(recorded.text, 60))

        form = result_form(self.mentor_app, advice, then=record)
        self.app.push_screen(form, lambda saved: saved is not None and self.mentor_app.data_changed())

    def action_prepare(self) -> None:
        meeting = next_planned(self.store, self.mentor_app.relationship.id)
        if meeting is None:
            self.notify(_("Schedule the next meeting first (s)."), severity="warning", markup=False)
            return
        what = reviews.AGENDA_PREPARED
        with self.store.change(what, date=format_when(meeting.starts_at)):
            added = prepare_agenda(self.store, meeting.id)
            self.review = reviews.record_change(self.store, self.review, what, date=format_when(meeting.starts_at))
        self.notify(plural(len(added), N_("{n} item added to the agenda."), N_("{n} items added to the agenda.")), markup=False)
        self.mentor_app.data_changed()

    def action_schedule(self) -> None:
        relationship = self.mentor_app.relationship
        proposed = proposed_dates(self.store, relationship.id, count=1)
        if not proposed or next_planned(self.store, relationship.id) is not None:
            return
        modes = meeting_modes(self.store.current_agreement(relationship.id))
        what = N_("Meeting scheduled for {date}")
        with self.store.change(what, date=format_when(proposed[0])):
            schedule_meeting(self.store, relationship.id, proposed[0], modes[0])
            self.review = reviews.record_change(self.store, self.review, what, date=format_when(proposed[0]))
        self.mentor_app.data_changed()

    def action_edit_agreement(self) -> None:
        relationship = self.mentor_app.relationship
        current = self.store.current_agreement(relationship.id)

        def record(version: Agreement) -> None:
            self.review = reviews.record_change(self.store, self.review, N_("Agreement reviewed (version {n})"),
                                                n=version.version)

        def saved(result: object) -> None:
            if result is not None:
                self.mentor_app.data_changed()

        self.app.push_screen(agreement_form(self.mentor_app, relationship, current, then=record), saved)

    def action_push_revisit(self) -> None:
        relationship = self.mentor_app.relationship
        what = N_("Agreement revisit pushed to {date}")
        with self.store.change(N_("Push the agreement's revisit date")):
            revisit = push_revisit(self.store, relationship.id, self.mentor_app.clock.today())
            if revisit is None:
                self.notify(_("No agreement yet: m writes it down."), severity="warning", markup=False)
                return
            self.review = reviews.record_change(self.store, self.review, what, date=format_date(revisit))
        self.mentor_app.data_changed()

    def action_thanks(self) -> None:
        relationship = self.mentor_app.relationship

        def record(_entry: Feedback) -> None:
            self.review = reviews.record_change(self.store, self.review, N_("Thanks logged"))

        form = entry_form(self.mentor_app, relationship.id, thanks=True, then=record)
        self.app.push_screen(form, lambda saved: saved is not None and self.mentor_app.data_changed())

    def focus_target(self, target: dict) -> None:
        """Open a given step (``{"step": "thanks"}``), of the active relationship's review."""
        if target.get("step") in reviews.STEPS:
            self._wanted_step = target["step"]
            self.reload()
