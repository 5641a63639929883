"""User-facing text in English and French.

English strings are the message ids; French comes from ``locale/fr/*.po``, read at run time
with Babel (no compile step). Dates are formatted for the chosen language with Babel too.

One English word can need two French ones ("Close" a dialog: « Fermer »; a relationship:
« Clore »): ``_c(context, message)`` / ``NC_(context, message)`` look up the .po entry with that
``msgctxt``. The key is gettext's own "context\x04message", so a catalog compiled to .mo reads the same.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "fr")
_LOCALE_DIR = Path(__file__).parent.parent / "locale"
_current = "en"
_date_locale: str | None = None  # the user's full locale ("en_GB", "fr_CA") for dates


def _locale_from(environ: dict[str, str] | os._Environ, variables: tuple[str, ...]) -> str:
    """The first locale set among ``variables`` ("fr_CA.UTF-8"), as POSIX looks them up."""
    for var in variables:
        value = environ.get(var, "")
        if value:
            return value
    return ""


def detect_language(explicit: str | None = None, environ: dict[str, str] | None = None) -> str:
    """--lang wins; then LANGUAGE, the GNU priority list ("fr:en"), whose first language we
    speak is used (unless the locale is "C"); then LC_ALL / LC_MESSAGES / LANG starting with
    "fr" mean French; else English."""
    if explicit:
        return explicit
    env = os.environ if environ is None else environ
    locale_name = _locale_from(env, ("LC_ALL", "LC_MESSAGES", "LANG"))
    if locale_name not in ("C", "POSIX"):
        for item in env.get("LANGUAGE", "").split(":"):
            lang = item[:2].lower()
            if lang in LANGUAGES:
                return lang
    return "fr" if locale_name.lower().startswith("fr") else "en"


def detect_date_locale(lang: str, environ: dict[str, str] | None = None) -> str | None:
    """The user's full locale for dates ("en_GB" from LC_TIME=en_GB.UTF-8) when it is in the
    language shown; None when it is another language, "C", or unknown to Babel."""
    from babel import Locale, UnknownLocaleError

    env = os.environ if environ is None else environ
    name = _locale_from(env, ("LC_ALL", "LC_TIME", "LANG")).split(".")[0].split("@")[0]
    if not name.lower().startswith(lang + "_"):
        return None
    try:
        return str(Locale.parse(name))
    except (ValueError, UnknownLocaleError):
        return None


# preferences.json's "date_order": how a date typed as 3/12 is read, whatever the locale says.
DATE_ORDERS = {"day-month": True, "month-day": False}


def reads_day_first(lang: str, preference: str | None = None, environ: dict[str, str] | None = None) -> bool:
    """Whether 3/12 is 3 December (day first) for this user, or 12 March.

    The preference ("day-month" / "month-day") wins; French is always day first; otherwise
    the locale's own date order (LC_ALL / LC_TIME / LANG: en_GB, de_DE day first, en_US
    month first); an unknown or "C" locale is month first, as English most often is."""
    if preference in DATE_ORDERS:
        return DATE_ORDERS[preference]
    if lang == "fr":
        return True
    env = os.environ if environ is None else environ
    return _locale_reads_day_first(_locale_from(env, ("LC_ALL", "LC_TIME", "LANG")).split(".")[0].split("@")[0])


@lru_cache(maxsize=8)
def _locale_reads_day_first(name: str) -> bool:
    """The day comes before the month in the locale's short date pattern (dd/MM/y, dd.MM.yy)."""
    from babel import Locale, UnknownLocaleError

    try:
        pattern = Locale.parse(name).date_formats["short"].pattern
    except (ValueError, UnknownLocaleError):
        return False
    return "d" in pattern and "M" in pattern and pattern.index("d") < pattern.index("M")


def set_date_locale(locale_id: str | None) -> None:
    """Dates in ``locale_id`` ("fr_CA") while the language shown is its language."""
    global _date_locale
    _date_locale = locale_id


def _locale_for(lang: str) -> str:
    if _date_locale and _date_locale.split("_")[0] == lang:
        return _date_locale
    return lang


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
        messages.update({_key(m.context, m.id): m.string for m in po if m.id and m.string})
    return messages


# Between a message's context and its id, as gettext joins them (msgctxt "dialog" + "Close").
CONTEXT_SEPARATOR = "\x04"


def _key(context: str | None, message: str) -> str:
    return f"{context}{CONTEXT_SEPARATOR}{message}" if context else message


def _lookup(message: str, lang: str) -> str:
    """``message`` in ``lang``; a message with a context falls back to its English text."""
    text = catalog(lang).get(message) if lang != "en" else None
    if text is None:
        text = message.rpartition(CONTEXT_SEPARATOR)[2] if CONTEXT_SEPARATOR in message else message
    return text


def _(message: str, **params: object) -> str:
    """Translate ``message`` into the current language, then fill ``{name}`` fields."""
    text = _lookup(message, _current)
    return text.format(**params) if params else text


def _c(context: str, message: str, **params: object) -> str:
    """``_`` for an English message that French says differently by ``context``
    (``_c("dialog", "Close")`` → « Fermer », ``_c("relationship", "Close")`` → « Clore »)."""
    return _(_key(context, message), **params)


def N_(message: str) -> str:
    """Mark a message for translation where it is stored, to be translated when shown."""
    return message


def NC_(context: str, message: str) -> str:
    """``N_`` with a context: stored as one string that ``_`` translates when shown (a key
    binding's description, a label in a table)."""
    return _key(context, message)


def translate(message: str, lang: str, **params: object) -> str:
    """Like ``_`` but for an explicit language (exports, tests)."""
    text = _lookup(message, lang)
    return text.format(**params) if params else text


def format_date(value: dt.date | None, style: str = "medium", lang: str | None = None) -> str:
    """A date as people of the chosen language write it ("Dec 3, 2026" / "3 déc. 2026"), in
    the user's full locale when it is that language's ("3 Dec 2026" in en_GB)."""
    if value is None:
        return ""
    from babel.dates import format_date as babel_format_date

    locale_id = _locale_for(lang or _current)
    if value.day == 1 and locale_id.startswith("fr"):
        return babel_format_date(value, format=_first_of_month(style, locale_id), locale=locale_id)
    return babel_format_date(value, format=style, locale=locale_id)


def format_skeleton(value: dt.date, skeleton: str, lang: str | None = None) -> str:
    """A date in the language's own form for ``skeleton`` ("MMMd": "Dec 1" / « 1er déc. »)."""
    from babel import Locale
    from babel.dates import match_skeleton

    locale = Locale.parse(_locale_for(lang or _current))
    skeletons = locale.datetime_skeletons
    pattern = skeletons[skeleton if skeleton in skeletons else match_skeleton(skeleton, skeletons)].pattern
    return format_date(value, pattern, lang)


@lru_cache(maxsize=16)
def _first_of_month(style: str, locale_id: str) -> str:
    """The French pattern of ``style`` with "1er" for the first of a month ("1er déc. 2026"):
    a lone day field (d, not dd) gains the literal "er"; quoted literals are left alone."""
    import re

    from babel import Locale

    formats = Locale.parse(locale_id).date_formats
    pattern = formats[style].pattern if style in formats else style  # a style, or a pattern ("EEE")
    parts = re.split(r"('[^']*')", pattern)
    return "".join(part if part.startswith("'") else re.sub(r"(?<!d)d(?!d)", "d'er'", part) for part in parts)


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
