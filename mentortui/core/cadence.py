"""Meeting cadences: what people type ("every other tuesday", "tous les 15 jours"), stored as an
RFC 5545 RRULE body such as ``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU``, described back in words.

dateutil does the recurrence work; this module adds the words around it, in both languages,
with the same readers and error messages as the dates (mentortui.core.dates).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mentortui.core.dates import (
    _UNITS,
    DateParseError,
    _error,
    _normalize,
    _parser,
    _Unreadable,
    _weekday_number,
    parse_date,
    parse_datetime,
)
from mentortui.core.i18n import ENGLISH_WEEKDAYS, N_, _, format_date, plural, translate

if TYPE_CHECKING:
    from dateutil import rrule

__all__ = ["describe_cadence", "next_occurrences", "parse_cadence", "rule_end"]

# Any fixed start: rules are stored without DTSTART, which each series supplies.
_ANY_START = dt.datetime(2000, 1, 1)
_LAST_DECADE_START = dt.datetime(dt.MAXYEAR - 9, 1, 1)
# dateutil.rrule is imported when a rule is read or run, not by the first frame (~8 ms).
_FREQUENCIES = {"days": "DAILY", "weeks": "WEEKLY", "months": "MONTHLY", "years": "YEARLY"}
_CALENDAR_FREQS = set(_FREQUENCIES.values())
# Parts a typed RRULE may not have: the time of day comes from the series start (and parts
# below a day would make a rule slow to walk over years of meetings); BYEASTER is a
# dateutil extension, not RFC 5545.
_REFUSED_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND", "BYEASTER"}
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RFC 5545, Monday = 0
_BYDAY_ITEM = re.compile(r"(?P<ordinal>[+-]?[0-9]{1,2})?(?P<code>MO|TU|WE|TH|FR|SA|SU)")

_CADENCE_FILLERS = frozenset(
    "every each on the of and chaque tous toutes les le la du de des et".split()
)
_NUMBER_WORDS = {
    "one": 1, "un": 1, "une": 1,
    "two": 2, "other": 2, "deux": 2,
    "three": 3, "trois": 3,
    "four": 4, "quatre": 4,
    "five": 5, "cinq": 5,
    "six": 6,
}  # fmt: skip
# Positions in the month: "the first Tuesday", "the 15th", "le 1er", "le dernier jour".
_POSITION_WORDS = {
    "first": 1, "premier": 1, "premiere": 1,
    "second": 2, "deuxieme": 2,
    "third": 3, "troisieme": 3,
    "fourth": 4, "quatrieme": 4,
    "last": -1, "dernier": -1, "derniere": -1,
}  # fmt: skip
_NUMBERED_POSITION = re.compile(r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th|er|re|e|eme)")
_TIMES_WORDS = frozenset({"time", "times", "fois"})
_WEEKDAY_POSITIONS = frozenset({1, 2, 3, 4, -1})  # the ones there are words for
_INTERVAL_DIGITS = re.compile(r"[0-9]{1,4}")
_MAX_INTERVAL = 9999  # the most the words can say ("every 9999 weeks"): a pasted rule too
# Words that say both the unit and how many of it.
_UNIT_AND_INTERVAL_WORDS = {
    "daily": ("days", 1), "quotidien": ("days", 1), "quotidienne": ("days", 1),
    "weekly": ("weeks", 1), "hebdomadaire": ("weeks", 1), "hebdo": ("weeks", 1),
    "biweekly": ("weeks", 2), "fortnightly": ("weeks", 2), "fortnight": ("weeks", 2),
    "monthly": ("months", 1), "mensuel": ("months", 1), "mensuelle": ("months", 1),
    "yearly": ("years", 1), "annually": ("years", 1), "annuel": ("years", 1),
    "annuelle": ("years", 1),
}  # fmt: skip
# In French, "quinze jours" (fifteen days) is the usual way to say two weeks.
_FRENCH_FORTNIGHT = re.compile(r"\b(?:15|quinze) jours?\b")
# "the last day (of the month)": the day is a position, not the unit "days".
_LAST_DAY = re.compile(r"\b(last|dernier) (?:day|jour)\b")
# Where the series ends: "until June 30, 2027", "jusqu'au 30 juin 2027 18:00".
_UNTIL = re.compile(r"(?:^| )(?:until|till|jusqu'?au|jusqu'?a) (?P<end>.+)$")
_END_OF_DAY = dt.time(23, 59, 59)
# An RRULE's end as calendars write it: a date, a floating time, or a UTC time (Z).
_RAW_UNTIL = re.compile(r"(?i)UNTIL=(?P<day>[0-9]{8})(?:T(?P<time>[0-9]{6})(?P<utc>Z)?)?(?=;|$|\s)")


@dataclass
class _CadenceParts:
    unit: str | None = None
    interval: int | None = None
    count: int | None = None
    until: dt.datetime | None = None
    positions: list[int] = field(default_factory=list)
    weekdays: set[int] = field(default_factory=set)

    def set(self, name: str, value: object) -> None:
        """Each part may be said once (or again, the same way)."""
        if getattr(self, name) not in (None, value):
            raise _Unreadable()
        setattr(self, name, value)


def _read_until(words: str, lang: str, today: dt.date | None) -> dt.datetime:
    """The end of a series: a day (the whole day counts) or a day and a time. Without
    ``today``, only a date that names its year can be read; a day named without its year
    is the next one to come ("until June 30" said in November is next June)."""
    names_year = re.search(r"\b[0-9]{4}\b", words) is not None
    if today is None and not names_year:
        raise _Unreadable()
    reference = today or _ANY_START.date()  # with the year given, only relative words use it
    try:
        end = dt.datetime.combine(parse_date(words, today=reference, lang=lang), _END_OF_DAY)
    except DateParseError:
        try:
            end = parse_datetime(words, today=reference, lang=lang)
        except DateParseError:
            raise _Unreadable() from None
    if not names_year and end.date() < reference:
        from dateutil.relativedelta import relativedelta

        end += relativedelta(years=1)
    return end


def _cadence_parts(words: str, lang: str, today: dt.date | None) -> _CadenceParts:
    """Sort each word of a cadence phrase; any word we don't know fails the phrase."""
    parts = _CadenceParts()
    if until := _UNTIL.search(words):
        parts.until = _read_until(until["end"], lang, today)
        words = words[: until.start()]
    words = _LAST_DAY.sub(r"\1", _FRENCH_FORTNIGHT.sub("2 semaines", words))
    tokens = re.findall(r"[a-z0-9]+", words)
    for index, word in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if word in _CADENCE_FILLERS:
            continue
        if _INTERVAL_DIGITS.fullmatch(word):
            # "every 2 weeks", "10 times", else a day of the month: "le 15"
            if following in _TIMES_WORDS:
                parts.set("count", int(word))
            elif following in _UNITS:
                parts.set("interval", int(word))
            else:
                parts.positions.append(int(word))
        elif word in _TIMES_WORDS and index > 0 and _INTERVAL_DIGITS.fullmatch(tokens[index - 1]):
            continue
        elif word in _NUMBER_WORDS:
            parts.set("interval", _NUMBER_WORDS[word])
        elif word in _POSITION_WORDS:
            parts.positions.append(_POSITION_WORDS[word])
        elif numbered := _NUMBERED_POSITION.fullmatch(word):
            parts.positions.append(int(numbered["day"]))
        elif word in _UNIT_AND_INTERVAL_WORDS:
            unit, interval = _UNIT_AND_INTERVAL_WORDS[word]
            parts.set("unit", unit)
            parts.set("interval", interval)
        elif word in _UNITS:
            parts.set("unit", _UNITS[word])
        else:
            weekday = _weekday_number(word, lang)
            if weekday is None and word.endswith("s"):  # "tuesdays", "tous les mardis"
                weekday = _parser().info.weekday(word[:-1])  # not "mars" (March) as mar. (mardi)
            if weekday is None:
                raise _Unreadable()
            parts.weekdays.add(weekday)
    return parts


