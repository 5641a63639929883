"""User-facing text in English and French.

English strings are the message ids; French comes from ``locale/fr/*.po``, read at run time
with Babel (no compile step). Dates are formatted for the chosen language with Babel too.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "fr")
_LOCALE_DIR = Path(__file__).parent / "locale"
_current = "en"


def detect_language(explicit: str | None = None, environ: dict[str, str] | None = None) -> str:
    """--lang wins; else LC_ALL / LC_MESSAGES / LANG starting with "fr" mean French; else English."""
    if explicit:
        return explicit
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language: {lang!r}")
    _current = lang


def language() -> str:
    return _current


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """msgid -> translation for ``lang`` (empty for English, whose ids are the text)."""
    if lang == "en":
        return {}
    from babel.messages.pofile import read_po

    # One catalog file per area of the app (locale/fr/core.po, guide.po, …), merged.
    messages: dict[str, str] = {}
    for path in sorted((_LOCALE_DIR / lang).glob("*.po")):
        with open(path, "rb") as handle:
            po = read_po(handle, locale=lang)
        messages.update({m.id: m.string for m in po if m.id and m.string})
    return messages


def _(message: str, **params: object) -> str:
    """Translate ``message`` into the current language, then fill ``{name}`` fields."""
    text = catalog(_current).get(message, message) if _current != "en" else message
    return text.format(**params) if params else text


def N_(message: str) -> str:
    """Mark a message for translation where it is stored, to be translated when shown."""
    return message


def translate(message: str, lang: str, **params: object) -> str:
    """Like ``_`` but for an explicit language (exports, tests)."""
    text = catalog(lang).get(message, message) if lang != "en" else message
    return text.format(**params) if params else text


def format_date(value: dt.date | None, style: str = "medium", lang: str | None = None) -> str:
    """A date as people of the chosen language write it ("3 Dec 2026" / "3 déc. 2026")."""
    if value is None:
        return ""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=style, locale=lang or _current)


@lru_cache(maxsize=256)
def _says_one(n: int, lang: str) -> bool:
    from babel import Locale

    return Locale.parse(lang).plural_form(n) == "one"


def plural(n: int, one: str, many: str, lang: str | None = None, **params: object) -> str:
    """``one`` or ``many`` (message ids with ``{n}``) as the language counts: French says
    "0 réunion", English "0 meetings"."""
    lang = lang or _current
    return translate(one if _says_one(n, lang) else many, lang, n=n, **params)


def format_when(value: dt.datetime, lang: str | None = None) -> str:
    """A meeting's date and time: "Thursday, December 3, 2026 18:00" / "jeudi 3 décembre 2026 18:00"."""
    return format_date(value.date(), "full", lang) + " " + value.strftime("%H:%M")
