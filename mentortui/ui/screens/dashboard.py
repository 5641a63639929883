"""Screen 1, the Dashboard: in one glance, what needs you in each relationship.
Every line is a jump (``enter``) to where it is dealt with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList
from textual.widgets.option_list import Option

from mentortui.data import review as reviews
from mentortui.data.goals import overall_progress
from mentortui.data.meetings import next_planned
from mentortui.domain.meetings import proposed_dates
from mentortui.data.model import Relationship
from mentortui.data.store import Store
from mentortui.core.i18n import N_, _, format_date, format_when, plural
from mentortui.core.refs import AgreementRef, FeedbackRef, GoalRef, MeetingRef, Ref, ReviewStep
from mentortui.core.policy import ADVICE_WAIT_DAYS, STALE_AFTER_WEEKS
from mentortui.core.safetext import clean
from mentortui.core.text import one_line
from mentortui.domain.relationships import END_DATE_CAME, closing_due
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.labels import role_label
from mentortui.ui.navigation import Navigate
from mentortui.ui.widgets.steady_option_list import SteadyOptionList

STALE_TITLE_WIDTH = 60  # a stale goal's title on its dashboard line


@dataclass(frozen=True)
class Closing:
    """Not a place but a dialog: the relationship's thank-and-close checklist."""


@dataclass(frozen=True)
class Jump:
    relationship_id: int | None  # None: whatever relationship is current
    ref: Ref | Closing


@dataclass(frozen=True)
class Signal:
    """One line of the dashboard: what it says, whether it needs attention, where it leads."""

    text: str
    jump: Jump
    urgent: bool = False
    detail: bool = False  # a line under the one before (one of the stale goals)


def signals(app, relationship: Relationship) -> list[Signal]:
    """The dashboard's lines for one relationship, from the data as it is now."""
    store = app.store
    today = app.clock.today()
    rid = relationship.id
    lines: list[Signal] = []
    if relationship.status == "ended":
        due = reviews.stay_in_touch_due(store, relationship, today)
        if due is not None:
            text = (_("Stay in touch: news is due (since {date})", date=format_date(due)) if due <= today
                    else _("Stay in touch: next news by {date}", date=format_date(due)))
            lines.append(Signal(text, Jump(rid, ReviewStep("thanks")), urgent=due <= today))
        return lines

    closing = closing_due(store, relationship, today)
    if closing is not None:
        lines.append(_closing_offer(relationship, closing))
    # Past the agreed end, nothing is left to plan or revisit: thanking and closing is.
    ending = closing == END_DATE_CAME

    meeting = next_planned(store, rid)
    if meeting is not None:
        count = reviews.agenda_size(store, meeting.id)
        ready = _("agenda ready ({n} items)", n=count) if count else _("no agenda yet — prepare it")
        lines.append(Signal(_("Next meeting: {date} · {agenda}", date=format_when(meeting.starts_at), agenda=ready),
                            Jump(rid, MeetingRef(meeting.id)), urgent=not count))
    elif not ending:
        proposed = proposed_dates(store, rid, count=1)
        text = (_("No meeting planned — the cadence proposes {date}", date=format_when(proposed[0])) if proposed
                else _("No meeting planned"))
        lines.append(Signal(text, Jump(rid, MeetingRef()), urgent=True))

    overdue = reviews.overdue_actions(store, rid, today)
    if overdue.count:
        lines.append(Signal(plural(overdue.count, N_("{n} overdue action: {text}"), N_("{n} overdue actions, the oldest: {text}"),
                                   text=overdue.oldest_text),
                            Jump(rid, MeetingRef(overdue.meeting_id)), urgent=True))

    progress = overall_progress(store, rid)
    late_goals = reviews.overdue_goals(store, rid, today)
    goal_text = _("Goals: {p}% done", p=progress) if progress is not None else _("Goals: none yet — set some")
    if late_goals:
        goal_text += " · " + _("{n} overdue", n=late_goals)
    lines.append(Signal(goal_text, Jump(rid, GoalRef()), urgent=bool(late_goals) or progress is None))
    lines += _stale_goal_lines(store, rid, app.clock.now())

    waiting = reviews.advice_waiting(store, rid, today - dt.timedelta(days=ADVICE_WAIT_DAYS))
    if waiting.count:
        lines.append(Signal(plural(waiting.count, N_("{n} piece of advice awaits a result — tell them what came of it"),
                                   N_("{n} pieces of advice await a result — tell them what came of it")),
                            Jump(rid, FeedbackRef(waiting.oldest_id)), urgent=True))

    agreement = store.current_agreement(rid)
    if reviews.revisit_due(agreement, today) and not ending:
        lines.append(Signal(_("Agreement: the revisit date ({date}) has come", date=format_date(agreement.revisit_on)),
                            Jump(rid, AgreementRef()), urgent=True))
    return lines


