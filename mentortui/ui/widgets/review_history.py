"""The weekly review's history: past reviews (what changed, what was written), the streak
and the goals done per week."""

from __future__ import annotations

import datetime as dt

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from mentortui.core.dates import week_label
from mentortui.core.i18n import N_, _, plural
from mentortui.core.safetext import safe
from mentortui.data import review as reviews
from mentortui.data.model import Review
from mentortui.data.store import Store
from mentortui.ui.widgets.review_steps import CHECK, review_record


class ReviewHistory(Horizontal):
    """Past reviews on the left; the highlighted one, under the streak and chart, on the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._past: dict[str, Review] = {}
        self._highlighted: str | None = None  # the review shown, kept across redraws

    def compose(self) -> ComposeResult:
        yield OptionList(id="past-reviews")
        with VerticalScroll(id="history-detail"):
            yield Static(id="streak")
            yield Sparkline([], id="done-per-week")
            yield Static(id="past-review")

    def show(self, store: Store, today: dt.date) -> None:
        """The person's reviews, one a week, over every relationship."""
        self._store = store
        self._several = len(store.relationships()) > 1
        streak = reviews.streak(store, today)
        self.query_one("#streak", Static).update(Text(
            plural(streak, N_("Streak: {n} week in a row"), N_("Streak: {n} weeks in a row")) + "\n" + _("Goals done per week, last 12 weeks:"), style="bold"
        ))
        self.query_one("#done-per-week", Sparkline).data = reviews.goals_done_per_week(store, today)
        past = store.reviews()
        self._past = {str(r.id): r for r in past}
        options = self.query_one("#past-reviews", OptionList)
        options.clear_options()
        for r in past:
            mark = CHECK if r.completed_at else "…"
            options.add_option(Option(Text(f"{mark} {week_label(r.week)}"), id=str(r.id)))
        if past:
            index = next((i for i, r in enumerate(past) if str(r.id) == self._highlighted), 0)
            options.highlighted = index
            self._show_past(past[index])
        else:
            self.query_one("#past-review", Static).update(safe(_("No review yet.")))

    @on(OptionList.OptionHighlighted, "#past-reviews")
    def _past_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        review = self._past.get(event.option.id or "")
        if review:
            self._highlighted = event.option.id
            self._show_past(review)

    def select(self, review_id: int) -> None:
        """Show this review (at the next ``show`` if it is not listed yet)."""
        self._highlighted = str(review_id)
        if str(review_id) in self._past:
            options = self.query_one("#past-reviews", OptionList)
            options.highlighted = options.get_option_index(str(review_id))

    def _show_past(self, review: Review) -> None:
        took = reviews.duration(review)
        header = _("Week {week}", week=week_label(review.week)) + " · " + (
            _("completed in {minutes} min", minutes=max(1, int(took.total_seconds() // 60))) if took else _("not completed")
        )
        self.query_one("#past-review", Static).update(Group(
            Text(header, style="bold"),
            review_record(self._store, review, (_("Changes"), _("none")), (_("Answers"), _("none")), self._several),
        ))
