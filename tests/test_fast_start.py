"""The first frame pays only for what it draws (issue #19): screens are imported when first
shown, the ICS library when a calendar is written, the French catalogues come from a .mo
compiled once from the .po (never stale), and the file's page check runs beside the imports
without ever letting a damaged file be written."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mentortui.app import make_app
from mentortui.core import i18n
from mentortui.data.db import explain
from mentortui.data.store import Store
from tests.conftest import sha256
from tests.ui_helpers import fill_field, screen_text

ROOT = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter (the test process has imported everything already): the app on a
# workbook with one relationship, headless, until the dashboard is drawn; then key 4.
FIRST_FRAME = textwrap.dedent(
    """
    import asyncio, datetime as dt, json, sys
    from pathlib import Path
    from mentortui.cli_commands import open_store
    from argparse import Namespace

    store = open_store(Namespace(db=Path(sys.argv[1])), check_in_background=True)
    from mentortui.app import make_app
    from tests.ui_helpers import screen_text

    assert store.check_pages() is None
    app = make_app(store=store, keymap_path=Path(sys.argv[2]) if len(sys.argv) > 2 else None)
    seen = {}

    def screens():
        return sorted(name for name in sys.modules if name.startswith("mentortui.ui.screens."))

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            seen["first frame"] = screen_text(pilot)
            seen["screens at first frame"] = screens()
            seen["modules at first frame"] = sorted(sys.modules)
            plugins = sys.modules.get("sqlite_utils.plugins")
            seen["plugins scanned"] = bool(plugins and plugins._plugins_loaded)
            await pilot.press("4")
            await pilot.pause()
            seen["after key 4"] = screen_text(pilot)
            seen["screens after key 4"] = screens()
            seen["keymap problems"] = app._keymap_problems

    asyncio.run(main())
    store.close()
    print(json.dumps(seen))
    """
)


def _first_frame(tmp_path: Path, clock, *extra: str) -> dict:
    db = tmp_path / "workbook.db"
    store = Store.open(db, clock)
    store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(db), *extra], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=120, check=True)
    # Only the relationship shown was remembered (as before): no other row changed.
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM settings WHERE key = 'active_relationship'").fetchall() == [("1",)]
    assert conn.execute("SELECT partner FROM relationships").fetchall() == [("Ana",)]
    conn.close()
    return json.loads(result.stdout.splitlines()[-1])


def test_the_first_frame_imports_only_the_screen_it_draws(tmp_path, clock):
    seen = _first_frame(tmp_path, clock)
    assert "What needs you" in seen["first frame"]
    assert seen["screens at first frame"] == ["mentortui.ui.screens.dashboard"]
    # No calendar library, no sqlite-utils (nor its click, pluggy and plugin scan), no Babel
    # (English dates) before the first frame.
    assert not any(name.split(".")[0] in ("icalendar", "tzlocal", "sqlite_utils", "click", "pluggy", "babel")
                   for name in seen["modules at first frame"])
    assert not seen["plugins scanned"]
    assert not {"mentortui.ui.dialogs.feedback_forms", "mentortui.exchange.meetings_export"} & set(
        seen["modules at first frame"])
    # Key 4 still shows the Meetings screen, imported then.
    assert "No meeting yet" in seen["after key 4"]
    assert "mentortui.ui.screens.meetings" in seen["screens after key 4"]


def test_the_palette_lists_the_commands_of_every_screen_that_offers_some():
    """The palette imports only the screens listed in PALETTE_SCREENS: any other screen
    offering palette commands would silently lose them."""
    from mentortui.ui.base import BaseScreen
    from mentortui.ui.navigation import PALETTE_SCREENS, SCREEN_CLASSES, screen_class

    offering = {name for name in SCREEN_CLASSES
                if screen_class(name).palette_commands.__func__ is not BaseScreen.palette_commands.__func__}
    assert offering == set(PALETTE_SCREENS)


def test_a_keymap_may_name_the_keys_of_screens_not_shown_yet(tmp_path, clock):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"goals.add" = "ctrl+g"\n"meetings.schedule" = "ctrl+n"\n', encoding="utf-8")
    seen = _first_frame(tmp_path, clock, str(keymap))
    assert "What needs you" in seen["first frame"]
    assert seen["keymap problems"] == []


def test_english_dates_and_plurals_are_babels_without_babel():
    from babel import Locale
    from babel.dates import format_date as babel_format_date

    for day in (dt.date(2026, month, 3) for month in range(1, 13)):
        for later in (day, day + dt.timedelta(days=1), day.replace(year=2031, day=28)):
            for style in ("short", "medium", "long", "full"):
                assert i18n.format_date(later, style, "en") == babel_format_date(later, format=style, locale="en")
    english = Locale.parse("en")
    assert [i18n.plural(n, "{n} meeting", "{n} meetings", "en") for n in range(3)] == [
        "0 meetings", "1 meeting", "2 meetings"]
    assert all(i18n._says_one(n, "en") == (english.plural_form(n) == "one") for n in range(1500))


# ---- the French catalogues -------------------------------------------------------------------


@pytest.fixture
def french_sources(tmp_path, monkeypatch):
    """A copy of the .po files, and an empty cache folder, for this test alone."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n._LOCALE_DIR, locale)
    monkeypatch.setattr(i18n, "_LOCALE_DIR", locale)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.catalog.cache_clear()
    yield locale / "fr"
    i18n.catalog.cache_clear()