def review_signal(app) -> Signal:
    """The one line of the person's weekly review (it walks every relationship)."""
    today = app.clock.today()
    review = app.store.review(reviews.this_week(today))
    streak = reviews.streak(app.store, today)
    if review is not None and review.completed_at:
        state = _("done ✓")
    elif review is not None:
        state = _("in progress (step {n})", n=review.step + 1)
    else:
        state = _("to do")
    return Signal(plural(streak, N_("This week's review: {state} · streak {n} week"),
                         N_("This week's review: {state} · streak {n} weeks"), state=state),
                  Jump(None, ReviewStep()), urgent=review is None or not review.completed_at)


def _closing_offer(relationship: Relationship, reason: str) -> Signal:
    """The guide: a relationship ends at the agreed date or once its goal is reached."""
    if reason == END_DATE_CAME:
        text = _("The agreed end ({date}) has come — thank them and close", date=format_date(relationship.end_on))
    else:
        text = _("Long-term goal reached — thank them and close")
    return Signal(text, Jump(relationship.id, Closing()), urgent=True)


def _stale_goal_lines(store: Store, relationship_id: int, now: dt.datetime) -> list[Signal]:
    """How many open goals nobody touched for weeks, then the oldest few, each a jump to it."""
    stale = reviews.stale_goals(store, relationship_id, now)
    if not stale.count:
        return []
    oldest = stale.oldest[0]
    lines = [Signal(plural(stale.count, N_("{n} goal untouched for {weeks}+ weeks"),
                           N_("{n} goals untouched for {weeks}+ weeks, the oldest:"), weeks=STALE_AFTER_WEEKS),
                    Jump(relationship_id, GoalRef(oldest.id)), urgent=True)]
    for goal in stale.oldest:
        text = _("{title} · untouched since {date}", title=one_line(goal.title, STALE_TITLE_WIDTH),
                 date=format_date(goal.updated_at.date()))
        lines.append(Signal(text, Jump(relationship_id, GoalRef(goal.id)), detail=True))
    return lines


class DashboardScreen(BaseScreen):
    HELP = N_("What needs you, per relationship. Each line leads to where it is dealt with: move with the arrows, "
              "enter jumps.")
    BINDINGS = [Binding("enter", "open", "Go there", id="dashboard.open", show=True)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield SteadyOptionList(id="signals")
        yield KeysFooter()

    def on_mount(self) -> None:
        signals_list = self.query_one("#signals", OptionList)
        signals_list.border_title = _("What needs you")
        signals_list.focus()

    def reload(self) -> None:
        options = self.query_one("#signals", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        self._jumps: dict[str, Jump] = {}
        relationships = self.store.relationships()
        if not relationships:
            options.add_option(Option(Text(_("No relationship yet. Press 7, then a, to add one.")), disabled=True))
            return
        for relationship in relationships:
            lines = signals(self.mentor_app, relationship)
            if not lines:
                continue
            heading = Text(clean(relationship.partner, single_line=True), style="bold")
            heading.append("  " + _("you are the {role}", role=role_label(relationship.role)), style="dim")
            if relationship.status == "ended":
                heading.append(" · " + _("ended"), style="dim")
            options.add_option(Option(heading, disabled=True))
            self._add_lines(options, str(relationship.id), lines)
            options.add_option(Option(Text(""), disabled=True))
        # The weekly review is the person's, whatever relationship is current: one line.
        options.add_option(Option(Text(_("Every week"), style="bold"), disabled=True))
        self._add_lines(options, "review", [review_signal(self.mentor_app)])
        if highlighted is not None and highlighted < options.option_count:
            options.highlighted = highlighted
        else:
            options.action_first()

    def _add_lines(self, options: OptionList, prefix: str, lines: list[Signal]) -> None:
        for index, line in enumerate(lines):
            option_id = f"{prefix}-{index}"
            self._jumps[option_id] = line.jump
            if line.detail:
                prompt = Text("      – ", style="dim")
            else:
                prompt = Text("  ")
                prompt.append("● " if line.urgent else "· ", style="bold yellow" if line.urgent else "dim")
            prompt.append(clean(line.text, single_line=True))
            options.add_option(Option(prompt, id=option_id))

    @on(OptionList.OptionSelected, "#signals")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._go(event.option.id)

    def action_open(self) -> None:
        options = self.query_one("#signals", OptionList)
        if options.highlighted is not None:
            self._go(options.get_option_at_index(options.highlighted).id)

    def _go(self, option_id: str | None) -> None:
        jump = self._jumps.get(option_id or "")
        if jump is None:
            return
        if isinstance(jump.ref, Closing):
            self._open_closing(jump.relationship_id)
            return
        self.post_message(Navigate(jump.ref, jump.relationship_id))

    def _open_closing(self, relationship_id: int) -> None:
        """The thank-and-close checklist, in that relationship (made the active one)."""
        from mentortui.ui.dialogs.relationship_forms import ClosingChecklistScreen  # with all its forms: on demand

        self.mentor_app.data_changed(relationship_id)
        self.app.push_screen(ClosingChecklistScreen(self.mentor_app, self.store.relationship(relationship_id)),
                             lambda _result: self.mentor_app.data_changed())
