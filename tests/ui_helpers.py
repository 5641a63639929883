"""Driving the app as a user does: typing text, reading the screen."""

from __future__ import annotations

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` key by key into whatever has focus."""
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def fill_field(pilot: Pilot, name: str, text: str) -> None:
    """Focus a form field (as tab would) and type into it, replacing what is there."""
    field = pilot.app.screen.query_one(f"#field-{name}")
    field.focus()
    await pilot.pause()
    if hasattr(field, "clear"):
        field.clear()
    await type_text(pilot, text)


def widget_text(widget: Widget) -> str:
    """The lines ``widget`` paints, as plain text (trailing blanks trimmed)."""
    width, height = widget.outer_size
    lines = widget.render_lines(Region(0, 0, width, height))
    return "\n".join(line.text.rstrip() for line in lines).strip("\n")


def screen_text(pilot: Pilot) -> str:
    """What the current screen's text widgets paint, top to bottom, as plain text."""
    widgets = [w for w in pilot.app.screen.query("Static, Label, OptionList, Input, Header, FooterKey") if w.display and w.size.area]
    widgets.sort(key=lambda w: (w.region.y, w.region.x))
    return "\n".join(widget_text(w) for w in widgets)


def visible_text(pilot: Pilot) -> str:
    """The terminal's lines as the app draws them: only what is really in view (text
    scrolled away or clipped by a dialog is not there), dialog borders included."""
    strips = pilot.app.screen._compositor.render_strips()  # no public API draws the screen as text
    return "\n".join(strip.text.rstrip() for strip in strips)


def in_view(widget: Widget) -> bool:
    """``widget`` shows whole: inside the visible part of every container around it (a
    form's scrolled fields, its dialog) and on the screen."""
    region = widget.region
    if not widget.display or not region.area:
        return False
    containers = [node for node in widget.ancestors if isinstance(node, Widget)]
    return all(container.content_region.contains_region(region) for container in containers)
