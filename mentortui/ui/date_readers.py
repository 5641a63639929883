"""How a form reads and shows the dates typed into it."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING

from mentortui.core.dates import due_in_the_past, parse_date, parse_datetime
from mentortui.core.i18n import _, format_date, format_when, reads_day_first

if TYPE_CHECKING:
    from mentortui.app import MentorApp

# preferences.json's key for the order of day and month (see i18n.DATE_ORDERS).
DATE_ORDER_PREFERENCE = "date_order"


class DateReaders:
    """Date fields' parse and preview, bound to the app's clock and language (a form is
    built once, so "today" means the day it opened)."""

    def __init__(self, app: MentorApp) -> None:
        self.today = app.clock.today()
        self.lang = app.lang
        self._preferences = app.preferences

    @cached_property
    def day_first(self) -> bool:
        """3/12 is 3 December for this user (their locale, or their preference); decided on
        the first date typed, as it loads the locale data."""
        return reads_day_first(self.lang, self._preferences.get(DATE_ORDER_PREFERENCE))

    def date(self, text: str) -> dt.date:
        return parse_date(text, today=self.today, lang=self.lang, day_first=self.day_first)

    def datetime(self, text: str) -> dt.datetime:
        return parse_datetime(text, today=self.today, lang=self.lang, day_first=self.day_first)

    def show_date(self, value: dt.date) -> str:
        return format_date(value, "full", lang=self.lang)

    def show_due_date(self, value: dt.date) -> str:
        """The date, and a warning when it is already past (a misread date, more often than not)."""
        if due_in_the_past(value, self.today):
            return self.show_date(value) + " · " + _("This date is in the past")
        return self.show_date(value)

    def past_due_question(self, due_on: dt.date | None, before: dt.date | None = None) -> str | None:
        """The question to ask before saving a due date in the past, when it is new or
        changed from ``before`` (an overdue date left as it was asks nothing)."""
        if due_on != before and due_in_the_past(due_on, self.today):
            return _("Save with a past due date?")
        return None

    def show_datetime(self, value: dt.datetime) -> str:
        return format_when(value, self.lang)