def test_french_is_compiled_once_and_a_changed_po_is_never_shown_stale(french_sources, tmp_path):
    po = french_sources / "core.po"
    original = po.read_text(encoding="utf-8")
    po.write_text(original + '\nmsgid "A probe"\nmsgstr "Une sonde"\n', encoding="utf-8")
    assert i18n.translate("A probe", "fr") == "Une sonde"
    assert len(list((tmp_path / "cache" / "mentortui" / "locale").glob("fr-*.mo"))) == 1
    # An edit of a .po (an update, a translator in a checkout) is read at the next start.
    po.write_text(original + '\nmsgid "A probe"\nmsgstr "Une autre sonde"\n', encoding="utf-8")
    i18n.catalog.cache_clear()
    assert i18n.translate("A probe", "fr") == "Une autre sonde"


def test_the_next_start_reads_the_compiled_catalogue_without_babel(tmp_path):
    script = ("import sys; from mentortui.core.i18n import translate; "
              "print(translate('Goals', 'fr'), 'babel' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT,
                           timeout=60, check=True).stdout.rsplit(maxsplit=1) for _ in range(2)]
    assert runs[0][0] == runs[1][0] != "Goals"  # the same French both times
    assert runs[0][1] == "True" and runs[1][1] == "False"  # compiled with Babel once, then gettext alone


def test_a_damaged_or_unwritable_cache_still_gives_french(french_sources, tmp_path):
    i18n.translate("Goals", "fr")
    [compiled] = (tmp_path / "cache" / "mentortui" / "locale").glob("fr-*.mo")
    compiled.write_bytes(b"not a catalogue")
    i18n.catalog.cache_clear()
    assert i18n.translate("Goals", "fr") == "Objectifs"
    assert compiled.read_bytes() != b"not a catalogue"  # compiled again


# ---- the page check ---------------------------------------------------------------------------


def _scribble_unused_table(path: Path) -> None:
    """Overwrite the root page of a table no screen reads at start (the candidates) with garbage."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    [root] = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'candidates'").fetchone()
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)


@pytest.fixture
def damaged(tmp_path, clock) -> Path:
    path = tmp_path / "damaged.db"
    store = Store.open(path, clock)
    store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    store.set_setting("active_relationship", "1")
    store.close()
    _scribble_unused_table(path)
    return path


def test_a_page_check_left_for_later_lets_nothing_be_written(damaged, clock):
    before = sha256(damaged)
    store = Store.open(damaged, clock, check_in_background=True)  # opened before the check answered
    try:
        problem = store.check_pages()
        assert "damaged" in str(explain(damaged, problem))
        with pytest.raises(sqlite3.DatabaseError) as refused:
            store.add_relationship(partner="Bo", role="mentor", started_on=dt.date(2026, 9, 1))
        assert "damaged" in str(explain(damaged, refused.value))
        # SQLite itself refuses a write that would not go through the store's changes.
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("DELETE FROM relationships")
    finally:
        store.close()
    assert sha256(damaged) == before


async def test_a_damaged_page_found_after_the_first_frame_saves_nothing_and_says_so(damaged, clock):
    before = sha256(damaged)
    store = Store.open(damaged, clock, check_in_background=True)
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "What needs you" in screen_text(pilot)
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await fill_field(pilot, "title", "Lead a design review")
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Nothing was saved" in text and "Lead a design review" in text
    store.close()
    assert sha256(damaged) == before
    conn = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM goals").fetchone()[0] == 0
    conn.close()


def test_a_healthy_file_is_written_once_its_check_passed(db_path, clock):
    Store.open(db_path, clock).close()
    store = Store.open(db_path, clock, check_in_background=True)
    try:
        store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
        assert [r.partner for r in store.relationships()] == ["Ana"]
    finally:
        store.close()


def test_rows_read_without_sqlite_utils_are_the_rows_it_gives(store):
    """Reads go through a lighter query(); the rows are sqlite-utils' rows, a name twice included."""
    from sqlite_utils import Database

    store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    full = Database(store.conn, execute_plugins=False)
    for sql in ("SELECT * FROM relationships", "SELECT r.id, a.id, a.version FROM relationships r JOIN agreements a "
                "ON a.relationship_id = r.id", "SELECT 1 AS n WHERE 0"):
        assert list(store.db.query(sql)) == list(full.query(sql))
    assert "goals" in store.db.table_names()  # the rest of sqlite-utils' Database is there when asked for
