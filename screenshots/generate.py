"""Regenerate the screenshots in this folder from the app itself.

    python -m screenshots.generate

Each scene opens the app headless on a fresh copy of the small demo workbook, with the
clock frozen, a fixed terminal size and theme, presses keys as a user would, and saves
an SVG. The same code always draws the same pictures, byte for byte.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual.pilot import Pilot

from mentortui.app import make_app
from mentortui.core.clock import FrozenClock
from mentortui.exchange.demo import fill_demo
from mentortui.data.store import Store

FOLDER = Path(__file__).resolve().parent
SIZE = (100, 30)
CLOCK_AT = "2026-11-26T10:00:00"
THEME = "textual-dark"

Steps = Callable[[Pilot], Awaitable[None]]


async def _keys(pilot: Pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def keys(*pressed: str) -> Steps:
    async def run(pilot: Pilot) -> None:
        await _keys(pilot, *pressed)

    return run


def type_then(text: str, *after: str) -> Steps:
    async def run(pilot: Pilot) -> None:
        await pilot.press(*["space" if ch == " " else ch for ch in text])
        await _keys(pilot, *after)

    return run


@dataclass
class Scene:
    name: str  # the file, without .svg
    title: str
    steps: Steps = field(default=keys())
    lang: str = "en"
    start: str = "dashboard"
    relationship: int | None = None  # the demo's relationship to make active (1 mentee, 2 mentor)
    first_run: bool = False  # on a new, empty workbook instead of the demo


MENTEE, MENTOR = 1, 2  # the demo's relationships

SCENES = [
    Scene("welcome", "First run: the welcome", first_run=True),
    Scene("welcome-2", "First run: role and dates", type_then("Ana Souza", "enter"), first_run=True),
    Scene("dashboard", "Dashboard"),
    Scene("guide-mentor", "Guide: the mentor's practices", start="guide", relationship=MENTOR),
    Scene("guide-mentee", "Guide: the mentee's practices", start="guide", relationship=MENTEE),
    Scene("guide-candidates", "Guide: choosing a mentor", keys("c"), start="guide", relationship=MENTEE),
    Scene("goals", "Goals", keys("right", "down", "right"), start="goals", relationship=MENTEE),
    Scene("meetings", "Meetings", start="meetings", relationship=MENTEE),
    Scene("meeting-agenda", "A meeting's agenda", keys("enter"), start="meetings", relationship=MENTEE),
    Scene("meeting-notes", "A meeting's notes", keys("up", "enter", "n"), start="meetings", relationship=MENTEE),
    Scene("feedback", "Feedback log", start="feedback", relationship=MENTOR),
    Scene("feedback-rubric", "Logging constructive feedback: the rubric", keys("a"), start="feedback",
          relationship=MENTOR),
    Scene("relationship", "Relationship and agreement history", keys("7", "tab", "down")),
    Scene("partner", "Working with your partner: what is shared", keys("x"), start="relationship",
          relationship=MENTEE),
    Scene("help", "Help: every key of the screen", keys("7", "question_mark")),
    Scene("palette", "Command palette: searching everything", type_then("design"), start="relationship"),
    *[
        Scene(f"review-{n}", f"Weekly review, step {n}", keys(*["ctrl+n"] * (n - 1)), start="review")
        for n in range(1, 9)
    ],
    Scene("review-history", "Weekly review history", keys("escape", "6", "shift+tab", "h")),
    Scene("dashboard-fr", "Tableau de bord (français)", lang="fr"),
    Scene("goals-fr", "Objectifs (français)", keys("right"), lang="fr", start="goals", relationship=MENTEE),
    Scene("review-fr", "Revue hebdomadaire (français)", keys("ctrl+n"), lang="fr", start="review"),
]


async def shoot(scene: Scene, workbook: Path, folder: Path) -> str:
    copy = folder / f"{scene.name}.db"
    copy.unlink(missing_ok=True)
    if not scene.first_run:
        shutil.copy(workbook, copy)
    store = Store.open(copy, FrozenClock(CLOCK_AT))
    if scene.relationship is not None:
        store.set_setting("active_relationship", str(scene.relationship))
    store.set_setting("theme", THEME)
    app = make_app(store=store, lang=scene.lang, start_mode=scene.start)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if scene.name == "palette":
            await pilot.press("ctrl+p")
            await pilot.pause()
        await scene.steps(pilot)
        await pilot.pause()
        svg = app.export_screenshot(title=f"mentortui — {scene.title}")
    store.close()
    return svg


def demo_workbook(folder: Path, lang: str = "en") -> Path:
    """The small demo workbook, in ``lang``, made with the frozen clock."""
    path = folder / f"demo-{lang}.db"
    store = Store.open(path, FrozenClock(CLOCK_AT))
    fill_demo(store, size="small", lang=lang)
    store.close()
    return path


async def main() -> int:
    written = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workbooks = {lang: demo_workbook(folder, lang) for lang in ("en", "fr")}
        for scene in SCENES:
            svg = await shoot(scene, workbooks[scene.lang], folder)
            target = FOLDER / f"{scene.name}.svg"
            if not target.exists() or target.read_text(encoding="utf-8") != svg:
                target.write_text(svg, encoding="utf-8")
                written += 1
    print(f"{len(SCENES)} screenshots, {written} changed, in {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
