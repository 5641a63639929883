"""User-facing text in English and French.

English strings are the message ids; French comes from ``locale/fr/*.po``, the one source of
the translations. Reading them with Babel at every start cost ~50 ms of import and ~50 ms of
parsing, so they are compiled once into a ``.mo`` file in the user's cache folder, named by a
hash of the ``.po`` files' content, and read with ``gettext`` (a few ms): a changed ``.po``
(an update, an edit in a checkout) has another hash, so a stale ``.mo`` is never read, and no
build step is needed whatever the way mentortui was installed. Dates are formatted for the
chosen language with Babel.

One English word can need two French ones ("Close" a dialog: « Fermer »; a relationship:
« Clore »): ``_c(context, message)`` / ``NC_(context, message)`` look up the .po entry with that
``msgctxt``. The key is gettext's own "context\x04message", so the compiled .mo reads the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
    env = os.environ if environ is None else environ
    name = _locale_from(env, ("LC_ALL", "LC_TIME", "LANG")).split(".")[0].split("@")[0]
    if not name.lower().startswith(lang + "_"):
        return None
    from babel import Locale, UnknownLocaleError  # only now: most starts need no Babel before the first frame

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
    # One catalog file per area of the app (locale/fr/core.po, guide.po, …), merged.
    sources = [(path.name, path.read_bytes()) for path in sorted((_LOCALE_DIR / lang).glob("*.po"))]
    compiled = _compiled_path(lang, sources)
    if compiled is not None:
        try:
            return _read_mo(compiled)
        except (OSError, ValueError, UnicodeDecodeError):  # absent, or damaged: compiled again below
            pass
    messages = _parse_po(lang, sources)
    if compiled is not None:
        _write_mo(compiled, lang, messages)
    return messages


_MO_FORMAT = b"mentortui-mo-2"  # part of the hash: a change to how .mo are written renames them
_MO_KEPT = 3  # .mo of other .po versions kept besides the current one


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _compiled_path(lang: str, sources: list[tuple[str, bytes]]) -> Path | None:
    """Where the .mo compiled from exactly ``sources`` lives (None: no cache folder)."""
    digest = hashlib.sha256(_MO_FORMAT)
    for name, content in sources:
        digest.update(b"\0%s\0%d\0" % (name.encode(), len(content)))
        digest.update(content)
    try:
        import platformdirs

        folder = platformdirs.user_cache_path("mentortui", appauthor=False) / "locale"
    except Exception:  # noqa: BLE001 — no cache folder means parsing the .po, not failing
        return None
    return folder / f"{lang}-{digest.hexdigest()[:24]}.mo"


def _read_mo(path: Path) -> dict[str, str]:
    import gettext

    with open(path, "rb") as handle:
        translations = gettext.GNUTranslations(handle)
    # The catalog holds the .mo header under the empty id; it is no message.
    return {msgid: text for msgid, text in translations._catalog.items() if msgid}


def _parse_po(lang: str, sources: list[tuple[str, bytes]]) -> dict[str, str]:
    import io

    from babel.messages.pofile import read_po

    messages: dict[str, str] = {}
    for _name, content in sources:
        po = read_po(io.BytesIO(content), locale=lang)
        messages.update({_key(m.context, m.id): m.string for m in po if m.id and m.string})
    return messages


def _write_mo(path: Path, lang: str, messages: dict[str, str]) -> None:
    """Compile ``messages`` to ``path`` (written whole or not at all); of the .mo compiled
    from other versions of the .po files, the latest few are kept (two installs, or checkouts,
    side by side). A cache that can't be written only costs the parsing."""
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from mentortui.core.files import write_private

    compiled = Catalog(locale=lang, charset="utf-8")
    for msgid, text in messages.items():
        compiled.add(msgid, text)
    buffer = io.BytesIO()
    write_mo(buffer, compiled, use_fuzzy=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, buffer.getvalue(), replace=True)
        others = sorted((old for old in path.parent.glob(f"{lang}-*.mo") if old != path), key=_modified)
        for old in others[:-_MO_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


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
    locale_id = _locale_for(lang or _current)
    if locale_id == "en" and style in _ENGLISH_DATES:
        return _ENGLISH_DATES[style](value)
    from babel.dates import format_date as babel_format_date

    if value.day == 1 and locale_id.startswith("fr"):
        return babel_format_date(value, format=_first_of_month(style, locale_id), locale=locale_id)
    return babel_format_date(value, format=style, locale=locale_id)


def format_skeleton(value: dt.date, skeleton: str, lang: str | None = None) -> str:
    """A date in the language's own form for ``skeleton`` ("MMMd": "Dec 1" / « 1er déc. »)."""
    locale_id = _locale_for(lang or _current)
    if locale_id == "en" and skeleton in _ENGLISH_SKELETONS:
        return _ENGLISH_SKELETONS[skeleton](value)
    from babel import Locale
    from babel.dates import match_skeleton

    locale = Locale.parse(locale_id)
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


# Plain English dates as Babel's CLDR data writes them (tests/test_fast_start.py compares the
# two): the dashboard's first frame shows dates, and loading Babel's locale data for them cost
# ~16 ms and 4 MiB. Other locales (en_GB, fr, fr_CA) go through Babel.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ENGLISH_DATES = {
    "short": lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}",
    "medium": lambda d: f"{_MONTHS[d.month - 1][:3]} {d.day}, {d.year}",
    "long": lambda d: f"{_MONTHS[d.month - 1]} {d.day}, {d.year}",
    "full": lambda d: f"{ENGLISH_WEEKDAYS[d.weekday()]}, {_MONTHS[d.month - 1]} {d.day}, {d.year}",
    "EEE": lambda d: ENGLISH_WEEKDAYS[d.weekday()][:3],
}
# The skeletons the screens use, as Babel's CLDR data writes them in English: the Goals and
# Meetings screens show dates, and the first one visited paid ~20 ms for Babel's locale data.
_ENGLISH_SKELETONS = {
    "MMMd": lambda d: f"{_MONTHS[d.month - 1][:3]} {d.day}",
    "yMMM": lambda d: f"{_MONTHS[d.month - 1][:3]} {d.year}",
    "MMMEd": lambda d: f"{ENGLISH_WEEKDAYS[d.weekday()][:3]}, {_MONTHS[d.month - 1][:3]} {d.day}",
}


@lru_cache(maxsize=256)
def _says_one(n: int, lang: str) -> bool:
    if lang == "en":  # CLDR's English rule for whole numbers, without loading Babel's data
        return n == 1
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
