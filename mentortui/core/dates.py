"""Dates as people type them, in English or French (cadences: mentortui.core.cadence).

The ``parse_*`` functions return plain ``datetime`` values or raise :class:`DateParseError`,
whose message is ready to show to the user in the current language.

dateutil does the calendar work (reading written dates, month arithmetic);
this module adds the words people type around it, in both languages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from dateutil.relativedelta import relativedelta

from mentortui.core.i18n import _
from mentortui.core.text import fold, one_line

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "DateParseError",
    "due_in_the_past",
    "iso_week",
    "parse_date",
    "parse_datetime",
    "parse_duration",
    "week_bounds",
]

# Cadences moved to mentortui.core.cadence; these names still import from here.
_CADENCE_NAMES = frozenset({"describe_cadence", "next_occurrences", "parse_cadence"})


def __getattr__(name: str) -> object:
    if name in _CADENCE_NAMES:
        from mentortui.core import cadence  # imported late: cadence builds on this module

        return getattr(cadence, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


MIN_YEAR = 1900
MAX_YEAR = 2200


class DateParseError(ValueError):
    """Text that can't be read as a date, a time, a duration or a cadence.

    ``str()`` is one line for the user, in the current language: why, then examples.
    """


# Why a text could not be read, before it becomes a message. Several readings of the same
# text may be tried; the one with the highest ``rank`` says the most about what went wrong.
class _Unreadable(Exception):
    rank = 0


class _NotOnCalendar(_Unreadable):
    """Read, but no such day or time (31/02/2026)."""

    rank = 1


class _OutOfRange(_Unreadable):
    """A year outside MIN_YEAR..MAX_YEAR."""

    rank = 2


def _most_telling(problems: list[_Unreadable]) -> _Unreadable:
    return max(problems, key=lambda problem: problem.rank, default=_Unreadable())


def _normalize(text: str) -> str:
    """Lower case, accents and extra spaces removed: " Aujourd’hui " -> "aujourd'hui"."""
    return " ".join(fold(text.replace("’", "'")).split())


def _error(
    text: str, problem: _Unreadable, *, cannot_read: str, hint: str, not_real: str | None = None
) -> DateParseError:
    """The message for ``problem``: the reason, then examples of what works.

    ``cannot_read`` (text that matches no form) and ``not_real`` (no such day) are
    translated reasons with a ``{text}`` field.
    """
    shown = one_line(text, 40)
    if not shown:
        reason = _("Nothing was typed.")
    elif isinstance(problem, _OutOfRange):
        reason = _(
            "“{text}” is too far away: use a year between {first} and {last}.",
            text=shown,
            first=MIN_YEAR,
            last=MAX_YEAR,
        )
    elif isinstance(problem, _NotOnCalendar):
        reason = (not_real or _("“{text}” is not a real date.")).format(text=shown)
    else:
        reason = cannot_read.format(text=shown)
    return DateParseError(f"{reason} {hint}")


# ---------------------------------------------------------------------------------------
# Vocabulary. Every word is lower case without accents, as _normalize leaves the text.


@cache
def _parser() -> Any:
    """dateutil's parser with English and French words, made on first use: importing dateutil's
    parser costs ~8 ms of CPU that drawing the first frame does not need."""
    from dateutil import parser as dateutil_parser

    class _EnglishFrenchInfo(dateutil_parser.parserinfo):
        """dateutil's English words plus French ones."""

        # "à 9h30" (à loses its accent), "le 3 décembre", "1er décembre".
        JUMP = [*dateutil_parser.parserinfo.JUMP, "a", "le", "du", "er"]
        WEEKDAYS = [
            ("mon", "monday", "lun", "lundi"),
            # "mar" is left out: March in English (French "mar." is handled by _weekday_number).
            ("tue", "tues", "tuesday", "mardi"),
            ("wed", "wednesday", "mer", "mercredi"),
            ("thu", "thur", "thurs", "thursday", "jeu", "jeudi"),
            ("fri", "friday", "ven", "vendredi"),
            ("sat", "saturday", "sam", "samedi"),
            ("sun", "sunday", "dim", "dimanche"),
        ]
        MONTHS = [
            ("jan", "january", "janv", "janvier"),
            ("feb", "february", "fev", "fevr", "fevrier"),
            ("mar", "march", "mars"),
            ("apr", "april", "avr", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin"),
            ("jul", "july", "juil", "juillet"),
            ("aug", "august", "aout"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre"),
            ("nov", "november", "novembre"),
            ("dec", "december", "decembre"),
        ]
        HMS = [
            ("h", "hour", "hours", "heure", "heures"),
            ("m", "min", "minute", "minutes"),
            ("s", "second", "seconds", "seconde", "secondes"),
        ]
        # Without dateutil's bare "a"/"p", which would take French "à" for a.m.
        AMPM = [("am",), ("pm",)]
        # No zone names: meetings are in local time (a numeric offset is refused after parsing).
        UTCZONE: list[str] = []

    return dateutil_parser.parser(_EnglishFrenchInfo())


_DAYS_FROM_TODAY = {
    "today": 0,
    "aujourd'hui": 0,
    "aujourdhui": 0,
    "tomorrow": 1,
    "demain": 1,
    "yesterday": -1,
    "hier": -1,
}

# relativedelta argument for each unit word, in both languages.
_UNIT_WORDS = {
    "days": ("d", "day", "days", "j", "jour", "jours"),
    "weeks": ("w", "wk", "wks", "week", "weeks", "s", "sem", "semaine", "semaines"),
    "months": ("m", "mo", "month", "months", "mois"),
    "years": ("y", "yr", "yrs", "year", "years", "a", "an", "ans", "annee", "annees"),
}
_UNITS = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}

_AMOUNT_PATTERN = r"(?P<count>[0-9]{1,6}) ?(?P<unit>[a-z]+)"
_AMOUNT = re.compile(_AMOUNT_PATTERN)
_OFFSET = re.compile(r"(?:(?P<sign>[+-]) ?|(?:in|dans) )" + _AMOUNT_PATTERN)
_WEEKDAY_PHRASE = re.compile(r"(?:next )?(?P<name>[a-z]+)\.?(?: prochain)?")
# Year first (2026-12-03, 2026/12/03) is always year-month-day, whatever the language:
# dateutil's dayfirst would read 2026-12-03 as 12 March.
_STARTS_WITH_YEAR = re.compile(r"[0-9]{4}[-/.]")
_MOST_WORDS_IN_A_TIME = 3  # "à 9 h", "at 2 pm"


def _weekday_number(name: str, lang: str) -> int | None:
    """0 for Monday ... 6 for Sunday, or None when ``name`` is not a day of the week."""
    if lang == "fr" and name == "mar":  # mar. = mardi in French
        return 1
    return _parser().info.weekday(name)


# ---------------------------------------------------------------------------------------
# Reading dates and times


@dataclass(frozen=True)
class _Reading:
    """What dateutil read, and which parts the text actually gave."""

    value: dt.datetime
    has_day_and_month: bool
    has_time: bool
    has_no_date_part: bool
    has_year: bool


def _read_with_dateutil(words: str, year: int, dayfirst: bool) -> _Reading:
    """Read ``words`` with dateutil, never fuzzily: a word it doesn't know fails them all.

    dateutil silently fills what the text leaves out from a default datetime. Reading the
    text twice, with defaults that differ in year, month, day, weekday and hour, shows which
    parts the text gave (``value`` has ``year`` where the text gives none). The second
    year is 400 years on, a full Gregorian cycle, so 29/02 is a real date in both or neither.
    """
    from dateutil.parser import ParserError

    defaults = (dt.datetime(year, 1, 1, 0), dt.datetime(year + 400, 2, 2, 1))
    try:
        first, second = (_parser().parse(words, default=d, dayfirst=dayfirst) for d in defaults)
    except ParserError as error:
        # dateutil chains the datetime error when it read the parts but they make no date.
        raise (_NotOnCalendar() if error.__cause__ else _Unreadable()) from error
    except (ValueError, OverflowError) as error:
        raise _Unreadable() from error
    if first.tzinfo is not None:  # "14:00 +0200": meetings are in local time
        raise _Unreadable()
    return _Reading(
        value=first,
        has_day_and_month=(first.month, first.day) == (second.month, second.day),
        has_time=first.hour == second.hour,
        has_no_date_part=(first.date(), second.date()) == (defaults[0].date(), defaults[1].date()),
        has_year=first.year == second.year,
    )


def _read_written_date(words: str, year: int, day_first: bool) -> _Reading:
    """2026-12-03, 3/12, 15/12, 3 déc. 2026, December 3, ... maybe with a time.

    3/12 is read in the user's order; the other order is tried when it can't be a date
    that way (15/12 can only be day first, 12/15 only month first)."""
    if _STARTS_WITH_YEAR.match(words):
        dayfirst_orders: tuple[bool, ...] = (False,)
    else:
        dayfirst_orders = (day_first, not day_first)
    problems: list[_Unreadable] = []
    for dayfirst in dayfirst_orders:
        try:
            reading = _read_with_dateutil(words, year, dayfirst)
        except _Unreadable as problem:
            problems.append(problem)
            continue
        if reading.has_day_and_month:  # "december" or "2026" alone is not a day
            return reading
        problems.append(_Unreadable())
    raise _most_telling(problems)


def _nearest_year(day: dt.date, today: dt.date) -> dt.date:
    """A day typed without its year is the one nearest ``today``: 3/12 (12 March) typed in
    late November is next March, 20/11 is last week (a tie goes to the future)."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(day.replace(year=year))
        except ValueError:  # 29 February
            continue
    return min(candidates, key=lambda candidate: (abs(candidate - today), candidate < today))


def _read_day_word(words: str, today: dt.date) -> dt.date | None:
    """today, demain, hier..."""
    days = _DAYS_FROM_TODAY.get(words)
    return None if days is None else today + dt.timedelta(days=days)


def _amount(match: re.Match[str] | None, sign: int = 1) -> relativedelta | None:
    """The relativedelta for "<count> <unit>", or None when the unit is not one we know."""
    unit = _UNITS.get(match["unit"]) if match else None
    return relativedelta(**{unit: sign * int(match["count"])}) if unit else None


def _read_offset(words: str, today: dt.date) -> dt.date | None:
    """+2w, -1w, in 3 days, dans 2 semaines..."""
    match = _OFFSET.fullmatch(words)
    offset = _amount(match, sign=-1 if match and match["sign"] == "-" else 1)
    if offset is None:
        return None
    try:
        return today + offset
    except (ValueError, OverflowError) as error:  # past year 9999
        raise _OutOfRange() from error


def _read_weekday(words: str, today: dt.date, lang: str) -> dt.date | None:
    """friday, fri, vendredi, ven., next friday, vendredi prochain."""
    match = _WEEKDAY_PHRASE.fullmatch(words)
    weekday = _weekday_number(match["name"], lang) if match else None
    if weekday is None:
        return None
    # Strictly after today: "friday" said on a Friday means the one a week later.
    return today + relativedelta(days=1, weekday=weekday)


def _read_date(words: str, today: dt.date, lang: str, day_first: bool) -> tuple[dt.date, dt.time | None]:
    """The day ``words`` name, and the time of day if they give one (only written dates can)."""
    day = _read_day_word(words, today) or _read_offset(words, today) or _read_weekday(words, today, lang)
    time_of_day = None
    if day is None:
        reading = _read_written_date(words, today.year, day_first)
        day = reading.value.date() if reading.has_year else _nearest_year(reading.value.date(), today)
        time_of_day = reading.value.time() if reading.has_time else None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise _OutOfRange()
    return day, time_of_day


def _read_time(words: str) -> dt.time:
    """14:00, 9h30, 2pm, à 9h: a time of day and nothing else."""
    reading = _read_with_dateutil(words, 2000, dayfirst=False)
    if not (reading.has_time and reading.has_no_date_part):
        raise _Unreadable()
    return reading.value.time()


def _date_and_time_cuts(words: str) -> Iterator[tuple[str, str]]:
    """Ways to split the text into (date, time): no time, then a short time last or first."""
    tokens = words.split(" ")
    yield words, ""
    for size in range(1, min(_MOST_WORDS_IN_A_TIME, len(tokens) - 1) + 1):
        yield " ".join(tokens[:-size]), " ".join(tokens[-size:])
        yield " ".join(tokens[size:]), " ".join(tokens[:size])


def _reads_day_first(lang: str, day_first: bool | None) -> bool:
    """The order given (the user's locale, see i18n.reads_day_first), else the language's."""
    return lang == "fr" if day_first is None else day_first


def parse_date(text: str, *, today: dt.date, lang: str = "en", day_first: bool | None = None) -> dt.date:
    """The date ``text`` names, as typed in either language.

    ``day_first`` decides how 3/12 is read (3 December when true); by default it follows
    ``lang`` (day first in French). Words of both languages are always understood. A date
    without a year is the one nearest ``today``.
    """
    try:
        day, time_of_day = _read_date(_normalize(text), today, lang, _reads_day_first(lang, day_first))
        if time_of_day is not None:  # a date field, not a date and time
            raise _Unreadable()
    except _Unreadable as problem:
        raise _error(
            text,
            problem,
            cannot_read=_("Can't read “{text}” as a date."),
            hint=_("Try 2026-12-03, 3/12, tomorrow, +2w or friday."),
        ) from None
    return day


def parse_datetime(
    text: str,
    *,
    today: dt.date,
    lang: str = "en",
    day_first: bool | None = None,
    default_time: dt.time = dt.time(18, 0),
) -> dt.datetime:
    """A date as :func:`parse_date` reads it, with an optional time before or after it."""
    problems: list[_Unreadable] = []
    for date_words, time_words in _date_and_time_cuts(_normalize(text)):
        try:
            day, time_of_day = _read_date(date_words, today, lang, _reads_day_first(lang, day_first))
            if time_words:
                if time_of_day is not None:  # two times
                    raise _Unreadable()
                time_of_day = _read_time(time_words)
        except _Unreadable as problem:
            problems.append(problem)
            continue
        return dt.datetime.combine(day, default_time if time_of_day is None else time_of_day)
    raise _error(
        text,
        _most_telling(problems),
        cannot_read=_("Can't read “{text}” as a date and time."),
        not_real=_("“{text}” is not a real date and time."),
        hint=_("Try friday 14:00, tomorrow 2pm or 2026-12-03 18:30."),
    )


def parse_duration(text: str, lang: str = "en") -> relativedelta:
    """6 months, 6 mois, 1 year, 1 an, 12 weeks, 90 days, 6m, 1y (both languages always)."""
    duration = _amount(_AMOUNT.fullmatch(_normalize(text)))
    if not duration:  # no known unit, or "0 days"
        raise _error(
            text,
            _Unreadable(),
            cannot_read=_("Can't read “{text}” as a length of time."),
            hint=_("Try 6 months, 1 year, 12 weeks or 90 days."),
        )
    return duration


def due_in_the_past(due_on: dt.date | None, today: dt.date) -> bool:
    """A due date before today: a goal or an action written with it is late from the start,
    which is more often a misread date than a wish (the forms ask before saving it)."""
    return due_on is not None and due_on < today


# ---------------------------------------------------------------------------------------
# ISO weeks (the weekly review is keyed by them)


def iso_week(day: dt.date) -> str:
    """``2026-W48``: the ISO year (not always the calendar year) and week number."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_label(iso: str) -> str:
    """An ISO week as the language writes it: "2026-W48" / « semaine 48 de 2026 »."""
    year, week = iso.split("-W")
    return _("{year}-W{week:02d}", year=int(year), week=int(week))


def week_bounds(iso: str) -> tuple[dt.date, dt.date]:
    """(Monday, Sunday) of an ISO week such as ``2026-W48``."""
    monday = dt.date.fromisoformat(f"{iso}-1")
    return monday, monday + dt.timedelta(days=6)


def local_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` as a naive local time (how meetings are kept); one carrying a UTC offset
    (from data written before imports refused them) is converted to local time."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone().replace(tzinfo=None)
