"""The Textual application and its one factory, used by the command line and by tests."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from mentortui.core.clock import Clock
from mentortui.core.config import Preferences
from mentortui.data.model import Relationship
from mentortui.data.db import SQLiteError, explain
from mentortui.data.journal import UndoRefused
from mentortui.data.store import NotFound, Store
from mentortui.core.i18n import _, set_language
from mentortui.core.refs import Ref
from mentortui.core.safetext import clean
from mentortui.ui.base import BaseScreen, Localized
from mentortui.ui.help import HelpScreen
from mentortui.ui.keymap import load_keymap
from mentortui.ui.labels import role_label
from mentortui.ui.navigation import PALETTE_SCREENS, SCREEN_TITLES, Navigate, mode_of, screen_class, screen_for
from mentortui.ui.search import SearchProvider
from mentortui.ui.stylesheet import app_stylesheet
from mentortui.ui.switcher import SwitcherScreen
from mentortui.ui.textual_words import command_palette, key_display

if TYPE_CHECKING:
    from textual.driver import Driver

DEFAULT_THEME = "textual-dark"


class Mode:
    """A main screen: its global key, its binding id and its name in the palette."""

    def __init__(self, key: str, name: str, title: str) -> None:
        self.key, self.name, self.title = key, name, title

    @property
    def screen(self) -> type[BaseScreen]:
        """The screen's class (its module is imported on first use: ui.navigation)."""
        return screen_class(self.name)

    def new_screen(self) -> BaseScreen:
        return self.screen()


# The main screens in key order (keys 1…7; names and titles: ui.navigation.SCREEN_TITLES).
SCREENS = [Mode(str(key), name, title) for key, (name, title) in enumerate(SCREEN_TITLES.items(), start=1)]


