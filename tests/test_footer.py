"""The footer at 80 columns: the help key stays on the last line of every screen and form,
lower-priority keys give way first, whole."""

from __future__ import annotations

import datetime as dt

import pytest

from mentortui.app import make_app
from mentortui.ui.forms import FormScreen
from mentortui.ui.help import HelpScreen

HELP = {"en": ("? Help", "f1 Help"), "fr": ("? Aide", "f1 Aide")}


def last_line(app) -> str:
    """The terminal's bottom line, as painted."""
    return app.screen._compositor.render_strips()[-1].text


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_help_is_on_the_last_line_of_every_screen_and_form_at_80_columns(store, lang):
    store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    question_help, f1_help = HELP[lang]
    app = make_app(store=store, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The review (6) opens with the cursor on its step, not in a text box: ? is its help too.
        for key in "1234576":
            await pilot.press(key)
            await pilot.pause()
            line = last_line(app)
            assert question_help in line, (key, line)
            assert len(line.rstrip()) <= 80
        # Forms open with the cursor in a field, where ? is typed: F1 opens the help there.
        for keys in (["escape", "3", "a"], ["escape", "4", "a"], ["escape", "5", "a"], ["escape", "7", "m"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, FormScreen), keys
            assert f1_help in last_line(app), (keys, last_line(app))
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_keys_that_do_not_fit_are_dropped_whole_and_come_back_when_wider(store):
    store.add_relationship(partner="Ana", role="mentee", started_on=dt.date(2026, 9, 1))
    app = make_app(store=store, start_mode="guide")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        narrow = last_line(app)
        assert "? Help" in narrow and "Candidates" not in narrow and "Can" not in narrow.split("? Help")[0]
        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        await pilot.pause()
        wide = last_line(app)
        assert "c Candidates" in wide and "? Help" in wide
        # The order the screen gives is kept: its own keys, then help.
        assert wide.index("c Candidates") < wide.index("? Help")
