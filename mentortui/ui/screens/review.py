"""Screen 6, the weekly review: a short keyboard-only ritual, step by step, resumable.

One review a week for the person: its steps walk every relationship in review (each one's
part under its partner's name when there are several), and a step's keys act on the
relationship of the selected row. ``ctrl+n`` / ``ctrl+b`` move between steps, ``ctrl+s``
saves (and on the summary completes the review), ``escape`` leaves — what was typed and the
step reached are kept. ``h`` shows the history: past reviews, the streak and goals done per week.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, Header, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from mentortui.domain.agreements import push_revisit
from mentortui.domain.review import complete_review, save_answers
from mentortui.data import review as reviews
from mentortui.data.meetings import next_planned, meeting_modes
from mentortui.domain.goals import set_before_next_meeting, set_goal_status
from mentortui.domain.meetings import prepare_agenda, proposed_dates, schedule_meeting
from mentortui.data.model import Relationship, Review
from mentortui.core.i18n import N_, _, plural
from mentortui.core.refs import Overview, Ref, ReviewRef, ReviewStep
from mentortui.core.safetext import clean, safe
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.editors import SafeTextArea
from mentortui.ui.navigation import Navigate
from mentortui.ui.dialogs.relationship_forms import agreement_form
from mentortui.ui.dialogs.feedback_forms import entry_form, result_form
from mentortui.ui.dialogs.goal_forms import change_goal_status
from mentortui.ui.widgets.review_history import ReviewHistory
from mentortui.ui.widgets.review_steps import CHECK, StepViews, row_item, row_relationship

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

    PROPOSING = frozenset({"prepare", "schedule", "push_revisit"})

    def __init__(self) -> None:
        super().__init__()
        self.review: Review | None = None
        self.steps: list[str] = []
        self.walked: list[Relationship] = []  # the relationships this week's review walks
        self.step_index: int | None = 0
        self.showing_history = False
        self._wanted_step: str | None = None
        self._shown_step: str | None = None  # the step drawn last (a new one starts at the top)
        self._questions: list[tuple[str, str]] = []  # (answer key, question) of the step shown

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
                        for index in range(reviews.MAX_QUESTIONS):
                            yield Label(id=f"question-{index}", classes="question")
                            yield SafeTextArea(id=f"answer-{index}", soft_wrap=True, tab_behavior="focus", compact=True)
            yield ReviewHistory(id="history")
        yield KeysFooter()

    # ---- data ----------------------------------------------------------------------

    def reload(self) -> None:
        if self.mentor_app.relationship is None:
            self.review = None
            self.query_one("#step-title", Label).update(safe(_("No relationship yet. Press 7 to add one.")))
            self.refresh_bindings()
            return
        today = self.mentor_app.clock.today()
        week = reviews.this_week(today)
        # The person's review: switching relationship (ctrl+o) keeps the same one.
        same_review = self.review is not None and self.review.week == week
        # Read it again each time: it may have been changed (or removed) since.
        self.review = self.store.review(week) or reviews.open_review(self.store, today)
        self.walked = reviews.in_review(self.store, today)
        if not same_review:
            self.step_index = None  # resume at the saved step
        self.steps = list(reviews.STEPS)
        if self._wanted_step is not None:
            self.step_index = self.steps.index(self._wanted_step)
            self._wanted_step = None
            self.review = save_answers(self.store, self.review, {}, self.step_index)
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
        title = self.query_one("#step-title", Label)
        title.update(safe(_("Step {n} of {total} — {name}", n=self.step_index + 1, total=len(self.steps),
                            name=_(reviews.STEP_TITLES[self.step]))))
        view = StepViews(self.store, self.review, self.mentor_app.clock.now(), self.walked).view(self.step)
        self.query_one("#step-text", Static).update(view.text)
        self._fill_list(view.items, fresh=self.step != self._shown_step)
        self._shown_step = self.step
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

    def _fill_list(self, items: list[tuple[str, Text]], fresh: bool) -> None:
        options = self.query_one("#step-list", OptionList)
        highlighted = options.highlighted
        if fresh:  # a step just reached starts at the current relationship's rows
            current = self.mentor_app.relationship
            highlighted = next((index for index, (option_id, _prompt) in enumerate(items)
                                if current is not None and row_relationship(option_id) == current.id), 0)
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
        for index in range(reviews.MAX_QUESTIONS):
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

    # ---- moving, saving, leaving ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.review is None:
            return action in ("leave", "history")
        step_of_action = self.STEP_ACTIONS.get(action)
        if step_of_action is not None:
            if self.showing_history or step_of_action != self.step:
                return False
            if action in self.PROPOSING:
                # An ended relationship plans, prepares and revisits nothing.
                relationship = self._selected_relationship()
                if relationship is None or relationship.status == "ended":
                    return False
                if action == "schedule":  # only while the selected relationship has no meeting planned
                    return next_planned(self.store, relationship.id) is None
            return True
        if action == "step":
            return not self.showing_history
        return True

    def _keep_answers(self) -> None:
        if self.review is not None:
            self.review = save_answers(self.store, self.review, self._typed_answers(), self.step_index)

    def action_step(self, delta: int) -> None:
        self._keep_answers()
        self.step_index = max(0, min(len(self.steps) - 1, self.step_index + delta))
        self.review = save_answers(self.store, self.review, {}, self.step_index)
        self._show_steps()
        self._show_step()
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#steps")
    def _jump_to_step(self, event: OptionList.OptionSelected) -> None:
        self.action_step(self.steps.index(event.option.id) - self.step_index)

    def action_save(self) -> None:
        self._keep_answers()
        if self.step == "summary" and not self.review.completed_at:
            self.review = complete_review(self.store, self.review, self.mentor_app.clock.now())
            self.notify(_("Review of {week} completed. See you next week.", week=self.review.week), markup=False)
            self.mentor_app.data_changed()
        else:
            self.notify(_("Saved."), markup=False)

    def action_leave(self) -> None:
        self._keep_answers()
        if "dashboard" in self.mentor_app.MODES:
            self.post_message(Navigate(Overview()))

    def on_screen_suspend(self) -> None:
        self._keep_answers()

    def _show_history(self) -> None:
        history = self.query_one("#history", ReviewHistory)
        history.show(self.store, self.mentor_app.clock.today())

    def action_history(self) -> None:
        self._show_history_or_wizard(not self.showing_history)

    def _show_history_or_wizard(self, history: bool) -> None:
        self._keep_answers()
        self.showing_history = history
        self.query_one("#review-views", ContentSwitcher).current = "history" if self.showing_history else "wizard"
        if self.showing_history:
            self._show_history()
            self.query_one("#past-reviews").focus()
        self.refresh_bindings()

    # ---- step actions (each is one change, recorded in the review) ----------------------

    def _selected_row(self) -> str:
        options = self.query_one("#step-list", OptionList)
        if not options.display or options.highlighted is None or not options.option_count:
            return ""
        return options.get_option_at_index(options.highlighted).id or ""

    def _selected(self, prefix: str) -> int | None:
        item = row_item(self._selected_row())
        return int(item.removeprefix(prefix)) if item.startswith(prefix) else None

    def _selected_relationship(self) -> Relationship | None:
        """The relationship a step's key acts on: the selected row's, else the only one walked."""
        relationship_id = row_relationship(self._selected_row())
        if relationship_id is None:
            return self.walked[0] if len(self.walked) == 1 else None
        return next((r for r in self.walked if r.id == relationship_id), None)

    @on(OptionList.OptionHighlighted, "#step-list")
    def _row_highlighted(self) -> None:
        self.refresh_bindings()  # s applies only to a relationship with no meeting planned

    def _goal_change(self, status: str) -> None:
        goal_id = self._selected("goal-")
        if goal_id is None or self.review is None:
            return
        goal, review = self.store.goal(goal_id), self.review

        def apply(new_status: str, with_children: bool) -> None:
            set_goal_status(self.store, goal_id, new_status, with_open_children=with_children, review=review)
            self.mentor_app.data_changed()

        # Like the Goals screen: closing a goal asks about its open sub-goals.
        change_goal_status(self.mentor_app, goal, status, apply)

    def action_toggle_done(self) -> None:
        self._goal_change("done")

    def action_drop(self) -> None:
        self._goal_change("dropped")

    def action_before_next(self) -> None:
        goal_id = self._selected("goal-")
        if goal_id is None or self.review is None:
            return
        goal = self.store.goal(goal_id)
        set_before_next_meeting(self.store, goal_id, not goal.before_next_meeting, review=self.review)
        self.mentor_app.data_changed()

    def action_result(self) -> None:
        feedback_id = self._selected("advice-")
        if feedback_id is None:
            return
        advice = self.store.feedback_entry(feedback_id)
        form = result_form(self.mentor_app, advice, review=self.review)
        self.app.push_screen(form, lambda saved: saved is not None and self.mentor_app.data_changed())

    def action_prepare(self) -> None:
        relationship = self._selected_relationship()
        if relationship is None:
            return
        meeting = next_planned(self.store, relationship.id)
        if meeting is None:
            self.notify(_("Schedule the next meeting first (s)."), severity="warning", markup=False)
            return
        added = prepare_agenda(self.store, meeting.id, review=self.review)
        self.review = self.store.review(self.review.week) or self.review
        self.notify(plural(len(added), N_("{n} item added to the agenda."), N_("{n} items added to the agenda.")), markup=False)
        self.mentor_app.data_changed()

    def action_schedule(self) -> None:
        relationship = self._selected_relationship()
        if relationship is None:
            return
        proposed = proposed_dates(self.store, relationship.id, count=1)
        if not proposed or next_planned(self.store, relationship.id) is not None:
            return
        modes = meeting_modes(self.store.current_agreement(relationship.id))
        schedule_meeting(self.store, relationship.id, proposed[0], modes[0], review=self.review)
        self.review = self.store.review(self.review.week) or self.review
        self.mentor_app.data_changed()

    def action_edit_agreement(self) -> None:
        relationship = self._selected_relationship()
        if relationship is None:
            return
        current = self.store.current_agreement(relationship.id)
        form = agreement_form(self.mentor_app, relationship, current, review=self.review)
        self.app.push_screen(form, lambda saved: saved is not None and self.mentor_app.data_changed())

    def action_push_revisit(self) -> None:
        relationship = self._selected_relationship()
        if relationship is None:
            return
        revisit = push_revisit(self.store, relationship.id, self.mentor_app.clock.today(), review=self.review)
        if revisit is None:
            self.notify(_("No agreement yet: m writes it down."), severity="warning", markup=False)
            return
        self.mentor_app.data_changed()

    def action_thanks(self) -> None:
        relationship = self._selected_relationship()
        if relationship is None:
            return
        form = entry_form(self.mentor_app, relationship.id, thanks=True, review=self.review)
        self.app.push_screen(form, lambda saved: saved is not None and self.mentor_app.data_changed())

    def show(self, ref: Ref) -> None:
        """Open a given step (``ReviewStep("thanks")``) of this week's review."""
        if isinstance(ref, ReviewRef):  # a review in the history (a search hit in its answers)
            self.query_one("#history", ReviewHistory).select(ref.review_id)
            self._show_history_or_wizard(True)
        if isinstance(ref, ReviewStep) and ref.step in reviews.STEPS:
            self._wanted_step = ref.step
            self.reload()
