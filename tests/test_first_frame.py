"""The first frame of a workbook (issue #19): the dashboard is drawn without the forms (they come
with the first dialog or the first-run welcome), and without Python's garbage collections,
which resume, start-up's objects frozen, once the frame is drawn."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import textwrap

from mentortui.data.store import Store
from tests.test_fast_start import ROOT, _first_frame


def test_the_dashboards_first_frame_imports_no_form(tmp_path, clock):
    seen = _first_frame(tmp_path, clock)
    assert "What needs you" in seen["first frame"]
    # The welcome, the relationship's forms, the text editor behind every form, the reader of
    # typed dates, the reader of meeting rhythms, the keymap's TOML reader (no keymap file
    # here), the partner exchange's CRDTs.
    modules = set(seen["modules at first frame"])
    assert not {"mentortui.ui.dialogs.relationship_forms", "mentortui.ui.wizard", "mentortui.ui.forms",
                "mentortui.ui.editors", "textual.widgets._text_area", "dateutil.parser", "dateutil.rrule",
                "tomllib"} & modules
    assert not any(name.split(".")[0] == "pycrdt" for name in modules)


# The command line as a user starts it, the app run headless until its first frame is drawn.
FROM_THE_COMMAND_LINE = textwrap.dedent(
    """
    import asyncio, gc, json, sys
    from mentortui import app as app_module
    from mentortui.cli import main
    from tests.ui_helpers import screen_text

    collections = []
    gc.callbacks.append(lambda phase, info: collections.append(info["generation"]) if phase == "start" else None)
    seen = {}

    def run(app):
        collections.clear()  # from here: the app's start, up to its first frame

        async def first_frame():
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                seen.update(text=screen_text(pilot), enabled=gc.isenabled(),
                            frozen=gc.get_freeze_count())

        asyncio.run(first_frame())

    drawn = getattr(app_module.MentorApp, "on_ready", lambda app: None)

    def on_ready(app):  # Textual's "first frame drawn"
        seen["collections before the first frame"] = list(collections)
        drawn(app)

    app_module.MentorApp.run = run
    app_module.MentorApp.on_ready = on_ready
    seen["exit code"] = main(["--db", sys.argv[1], "--lang", "en"])
    seen["enabled after"] = gc.isenabled()
    print(json.dumps(seen))
    """
)


def test_no_garbage_collection_before_the_first_frame(tmp_path, clock):
    db = tmp_path / "workbook.db"
    store = Store.open(db, clock)
    store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-c", FROM_THE_COMMAND_LINE, str(db)], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=120, check=True)
    seen = json.loads(result.stdout.splitlines()[-1])
    assert "What needs you" in seen["text"] and "Ana" in seen["text"]
    assert seen["collections before the first frame"] == []
    # Drawn: collection is back on, start-up's objects left out of it; and still on after the app.
    assert seen["enabled"] and seen["frozen"] > 10_000
    assert seen["enabled after"] and seen["exit code"] == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM settings WHERE key = 'active_relationship'").fetchall() == [("1",)]
    conn.close()


def test_the_dashboards_progress_walks_the_goals_only(store):
    """The progress bar sums the leaves of every goal tree: it no longer runs the goal tree's
    level query, which also counts each top goal's children and links (agenda items, actions,
    feedback) the dashboard does not show; the figure is the same."""
    from mentortui.data import goals
    from mentortui.exchange.demo import fill_demo

    fill_demo(store)
    read: set[str] = set()

    def note_reads(action, table, *_rest):
        if action == sqlite3.SQLITE_READ:
            read.add(table)
        return sqlite3.SQLITE_OK

    for relationship in store.relationships():
        tops = [row for row in goals.children(store, relationship.id, None) if row.goal.status != "dropped"]
        leaves, done = sum(row.leaves for row in tops), sum(row.done_leaves for row in tops)
        store.conn.set_authorizer(note_reads)
        progress = goals.overall_progress(store, relationship.id)
        store.conn.set_authorizer(None)
        assert progress == (done * 100 // leaves if leaves else None)
    assert read == {"goals"}
    assert goals.overall_progress(store, store.relationships()[0].id) == 45


WELCOME = textwrap.dedent(
    """
    import asyncio, json, sys
    from pathlib import Path
    from mentortui.app import make_app
    from mentortui.core.clock import FrozenClock
    from tests.ui_helpers import visible_text

    seen = {}

    async def main():
        app = make_app(Path(sys.argv[1]), clock=FrozenClock("2026-11-26T10:00:00"), lang="en")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            seen["shown"] = visible_text(pilot)
            seen["modules"] = sorted(sys.modules)

    asyncio.run(main())
    print(json.dumps(seen))
    """
)


def test_the_welcome_loads_no_text_area(tmp_path):
    """The welcome's form has one-line fields only: Textual's TextArea (~6 ms of imports) comes
    with the first form or screen that has a text area."""
    db = tmp_path / "new.db"
    result = subprocess.run([sys.executable, "-c", WELCOME, str(db)], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, check=True)
    seen = json.loads(result.stdout.splitlines()[-1])
    assert "Welcome to mentortui" in seen["shown"]
    assert "mentortui.ui.forms" in seen["modules"]
    assert not {"textual.widgets._text_area", "mentortui.ui.text_editor"} & set(seen["modules"])
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM relationships").fetchone() == (0,)
    conn.close()


async def test_the_dashboards_list_draws_each_option_once_in_the_first_frame(store, monkeypatch):
    """Textual's OptionList forgot what it had drawn on its first Resize, which comes after the
    first paint with the same width: every option of the first frame was drawn twice."""
    from textual.visual import Visual
    from textual.widgets import OptionList

    from mentortui.app import make_app
    from mentortui.exchange.demo import fill_demo
    from tests.ui_helpers import visible_text

    fill_demo(store)
    drawn: list[str] = []
    to_strips = Visual.to_strips

    def counted(widget, visual, *args, **kwargs):
        if isinstance(widget, OptionList):
            drawn.append(widget.id)
        return to_strips(widget, visual, *args, **kwargs)

    monkeypatch.setattr(Visual, "to_strips", staticmethod(counted))
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        signals = app.screen.query_one("#signals", OptionList)
        assert "What needs you" in visible_text(pilot)
        assert 0 < len(drawn) <= signals.option_count
        await pilot.resize_terminal(80, 30)  # a new width draws them again, at that width
        await pilot.pause()
        assert len(drawn) > signals.option_count
        assert "What needs you" in visible_text(pilot)
