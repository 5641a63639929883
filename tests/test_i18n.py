"""Every user-facing string exists in English and in French."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import mentortui
from mentortui.core.i18n import NC_, catalog, detect_language, format_date, format_skeleton, translate

PACKAGE = Path(mentortui.__file__).parent


def _literal(node: ast.AST | None) -> str | None:
    """A message id: a string literal, or a literal ``NC_(context, message)`` (a binding's)."""
    if isinstance(node, ast.Call) and _name(node) == "NC_":
        return _with_context(node)
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value else None


def _name(node: ast.Call) -> str:
    return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")


def _with_context(node: ast.Call) -> str | None:
    """The catalog key of ``_c(context, message)`` / ``NC_(context, message)``."""
    context, message = (_literal(arg) for arg in node.args[:2]) if len(node.args) >= 2 else (None, None)
    return NC_(context, message) if context and message else None


def message_ids() -> set[str]:
    """Every literal passed to ``_()``, ``N_()`` or ``translate()``, every ``_c()``/``NC_()``
    context and message, and every key binding's description (translated when a screen is
    built), in the package."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node)
            if name in ("_", "N_", "translate") and node.args:
                found.add(_literal(node.args[0]))
            elif name in ("_c", "NC_"):
                found.add(_with_context(node))
            elif name == "Binding":
                description = node.args[2] if len(node.args) > 2 else None
                keywords = {k.arg: k.value for k in node.keywords}
                found.add(_literal(keywords.get("description", description)))
                found.add(_literal(keywords.get("tooltip")))
    return found - {None}


def test_every_message_has_a_french_translation():
    missing = sorted(message_ids() - set(catalog("fr")))
    assert missing == []


def test_french_catalog_has_no_stale_entries():
    stale = sorted(set(catalog("fr")) - message_ids())
    assert stale == []


def test_placeholders_match():
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    mismatched = [mid for mid, fr in catalog("fr").items() if fields(mid) != fields(fr)]
    assert mismatched == []


def test_language_detection():
    assert detect_language("fr", {}) == "fr"
    assert detect_language(None, {"LANG": "fr_FR.UTF-8"}) == "fr"
    assert detect_language(None, {"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}) == "en"
    assert detect_language(None, {}) == "en"


def test_dates_in_the_chosen_language():
    day = dt.date(2026, 12, 3)
    assert format_date(day, lang="en") == "Dec 3, 2026"
    assert format_date(day, lang="fr") == "3 déc. 2026"
    assert translate("Quit", "fr") == "Quitter"


def test_a_context_chooses_the_french_word():
    assert translate(NC_("dialog", "Close"), "fr") == "Fermer"
    assert translate(NC_("relationship", "Close"), "fr") == "Clore"
    assert translate(NC_("relationship", "Close"), "en") == "Close"


def test_the_first_of_a_month_is_1er_in_french():
    first = dt.date(2026, 12, 1)
    assert format_date(first, lang="fr") == "1er déc. 2026"
    assert format_date(first, "full", lang="fr") == "mardi 1er décembre 2026"
    assert format_date(dt.date(2026, 12, 11), "long", lang="fr") == "11 décembre 2026"
    assert format_date(first, lang="en") == "Dec 1, 2026"
    assert format_skeleton(first, "MMMEd", lang="fr") == "mar. 1er déc."
    assert format_skeleton(first, "MMMd", lang="en") == "Dec 1"
