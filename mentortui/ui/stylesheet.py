"""The app's stylesheet: its own and every main screen's styles, read and parsed once."""

from __future__ import annotations

from textual.app import App
from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet

from mentortui.ui.screens import FOLDER, STYLESHEETS


class AppStylesheet(Stylesheet):
    """A Textual stylesheet that keeps what it parsed while the theme's colours stay the same.

    Textual parses every source again from scratch on each ``reparse`` (each new screen, each
    theme change), its widgets' built-in styles included. Parsed rules only depend on a
    source's text, where it comes from and the variables (the theme's colours): the same
    variables keep them, a new theme parses everything again.
    """

    def __init__(self, *, variables: dict[str, str]) -> None:
        super().__init__(variables=variables)
        # Every source at once (Textual's default, 64, is about two screens' worth of widgets).
        self._parse_cache = LRUCache(512)

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._variables:
            super().set_variables(variables)  # a new theme: what was parsed no longer holds

    def reparse(self) -> None:
        if self._parse_cache:
            self.parse()  # parses only the sources it has not parsed yet
        else:
            super().reparse()


def app_stylesheet(app: App) -> AppStylesheet:
    """The app's stylesheet (its ``CSS_PATH`` first, as Textual reads it) with every main
    screen's, each scoped to its screen so one screen's rules never reach another's widgets."""
    stylesheet = AppStylesheet(variables=app.get_css_variables())
    stylesheet.read_all(app.css_path)
    for screen, name in STYLESHEETS.items():
        path = FOLDER / name
        stylesheet.add_source(path.read_text(encoding="utf-8"), read_from=(str(path), ""), scope=screen)
    return stylesheet