def _cadence_rule(parts: _CadenceParts) -> rrule.rrule:
    from dateutil import rrule

    interval = 1 if parts.interval is None else parts.interval
    byweekday: object = None
    bymonthday: object = None
    positions = sorted(set(parts.positions), key=lambda p: (p < 0, p))
    if positions and parts.weekdays:
        # "the first (and third) tuesday" counts within a month
        if (
            len(parts.weekdays) != 1
            or parts.unit not in (None, "months")
            or not set(positions) <= _WEEKDAY_POSITIONS
        ):
            raise _Unreadable()
        (weekday,) = parts.weekdays
        freq, byweekday = rrule.MONTHLY, [rrule.weekday(weekday, p) for p in positions]
    elif positions:
        # "monthly on the 1st and 15th": days of the month, said with the month
        if parts.unit != "months" or not all(1 <= p <= 31 or p == -1 for p in positions):
            raise _Unreadable()
        freq, bymonthday = rrule.MONTHLY, positions
    elif parts.weekdays:
        if parts.unit not in (None, "weeks"):
            raise _Unreadable()
        freq, byweekday = rrule.WEEKLY, sorted(parts.weekdays)
    elif parts.unit is not None:
        freq = getattr(rrule, _FREQUENCIES[parts.unit])
    else:
        raise _Unreadable()
    if interval < 1 or parts.count == 0 or (parts.count is not None and parts.until is not None):
        raise _Unreadable()
    return rrule.rrule(
        freq, interval=interval, byweekday=byweekday, bymonthday=bymonthday,
        count=parts.count, until=parts.until, dtstart=_ANY_START,
    )  # fmt: skip


