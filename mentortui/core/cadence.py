"""Meeting cadences: what people type ("every other tuesday", "tous les 15 jours"), stored as an
RFC 5545 RRULE body such as ``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU``, described back in words.

dateutil does the recurrence work; this module adds the words around it, in both languages,
with the same readers and error messages as the dates (mentortui.core.dates).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dateutil import rrule

from mentortui.core.dates import _INFO, _UNITS, _error, _normalize, _Unreadable, _weekday_number
from mentortui.core.i18n import _, translate

__all__ = ["describe_cadence", "next_occurrences", "parse_cadence"]

# Any fixed start: rules are stored without DTSTART, which each series supplies.
_ANY_START = dt.datetime(2000, 1, 1)
_LAST_DECADE_START = dt.datetime(dt.MAXYEAR - 9, 1, 1)
_FREQUENCIES = {"days": rrule.DAILY, "weeks": rrule.WEEKLY, "months": rrule.MONTHLY, "years": rrule.YEARLY}
_CALENDAR_FREQS = {rrule.FREQNAMES[freq] for freq in _FREQUENCIES.values()}
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
_ORDINALS = {
    "first": 1, "1st": 1, "premier": 1, "premiere": 1, "1er": 1, "1re": 1,
    "second": 2, "2nd": 2, "deuxieme": 2, "2e": 2, "2eme": 2,
    "third": 3, "3rd": 3, "troisieme": 3, "3e": 3, "3eme": 3,
    "fourth": 4, "4th": 4, "quatrieme": 4, "4e": 4, "4eme": 4,
    "last": -1, "dernier": -1, "derniere": -1,
}  # fmt: skip
_INTERVAL_DIGITS = re.compile(r"[0-9]{1,4}")
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


@dataclass
class _CadenceParts:
    unit: str | None = None
    interval: int | None = None
    ordinal: int | None = None
    weekdays: set[int] = field(default_factory=set)

    def set(self, name: str, value: object) -> None:
        """Each part may be said once (or again, the same way)."""
        if getattr(self, name) not in (None, value):
            raise _Unreadable()
        setattr(self, name, value)


def _cadence_parts(words: str, lang: str) -> _CadenceParts:
    """Sort each word of a cadence phrase; any word we don't know fails the phrase."""
    parts = _CadenceParts()
    for word in re.findall(r"[a-z0-9]+", _FRENCH_FORTNIGHT.sub("2 semaines", words)):
        if word in _CADENCE_FILLERS:
            continue
        if _INTERVAL_DIGITS.fullmatch(word) or word in _NUMBER_WORDS:
            parts.set("interval", _NUMBER_WORDS.get(word) or int(word))
        elif word in _ORDINALS:
            parts.set("ordinal", _ORDINALS[word])
        elif word in _UNIT_AND_INTERVAL_WORDS:
            unit, interval = _UNIT_AND_INTERVAL_WORDS[word]
            parts.set("unit", unit)
            parts.set("interval", interval)
        elif word in _UNITS:
            parts.set("unit", _UNITS[word])
        else:
            weekday = _weekday_number(word, lang)
            if weekday is None and word.endswith("s"):  # "tuesdays", "tous les mardis"
                weekday = _INFO.weekday(word[:-1])  # not "mars" (March) as mar. (mardi)
            if weekday is None:
                raise _Unreadable()
            parts.weekdays.add(weekday)
    return parts


def _cadence_rule(parts: _CadenceParts) -> rrule.rrule:
    interval = 1 if parts.interval is None else parts.interval
    byweekday: object = None
    if parts.ordinal is not None:
        # "the first tuesday" counts within a month
        if len(parts.weekdays) != 1 or parts.unit not in (None, "months"):
            raise _Unreadable()
        (weekday,) = parts.weekdays
        freq, byweekday = rrule.MONTHLY, rrule.weekday(weekday, parts.ordinal)
    elif parts.weekdays:
        if parts.unit not in (None, "weeks"):
            raise _Unreadable()
        freq, byweekday = rrule.WEEKLY, sorted(parts.weekdays)
    elif parts.unit is not None:
        freq = _FREQUENCIES[parts.unit]
    else:
        raise _Unreadable()
    if interval < 1:
        raise _Unreadable()
    return rrule.rrule(freq, interval=interval, byweekday=byweekday, dtstart=_ANY_START)


