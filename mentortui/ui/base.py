"""What every screen shares: translated key labels, the store, and reloading after a change."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from mentortui.core.i18n import _
from mentortui.core.refs import Ref

if TYPE_CHECKING:
    from mentortui.app import MentorApp
    from mentortui.data.store import Store


def localize_bindings(node: DOMNode) -> None:
    """Translate the descriptions of ``node``'s bindings into the current language.

    Bindings are declared once per class with English descriptions (the message ids);
    each instance gets its own translated copy, so the Footer and the help screen speak
    the language chosen at start-up.
    """
    translated = BindingsMap()
    for key, bindings in node._bindings.key_to_bindings.items():
        translated.key_to_bindings[key] = [
            dataclasses.replace(
                binding,
                description=_(binding.description) if binding.description else "",
                tooltip=_(binding.tooltip) if binding.tooltip else "",
            )
            for binding in bindings
        ]
    node._bindings = translated


class KeysFooter(Footer):
    """The Footer, redrawn once per burst of binding updates and only when the keys it
    shows changed.

    Textual's Footer rebuilds every key widget each time bindings may have changed (focus
    moves, cursor moves, a screen opening asks four times): most of the time nothing did,
    and each rebuild costs more than the rest of the screen's update.
    """

    _shown: tuple | None = None
    _pending = False

    def bindings_changed(self, screen: Screen) -> None:
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._redraw, screen)

    def _redraw(self, screen: Screen) -> None:
        self._pending = False
        shown = tuple(
            (key, active.binding.description, active.enabled)
            for key, active in screen.active_bindings.items()
            if active.binding.show
        )
        shown = (self._width(), shown)
        if shown == self._shown and self.app.app_focus:
            return
        # While the terminal is unfocused the Footer ignores changes: redraw on return.
        self._shown = shown if self.app.app_focus else None
        super().bindings_changed(screen)

    def on_resize(self) -> None:
        # Which keys fit depends on the width.
        if self._shown is not None and self._shown[0] != self._width():
            self.bindings_changed(self.screen)

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def compose(self) -> ComposeResult:
        """Textual's keys, but only whole keys that fit: help first, then the keys in the
        order the screen lists them (its own before the app's) until one does not fit; the
        rest are dropped rather than cut at the edge, so help is never the key that goes."""
        keys = list(super().compose())
        palette = [key for key in keys if key.has_class("-command-palette")]
        for key in keys:
            if key not in palette:
                # The footer's own value now, not FooterKey's default (compact) that mounting
                # then undoes: each change of class restyles the key.
                key.set_reactive(FooterKey.compact, self.compact)
        # The palette's key is drawn compact ("^p Palette"), after a border, before a padding.
        room = self._width() - sum(cell_len(key.key_display) + 1 + cell_len(key.description) + 2 for key in palette)
        by_priority = sorted(
            (key for key in keys if key not in palette),
            key=lambda key: key.action not in HELP_ACTIONS,
        )
        kept: set[int] = set()
        for key in by_priority:
            if footer_key_width(key) > room:
                break
            kept.add(id(key))
            room -= footer_key_width(key)
        yield from (key for key in keys if id(key) in kept or key in palette)


# The action whose key the footer keeps when there is no room for all.
HELP_ACTIONS = frozenset({"help", "app.help"})


def footer_key_width(key: FooterKey) -> int:
    """The columns a footer key takes: " key " then "description "."""
    return cell_len(key.key_display) + 2 + (cell_len(key.description) + 1 if key.description else 0)


# The dialogs' styles, loaded when the first dialog opens rather than with the app: every
# stylesheet the app holds is parsed again each time a new widget type appears.
DIALOG_CSS = Path(__file__).parent / "dialogs.tcss"


class Localized:
    """Mixin for screens and the app: translated binding labels."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        localize_bindings(self)  # type: ignore[arg-type]


class BaseScreen(Localized, Screen):
    """A main screen of the app (one per global key 1…7)."""

    # Help text shown at the top of the help screen; a message id.
    HELP = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Styled as it mounts, with every main screen's styles read at start-up (ui/stylesheet.py):
        # up to date, so Textual does not restyle the app when it is first shown, nor this
        # screen again on its next visit. A new theme still restyles it (Textual counts up).
        self._css_update_count = self.app._css_update_count

    @property
    def mentor_app(self) -> MentorApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        return self.mentor_app.store

    # The data as it was when this screen last drew (see MentorApp.data_stamp).
    _drawn_stamp: tuple | None = None

    # The screen keeps the styles it mounted with, updated live: Textual's restyle of all its
    # widgets on each resume (twice on a first showing; it also throws away every table's and
    # list's rendered lines) is needed only if the app's own state that styles depend on (its
    # focus, dark, ansi: pseudo classes no live update reaches a hidden screen) changed while
    # the screen was away. A new theme restyles every screen anyway (Textual counts up).
    _left_with: set[str] | None = None

    def on_screen_suspend(self) -> None:
        self._left_with = self.app.get_pseudo_classes()

    def on_screen_resume(self, event: events.ScreenResume | None = None) -> None:
        if event is not None and self._left_with in (None, self.app.get_pseudo_classes()):
            event.refresh_styles = False
        # The first showing draws; later ones redraw only if something changed meanwhile (a
        # change on another screen, or another instance's commit). Textual may resume a
        # screen twice in a row: the second time finds nothing new.
        stamp = self.mentor_app.data_stamp()
        if stamp != self._drawn_stamp:
            first_showing = self._drawn_stamp is None
            self.reload()
            self._drawn_stamp = self.mentor_app.data_stamp()
            if first_showing:
                # What is built by now (the imports, this screen and the ones before it) lives
                # as long as the app: out of the cyclic collector's full passes, which walked
                # all of it (100-220 ms under load, landing in whichever visit came next).
                # Once per screen, so what it keeps that later becomes garbage is bounded.
                gc.freeze()

    def on_unmount(self) -> None:
        # The app is closing: what was kept from the collector can be collected again (tests
        # run many apps in one process).
        gc.unfreeze()

    def reload(self) -> None:
        """Read the data again and redraw: on first showing, after every change, and on
        coming back when the data changed. Screens don't call it from on_mount."""

    @classmethod
    def palette_commands(cls, app: MentorApp) -> Iterable[SystemCommand]:
        """Extra palette commands this screen offers from anywhere (e.g. one per practice)."""
        return ()

    def show(self, ref: Ref) -> None:
        """Select the item ``ref`` names (e.g. ``GoalRef(3)``) after the app switched here to
        show it (see ``ui.navigation``)."""