def _rule_body(rule: rrule.rrule) -> str:
    """``FREQ=...`` without the DTSTART line that str(rrule) starts with."""
    return str(rule).partition("RRULE:")[2]


def _rule_fields(body: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in body.split(";"))


def _local_until(match: re.Match[str]) -> str:
    """A pasted UNTIL as the app keeps times (local, no zone): a date alone takes in its
    whole day; a UTC time (Z) becomes the same instant in this machine's local time."""
    try:
        day = dt.datetime.strptime(match["day"], "%Y%m%d")
        if match["time"] is None:
            end = dt.datetime.combine(day.date(), _END_OF_DAY)
        else:
            end = day.replace(**dict(zip(("hour", "minute", "second"), map(int, re.findall("..", match["time"])))))
            if match["utc"]:
                end = end.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)
    except (ValueError, OverflowError):
        return match[0]  # left for dateutil to refuse
    return "UNTIL=" + end.strftime("%Y%m%dT%H%M%S")


def _read_raw_rule(text: str) -> str:
    """A typed RRULE, checked by dateutil and written back the way dateutil writes it."""
    from dateutil import rrule

    text = _RAW_UNTIL.sub(_local_until, text)
    try:
        rule = rrule.rrulestr(text, dtstart=_ANY_START)
        if not isinstance(rule, rrule.rrule):  # several lines made a set (EXDATE...)
            raise _Unreadable()
        body = _rule_body(rule)
        # dateutil reads a loose UNTIL ("UNTIL=366") that it then writes in a form it can't
        # read: keep only rules whose written form reads back the same.
        if _rule_body(rrule.rrulestr(body, dtstart=_ANY_START)) != body:
            raise _Unreadable()
        fields = _rule_fields(body)
        if (
            fields["FREQ"] not in _CALENDAR_FREQS
            or not 1 <= int(fields.get("INTERVAL", "1")) <= _MAX_INTERVAL
            or fields.get("COUNT") == "0"  # a series of no meeting: nothing to propose, ever
            or fields.keys() & _REFUSED_PARTS
            or {"COUNT", "UNTIL"} <= fields.keys()  # RFC 5545: one or the other
        ):
            raise _Unreadable()
        # A valid rule may still never happen (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30), and
        # dateutil walks such a rule all the way to year 9999 (seconds for a daily rule).
        # Walking only the last decade it can reach keeps the check short.
        last_decade = rule.replace(dtstart=_LAST_DECADE_START, count=None, until=None)
        if next(iter(last_decade), None) is None:
            raise _Unreadable()
    # dateutil accepts some out-of-range parts (BYMONTH=0) and only fails when walking them.
    except (ValueError, TypeError, OverflowError, IndexError) as error:
        raise _Unreadable() from error
    return body