class MentorApp(Localized, App[None]):
    CSS_PATH = "app.tcss"
    # The system commands, plus search across everything the workbook holds.
    COMMANDS = App.COMMANDS | {SearchProvider}
    TITLE = "mentortui"
    MODES = {mode.name: mode.new_screen for mode in SCREENS}
    BINDINGS = [
        *[
            Binding(mode.key, f"switch_mode('{mode.name}')", mode.title, id=f"screen.{mode.name}", show=False)
            for mode in SCREENS
        ],
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Palette", id="app.palette", show=False, priority=True),
        Binding("ctrl+z", "undo", "Undo", id="app.undo"),
        Binding("ctrl+o", "switch_relationship", "Switch relationship", id="app.switch", show=False),
        Binding("ctrl+r", "refresh", "Refresh", id="app.refresh", show=False),
        Binding("q", "leave", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit-ctrl", show=False, priority=True),
    ]

    def __init__(
        self, store: Store, *, lang: str = "en", keymap_path: Path | None = None, start_mode: str = "dashboard"
    ) -> None:
        super().__init__()
        self.stylesheet = app_stylesheet(self)  # every main screen's styles, parsed once
        self.store = store
        self.clock = store.clock
        self.lang = lang
        self.keymap_path = keymap_path
        self.start_mode = start_mode
        self.preferences = Preferences()
        self.relationship: Relationship | None = None
        self._keymap_problems: list[str] = []

    def get_key_display(self, binding: Binding) -> str:
        return key_display(super().get_key_display(binding))

    def action_command_palette(self) -> None:
        # Textual's own, with its prompt in the app's language.
        if self.use_command_palette and not self.screen.has_class("--textual-command-palette"):
            self.push_screen(command_palette())

    async def on_event(self, event: events.Event) -> None:
        # A paste reaches whichever widget has the focus, Textual's own (the palette's input)
        # included: clean it once here, where it enters the app.
        if isinstance(event, events.Paste):
            from mentortui.ui.editors import line_breaks  # not needed to draw the first frame

            event.text = clean(line_breaks(event.text))
        await super().on_event(event)

    # ---- start-up -------------------------------------------------------------------

    crash: BaseException | None = None  # the unhandled error that stopped the app, if any

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        # Textual's own driver on Linux and macOS (not Windows', nor one named by TEXTUAL_DRIVER).
        if (driver.__module__, driver.__name__) == ("textual.drivers.linux_driver", "LinuxDriver"):
            from mentortui.ui.terminal_input import ForgivingLinuxDriver

            return ForgivingLinuxDriver
        return driver

    def _handle_exception(self, error: Exception) -> None:
        # Keep the error for the command line's crash report (exit 1, one line). Textual's
        # own report lists local variables, the user's notes among them, on the terminal:
        # it is not printed.
        self.crash = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def on_mount(self) -> None:
        # Only a keymap file needs every binding id (and so every screen's class).
        if self.keymap_path is not None and self.keymap_path.exists():
            keymap, self._keymap_problems = load_keymap(self.keymap_path, self.binding_ids())
        else:
            keymap = {}
        if keymap:
            self.set_keymap(keymap)
        # The theme is the person's preference (config folder); a workbook from before kept it
        # in its settings, which is read once as the starting value.
        saved_theme = self.preferences.get("theme") or self.store.setting("theme")
        self.theme = saved_theme if saved_theme in self.available_themes else DEFAULT_THEME
        self._pick_relationship()
        if self.relationship is None:
            # First run: a light welcome, a step at a time. Saving lands on the Relationship
            # screen; so does leaving it ("no relationship yet, press a to add one").
            from mentortui.ui.dialogs.relationship_forms import first_run_wizard  # a workbook's first run only

            self.push_screen(first_run_wizard(self), self._first_run_done)
        else:
            self.switch_mode(self.start_mode)
        for problem in self._keymap_problems:
            self.notify(clean(problem), severity="warning", markup=False, timeout=10)

    def on_ready(self) -> None:
        # The first frame is drawn. Started from the command line, collection was off until now
        # (cli._run_tui): what start-up built (modules, classes, the first screen) lives as long
        # as the app, so it is frozen out of every later collection, which then scans only what
        # came after it (a full collection here took 100-240 ms on a loaded machine).
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def watch_theme(self, theme: str) -> None:
        # Persist the choice between runs (not an undoable change: a preference, not work).
        if self.is_mounted and theme:
            self.preferences.set("theme", theme)

    def binding_ids(self) -> set[str]:
        """Every binding id a keymap may name: the app's and every screen's and dialog's."""
        for mode in SCREENS:  # import every screen, so that its class and its dialogs' are subclasses below
            screen_class(mode.name)
        classes: list[Any] = [type(self)]
        pending = list(Localized.__subclasses__())
        while pending:
            cls = pending.pop()
            classes.append(cls)
            pending += cls.__subclasses__()
        return {
            binding.id
            for cls in classes
            for bindings in cls._merged_bindings.key_to_bindings.values()
            for binding in bindings
            if binding.id
        }

    # ---- the active relationship ------------------------------------------------------

    def _pick_relationship(self, preferred: int | None = None) -> None:
        """Make ``preferred`` (else the last one used, else the first) the active relationship."""
        relationships = self.store.relationships()
        saved = self.store.setting("active_relationship")
        wanted = preferred if preferred is not None else (int(saved) if saved and saved.isdigit() else None)
        chosen = next((r for r in relationships if r.id == wanted), relationships[0] if relationships else None)
        self.relationship = chosen
        if chosen is not None and str(chosen.id) != saved:
            self.store.set_setting("active_relationship", str(chosen.id))
        self._show_relationship_in_header()

    def _show_relationship_in_header(self) -> None:
        r = self.relationship
        self.sub_title = (
            clean(r.partner, single_line=True) + " · " + role_label(r.role) if r is not None else _("no relationship yet")
        )

    def data_changed(self, preferred: int | None = None) -> None:
        """After any change: re-read the active relationship and redraw the current screen."""
        current = preferred if preferred is not None else (self.relationship.id if self.relationship else None)
        try:
            self._pick_relationship(current)
        except NotFound:
            self._pick_relationship()
        screen = self.screen
        if isinstance(screen, BaseScreen):
            screen.reload()
            screen._drawn_stamp = self.data_stamp()
        self.refresh_bindings()

    def data_stamp(self) -> tuple:
        """Changes whenever what a screen shows may have changed: a write through this
        connection (undo included), another instance's commit, another relationship, the
        clock's minute (overdue, next meeting)."""
        return (
            self.relationship.id if self.relationship else None,
            self.store.total_changes(),
            self.store.data_version(),
            self.clock.now().replace(second=0, microsecond=0),
        )

    def add_relationship(self, prefill: dict[str, Any] | None = None, candidate_id: int | None = None) -> None:
        """Open the onboarding form; from a guide candidate, saving also links the candidate
        (in the same change: one ctrl+z takes both back)."""
        from mentortui.ui.dialogs.relationship_forms import onboarding_form

        self.push_screen(onboarding_form(self, prefill, candidate_id=candidate_id), self._created)

    def _created(self, relationship_id: int | None) -> None:
        if relationship_id is not None:
            self.data_changed(relationship_id)
            self.switch_mode("relationship")

    def _first_run_done(self, relationship_id: int | None) -> None:
        if self.return_code is not None:  # saved on the way out (quit from the welcome): nothing to show
            return
        if relationship_id is None:
            self.switch_mode("relationship")
        else:
            self._created(relationship_id)

    async def on_navigate(self, message: Navigate) -> None:
        await self.navigate(message.ref, message.relationship_id)

    async def navigate(self, ref: Ref, relationship_id: int | None = None) -> None:
        """Show ``ref`` on the screen that holds it, in ``relationship_id`` if given."""
        if relationship_id is not None and (self.relationship is None or self.relationship.id != relationship_id):
            self.data_changed(relationship_id)
        await self.switch_mode(screen_for(ref))
        screen = self.screen
        if isinstance(screen, BaseScreen):
            screen.show(ref)

    async def _dispatch_action(self, namespace: Any, action_name: str, params: Any) -> bool:
        # A key pressed on an item another instance (or an undo) removed meanwhile: the
        # screen was showing stale data. Say so and redraw, instead of ending the app.
        try:
            return await super()._dispatch_action(namespace, action_name, params)
        except NotFound:
            self.notify(_("That item no longer exists (changed elsewhere?); the screen is up to date now."),
                        severity="warning", markup=False)
            self.data_changed()
            return True

    # ---- global actions -------------------------------------------------------------

    # Keys that would leave the first-run welcome and drop what was typed there: a screen key
    # or q, pressed while the focus is on a choice rather than in a text field. ctrl+q still quits.
    _LEAVING_THE_WELCOME = frozenset({"switch_mode", "switch_relationship", "leave"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self._LEAVING_THE_WELCOME and _is_welcome(self.screen):
            return False
        return True

    def action_leave(self) -> None:
        """q: quit (nothing to save: every change is already in the workbook)."""
        self.exit()

    async def action_quit(self) -> None:
        """ctrl+q and the palette's Quit: the welcome asks first what to do with what was typed
        there (once: while it asks, quitting waits for the answer)."""
        welcome = next((screen for screen in self.screen_stack if _is_welcome(screen)), None)
        if welcome is None:
            self.exit()
        else:
            from mentortui.ui.wizard import LeaveQuestion

            if not isinstance(self.screen, LeaveQuestion):
                welcome.quit_app()

    def action_switch_relationship(self) -> None:
        def chosen(relationship_id: int | None) -> None:
            if relationship_id == -1:
                self.add_relationship()
            elif relationship_id is not None:
                self.data_changed(relationship_id)

        active = self.relationship.id if self.relationship else None
        self.push_screen(SwitcherScreen(self.store.relationships(), active), chosen)

    def action_undo(self) -> None:
        try:
            change = self.store.undo()
        except UndoRefused as refused:
            # Another window changed it since: say what was kept, overwrite nothing.
            self.notify(_(refused.reason, item=clean(refused.item, single_line=True)), severity="warning",
                        markup=False, timeout=10)
            self.data_changed()
            return
        except SQLiteError as error:
            # Locked by another program, or the disk: nothing was undone, and it still can be.
            self.notify(clean(str(explain(self.store.path, error))), severity="error",
                        markup=False, timeout=10)
            return
        if change is None:
            self.notify(_("Nothing to undo."), markup=False)
            return
        self.notify(clean(_("Undone: {what}", what=_(change.label, **change.params))), markup=False)
        self.data_changed()

    def action_refresh(self) -> None:
        self.data_changed()

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        intro = _(screen.HELP) if isinstance(screen, BaseScreen) and screen.HELP else ""
        self.push_screen(HelpScreen(screen, intro))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: every screen, every key of the current screen, and app-wide commands."""
        if _is_welcome(screen):
            # The welcome: only what cannot leave it (and hide what was typed there), and
            # starting from a partner's invite instead.
            yield from self._welcome_safe_commands()
            from mentortui.ui.dialogs import partner_forms  # imported when asked, not at start-up

            yield SystemCommand(_(partner_forms.ACCEPT_FROM_WELCOME), _("Start from the invite your partner sent you"),
                                partial(partner_forms.accept_from_welcome, self, screen))
            return
        for mode in SCREENS:
            yield SystemCommand(
                _("Go to {screen}", screen=_(mode.title)), _("key {key}", key=mode.key), partial(self.switch_mode, mode.name)
            )
        for name in PALETTE_SCREENS:
            yield from screen_class(name).palette_commands(self)
        if isinstance(screen, BaseScreen):
            for active in screen.active_bindings.values():
                binding = active.binding
                # Only mentortui's own keys (each has an id): Textual's "Focus Next" or
                # "Copy selected text" are not commands a user looks for.
                if active.node is screen and binding.id and binding.description and active.enabled:
                    yield SystemCommand(
                        _("{label}: {value}", label=_(screen_title(screen)), value=binding.description),
                        _("key {key}", key=self.get_key_display(binding)),
                        partial(screen.run_action, binding.action),
                    )
        yield SystemCommand(_("Switch relationship"), _("Choose the relationship to work on"), self.action_switch_relationship)
        yield SystemCommand(_("Add a relationship"), _("Start a new mentoring relationship"), self.add_relationship)
        yield SystemCommand(_("Undo"), _("Undo the last change"), self.action_undo)
        yield from self._welcome_safe_commands()

    def _welcome_safe_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Keys"), _("Every key of this screen"), self.action_help)
        yield SystemCommand(_("Change theme"), _("Pick a colour theme (kept for next time)"), self.action_change_theme)
        yield SystemCommand(_("Quit"), _("Leave mentortui; everything is saved already"), self.action_quit)


def _is_welcome(screen: Screen) -> bool:
    """Whether ``screen`` is the first-run welcome. Its module (with the forms and TextArea)
    is imported when a welcome is first shown, not before the first frame: until then no
    screen can be one."""
    wizard = sys.modules.get("mentortui.ui.wizard")
    return wizard is not None and isinstance(screen, wizard.WizardScreen)


def screen_title(screen: Screen) -> str:
    mode = mode_of(screen)
    return SCREEN_TITLES[mode] if mode else ""


def make_app(
    db_path: Path | None = None,
    *,
    lang: str = "en",
    clock: Clock | None = None,
    store: Store | None = None,
    keymap_path: Path | None = None,
    start_mode: str = "dashboard",
) -> MentorApp:
    """Build the app on the database at ``db_path`` (or on an open ``store``), opening on
    ``start_mode`` (``"review"`` for ``mentortui review``)."""
    set_language(lang)
    if store is None:
        if db_path is None:
            raise ValueError("make_app needs a db_path or a store")
        store = Store.open(db_path, clock)
    return MentorApp(store, lang=lang, keymap_path=keymap_path, start_mode=start_mode)
