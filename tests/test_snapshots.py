"""Visual regression: the main screens still draw exactly what screenshots/ shows.

After an intended change of look, run ``python -m screenshots.generate`` and commit the new
pictures; this test then compares against them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from screenshots import generate

MAIN = ["welcome", "dashboard", "guide-mentor", "goals", "meeting-agenda", "feedback", "review-1", "review-2",
        "relationship", "help", "dashboard-fr"]
SCENES = {scene.name: scene for scene in generate.SCENES}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("snapshots")
    return {"en": generate.demo_workbook(folder, "en"), "fr": generate.demo_workbook(folder, "fr"), "folder": folder}


@pytest.mark.parametrize("name", MAIN)
async def test_screen_matches_its_screenshot(workbooks, name):
    scene = SCENES[name]
    svg = await generate.shoot(scene, workbooks[scene.lang], workbooks["folder"])
    expected = (generate.FOLDER / f"{name}.svg").read_text(encoding="utf-8")
    assert svg == expected, f"{name} looks different: run python -m screenshots.generate if intended"