def parse_cadence(text: str, lang: str = "en", *, today: dt.date | None = None) -> str:
    """A meeting rhythm as typed ("every 2 weeks", "le premier mardi du mois", "monthly on
    the 15th until June 30, 2027", an RRULE pasted from a calendar), as an RRULE body such as
    ``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU``. ``today`` reads an end date without a year."""
    words = _normalize(text)
    is_raw_rule = words.startswith(("freq=", "rrule:"))
    try:
        if is_raw_rule:
            return _read_raw_rule(text.strip())
        return _rule_body(_cadence_rule(_cadence_parts(words, lang, today)))
    except _Unreadable as problem:
        raise _error(
            text,
            problem,
            cannot_read=(
                _("“{text}” is not a valid RFC 5545 RRULE.")
                if is_raw_rule
                else _("Can't read “{text}” as a meeting rhythm.")
            ),
            hint=_("Try weekly, every 2 weeks, monthly, every tuesday or the first tuesday of the month."),
        ) from None


def _one_or_several(interval: int, one: str, several: str) -> str:
    return one if interval == 1 else several


def _every_unit(freq: str, interval: int, lang: str) -> str:
    """every day, every 3 weeks, every month..."""
    n = interval
    if freq == "DAILY":
        return _one_or_several(n, translate("every day", lang), translate("every {n} days", lang, n=n))
    if freq == "WEEKLY":
        return _one_or_several(n, translate("every week", lang), translate("every {n} weeks", lang, n=n))
    if freq == "MONTHLY":
        return _one_or_several(n, translate("every month", lang), translate("every {n} months", lang, n=n))
    return _one_or_several(n, translate("every year", lang), translate("every {n} years", lang, n=n))


_POSITION_NAMES = {
    1: N_("the first"), 2: N_("the second"), 3: N_("the third"), 4: N_("the fourth"), -1: N_("the last"),
}  # fmt: skip


_DAY_SUFFIXES = {"st": N_("the {n}st"), "nd": N_("the {n}nd"), "rd": N_("the {n}rd"), "th": N_("the {n}th")}


def _month_day(day: int, lang: str) -> str:
    """the 1st, the 15th, the last day / le 1er, le 15, le dernier jour."""
    if day == -1:
        return translate("the last day", lang)
    if day == 1:
        return translate("the 1st", lang)
    suffix = "th" if day in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return translate(_DAY_SUFFIXES[suffix], lang, n=day)


def _monthly_on(n: int, day: str, lang: str) -> str:
    return _one_or_several(
        n, translate("monthly on {day}", lang, day=day), translate("every {n} months on {day}", lang, n=n, day=day)
    )


def _day_name(weekday: int, lang: str) -> str:
    """Monday (0) … Sunday (6) in ``lang``; in English without Babel, slow to import (~25 ms
    of the first screen that describes a cadence)."""
    if lang == "en":
        return ENGLISH_WEEKDAYS[weekday]
    from babel.dates import get_day_names

    return get_day_names("wide", locale=lang)[weekday]


def _format_list(items: list[str], locale: str) -> str:
    """"a, b, and c" as ``locale`` writes a list (Babel's, written out for English)."""
    if locale == "en":
        return " and ".join(items) if len(items) <= 2 else ", ".join(items[:-1]) + ", and " + items[-1]
    from babel.lists import format_list as babel_format_list

    return babel_format_list(items, locale=locale)


