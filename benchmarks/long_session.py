"""A long session on the large demo, in-process: every screen visited and re-read (ctrl+r) many
times; the resident memory and the cyclic collector's objects are printed as it goes. It checks
that keeping what the screens' first showings built out of the collector's full passes
(``gc.freeze``, ``ui/base.py``) leaves memory flat however long the app runs.

    python -m mentortui demo --size large --db large.db   # once (or the outside harness's --keep copy)
    python -m benchmarks.long_session large.db --loops 40
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import tempfile
from pathlib import Path

from mentortui.app import make_app
from mentortui.core.clock import FrozenClock

# One loop: each screen shown and re-read, the goal tree's cursor moved, the review left.
LOOP = ("2", "ctrl+r", "3", "ctrl+r", "down", "4", "ctrl+r", "5", "ctrl+r", "7", "ctrl+r", "6", "ctrl+r",
        "escape", "1", "ctrl+r")
REPORTED = {1, 5, 10, 20, 30, 40, 60, 80, 100}


def resident_mib() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def session(db: Path, loops: int) -> None:
    app = make_app(db, clock=FrozenClock("2026-11-26T10:00:00"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for loop in range(1, loops + 1):
            await pilot.press(*LOOP)
            await pilot.pause()
            if loop in REPORTED or loop == loops:
                print(f"loop {loop}: RSS {resident_mib():.1f} MiB, objects the collector tracks {len(gc.get_objects())}, "
                      f"frozen {gc.get_freeze_count()}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="a workbook (copied: the session writes)")
    parser.add_argument("--loops", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "session.db"
        shutil.copyfile(args.db, copy)
        asyncio.run(session(copy, args.loops))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
