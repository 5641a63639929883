"""Benchmark harness: time to first frame and later screen timings, as ratios against a bare
Textual app measured in the same run (DESIGN.md, "Performance targets").

    python -m benchmarks.run            # all measurements
    python -m benchmarks.run --repeat 5 # fewer repetitions

Each screen issue adds its measurement to ``MEASUREMENTS``. Timings are medians of
``--repeat`` runs, alternating with the bare app so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from mentortui.app import make_app
from mentortui.clock import FrozenClock
from mentortui.data.demo import fill_demo
from mentortui.data.store import Store

CLOCK_AT = "2026-11-26T10:00:00"
SIZE = (100, 30)


class BareApp(App[None]):
    """The yardstick: a Textual app with a Header, a Static and a Footer."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Hello")
        yield Footer()


async def first_frame(build: Callable[[], App]) -> float:
    """Seconds from building the app to its first frame being ready."""
    started = time.perf_counter()
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - started
        await pilot.press("ctrl+q")
    return elapsed


@dataclass
class Measurement:
    name: str
    target_ratio: float | None  # against the bare app's first frame
    target_ms: float | None  # absolute, where DESIGN.md gives one
    run: Callable[[Path], Awaitable[float]]  # one timing in seconds, on the prepared DB folder


def _app_on(db: Path) -> Callable[[], App]:
    def build() -> App:
        return make_app(db, clock=FrozenClock(CLOCK_AT))

    return build


async def _empty_db(folder: Path) -> float:
    db = folder / "empty.db"
    db.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return await first_frame(_app_on(db))


async def _large_demo(folder: Path) -> float:
    return await first_frame(_app_on(folder / "large.db"))


MEASUREMENTS: list[Measurement] = [
    Measurement("first frame, empty DB", 1.3, None, _empty_db),
    Measurement("first frame, demo --size large", 1.5, None, _large_demo),
]


def prepare(folder: Path) -> None:
    store = Store.open(folder / "large.db", FrozenClock(CLOCK_AT))
    started = time.perf_counter()
    fill_demo(store, size="large")
    store.close()
    print(f"prepared demo --size large in {time.perf_counter() - started:.2f} s")


async def main_async(repeat: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepare(folder)
        await first_frame(BareApp)  # warm imports and caches before timing anything
        bare_times: list[float] = []
        results: dict[str, list[float]] = {m.name: [] for m in MEASUREMENTS}
        for _ in range(repeat):
            for measurement in MEASUREMENTS:
                bare_times.append(await first_frame(BareApp))
                results[measurement.name].append(await measurement.run(folder))
        bare = statistics.median(bare_times)
        print(f"{'bare Textual app, first frame':40s} {bare * 1000:8.1f} ms")
        missed = 0
        for measurement in MEASUREMENTS:
            value = statistics.median(results[measurement.name])
            ratio = value / bare
            verdict = []
            if measurement.target_ratio is not None:
                ok = ratio <= measurement.target_ratio
                missed += not ok
                verdict.append(f"ratio {ratio:.2f} (target ≤ {measurement.target_ratio}) {'ok' if ok else 'MISSED'}")
            if measurement.target_ms is not None:
                ok = value * 1000 <= measurement.target_ms
                missed += not ok
                verdict.append(f"target ≤ {measurement.target_ms:.0f} ms {'ok' if ok else 'MISSED'}")
            print(f"{measurement.name:40s} {value * 1000:8.1f} ms  {'; '.join(verdict)}")
        return 1 if missed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    return asyncio.run(main_async(parser.parse_args().repeat))


if __name__ == "__main__":
    raise SystemExit(main())