def _said_parts(freq: str, n: int, byday: list[re.Match[str]], bymonthday: list[int], lang: str) -> str | None:
    """The phrase for the days a rule meets on; None when they have no words (the rule is
    then said by its frequency alone, as a custom rule)."""
    day_names = [_day_name(_DAY_CODES.index(item["code"]), lang) for item in byday]
    ordinals = [int(item["ordinal"]) if item["ordinal"] else None for item in byday]
    if byday and bymonthday:
        return None
    if byday and freq == "WEEKLY" and set(ordinals) == {None}:
        weekdays = _format_list(day_names, locale=lang)
        return _one_or_several(
            n,
            translate("every {weekday}", lang, weekday=weekdays),
            translate("every {n} weeks on {weekday}", lang, n=n, weekday=weekdays),
        )
    if byday and freq == "MONTHLY" and len(set(day_names)) == 1 and set(ordinals) <= _WEEKDAY_POSITIONS:
        positions = _format_list([translate(_POSITION_NAMES[o], lang) for o in ordinals], locale=lang)  # type: ignore[index]
        return _monthly_on(n, positions + " " + day_names[0], lang)
    if bymonthday and freq == "MONTHLY" and all(1 <= d <= 31 or d == -1 for d in bymonthday):
        return _monthly_on(n, _format_list([_month_day(d, lang) for d in bymonthday], locale=lang), lang)
    if byday or bymonthday:
        return None
    return _every_unit(freq, n, lang)


def _until_words(until: str, lang: str) -> str:
    """An UNTIL as a date (the whole day) or a date and a time."""
    end = dt.datetime.strptime(until, "%Y%m%dT%H%M%S")
    words = format_date(end.date(), "long", lang=lang)
    if end.time() != _END_OF_DAY:
        words += " " + end.strftime("%H:%M:%S" if end.second else "%H:%M")
    return words


def _describe_body(body: str, lang: str) -> str:
    """Words for a valid rule body; the parts words can't say make it "(custom rule)"."""
    fields = _rule_fields(body)
    freq = fields.pop("FREQ")
    n = int(fields.pop("INTERVAL", "1"))
    # WKST=MO is the default; another week start only shifts which weeks count.
    custom = fields.pop("WKST", "MO") != "MO"
    count, until = fields.pop("COUNT", None), fields.pop("UNTIL", None)
    byday = [_BYDAY_ITEM.fullmatch(item) for item in fields.pop("BYDAY", "").split(",") if item]
    bymonthday = [int(day) for day in fields.pop("BYMONTHDAY", "").split(",") if day]
    custom = custom or bool(fields)  # BYMONTH, BYSETPOS, BYWEEKNO...
    phrase = _said_parts(freq, n, byday, bymonthday, lang)  # type: ignore[arg-type]
    if phrase is None:
        phrase, custom = _every_unit(freq, n, lang), True
    if count is not None:
        phrase = plural(int(count), N_("{rhythm}, {n} time"), N_("{rhythm}, {n} times"), lang, rhythm=phrase)
    if until is not None:
        phrase = translate("{rhythm} until {date}", lang, rhythm=phrase, date=_until_words(until, lang))
    return translate("{rhythm} (custom rule)", lang, rhythm=phrase) if custom else phrase


def describe_cadence(rule: str, lang: str) -> str:
    """A short phrase for ``rule`` in ``lang`` that reads back as the same rule: "every 2
    weeks on Tuesday", "tous les mois le premier mardi". Never the rule's raw text: what has
    no words is said as closely as words can, followed by "(custom rule)"."""
    try:
        body = parse_cadence(rule)
    except DateParseError:
        # Stored by something else and unreadable: its frequency, if it says one.
        freq = re.search(r"FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)\b", rule.upper())
        if freq is None:
            return translate("custom rule", lang)
        return translate("{rhythm} (custom rule)", lang, rhythm=_every_unit(freq[1], 1, lang))
    return _describe_body(body, lang)


def rule_end(rule: str) -> dt.datetime | None:
    """Where a stored rule's series ends (its UNTIL), None when it says no end."""
    until = re.search(r"(?:^|;)UNTIL=([0-9]{8}T[0-9]{6})(?=;|$)", rule)
    return dt.datetime.strptime(until[1], "%Y%m%dT%H%M%S") if until else None


def next_occurrences(
    rule: str, *, start: dt.datetime, after: dt.datetime, count: int = 3
) -> list[dt.datetime]:
    """The next ``count`` meetings strictly after ``after``, for a series that began at ``start``."""
    from dateutil import rrule

    series = rrule.rrulestr(rule, dtstart=start)
    return list(series.xafter(after, count=count, inc=False))
