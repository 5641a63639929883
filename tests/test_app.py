"""The app starts on a workbook, opens on the Dashboard, and quits cleanly."""

from __future__ import annotations

import datetime as dt

from mentortui.app import make_app
from mentortui.ui.screens.dashboard import DashboardScreen


async def test_app_starts_on_the_active_relationship_and_quits(store):
    store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.sub_title == "Ana · mentee"
        await pilot.press("q")
    assert app.return_code == 0
    # Quitting loses nothing: the row was committed when it was made.
    assert store.relationships()[0].partner == "Ana"
