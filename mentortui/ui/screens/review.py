"""Screen 6, the weekly review: a short keyboard-only ritual, step by step, resumable.

One review a week for the person: its steps walk every relationship in review (each one's
part under its partner's name when there are several), and a step's keys act on the
relationship of the selected row. ``ctrl+n`` / ``ctrl+b`` move between steps, ``ctrl+s``
saves (and on the summary completes the review), ``escape`` leaves — what was typed and the
step reached are kept. ``h`` shows the history: past reviews, the streak and goals done per week.

A step opens with the cursor on what it shows, never in an answer box, so screen keys
(``1``–``7``, ``h``) act; ``a`` goes into the answer boxes and ``escape`` comes out of them.
Saved answers to "before the next meeting" become goals, guide-check answers become notes
on their practice.
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
from mentortui.domain.goals import goals_from_answer, set_before_next_meeting, set_goal_status
from mentortui.domain.guide import load_guide, note_from_review
from mentortui.domain.guide_evidence import EVIDENCE, Workbook
from mentortui.domain.learning import LEARNED_ANSWER, note_learning
from mentortui.domain.meetings import prepare_agenda, proposed_dates, schedule_meeting
from mentortui.data.model import Relationship, Review, ValidationError
from mentortui.data.store import NotFound
from mentortui.core.dates import week_label
from mentortui.core.i18n import N_, NC_, _, plural
from mentortui.core.refs import Overview, Ref, ReviewRef, ReviewStep
from mentortui.core.safetext import clean, safe
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.text_editor import SafeTextArea
from mentortui.ui.navigation import Navigate
from mentortui.ui.widgets.review_history import ReviewHistory
from mentortui.ui.widgets.review_steps import CHECK, LAPSE_ROW, StepViews, row_item, row_relationship

class ReviewScreen(BaseScreen):
    HELP = N_("The weekly review: a few minutes, step by step. ctrl+n / ctrl+b move between steps; a writes an "
              "answer and escape comes out of the answer box (a second escape leaves the review); what you type is "
              "kept when you leave and the review resumes where you were. What you will do before the next meeting "
              "becomes goals, one a line; a guide-check answer becomes a note on its practice.")
    BINDINGS = [
        Binding("ctrl+n", "step(1)", "Next step", id="review.next", priority=True),
        Binding("ctrl+b", "step(-1)", "Previous step", id="review.previous", priority=True, show=False),
        Binding("ctrl+s", "save", "Save", id="review.save", priority=True),
        Binding("escape", "leave_answer", "Done answering", id="review.answer-done"),
        Binding("escape", "leave", "Leave", id="review.leave"),
        Binding("a,enter", "answer", "Answer", id="review.answer"),  # enter: on the step's text (a list takes its own)
        Binding("h", "history", "History", id="review.history", show=False),
        Binding("space", "toggle_done", NC_("goal", "Done"), id="review.goal-done"),
        Binding("x", "drop", "Drop", id="review.goal-drop"),
        Binding("n", "before_next", "Before next meeting", id="review.goal-next"),
        Binding("r", "result", "Record result", id="review.result"),
        Binding("p", "prepare", "Prepare agenda", id="review.prepare"),
        Binding("o", "open_lapse", "Open", id="review.open-lapse"),
        Binding("u", "progress_update", "Progress update", id="review.progress-update"),
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
        "open_lapse": "guide_check", "progress_update": "guide_check",
    }
    # Keys of another step that also fix a lapsed check in the guide check.
    GUIDE_CHECK_FIXES = frozenset({"prepare"})

    PROPOSING = frozenset({"prepare", "schedule", "push_revisit"})

    def __init__(self) -> None:
        super().__init__()
        self.review: Review | None = None
        self.steps: list[str] = []
        self.walked: list[Relationship] = []  # the relationships this week's review walks
        self._refused: dict[str, str] = {}  # answers kept as text (a line too long), as typed: said once
        self.step_index: int | None = 0
        self.showing_history = False
        self._wanted_step: str | None = None
        self._shown_step: str | None = None  # the step drawn last (a new one starts at the top)
        self._questions: list[tuple[str, str]] = []  # (answer key, question) of the step shown
        # Made when a step first asks that many questions (most ask one or two: six text areas
        # were a third of the review's first showing). Held here, not queried: they are still
        # read on unmount, when the app quits.
        self._answer_boxes: list[SafeTextArea] = []

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
                        yield from self._new_answer_boxes(1)  # most steps ask one question or more
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
        title = _("Weekly review · {week}", week=week_label(self.review.week))
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
        # A redraw while typing an answer leaves the cursor there; else it goes to the step.
        if not self.showing_history and self._answer_box() is None:
            self._focus_content()

    def _focus_content(self) -> None:
        """The cursor on what the step shows (its list, else its text), never in an answer
        box: screen keys act there, ``a`` goes into the answers."""
        options = self.query_one("#step-list", OptionList)
        (options if options.display else self.query_one("#step-scroll")).focus()

    def _answer_box(self) -> TextArea | None:
        """The answer box the cursor is in, if any."""
        focused = self.focused
        return focused if isinstance(focused, TextArea) and focused.id and focused.id.startswith("answer-") else None

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
        self._add_answer_boxes(len(questions))
        for index, area in enumerate(self._answer_boxes):
            label = self.query_one(f"#question-{index}", Label)
            visible = index < len(questions)
            label.display = area.display = visible
            if visible:
                key, question = questions[index]
                label.update(safe(question))
                answer = clean(answers.get(key, ""))  # as the editor holds it
                if area.text != answer:
                    area.text = answer

    def _add_answer_boxes(self, wanted: int) -> None:
        """Up to ``wanted`` questions with their answer boxes, under the step's text."""
        added = self._new_answer_boxes(wanted)
        if added:
            self.query_one("#step-scroll").mount_all(added)

    def _new_answer_boxes(self, wanted: int) -> list[Label | SafeTextArea]:
        """The questions and answer boxes that make ``wanted``, to be mounted."""
        added: list[Label | SafeTextArea] = []
        for index in range(len(self._answer_boxes), wanted):
            box = SafeTextArea(id=f"answer-{index}", soft_wrap=True, tab_behavior="focus", compact=True,
                               placeholder=_("Your answer (a)"))
            self._answer_boxes.append(box)
            added += [Label(id=f"question-{index}", classes="question"), box]
        return added

    def _typed_answers(self) -> dict[str, str]:
        return {
            key: self._answer_boxes[index].text for index, (key, _q) in enumerate(self._questions)
        }

    # ---- moving, saving, leaving ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.review is None:
            return action in ("leave", "history")
        step_of_action = self.STEP_ACTIONS.get(action)
        if step_of_action is not None:
            if self.showing_history or (step_of_action != self.step and not (
                    self.step == "guide_check" and action in self.GUIDE_CHECK_FIXES)):
                return False
            if action == "open_lapse":
                return self._selected_lapse() is not None
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
        if action == "answer":
            return bool(self._questions) and not self.showing_history
        if action == "leave_answer":
            return self._answer_box() is not None
        if action == "leave":
            return self._answer_box() is None
        return True

    def _keep_answers(self) -> None:
        if self.review is None:
            return
        typed = self._typed_answers()
        made_data = self._answers_become_data(typed)
        for index, (key, _q) in enumerate(self._questions):
            if key in made_data:  # kept as goals or a note now, not as text too: saving again adds nothing
                typed[key] = ""
                self.query_one(f"#answer-{index}", TextArea).text = ""
        self.review = save_answers(self.store, self.review, typed, self.step_index)
        if made_data:
            self.mentor_app.data_changed()

    def _answers_become_data(self, typed: dict[str, str]) -> list[str]:
        """What will be done before the next meeting becomes goals, a guide-check answer a
        note on its practice (each one undoable change, recorded in the review). Returns the
        keys of the answers so kept; an answer refused (a line too long) stays as text."""
        walked = {relationship.id: relationship for relationship in self.walked}
        made_data = []
        for key, answer in typed.items():
            relationship_id, question = reviews.split_answer_key(key)
            relationship = walked.get(relationship_id)
            if relationship is None or not answer.strip() or not (
                    question in ("goals", LEARNED_ANSWER) or question.startswith("guide-")):
                continue
            try:
                if question == LEARNED_ANSWER:
                    note_learning(self.store, relationship.id, answer, review=self.review)
                    message = _("Kept in what you learned from {partner}: the Relationship screen shows it.",
                                partner=clean(relationship.partner, single_line=True))
                elif question == "goals":
                    added = goals_from_answer(self.store, relationship.id, answer, review=self.review)
                    message = plural(len(added),
                                     N_("{n} goal added for before the next meeting (ctrl+z takes it back)."),
                                     N_("{n} goals added for before the next meeting (ctrl+z takes them back)."))
                else:
                    practice = question.removeprefix("guide-")
                    note_from_review(self.store, relationship.id, practice, answer,
                                     today=self.mentor_app.clock.today(), review=self.review)
                    message = _("Kept as a note on “{practice}”: the Guide screen shows it.",
                                practice=load_guide().practice(practice).heading())
            except ValidationError as error:
                if self._refused.get(key) != answer:  # said once, not again at each step while unchanged
                    self.notify(clean(_("This answer stays as text: the text {problem}.", problem=error.message)),
                                severity="error", markup=False, timeout=10)
                self._refused[key] = answer
                continue
            self.notify(message, markup=False)
            made_data.append(key)
        return made_data

    def action_step(self, delta: int) -> None:
        self._keep_answers()
        self.step_index = max(0, min(len(self.steps) - 1, self.step_index + delta))
        self.review = save_answers(self.store, self.review, {}, self.step_index)
        self._show_steps()
        self._show_step()
        self._focus_content()
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#steps")
    def _jump_to_step(self, event: OptionList.OptionSelected) -> None:
        self.action_step(self.steps.index(event.option.id) - self.step_index)

    def action_save(self) -> None:
        self._keep_answers()
        if self.step == "summary" and not self.review.completed_at:
            self.review = complete_review(self.store, self.review, self.mentor_app.clock.now())
            self.notify(_("Review of {week} completed. See you next week.", week=week_label(self.review.week)), markup=False)
            self.mentor_app.data_changed()
        else:
            self.notify(_("Saved."), markup=False)

    def action_leave(self) -> None:
        self._keep_answers()
        if "dashboard" in self.mentor_app.MODES:
            self.post_message(Navigate(Overview()))

    def action_answer(self) -> None:
        """Into the first answer box of the step (tab goes on to the next one)."""
        self.query_one("#answer-0", TextArea).focus()

    def action_leave_answer(self) -> None:
        """Out of the answer box, back to the step: what was typed is saved."""
        self._keep_answers()
        self._focus_content()

    def on_screen_suspend(self) -> None:
        self._keep_answers()

    def on_unmount(self) -> None:
        # Quitting (ctrl+q) from an answer box suspends nothing: keep what was typed, as text
        # (it becomes goals or notes the next time it is saved in the review).
        if self.review is None:
            return
        try:
            self.review = save_answers(self.store, self.review, self._typed_answers(), self.step_index)
        except NotFound:  # deleted with its relationship (by another instance): nowhere to keep it
            pass

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
        from mentortui.ui.dialogs.goal_forms import change_goal_status  # the forms: on demand (~30 ms)

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
        from mentortui.ui.dialogs.feedback_forms import result_form  # the forms: on demand (~30 ms)

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

    def _selected_lapse(self) -> str | None:
        """The name of the lapsed check on the selected row of the guide check, if any."""
        item = row_item(self._selected_row())
        return item.removeprefix(LAPSE_ROW) if self.step == "guide_check" and item.startswith(LAPSE_ROW) else None

    def action_open_lapse(self) -> None:
        """Go where the lapsed check's data lives (the last meeting's notes, the feedback log…)."""
        name, relationship = self._selected_lapse(), self._selected_relationship()
        if name is None or relationship is None or name not in EVIDENCE:
            return
        self._keep_answers()
        evidence = EVIDENCE[name](Workbook(self.store, relationship, mine=True))
        if evidence is not None:
            self.post_message(Navigate(evidence.ref, relationship.id))

    @on(OptionList.OptionSelected, "#step-list")
    def _open_selected_lapse(self) -> None:
        if self._selected_lapse() is not None:
            self.action_open_lapse()

    def action_progress_update(self) -> None:
        relationship = self._selected_relationship()
        if relationship is None:
            return
        from mentortui.ui.dialogs.feedback_forms import progress_update_form  # the forms: on demand (~30 ms)

        form = progress_update_form(self.mentor_app, relationship.id)
        self.app.push_screen(form, lambda saved: saved is not None and self.mentor_app.data_changed())

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
        from mentortui.ui.dialogs.relationship_forms import agreement_form  # the forms: on demand (~30 ms)

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
        from mentortui.ui.dialogs.feedback_forms import entry_form  # the forms: on demand (~30 ms)

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
