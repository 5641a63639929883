"""The yardstick for measurements from outside: a bare Textual app, started as its own process
(``python -m benchmarks.bare_app``) exactly as mentortui is, so it pays the same interpreter
start-up and Textual imports.

Its first screen is a Header, a Static and a Footer. Key 2 switches to a second mode of the
same shape (a new screen built on first visit, as mentortui's keys 2-7 do) and key 1 back.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

# What the measuring side looks for on the screen (see benchmarks/outside.py).
FIRST_MARKER = "Bare first screen"
SECOND_MARKER = "Bare second screen"


class FirstScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(FIRST_MARKER)
        yield Footer()


class SecondScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(SECOND_MARKER)
        yield Footer()


class BareApp(App[None]):
    TITLE = "bare"
    MODES = {"first": FirstScreen, "second": SecondScreen}
    BINDINGS = [
        Binding("1", "switch_mode('first')", "First"),
        Binding("2", "switch_mode('second')", "Second"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def on_mount(self) -> None:
        self.switch_mode("first")


if __name__ == "__main__":
    BareApp().run()
