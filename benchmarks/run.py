"""Benchmark harness: time to first frame and later screen timings, as ratios against a bare
Textual app measured in the same run (DESIGN.md, "Performance targets").

    python -m benchmarks.run            # all measurements
    python -m benchmarks.run --repeat 5 # fewer repetitions

A diagnostic: it times inside one Python process, after the bare app has paid the imports,
so its first-frame ratios are lower than what a user sees. What the user sees is measured
from outside by ``python -m benchmarks.outside`` (see benchmarks/README.md).

Each screen issue adds its measurement to ``MEASUREMENTS``. Timings are medians of
``--repeat`` runs, alternating with the bare app so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from mentortui.app import make_app
from mentortui.core.clock import FrozenClock
from mentortui.exchange.demo import fill_demo
from mentortui.data.store import Store

from benchmarks.workbook import write_workbook

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


async def _time_key(pilot, key: str, clock: Callable[[], float] = time.process_time) -> float:
    """What one key costs until the app is idle again: CPU seconds by default, or wall seconds
    with ``clock=time.perf_counter`` (for opening a screen)."""
    started = clock()
    await pilot.press(key)
    await pilot.pause()
    return clock() - started


async def _meetings(folder: Path, *, step: str) -> float:
    """On the large demo (~260 meetings in the active relationship, ~8,000 agenda items in
    all), CPU seconds for key 4 to show the Meetings list the first time (``first``, the
    screen is built), to show it again after another screen (``again``), or for enter to show
    the oldest meeting's agenda from the list (``agenda``).

    CPU time, as for the goal cursor: pilot's press + pause waits ~60-80 ms for the app to go
    idle whatever the key does, so wall time would mostly show that floor. A first visit to
    any screen costs about the same (the Relationship screen's is no cheaper)."""
    app = _app_on(folder / "large.db")()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        elapsed = await _time_key(pilot, "4")
        if step == "again":
            await pilot.press("1")
            await pilot.pause()
            elapsed = await _time_key(pilot, "4")
        elif step == "agenda":
            app.screen.query_one("#meetings").go_to(0, keep_height=False)  # the oldest meeting
            await pilot.pause()
            elapsed = await _time_key(pilot, "enter")
        await pilot.press("ctrl+q")
    return elapsed


async def _meetings_list(folder: Path) -> float:
    return await _meetings(folder, step="first")


async def _meetings_list_again(folder: Path) -> float:
    return await _meetings(folder, step="again")


async def _meeting_agenda(folder: Path) -> float:
    return await _meetings(folder, step="agenda")


def _goal_tree_db(folder: Path) -> Path:
    """A workbook whose one relationship has a 10,010-goal tree (10 × 10 × 99, written once per run)."""
    return write_workbook(folder / "goals-10k.db", feedback=0, goals=10_000)


async def _goals(folder: Path, *, moving: bool) -> float:
    """Seconds for key 3 to show the Goals screen on the 10,000-goal tree, or (``moving``) the
    median time a cursor move takes among the steps of an unfolded goal.

    A cursor move is timed in CPU seconds: pilot's press + pause sleeps ~80 ms waiting for the
    app to go idle, whatever the app does (a bare Textual Tree measures the same), so wall time
    would only show that floor. The CPU time is the work the key causes, drawing included."""
    app = _app_on(_goal_tree_db(folder))()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        elapsed = await _time_key(pilot, "3", time.perf_counter)
        if moving:
            await pilot.press("right", "down", "right")  # unfold a long-term goal and its first short-term one
            await pilot.pause()
            moves = []
            for _ in range(20):
                moves.append(await _time_key(pilot, "down"))
            elapsed = statistics.median(moves)
        await pilot.press("ctrl+q")
    return elapsed


async def _goals_open(folder: Path) -> float:
    return await _goals(folder, moving=False)


async def _goals_cursor(folder: Path) -> float:
    return await _goals(folder, moving=True)


# ---- feedback log (100,000 entries) and search --------------------------------------------

def _feedback_log_db(folder: Path) -> Path:
    """One relationship with 100,000 feedback entries over ten years, a seventh of them about one of
    its 2,010 goals (written once per run; the search index fills through its triggers)."""
    return write_workbook(folder / "feedback-100k.db", feedback=100_000, goals=2_000)


async def _feedback(folder: Path, keys: tuple[str, ...], scene: Callable[[App], None] | None = None) -> float:
    """Seconds for key 5 to show the 100,000-entry log (no ``keys``), or the CPU seconds the
    last of ``keys`` costs there (the keys before it, and ``scene``, set the scene untimed).
    Keys are timed in CPU seconds, like the goals cursor: pilot's press + pause waits ~60 ms
    for the app to go idle whatever the key does."""
    app = make_app(_feedback_log_db(folder), clock=FrozenClock(CLOCK_AT), start_mode="relationship")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        elapsed = await _time_key(pilot, "5", time.perf_counter)
        if keys:
            if scene is not None:
                scene(app)
            await pilot.press(*keys[:-1])
            await pilot.pause()
            elapsed = await _time_key(pilot, keys[-1])
        await pilot.press("ctrl+q")
    return elapsed


async def _feedback_open(folder: Path) -> float:
    return await _feedback(folder, ())


async def _feedback_end(folder: Path) -> float:
    return await _feedback(folder, ("end",))  # a new window at row 100,000


def _to_the_window_edge(app: App) -> None:
    table = app.screen.query_one("#feedback-table")
    table.go_to(table.start + table.row_count - 1)


async def _feedback_window_edge(folder: Path) -> float:
    return await _feedback(folder, ("down",), _to_the_window_edge)  # the down reads a new window


async def _feedback_kind_filter(folder: Path) -> float:
    return await _feedback(folder, ("k",))  # count and first page of the advice


async def _feedback_word_filter(folder: Path) -> float:
    return await _feedback(folder, ("slash", "r", "e", "h", "e", "a", "r"))  # one keystroke of "/rehear"


SEARCH_QUERIES = ("design", "review", "the", "feedback talk", "a", "migration plan", "réunion", "zzz")


async def _search(folder: Path) -> float:
    """The slowest of SEARCH_QUERIES on the large demo, as the palette runs them."""
    from mentortui.data.search import search

    store = Store.open(folder / "large.db", FrozenClock(CLOCK_AT))
    try:
        slowest = 0.0
        for query in SEARCH_QUERIES:
            started = time.perf_counter()
            search(store, query, relationship_id=1)
            slowest = max(slowest, time.perf_counter() - started)
    finally:
        store.close()
    return slowest


MEASUREMENTS: list[Measurement] = [
    Measurement("first frame, empty DB", 1.3, None, _empty_db),
    Measurement("first frame, demo --size large", 1.5, None, _large_demo),
    Measurement("goals screen opens, 10,010 goals", None, 400, _goals_open),
    Measurement("goals cursor moves (CPU), 10,010 goals", None, 50, _goals_cursor),
    Measurement("meetings list, first visit (CPU), large demo", None, 100, _meetings_list),
    Measurement("meetings list, next visits (CPU), large demo", None, 100, _meetings_list_again),
    Measurement("a meeting's agenda shows (CPU), large demo", None, 100, _meeting_agenda),
    Measurement("feedback log opens, 100,000 entries", None, 300, _feedback_open),
    Measurement("feedback log: end (to row 100,000)", None, 50, _feedback_end),
    Measurement("feedback log: down into a new window", None, 50, _feedback_window_edge),
    Measurement("feedback log: k (filter by kind)", None, 50, _feedback_kind_filter),
    Measurement("feedback log: a key in the / filter", None, 50, _feedback_word_filter),
    Measurement("search, slowest query, large demo", None, 30, _search),
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
                # Each timing starts from a collected heap: the garbage the previous one left
                # (100,000-row screens) would otherwise be collected inside the next timing.
                gc.collect()
                bare_times.append(await first_frame(BareApp))
                gc.collect()
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
