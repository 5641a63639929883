"""Dates, times, durations and meeting cadences as people type them (mentortui.core.dates)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from mentortui.core.cadence import describe_cadence, next_occurrences, parse_cadence
from mentortui.core.dates import (
    DateParseError,
    iso_week,
    parse_date,
    parse_datetime,
    parse_duration,
    week_bounds,
)
from mentortui.core.i18n import set_language

TODAY = dt.date(2026, 11, 26)  # a Thursday
LANGS = ("en", "fr")

DATE_HINT = "Try 2026-12-03, 3/12, tomorrow, +2w or friday."
DATETIME_HINT = "Try friday 14:00, tomorrow 2pm or 2026-12-03 18:30."
DURATION_HINT = "Try 6 months, 1 year, 12 weeks or 90 days."
CADENCE_HINT = "Try weekly, every 2 weeks, monthly, every tuesday or the first tuesday of the month."


@pytest.fixture
def french():
    set_language("fr")
    yield
    set_language("en")


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


# --- parse_date ------------------------------------------------------------------------

# Read the same way whatever the user's language.
SAME_IN_BOTH_LANGUAGES = [
    ("2026-12-03", d(12, 3)),
    ("2026/12/03", d(12, 3)),
    ("15/12", d(12, 15)),  # only day-first makes sense
    ("15/12/2026", d(12, 15)),
    ("3 déc. 2026", d(12, 3)),
    ("3 dec 2026", d(12, 3)),
    ("3 décembre", d(12, 3)),
    ("3 decembre", d(12, 3)),
    ("le 1er décembre", d(12, 1)),
    ("Dec 3", d(12, 3)),
    ("December 3, 2026", d(12, 3)),
    ("December 3rd", d(12, 3)),
    ("3 janvier 2027", d(1, 3, 2027)),
    ("29 février 2028", d(2, 29, 2028)),
    ("14 août", d(8, 14)),
    ("today", TODAY),
    ("aujourd'hui", TODAY),
    ("Aujourd’hui", TODAY),
    ("aujourdhui", TODAY),
    ("tomorrow", d(11, 27)),
    ("demain", d(11, 27)),
    ("yesterday", d(11, 25)),
    ("hier", d(11, 25)),
    ("+2w", d(12, 10)),
    ("+3d", d(11, 29)),
    ("+1m", d(12, 26)),
    ("+1y", d(11, 26, 2027)),
    ("-1w", d(11, 19)),
    ("+ 2 weeks", d(12, 10)),
    ("+2s", d(12, 10)),  # semaines
    ("+3j", d(11, 29)),  # jours
    ("in 3 days", d(11, 29)),
    ("in 2 weeks", d(12, 10)),
    ("in 1 month", d(12, 26)),
    ("dans 3 jours", d(11, 29)),
    ("dans 2 semaines", d(12, 10)),
    ("dans 1 mois", d(12, 26)),
    ("friday", d(11, 27)),
    ("fri", d(11, 27)),
    ("Friday", d(11, 27)),
    ("vendredi", d(11, 27)),
    ("ven.", d(11, 27)),
    ("next friday", d(11, 27)),
    ("vendredi prochain", d(11, 27)),
    ("monday", d(11, 30)),
    ("lundi", d(11, 30)),
    ("wednesday", d(12, 2)),
    ("mercredi prochain", d(12, 2)),
    ("thursday", d(12, 3)),  # today is Thursday: the next one is a week away
    ("jeudi", d(12, 3)),
    ("  DEMAIN  ", d(11, 27)),
    ("  3   DÉCEMBRE ", d(12, 3)),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("text", "expected"), SAME_IN_BOTH_LANGUAGES)
def test_parse_date_reads_every_form_in_both_languages(text, expected, lang):
    assert parse_date(text, today=TODAY, lang=lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("03/12/2026", "fr", d(12, 3)),
        ("03/12/2026", "en", d(3, 12)),
        ("3/12", "fr", d(12, 3)),
        ("3/12", "en", d(3, 12, 2027)),  # 12 March: this year's is past, next year's is nearer
        ("12/15", "en", d(12, 15)),
        ("12/15", "fr", d(12, 15)),  # only month-first makes sense
        ("2026-03-12", "fr", d(3, 12)),  # year first is always year-month-day
        ("mar.", "fr", d(12, 1)),  # mardi
    ],
)
def test_day_or_month_first_depends_on_language(text, lang, expected):
    assert parse_date(text, today=TODAY, lang=lang) == expected


def test_missing_year_is_the_nearest_one():
    assert parse_date("3/1", today=dt.date(2031, 6, 1), lang="fr") == dt.date(2031, 1, 3)
    assert parse_date("Jan 3", today=dt.date(2031, 6, 1)) == dt.date(2031, 1, 3)
    assert parse_date("Jan 3", today=dt.date(2031, 11, 1)) == dt.date(2032, 1, 3)  # two months on
    assert parse_date("20/12", today=dt.date(2032, 1, 5)) == dt.date(2031, 12, 20)  # two weeks ago
    assert parse_date("Jan 3 2031", today=dt.date(2031, 11, 1)) == dt.date(2031, 1, 3)  # a year typed stays
    assert parse_date("29/02", today=dt.date(2028, 11, 1)) == dt.date(2028, 2, 29)


# The user's order of day and month (from the locale, see i18n.reads_day_first): an
# ambiguous date follows it, an unambiguous one reads the same whatever it is.
@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("3/12", True, d(12, 3)),
        ("3/12", False, d(3, 12, 2027)),
        ("03.12.2026", True, d(12, 3)),
        ("03-12-2026", False, d(3, 12)),
        ("13/12", True, d(12, 13)),
        ("13/12", False, d(12, 13)),  # no 13th month: day first whatever the order
        ("12/13", True, d(12, 13)),
        ("2026-12-03", True, d(12, 3)),  # ISO is year-month-day everywhere
        ("2026-12-03", False, d(12, 3)),
        ("3 dec", False, d(12, 3)),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_the_users_order_decides_ambiguous_dates_only(text, day_first, expected, lang):
    assert parse_date(text, today=TODAY, lang=lang, day_first=day_first) == expected


def test_the_users_order_applies_to_dates_with_a_time():
    assert parse_datetime("3/12 14:00", today=TODAY, day_first=True) == dt.datetime(2026, 12, 3, 14, 0)
    assert parse_datetime("3/12 14:00", today=TODAY, lang="fr", day_first=False) == dt.datetime(2027, 3, 12, 14, 0)


def test_month_arithmetic_stays_in_the_month():
    assert parse_date("+1m", today=dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", f"Nothing was typed. {DATE_HINT}"),
        ("   ", f"Nothing was typed. {DATE_HINT}"),
        ("gibberish", f"Can't read “gibberish” as a date. {DATE_HINT}"),
        ("tomorrowish", f"Can't read “tomorrowish” as a date. {DATE_HINT}"),
        ("12 bananas", f"Can't read “12 bananas” as a date. {DATE_HINT}"),
        ("next bananas", f"Can't read “next bananas” as a date. {DATE_HINT}"),
        ("+2 bananas", f"Can't read “+2 bananas” as a date. {DATE_HINT}"),
        ("december", f"Can't read “december” as a date. {DATE_HINT}"),  # no day
        ("2026", f"Can't read “2026” as a date. {DATE_HINT}"),
        ("3", f"Can't read “3” as a date. {DATE_HINT}"),
        ("14:00", f"Can't read “14:00” as a date. {DATE_HINT}"),
        ("tomorrow 14:00", f"Can't read “tomorrow 14:00” as a date. {DATE_HINT}"),
        ("3 dec 14:00", f"Can't read “3 dec 14:00” as a date. {DATE_HINT}"),
        ("3 dec UTC", f"Can't read “3 dec UTC” as a date. {DATE_HINT}"),
        ("31/02/2026", f"“31/02/2026” is not a real date. {DATE_HINT}"),
        ("2026-02-31", f"“2026-02-31” is not a real date. {DATE_HINT}"),
        ("29/02", f"“29/02” is not a real date. {DATE_HINT}"),  # 2026 is not a leap year
        ("32/13", f"“32/13” is not a real date. {DATE_HINT}"),
        ("3/12/1850", f"“3/12/1850” is too far away: use a year between 1900 and 2200. {DATE_HINT}"),
        ("3/12/2201", f"“3/12/2201” is too far away: use a year between 1900 and 2200. {DATE_HINT}"),
        ("+500y", f"“+500y” is too far away: use a year between 1900 and 2200. {DATE_HINT}"),
        ("+999999y", f"“+999999y” is too far away: use a year between 1900 and 2200. {DATE_HINT}"),
    ],
)
def test_parse_date_rejects_with_a_clear_message(text, message):
    with pytest.raises(DateParseError) as caught:
        parse_date(text, today=TODAY)
    assert str(caught.value) == message


def test_date_parse_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_date("nope", today=TODAY)


def test_message_quotes_long_or_multiline_text_on_one_short_line():
    with pytest.raises(DateParseError) as caught:
        parse_date("line one\nline two " + "x" * 100, today=TODAY)
    message = str(caught.value)
    assert "\n" not in message
    assert "“line one line two xxxx" in message
    assert "…”" in message


def test_years_at_the_edges_are_accepted():
    assert parse_date("1900-01-01", today=TODAY) == dt.date(1900, 1, 1)
    assert parse_date("2200-12-31", today=TODAY) == dt.date(2200, 12, 31)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: parse_date("", today=TODAY), "Rien n’a été saisi. Essayez 2026-12-03, 3/12, demain, +2s ou vendredi."),
        (
            lambda: parse_date("32/13", today=TODAY, lang="fr"),
            "«\u00a032/13\u00a0» n’est pas une date qui existe. Essayez 2026-12-03, 3/12, demain, +2s ou vendredi.",
        ),
        (
            lambda: parse_date("n'importe quoi", today=TODAY, lang="fr"),
            "Impossible de lire «\u00a0n'importe quoi\u00a0» comme une date. "
            "Essayez 2026-12-03, 3/12, demain, +2s ou vendredi.",
        ),
        (
            lambda: parse_date("+500y", today=TODAY, lang="fr"),
            "«\u00a0+500y\u00a0» est trop loin\u00a0: choisissez une année entre 1900 et 2200. "
            "Essayez 2026-12-03, 3/12, demain, +2s ou vendredi.",
        ),
        (
            lambda: parse_datetime("demain midi et demi", today=TODAY, lang="fr"),
            "Impossible de lire «\u00a0demain midi et demi\u00a0» comme une date et une heure. "
            "Essayez vendredi 14:00, demain 9:30 ou 2026-12-03 18:30.",
        ),
        (
            lambda: parse_datetime("demain 25h", today=TODAY, lang="fr"),
            "«\u00a0demain 25h\u00a0» n’est pas une date et une heure qui existent. "
            "Essayez vendredi 14:00, demain 9:30 ou 2026-12-03 18:30.",
        ),
        (
            lambda: parse_duration("6 bananes", lang="fr"),
            "Impossible de lire «\u00a06 bananes\u00a0» comme une durée. Essayez 6 mois, 1 an, 12 semaines ou 90 jours.",
        ),
        (
            lambda: parse_cadence("parfois", lang="fr"),
            "Impossible de lire «\u00a0parfois\u00a0» comme un rythme de réunions. Essayez chaque semaine, "
            "toutes les 2 semaines, chaque mois, chaque mardi ou le premier mardi du mois.",
        ),
        (
            lambda: parse_cadence("FREQ=SOMETIMES", lang="fr"),
            "«\u00a0FREQ=SOMETIMES\u00a0» n’est pas une RRULE RFC 5545 valide. Essayez chaque semaine, "
            "toutes les 2 semaines, chaque mois, chaque mardi ou le premier mardi du mois.",
        ),
    ],
)
def test_messages_are_in_french_when_the_language_is_french(french, call, message):
    with pytest.raises(DateParseError) as caught:
        call()
    assert str(caught.value) == message


# Dates, dates with times, and text near them: the parsers' whole input space is reachable.
DATE_LIKE = st.text(alphabet="0123456789/-+.:, hdwmyjsaéèû'’\n\tDecembrvndilpoxtuT", max_size=30)


@given(text=st.one_of(st.text(), DATE_LIKE), lang=st.sampled_from(LANGS))
def test_parse_date_returns_a_date_or_raises_date_parse_error(text, lang):
    try:
        result = parse_date(text, today=TODAY, lang=lang)
    except DateParseError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(result, dt.date)
        assert 1900 <= result.year <= 2200


# --- parse_datetime --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("friday 14:00", dt.datetime(2026, 11, 27, 14, 0)),
        ("vendredi 14h", dt.datetime(2026, 11, 27, 14, 0)),
        ("2026-12-03 18:30", dt.datetime(2026, 12, 3, 18, 30)),
        ("2026-12-03T18:30", dt.datetime(2026, 12, 3, 18, 30)),
        ("demain 9h30", dt.datetime(2026, 11, 27, 9, 30)),
        ("demain à 9h30", dt.datetime(2026, 11, 27, 9, 30)),
        ("tomorrow 2pm", dt.datetime(2026, 11, 27, 14, 0)),
        ("tomorrow at 2 pm", dt.datetime(2026, 11, 27, 14, 0)),
        ("2pm tomorrow", dt.datetime(2026, 11, 27, 14, 0)),
        ("14:00 vendredi", dt.datetime(2026, 11, 27, 14, 0)),
        ("3 déc. 2026 14h", dt.datetime(2026, 12, 3, 14, 0)),
        ("+2w 10:00", dt.datetime(2026, 12, 10, 10, 0)),
        ("dans 3 jours 8h", dt.datetime(2026, 11, 29, 8, 0)),
        ("December 3, 2026 9am", dt.datetime(2026, 12, 3, 9, 0)),
        ("tomorrow", dt.datetime(2026, 11, 27, 18, 0)),  # no time: the default
        ("15/12", dt.datetime(2026, 12, 15, 18, 0)),
    ],
)
def test_parse_datetime_reads_a_date_with_an_optional_time(text, expected, lang):
    assert parse_datetime(text, today=TODAY, lang=lang) == expected


def test_parse_datetime_uses_the_language_for_day_first():
    assert parse_datetime("3/12 9h", today=TODAY, lang="fr") == dt.datetime(2026, 12, 3, 9, 0)
    assert parse_datetime("3/12 9am", today=TODAY, lang="en") == dt.datetime(2027, 3, 12, 9, 0)


def test_parse_datetime_default_time_is_configurable():
    assert parse_datetime("demain", today=TODAY, default_time=dt.time(9, 15)) == dt.datetime(2026, 11, 27, 9, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", f"Nothing was typed. {DATETIME_HINT}"),
        ("14:00", f"Can't read “14:00” as a date and time. {DATETIME_HINT}"),  # no day
        ("tomorrow 14:00 +0200", f"Can't read “tomorrow 14:00 +0200” as a date and time. {DATETIME_HINT}"),
        ("tomorrow teatime", f"Can't read “tomorrow teatime” as a date and time. {DATETIME_HINT}"),
        ("tomorrow 25:00", f"“tomorrow 25:00” is not a real date and time. {DATETIME_HINT}"),
        ("31/02/2026 14:00", f"“31/02/2026 14:00” is not a real date and time. {DATETIME_HINT}"),
        (
            "+500y 14:00",
            f"“+500y 14:00” is too far away: use a year between 1900 and 2200. {DATETIME_HINT}",
        ),
    ],
)
def test_parse_datetime_rejects_with_a_clear_message(text, message):
    with pytest.raises(DateParseError) as caught:
        parse_datetime(text, today=TODAY)
    assert str(caught.value) == message


# --- parse_duration --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 months", relativedelta(months=6)),
        ("6 mois", relativedelta(months=6)),
        ("1 year", relativedelta(years=1)),
        ("1 an", relativedelta(years=1)),
        ("2 ans", relativedelta(years=2)),
        ("2 années", relativedelta(years=2)),
        ("12 weeks", relativedelta(weeks=12)),
        ("12 semaines", relativedelta(weeks=12)),
        ("90 days", relativedelta(days=90)),
        ("90 jours", relativedelta(days=90)),
        ("6m", relativedelta(months=6)),
        ("1y", relativedelta(years=1)),
        (" 6 Months ", relativedelta(months=6)),
    ],
)
def test_parse_duration(text, expected, lang):
    assert parse_duration(text, lang) == expected


@pytest.mark.parametrize("text", ["", "6", "months", "0 days", "6 bananas", "six months", "-6 months", "6 months ago"])
def test_parse_duration_rejects(text):
    with pytest.raises(DateParseError) as caught:
        parse_duration(text)
    shown = " ".join(text.split())
    reason = "Nothing was typed." if not shown else f"Can't read “{shown}” as a length of time."
    assert str(caught.value) == f"{reason} {DURATION_HINT}"


# --- cadences --------------------------------------------------------------------------

CADENCES = [
    ("weekly", "FREQ=WEEKLY"),
    ("every week", "FREQ=WEEKLY"),
    ("chaque semaine", "FREQ=WEEKLY"),
    ("toutes les semaines", "FREQ=WEEKLY"),
    ("hebdomadaire", "FREQ=WEEKLY"),
    ("every two weeks", "FREQ=WEEKLY;INTERVAL=2"),
    ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
    ("every other week", "FREQ=WEEKLY;INTERVAL=2"),
    ("biweekly", "FREQ=WEEKLY;INTERVAL=2"),
    ("fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
    ("toutes les deux semaines", "FREQ=WEEKLY;INTERVAL=2"),
    ("tous les 15 jours", "FREQ=WEEKLY;INTERVAL=2"),
    ("tous les quinze jours", "FREQ=WEEKLY;INTERVAL=2"),
    ("every 3 weeks", "FREQ=WEEKLY;INTERVAL=3"),
    ("toutes les 3 semaines", "FREQ=WEEKLY;INTERVAL=3"),
    ("monthly", "FREQ=MONTHLY"),
    ("every month", "FREQ=MONTHLY"),
    ("mensuel", "FREQ=MONTHLY"),
    ("chaque mois", "FREQ=MONTHLY"),
    ("tous les mois", "FREQ=MONTHLY"),
    ("every day", "FREQ=DAILY"),
    ("every year", "FREQ=YEARLY"),
    ("monthly on the first tuesday", "FREQ=MONTHLY;BYDAY=+1TU"),
    ("every first tuesday", "FREQ=MONTHLY;BYDAY=+1TU"),
    ("the first Tuesday of the month", "FREQ=MONTHLY;BYDAY=+1TU"),
    ("le premier mardi du mois", "FREQ=MONTHLY;BYDAY=+1TU"),
    ("tous les mois le premier mardi", "FREQ=MONTHLY;BYDAY=+1TU"),
    ("every second wednesday", "FREQ=MONTHLY;BYDAY=+2WE"),
    ("le deuxième mercredi du mois", "FREQ=MONTHLY;BYDAY=+2WE"),
    ("monthly on the third thursday", "FREQ=MONTHLY;BYDAY=+3TH"),
    ("le troisième jeudi du mois", "FREQ=MONTHLY;BYDAY=+3TH"),
    ("every fourth monday", "FREQ=MONTHLY;BYDAY=+4MO"),
    ("le quatrième lundi du mois", "FREQ=MONTHLY;BYDAY=+4MO"),
    ("monthly on the last friday", "FREQ=MONTHLY;BYDAY=-1FR"),
    ("le dernier vendredi du mois", "FREQ=MONTHLY;BYDAY=-1FR"),
    ("every tuesday", "FREQ=WEEKLY;BYDAY=TU"),
    ("chaque mardi", "FREQ=WEEKLY;BYDAY=TU"),
    ("tous les mardis", "FREQ=WEEKLY;BYDAY=TU"),
    ("every other tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ("every 2 weeks on tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ("toutes les 2 semaines le mardi", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ("every monday and thursday", "FREQ=WEEKLY;BYDAY=MO,TH"),
    ("  Every  Tuesday ", "FREQ=WEEKLY;BYDAY=TU"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ("freq=monthly;byday=1tu", "FREQ=MONTHLY;BYDAY=+1TU"),
    ("RRULE:FREQ=WEEKLY;BYDAY=TH,MO", "FREQ=WEEKLY;BYDAY=MO,TH"),
    ("FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=MONTHLY;BYMONTHDAY=15"),
    ("FREQ=WEEKLY;COUNT=10", "FREQ=WEEKLY;COUNT=10"),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("text", "rule"), CADENCES)
def test_parse_cadence(text, rule, lang):
    assert parse_cadence(text, lang) == rule


@pytest.mark.parametrize(
    "text",
    [
        "sometimes",
        "every week every month",  # said two ways
        "every 2 weeks weekly",
        "monthly on tuesday",  # which tuesday?
        "every first tuesday and friday",
        "first",
        "every",
        "every 0 weeks",
        "twice a week",
        "weekly on the first tuesday",
    ],
)
def test_parse_cadence_rejects_phrases_it_cannot_read(text):
    with pytest.raises(DateParseError) as caught:
        parse_cadence(text)
    assert str(caught.value) == f"Can't read “{text}” as a meeting rhythm. {CADENCE_HINT}"


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=SOMETIMES",
        "FREQ=WEEKLY;BOGUS=1",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;INTERVAL=0",  # would never move forward
        "FREQ=SECONDLY",  # meetings are not that frequent
        "FREQ=DAILY;BYHOUR=9",  # the time of day comes from the start
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",  # never happens
        "FREQ=DAILY;BYSETPOS=2",  # never happens either (and is quickly found out)
        "FREQ=YEARLY;BYEASTER=1",  # a dateutil extension, not RFC 5545
        "FREQ=YEARLY;BYMONTH=0",
        pytest.param(
            "FREQ=WEEKLY;COUNT=2;UNTIL=20270101",  # RFC 5545: one or the other
            marks=pytest.mark.filterwarnings("ignore:Using both 'count' and 'until'"),
        ),
        "FREQ=WEEKLY;UNTIL=366",  # dateutil reads it, but can't write it back
        "FREQ=WEEKLY\nEXDATE:20261201T180000",
        "FREQ=WEEKLY;;",
    ],
)
def test_parse_cadence_rejects_invalid_rrules(text):
    with pytest.raises(DateParseError) as caught:
        parse_cadence(text)
    shown = " ".join(text.split())  # quoted on one line
    assert str(caught.value) == f"“{shown}” is not a valid RFC 5545 RRULE. {CADENCE_HINT}"


def test_parse_cadence_rejects_empty_text():
    with pytest.raises(DateParseError) as caught:
        parse_cadence("  ")
    assert str(caught.value) == f"Nothing was typed. {CADENCE_HINT}"


DESCRIPTIONS = [
    ("FREQ=DAILY", "every day", "tous les jours"),
    ("FREQ=DAILY;INTERVAL=3", "every 3 days", "tous les 3 jours"),
    ("FREQ=WEEKLY", "every week", "toutes les semaines"),
    ("FREQ=WEEKLY;INTERVAL=3", "every 3 weeks", "toutes les 3 semaines"),
    ("FREQ=WEEKLY;BYDAY=TU", "every Tuesday", "chaque mardi"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "every 2 weeks on Tuesday", "toutes les 2 semaines le mardi"),
    ("FREQ=WEEKLY;BYDAY=MO,TH", "every Monday and Thursday", "chaque lundi et jeudi"),
    ("FREQ=MONTHLY", "every month", "tous les mois"),
    ("FREQ=MONTHLY;INTERVAL=2", "every 2 months", "tous les 2 mois"),
    ("FREQ=MONTHLY;BYDAY=+1TU", "monthly on the first Tuesday", "tous les mois le premier mardi"),
    ("FREQ=MONTHLY;BYDAY=+2WE", "monthly on the second Wednesday", "tous les mois le deuxième mercredi"),
    ("FREQ=MONTHLY;BYDAY=+3TH", "monthly on the third Thursday", "tous les mois le troisième jeudi"),
    ("FREQ=MONTHLY;BYDAY=+4MO", "monthly on the fourth Monday", "tous les mois le quatrième lundi"),
    ("FREQ=MONTHLY;BYDAY=-1FR", "monthly on the last Friday", "tous les mois le dernier vendredi"),
    (
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR",
        "every 3 months on the last Friday",
        "tous les 3 mois le dernier vendredi",
    ),
    ("FREQ=YEARLY", "every year", "tous les ans"),
    ("FREQ=YEARLY;INTERVAL=2", "every 2 years", "tous les 2 ans"),
]


@pytest.mark.parametrize(("rule", "english", "french"), DESCRIPTIONS)
def test_describe_cadence(rule, english, french):
    assert describe_cadence(rule, "en") == english
    assert describe_cadence(rule, "fr") == french


@pytest.mark.parametrize(("rule", "english", "french"), DESCRIPTIONS)
def test_a_description_reads_back_as_its_rule(rule, english, french):
    assert parse_cadence(english, "en") == rule
    assert parse_cadence(french, "fr") == rule


def test_describe_cadence_does_not_depend_on_the_current_language(french):
    assert describe_cadence("FREQ=WEEKLY;BYDAY=TU", "en") == "every Tuesday"


@pytest.mark.parametrize(
    ("rule", "english", "french"),
    [
        ("FREQ=MONTHLY;BYDAY=+5TU", "every month (custom rule)", "tous les mois (règle personnalisée)"),
        ("FREQ=WEEKLY;WKST=SU;BYDAY=TU", "every Tuesday (custom rule)", "chaque mardi (règle personnalisée)"),
    ],
)
def test_describe_cadence_says_rules_it_has_no_words_for_as_closely_as_it_can(rule, english, french):
    assert describe_cadence(rule, "en") == english
    assert describe_cadence(rule, "fr") == french


def test_describe_cadence_never_shows_an_unreadable_rule():
    assert describe_cadence("FREQ=WEEKLY;BOGUS=1", "en") == "every week (custom rule)"
    assert describe_cadence("sometimes", "fr") == "règle personnalisée"


# --- next_occurrences ------------------------------------------------------------------


def test_next_occurrences_across_a_year_boundary():
    start = dt.datetime(2026, 1, 6, 10, 0)  # a Tuesday
    assert next_occurrences("FREQ=WEEKLY;BYDAY=TU", start=start, after=dt.datetime(2026, 12, 25)) == [
        dt.datetime(2026, 12, 29, 10, 0),
        dt.datetime(2027, 1, 5, 10, 0),
        dt.datetime(2027, 1, 12, 10, 0),
    ]


def test_next_occurrences_monthly_on_the_last_friday_across_a_year_boundary():
    start = dt.datetime(2026, 1, 30, 18, 0)
    after = dt.datetime(2026, 12, 26)  # the day after the last Friday of December
    assert next_occurrences("FREQ=MONTHLY;BYDAY=-1FR", start=start, after=after) == [
        dt.datetime(2027, 1, 29, 18, 0),
        dt.datetime(2027, 2, 26, 18, 0),
        dt.datetime(2027, 3, 26, 18, 0),
    ]


def test_next_occurrences_of_a_series_started_years_ago_keep_its_rhythm():
    start = dt.datetime(2021, 11, 30, 18, 0)  # a Tuesday, five years earlier
    after = dt.datetime(2026, 11, 26, 10, 0)
    found = next_occurrences("FREQ=WEEKLY;INTERVAL=2", start=start, after=after)
    assert found == [
        dt.datetime(2026, 12, 8, 18, 0),
        dt.datetime(2026, 12, 22, 18, 0),
        dt.datetime(2027, 1, 5, 18, 0),
    ]
    assert all((when - start).days % 14 == 0 for when in found)


def test_next_occurrences_daily_from_years_ago():
    start = dt.datetime(2021, 1, 1, 8, 0)
    found = next_occurrences("FREQ=DAILY", start=start, after=dt.datetime(2026, 11, 26, 8, 0), count=2)
    assert found == [dt.datetime(2026, 11, 27, 8, 0), dt.datetime(2026, 11, 28, 8, 0)]


def test_next_occurrences_are_strictly_after():
    start = dt.datetime(2026, 11, 3, 18, 0)  # first Tuesday of November
    after = dt.datetime(2026, 12, 1, 18, 0)  # exactly the December meeting
    assert next_occurrences("FREQ=MONTHLY;BYDAY=+1TU", start=start, after=after, count=1) == [
        dt.datetime(2027, 1, 5, 18, 0)
    ]


def test_next_occurrences_stop_when_the_series_ends():
    start = dt.datetime(2026, 11, 3, 18, 0)
    assert next_occurrences("FREQ=WEEKLY;COUNT=2", start=start, after=dt.datetime(2026, 11, 5)) == [
        dt.datetime(2026, 11, 10, 18, 0)
    ]


def test_parsed_cadences_work_with_next_occurrences():
    rule = parse_cadence("le premier mardi du mois", "fr")
    start = dt.datetime(2026, 1, 6, 18, 30)
    assert next_occurrences(rule, start=start, after=dt.datetime(2026, 11, 26), count=2) == [
        dt.datetime(2026, 12, 1, 18, 30),
        dt.datetime(2027, 1, 5, 18, 30),
    ]


# --- ISO weeks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (dt.date(2026, 11, 26), "2026-W48"),
        (dt.date(2026, 12, 31), "2026-W53"),
        (dt.date(2027, 1, 1), "2026-W53"),
        (dt.date(2027, 1, 3), "2026-W53"),
        (dt.date(2027, 1, 4), "2027-W01"),
        (dt.date(2021, 1, 3), "2020-W53"),
        (dt.date(2024, 12, 30), "2025-W01"),
    ],
)
def test_iso_week(day, week):
    assert iso_week(day) == week


def test_week_bounds():
    assert week_bounds("2026-W48") == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert week_bounds("2026-W53") == (dt.date(2026, 12, 28), dt.date(2027, 1, 3))
    assert week_bounds("2025-W01") == (dt.date(2024, 12, 30), dt.date(2025, 1, 5))


def test_week_bounds_contain_the_days_of_their_week():
    day = dt.date(2020, 12, 20)
    while day < dt.date(2021, 1, 20):
        monday, sunday = week_bounds(iso_week(day))
        assert monday <= day <= sunday
        assert monday.weekday() == 0 and (sunday - monday).days == 6
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("text", ["2026-W54", "2026-48", "nope"])
def test_week_bounds_rejects_weeks_that_do_not_exist(text):
    with pytest.raises(ValueError):
        week_bounds(text)


# --- layering --------------------------------------------------------------------------


def test_dates_does_not_import_textual():
    code = "import sys, mentortui.core.dates; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
