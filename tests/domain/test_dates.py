"""Dates as this user writes them: the order of day and month comes from the locale (or the
preference), and a due date already past is flagged (mentortui.core.dates, core.i18n)."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.core.dates import due_in_the_past, parse_date
from mentortui.core.i18n import reads_day_first

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("environ", "lang", "day_first"),
    [
        ({"LANG": "en_US.UTF-8"}, "en", False),
        ({"LANG": "en_GB.UTF-8"}, "en", True),
        ({"LANG": "fr_FR.UTF-8"}, "fr", True),
        ({"LANG": "de_DE.UTF-8"}, "en", True),  # shown in English, dates as in Germany
        ({"LANG": "en_AU.UTF-8"}, "en", True),
        ({"LANG": "en_CA.UTF-8"}, "en", False),  # y-MM-dd: month before day
        ({"LC_TIME": "en_GB.UTF-8", "LANG": "en_US.UTF-8"}, "en", True),  # LC_TIME is for dates
        ({"LC_ALL": "en_US.UTF-8", "LC_TIME": "en_GB.UTF-8"}, "en", False),  # LC_ALL wins
        ({"LANG": "C.UTF-8"}, "en", False),  # unknown English: month first
        ({}, "en", False),
        ({"LANG": "xx_YY"}, "en", False),
        ({"LANG": "en_US.UTF-8"}, "fr", True),  # French is day first
    ],
)
def test_the_locale_decides_how_3_12_is_read(environ, lang, day_first):
    assert reads_day_first(lang, environ=environ) is day_first
    expected = dt.date(2026, 12, 3) if day_first else dt.date(2027, 3, 12)
    assert parse_date("3/12", today=TODAY, lang=lang, day_first=reads_day_first(lang, environ=environ)) == expected


def test_the_process_environment_is_read_when_none_is_given(monkeypatch):
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert reads_day_first("en")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert not reads_day_first("en")


def test_the_preference_wins_over_the_locale():
    assert reads_day_first("en", "day-month", {"LANG": "en_US.UTF-8"})
    assert not reads_day_first("fr", "month-day", {"LANG": "fr_FR.UTF-8"})
    assert not reads_day_first("en", "nonsense", {"LANG": "en_US.UTF-8"})  # an unknown value is ignored


@pytest.mark.parametrize("day_first", [True, False])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13/12", dt.date(2026, 12, 13)),  # no 13th month: 13 December everywhere
        ("12/13", dt.date(2026, 12, 13)),
        ("2026-12-03", dt.date(2026, 12, 3)),  # ISO is year-month-day everywhere
        ("3 Dec", dt.date(2026, 12, 3)),
    ],
)
def test_unambiguous_dates_read_the_same_in_every_order(text, expected, day_first):
    assert parse_date(text, today=TODAY, day_first=day_first) == expected


def test_a_due_date_before_today_is_in_the_past():
    assert due_in_the_past(dt.date(2026, 11, 25), TODAY)
    assert not due_in_the_past(TODAY, TODAY)  # due today is not late yet
    assert not due_in_the_past(None, TODAY)
