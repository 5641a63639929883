"""Meeting cadences in words: every rule the words reader supports is described in words
that read back as the same rule, in English and French; a rule pasted from a calendar is
kept; a rule with parts words can't say is said as closely as words can, never as RRULE."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.core.cadence import describe_cadence, parse_cadence, rule_end
from mentortui.core.dates import DateParseError

# One rule per shape the words reader supports (as parse_cadence writes it).
SHAPES = [
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2",
    "FREQ=WEEKLY;BYDAY=TU",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "FREQ=WEEKLY;BYDAY=MO,TH",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;INTERVAL=2",
    "FREQ=MONTHLY;BYDAY=+1TH",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;INTERVAL=3;BYDAY=+2WE",
    "FREQ=MONTHLY;BYDAY=+1TU,+3TU",
    "FREQ=MONTHLY;BYMONTHDAY=15",
    "FREQ=MONTHLY;BYMONTHDAY=1,15",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=2,23",
    "FREQ=YEARLY",
    "FREQ=YEARLY;INTERVAL=2",
    "FREQ=WEEKLY;COUNT=10",
    "FREQ=WEEKLY;COUNT=1",
    "FREQ=MONTHLY;COUNT=6;BYDAY=+1TU",
    "FREQ=WEEKLY;UNTIL=20270630T235959",
    "FREQ=WEEKLY;INTERVAL=2;UNTIL=20270630T000000;BYDAY=TU",
    "FREQ=MONTHLY;UNTIL=20271231T183000;BYMONTHDAY=-1",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("rule", SHAPES)
def test_every_shape_is_said_in_words_that_read_back_as_the_same_rule(rule, lang):
    assert parse_cadence(rule) == rule  # the rule as the app stores it
    words = describe_cadence(rule, lang)
    assert "FREQ" not in words and "=" not in words and "custom" not in words and "personnalis" not in words
    assert parse_cadence(words, lang) == rule


DESCRIPTIONS = [
    ("FREQ=MONTHLY;BYDAY=+1TU,+3TU", "monthly on the first and the third Tuesday",
     "tous les mois le premier et le troisième mardi"),
    ("FREQ=MONTHLY;BYMONTHDAY=1,15", "monthly on the 1st and the 15th", "tous les mois le 1er et le 15"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", "monthly on the last day", "tous les mois le dernier jour"),
    ("FREQ=WEEKLY;COUNT=10", "every week, 10 times", "toutes les semaines, 10 fois"),
    ("FREQ=WEEKLY;INTERVAL=2;UNTIL=20270630T235959;BYDAY=TU", "every 2 weeks on Tuesday until June 30, 2027",
     "toutes les 2 semaines le mardi jusqu’au 30 juin 2027"),
    ("FREQ=WEEKLY;UNTIL=20270630T000000", "every week until June 30, 2027 00:00",
     "toutes les semaines jusqu’au 30 juin 2027 00:00"),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "english", "french"), DESCRIPTIONS)
def test_describe_new_shapes(rule, english, french):
    assert describe_cadence(rule, "en") == english
    assert describe_cadence(rule, "fr") == french


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        ("monthly on the 15th", "en", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("the 15th of every month", "en", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("le 15 de chaque mois", "fr", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("tous les mois le 1er", "fr", "FREQ=MONTHLY;BYMONTHDAY=1"),
        ("le dernier jour du mois", "fr", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("every 2 months on the 1st", "en", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1"),
        ("the first and third tuesday of the month", "en", "FREQ=MONTHLY;BYDAY=+1TU,+3TU"),
        ("every tuesday 10 times", "en", "FREQ=WEEKLY;COUNT=10;BYDAY=TU"),
        ("chaque mardi, 10 fois", "fr", "FREQ=WEEKLY;COUNT=10;BYDAY=TU"),
        ("every 2 weeks until 2027-06-30", "en", "FREQ=WEEKLY;INTERVAL=2;UNTIL=20270630T235959"),
        ("toutes les 2 semaines jusqu'au 30 juin 2027", "fr", "FREQ=WEEKLY;INTERVAL=2;UNTIL=20270630T235959"),
        ("weekly until 30 June", "en", "FREQ=WEEKLY;UNTIL=20270630T235959"),  # the year from today
        ("weekly until 2 January", "en", "FREQ=WEEKLY;UNTIL=20280102T235959"),  # the next one to come
    ],
)
def test_parse_cadence_reads_more_shapes(text, lang, rule):
    assert parse_cadence(text, lang, today=dt.date(2027, 1, 4)) == rule


@pytest.mark.parametrize(
    "text",
    [
        "monthly on the 32nd",
        "weekly on the 15th",  # days of the month need the month
        "every 15th",
        "every week 10 times until 2027-06-30",  # RFC 5545: one or the other
        "every week 0 times",
        "every week until someday",
        "every week until 30 June",  # no year, and no today to take it from
        "every week (custom rule)",
        "FREQ=WEEKLY;COUNT=0",  # pasted: a series of no meeting, as "every week 0 times"
        "RRULE:FREQ=DAILY;INTERVAL=99999999999",  # more than the words can say
        "FREQ=SECONDLY",
    ],
)
def test_parse_cadence_refuses_what_it_cannot_read(text):
    with pytest.raises(DateParseError):
        parse_cadence(text)


def local(utc: dt.datetime) -> str:
    return utc.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None).strftime("%Y%m%dT%H%M%S")


@pytest.mark.parametrize("prefix", ["RRULE:", "", "rrule:"])
def test_a_rule_pasted_from_a_calendar_is_kept_with_its_end_in_local_time(prefix):
    pasted = prefix + "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630T000000Z"
    until = local(dt.datetime(2027, 6, 30))
    assert parse_cadence(pasted) == f"FREQ=WEEKLY;INTERVAL=2;UNTIL={until};BYDAY=TU"


@pytest.mark.parametrize(
    ("pasted", "rule"),
    [
        ("RRULE:FREQ=MONTHLY;BYDAY=+1TH", "FREQ=MONTHLY;BYDAY=+1TH"),
        ("FREQ=MONTHLY;BYMONTHDAY=15;COUNT=12", "FREQ=MONTHLY;COUNT=12;BYMONTHDAY=15"),
        ("FREQ=WEEKLY;UNTIL=20270630", "FREQ=WEEKLY;UNTIL=20270630T235959"),  # a date: its whole day
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,WE", "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,WE"),
    ],
)
def test_pasted_rules_of_each_part(pasted, rule):
    assert parse_cadence(pasted) == rule
    for lang in ("en", "fr"):
        assert parse_cadence(describe_cadence(rule, lang), lang) == rule


def test_a_rule_with_parts_words_cannot_say_is_said_closely_never_raw():
    rule = parse_cadence("FREQ=MONTHLY;BYMONTH=1,7;BYMONTHDAY=2")
    assert describe_cadence(rule, "en") == "monthly on the 2nd (custom rule)"
    assert describe_cadence(rule, "fr") == "tous les mois le 2 (règle personnalisée)"


def test_rule_end_is_the_stored_until_or_none():
    assert rule_end("FREQ=WEEKLY;INTERVAL=2;UNTIL=20270630T235959;BYDAY=TU") == dt.datetime(2027, 6, 30, 23, 59, 59)
    assert rule_end("FREQ=WEEKLY;COUNT=3") is None