def _rule_body(rule: rrule.rrule) -> str:
    """``FREQ=...`` without the DTSTART line that str(rrule) starts with."""
    return str(rule).partition("RRULE:")[2]


def _rule_fields(body: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in body.split(";"))


def _read_raw_rule(text: str) -> str:
    """A typed RRULE, checked by dateutil and written back the way dateutil writes it."""
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
            or int(fields.get("INTERVAL", "1")) < 1
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


def parse_cadence(text: str, lang: str = "en") -> str:
    """A meeting rhythm as typed ("every 2 weeks", "le premier mardi du mois", an RRULE),
    as an RRULE body such as ``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU``."""
    words = _normalize(text)
    is_raw_rule = words.startswith(("freq=", "rrule:"))
    try:
        if is_raw_rule:
            return _read_raw_rule(text.strip())
        return _rule_body(_cadence_rule(_cadence_parts(words, lang)))
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


def _every_unit(freq: str, interval: int, lang: str) -> str | None:
    """every day, every 3 weeks, every month... (None for a frequency we have no words for)."""
    n = interval
    if freq == "DAILY":
        return _one_or_several(n, translate("every day", lang), translate("every {n} days", lang, n=n))
    if freq == "WEEKLY":
        return _one_or_several(n, translate("every week", lang), translate("every {n} weeks", lang, n=n))
    if freq == "MONTHLY":
        return _one_or_several(n, translate("every month", lang), translate("every {n} months", lang, n=n))
    if freq == "YEARLY":
        return _one_or_several(n, translate("every year", lang), translate("every {n} years", lang, n=n))
    return None


def _nth_weekday(ordinal: int | None, weekday: str, lang: str) -> str | None:
    """the first Tuesday, le dernier vendredi... (None for other positions in the month)."""
    return {
        1: translate("the first {weekday}", lang, weekday=weekday),
        2: translate("the second {weekday}", lang, weekday=weekday),
        3: translate("the third {weekday}", lang, weekday=weekday),
        4: translate("the fourth {weekday}", lang, weekday=weekday),
        -1: translate("the last {weekday}", lang, weekday=weekday),
    }.get(ordinal)


def _describe_known_parts(body: str, lang: str) -> str | None:
    """The phrase for a rule made of FREQ, INTERVAL and BYDAY only; None for anything else."""
    from babel.dates import get_day_names  # Babel is slow to import: only when needed
    from babel.lists import format_list

    fields = _rule_fields(body)
    freq = fields.pop("FREQ")
    n = int(fields.pop("INTERVAL", "1"))
    fields.pop("WKST", None)  # only shifts which weeks count; not worth saying
    byday = [_BYDAY_ITEM.fullmatch(item) for item in fields.pop("BYDAY", "").split(",") if item]
    if fields:  # BYMONTHDAY, COUNT, UNTIL...
        return None
    day_names = [get_day_names("wide", locale=lang)[_DAY_CODES.index(item["code"])] for item in byday]
    ordinals = [int(item["ordinal"]) if item["ordinal"] else None for item in byday]

    if not byday:
        return _every_unit(freq, n, lang)
    if freq == "WEEKLY" and set(ordinals) == {None}:
        weekdays = format_list(day_names, locale=lang)
        return _one_or_several(
            n,
            translate("every {weekday}", lang, weekday=weekdays),
            translate("every {n} weeks on {weekday}", lang, n=n, weekday=weekdays),
        )
    if freq == "MONTHLY" and len(byday) == 1:
        day = _nth_weekday(ordinals[0], day_names[0], lang)
        if day is not None:
            return _one_or_several(
                n,
                translate("monthly on {day}", lang, day=day),
                translate("every {n} months on {day}", lang, n=n, day=day),
            )
    return None


def describe_cadence(rule: str, lang: str) -> str:
    """A short phrase for ``rule`` in ``lang``: "every 2 weeks on Tuesday",
    "tous les mois le premier mardi". A rule with parts we have no words for is shown as is."""
    body = parse_cadence(rule)
    return _describe_known_parts(body, lang) or translate("custom rhythm: {rule}", lang, rule=body)


def next_occurrences(
    rule: str, *, start: dt.datetime, after: dt.datetime, count: int = 3
) -> list[dt.datetime]:
    """The next ``count`` meetings strictly after ``after``, for a series that began at ``start``."""
    series = rrule.rrulestr(rule, dtstart=start)
    return list(series.xafter(after, count=count, inc=False))
