"""French as a French reader expects it: typography in every catalogue entry, nothing left
in English (catalogue, screens, help, palette, command line), and date hints that read."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

import pytest

from mentortui.app import make_app
from mentortui.cli import main
from mentortui.core.cadence import parse_cadence
from mentortui.core.dates import parse_date, parse_datetime, parse_duration, week_label
from mentortui.core.i18n import CONTEXT_SEPARATOR, catalog, format_date, set_language, translate
from mentortui.exchange.demo import fill_demo
from tests.ui_helpers import visible_text

NBSP, NNBSP = "\u00a0", "\u202f"
FIELD = re.compile(r"\{[^{}]*\}")

# Words French writes as English does: a message made only of these (and fields) may be
# the same in both languages.
SAME_IN_BOTH = {
    "action", "actions", "active", "date", "guide", "horizon", "markdown", "mentor", "note", "notes",
    "options", "palette", "question", "questions", "total", "version", "v",
}


def french_entries() -> list[tuple[str, str]]:
    """(English id, French text) for every catalogue entry, contexts included."""
    return sorted(catalog("fr").items())


def text_outside_fields(message: str) -> str:
    return FIELD.sub("", message)


def typography_problems(french: str) -> list[str]:
    """What breaks the rules: ' as apostrophe, " as quotes, a space (or none) other than the
    narrow no-break one before ; ? !, other than the no-break one before : (URLs and times
    aside), « » without no-break spaces inside."""
    text = text_outside_fields(french)
    problems = []
    if "'" in text:
        problems.append("straight apostrophe")
    if '"' in text:
        problems.append("straight double quote")
    for match in re.finditer(r"[;?!]", text):
        if match.start() == 0 or text[match.start() - 1] != NNBSP:
            problems.append(f"no narrow no-break space before {match.group()}")
    for match in re.finditer(r":", text):
        before, after = text[match.start() - 1: match.start()], text[match.end(): match.end() + 1]
        if after == "/" or (before.isdigit() and after.isdigit()):
            continue  # file://, 18:30
        if before != NBSP:
            problems.append("no no-break space before :")
    if re.search("«(?!\u00a0)", text) or re.search("(?<!\u00a0)»", text):
        problems.append("« » without no-break spaces")
    return problems


def test_every_french_entry_follows_french_typography():
    wrong = {english: (french, typography_problems(french)) for english, french in french_entries()
             if typography_problems(french)}
    assert wrong == {}


def test_the_typography_check_catches_what_french_readers_see():
    assert typography_problems("Supprimer « {title} » ?") == [
        "no narrow no-break space before ?", "« » without no-break spaces"]
    assert typography_problems("Ajouter l'objectif") == ["straight apostrophe"]
    assert typography_problems("Filtre : {x}") == ["no no-break space before :"]
    assert typography_problems(f"Filtre{NBSP}: file://x à 18:30{NNBSP}; «{NBSP}{{t}}{NBSP}» ?") == [
        "no narrow no-break space before ?"]


def test_no_french_entry_is_left_in_english():
    def same_words_only(message: str) -> bool:
        words = re.findall(r"[^\W\d_]+", text_outside_fields(message).lower())
        return all(word in SAME_IN_BOTH for word in words)

    leftovers = sorted(french for english, french in french_entries()
                       if english.rpartition(CONTEXT_SEPARATOR)[2] == french and not same_words_only(french))
    assert leftovers == []


def test_one_term_per_concept_as_the_guide_says():
    """réunion (not rencontre), lignes directrices (not entente, accord), se développer (not
    grandir), remerciement (the kind of feedback)."""
    avoided = re.compile(r"\b(rencontres?|entente|accord|grandir)\b", re.IGNORECASE)
    assert [french for _, french in french_entries() if avoided.search(french)] == []
    assert translate("Agreement", "fr") == "Lignes directrices"
    assert translate("thanks", "fr") == "remerciement"


def test_a_context_says_close_a_dialog_and_close_a_relationship_apart():
    contexts = {english.partition(CONTEXT_SEPARATOR)[0]: french
                for english, french in french_entries() if english.endswith(CONTEXT_SEPARATOR + "Close")}
    assert contexts == {"dialog": "Fermer", "relationship": "Clore"}


TODAY = dt.date(2026, 11, 26)
# Each French hint, and the reader its examples must get through.
HINTS = [
    ("friday 14:00 · tomorrow 2pm · 2026-12-03 18:30", " · ", parse_datetime),
    ("next tuesday 18:00", None, parse_datetime),
    ("e.g. next tuesday 18:00", None, parse_datetime),
    ("next friday · +2w · 15/12 · vendredi", " · ", parse_date),
    ("next friday", None, parse_date),
    ("+1w", None, parse_date),
    ("today", None, parse_date),
    ("6 months", None, parse_duration),
    ("e.g. every two weeks on tuesday", None, parse_cadence),
    ("weekly · every 2 weeks · monthly on the first tuesday", " · ", parse_cadence),
]


@pytest.mark.parametrize(("english", "separator", "reader"), HINTS)
def test_every_french_date_hint_reads_in_french(english, separator, reader):
    french = translate(english, "fr").removeprefix("p. ex. ")
    for example in french.split(separator) if separator else [french]:
        if reader is parse_duration:
            assert reader(example, "fr")
        elif reader is parse_cadence:
            assert reader(example, "fr", today=TODAY)
        else:
            assert reader(example, today=TODAY, lang="fr"), example


def test_the_french_hints_of_try_messages_read_in_french():
    for english, reader in (("Try friday 14:00, tomorrow 2pm or 2026-12-03 18:30.", parse_datetime),
                            ("Try 2026-12-03, 3/12, tomorrow, +2w or friday.", parse_date)):
        examples = re.split(r", | ou ", translate(english, "fr").removeprefix("Essayez ").rstrip("."))
        assert len(examples) >= 3
        for example in examples:
            assert reader(example, today=TODAY, lang="fr")


def test_dates_and_weeks_as_french_writes_them():
    assert format_date(dt.date(2026, 12, 1), "long", lang="fr") == "1er décembre 2026"
    set_language("fr")
    assert week_label("2026-W48") == "semaine 48 de 2026"
    set_language("en")
    assert week_label("2026-W48") == "2026-W48"


# Textual's and the app's English words, as whole words (French text holds "présenter ").
ENGLISH_UI_WORDS = re.compile(
    r"Search for commands|Dismiss|\b(enter|space|esc|del|Week|Close|Help|Quit|Undo|Select|Agreement)\b|\d{4}-W\d\d")


def shows_english(text: str) -> list[str]:
    return [match.group() for match in ENGLISH_UI_WORDS.finditer(text)]


async def test_screens_help_and_palette_in_french_show_no_english(store):
    counts = fill_demo(store, lang="fr")
    app = make_app(store=store, lang="fr")
    seen = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in "1234567":
            await pilot.press(key)
            await pilot.pause()
            seen[key] = visible_text(pilot)
            await pilot.press("question_mark")
            await pilot.pause()
            seen[key + " help"] = visible_text(pilot)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        seen["palette"] = visible_text(pilot)
    assert {where: shows_english(text) for where, text in seen.items() if shows_english(text)} == {}
    # What French readers see instead, from the workbook the demo wrote in French.
    assert "semaine 48 de 2026" in seen["6"]
    assert "espace Atteint" in seen["3"]
    assert "échap Fermer" in seen["1 help"]
    assert "Chercher une commande" in seen["palette"]
    assert "Lignes directrices · version" in seen["7"]
    rows = store.conn.execute("SELECT COUNT(*) FROM relationships").fetchone()[0]
    assert rows == counts["relationships"] > 0


async def test_a_choice_list_asks_in_french(store):
    """The feedback form's goal list says « Choisir » when blank; a form's open list names its
    key in French (Textual's own says "esc Dismiss menu")."""
    store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    app = make_app(store=store, lang="fr")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5", "a")
        await pilot.pause()
        text = visible_text(pilot)
        assert "Choisir" in text and "Select" not in text
        await pilot.press("escape", "3", "a")
        await pilot.pause()
        app.screen.query_one("#field-horizon").focus()
        await pilot.press("enter")
        await pilot.pause()
        footer = visible_text(pilot).splitlines()[-1]
        assert "échap Fermer la liste" in footer and "Dismiss" not in footer
    assert store.goals(store.relationships()[0].id) == []  # looking wrote nothing


def test_the_demo_and_help_on_the_command_line_are_french(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["--lang", "fr", "demo", "--db", str(db)]) == 0
    said = capsys.readouterr().out
    assert re.search(r"\d+ relations, \d+ versions des lignes directrices, \d+ cases cochées, \d+ objectifs", said)
    assert "relationships" not in said and "agenda_items" not in said
    with sqlite3.connect(db) as conn:
        relationships = conn.execute("SELECT COUNT(*) FROM relationships").fetchone()[0]
    assert f"{relationships} relations," in said
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "--help"])
    usage = capsys.readouterr().out
    assert f"utilisation{NBSP}:" in usage and f"options{NBSP}:" in usage and f"arguments positionnels{NBSP}:" in usage
    assert "usage:" not in usage and "options:" not in usage

