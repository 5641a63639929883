"""How a form reads and shows the dates typed into it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from mentortui.core.dates import parse_date, parse_datetime
from mentortui.core.i18n import format_date, format_when

if TYPE_CHECKING:
    from mentortui.app import MentorApp


class DateReaders:
    """Date fields' parse and preview, bound to the app's clock and language (a form is
    built once, so "today" means the day it opened)."""

    def __init__(self, app: MentorApp) -> None:
        self.today = app.clock.today()
        self.lang = app.lang

    def date(self, text: str) -> dt.date:
        return parse_date(text, today=self.today, lang=self.lang)

    def datetime(self, text: str) -> dt.datetime:
        return parse_datetime(text, today=self.today, lang=self.lang)

    def show_date(self, value: dt.date) -> str:
        return format_date(value, "full", lang=self.lang)

    def show_datetime(self, value: dt.datetime) -> str:
        return format_when(value, self.lang)
