"""What the user sees, measured from outside: mentortui started as its own process in a
pseudo-terminal, timed from the moment it is spawned (or a key is written) to the end of the
frame that drew the screen as it stays, interleaved round by round with a bare Textual app
started the same way (``benchmarks/bare_app.py``).

    python -m benchmarks.outside                 # all cases, 7 rounds, --size 100k (~8 min)
    python -m benchmarks.outside --quick         # 3 rounds, import once (~3 min)
    python -m benchmarks.outside --size 300k --cases scale,search,import
    python -m benchmarks.outside --json out.json # also write every round's figures

Each process pays what a user's does: interpreter start-up, imports, opening the file. The
screen is read through the pty (see ``benchmarks/terminal.py`` for what "drawn" means). Ratios
are taken per round (mentortui / bare of the same round) and their median is reported, so
load from other processes on the machine hits both sides alike. ``benchmarks/run.py`` stays
as an in-process diagnostic (it times inside one interpreter, after the imports are paid).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.bare_app import FIRST_MARKER, SECOND_MARKER
from benchmarks.terminal import Terminal
from benchmarks.workbook import SIZES, write_workbook

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WELCOME_MARKER = "Welcome to mentortui"  # the first-run wizard's title
DASHBOARD_MARKER = "What needs you"  # the dashboard's first panel
# Keys 2-7 in the order they are visited: the Weekly review (6) takes the digits for its steps
# and leaving it saves where it stands (a write, so every screen redraws on its next visit),
# so it comes after the later visits of the others, and escape leaves it.
VISITS = (("2", "Guide"), ("3", "Goals"), ("4", "Meetings"), ("5", "Feedback"), ("7", "Relationship"))
REVIEW = ("6", "Weekly review")
SEARCH_QUERIES = ("design", "review", "the", "feedback talk", "a", "migration plan", "réunion", "zzz", "step", "goal")
DOOIT = Path(os.environ.get("DOOIT", "/work/venv-dooit/bin/dooit"))


@dataclass
class Case:
    name: str
    unit: str = "ms"
    target: str = ""
    ratio_target: float | None = None
    absolute_target: float | None = None
    values: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)  # the same round's yardstick, when there is one

    def ratios(self) -> list[float]:
        return [value / base for value, base in zip(self.values, self.bare)]


class Results:
    def __init__(self) -> None:
        self.cases: dict[str, Case] = {}

    def case(self, name: str, **kwargs) -> Case:
        if name not in self.cases:
            self.cases[name] = Case(name, **kwargs)
        return self.cases[name]

    def add(self, name: str, value: float, bare: float | None = None, **kwargs) -> None:
        case = self.case(name, **kwargs)
        case.values.append(value)
        if bare is not None:
            case.bare.append(bare)


def _env(home: Path) -> dict[str, str]:
    """A clean user environment: no keymap or settings of whoever runs the benchmark."""
    # PYTHONDONTWRITEBYTECODE (set in some shells and CI) would make every start compile
    # mentortui from source (~65 ms of CPU) while Textual's bytecode was compiled at install,
    # as mentortui's is for a user (pip compiles it): main() compiles it first.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("MENTORTUI", "XDG_", "LC_")) and key != "PYTHONDONTWRITEBYTECODE"}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        (home / name).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / name)
    env.update(LANG="C.UTF-8", PYTHONPATH=str(ROOT))
    return env


def _mentortui(*args: str) -> list[str]:
    return [PYTHON, "-m", "mentortui", "--lang", "en", *args]


BARE = [PYTHON, "-m", "benchmarks.bare_app"]


class Bench:
    def __init__(self, folder: Path, quiet: float) -> None:
        self.folder = folder
        self.quiet = quiet
        self.env = _env(folder / "home")
        self.results = Results()

    def terminal(self, command: list[str]) -> Terminal:
        return Terminal(command, env=self.env, cwd=ROOT)

    def first_frame(self, terminal: Terminal, marker: str | None) -> float:
        return terminal.settled(terminal.started_at, marker=marker, quiet=self.quiet) * 1000

    def press(self, terminal: Terminal, key: str, marker: str | None = None) -> float:
        return terminal.press(key.encode(), marker=marker, quiet=self.quiet) * 1000

    # ---- the bare app: first frame, first and later switch to a mode --------------------

    def bare(self) -> dict[str, float]:
        with self.terminal(BARE) as terminal:
            figures = {"first": self.first_frame(terminal, FIRST_MARKER), "rss": terminal.peak_rss_mib()}
            figures["switch"] = self.press(terminal, "2", SECOND_MARKER)
            self.press(terminal, "1", FIRST_MARKER)
            figures["switch again"] = self.press(terminal, "2", SECOND_MARKER)
        return figures

    # ---- cases ------------------------------------------------------------------------------

    def empty(self, bare: dict[str, float]) -> None:
        db = self.folder / "new.db"
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            path.unlink(missing_ok=True)
        with self.terminal(_mentortui("--db", str(db))) as terminal:
            first = self.first_frame(terminal, WELCOME_MARKER)
            rss = terminal.peak_rss_mib()
        self.results.add("first frame, new workbook (welcome)", first, bare["first"], ratio_target=1.3)
        self.results.add("peak RSS, new workbook (MiB)", rss, bare["rss"], unit="MiB")

    def large(self, bare: dict[str, float], large_db: Path) -> None:
        # A copy per round: opening the review writes to the file, and every round must start alike.
        db = self.folder / "large-round.db"
        for path in (Path(f"{db}-wal"), Path(f"{db}-shm")):
            path.unlink(missing_ok=True)
        shutil.copyfile(large_db, db)
        review_key, review = REVIEW
        with self.terminal(_mentortui("--db", str(db))) as terminal:
            first = self.first_frame(terminal, DASHBOARD_MARKER)
            rss = terminal.peak_rss_mib()
            firsts = {title: self.press(terminal, key) for key, title in VISITS}
            agains = {title: self.press(terminal, key) for key, title in VISITS}
            firsts[review] = self.press(terminal, review_key)
            self.press(terminal, "\x1b")  # escape leaves the review (and saves where it stands)
            agains[review] = self.press(terminal, review_key)
            rss_after = terminal.peak_rss_mib()
        self.results.add("first frame, demo --size large", first, bare["first"], ratio_target=1.4)
        for title, value in firsts.items():
            self.results.add(f"first visit: {title} (large demo)", value, bare["switch"], ratio_target=1.5)
        for title, value in agains.items():
            self.results.add(f"later visit: {title} (large demo)", value, bare["switch again"], ratio_target=1.0)
        self.results.add("peak RSS once settled, large demo (MiB)", rss, bare["rss"], unit="MiB", ratio_target=1.4)
        self.results.add("peak RSS after visiting all screens, large demo (MiB)", rss_after, bare["rss"], unit="MiB")

    def session(self, large_db: Path, passes: int) -> None:
        """A long session on the large demo: every screen visited ``passes`` times (keys 2-7,
        escape out of the review to the dashboard), a short quiet time per key since only memory is read."""
        db = self.folder / "session-round.db"
        for path in (Path(f"{db}-wal"), Path(f"{db}-shm")):
            path.unlink(missing_ok=True)
        shutil.copyfile(large_db, db)
        keys = [key for key, _title in VISITS] + [REVIEW[0], "\x1b"]  # escape leaves the review for the dashboard
        rss = []
        with self.terminal(_mentortui("--db", str(db))) as terminal:
            self.first_frame(terminal, DASHBOARD_MARKER)
            rss.append(terminal.rss_mib())
            for _pass in range(passes):
                for key in keys:
                    terminal.press(key.encode(), quiet=0.1)
                rss.append(terminal.rss_mib())
            peak = terminal.peak_rss_mib()
        self.results.add("session: RSS at the first frame (MiB)", rss[0], unit="MiB")
        self.results.add("session: RSS after one visit of every screen (MiB)", rss[1], unit="MiB")
        self.results.add(f"session: RSS after {passes} visits of every screen (MiB)", rss[-1], unit="MiB")
        self.results.add(f"session: growth from visit 2 to {passes} (MiB)", rss[-1] - rss[2], unit="MiB")
        self.results.add(f"session: peak RSS over {passes} visits (MiB)", peak, unit="MiB")

    def dooit(self, bare: dict[str, float]) -> None:
        if not DOOIT.exists():
            return
        with self.terminal([str(DOOIT)]) as terminal:
            first = self.first_frame(terminal, None)
            rss = terminal.peak_rss_mib()
        self.results.add("peer: dooit 3.3.4 first frame, empty", first, bare["first"])
        self.results.add("peer: dooit 3.3.4 peak RSS, empty (MiB)", rss, bare["rss"], unit="MiB")

    def scale(self, size: str, db: Path) -> None:
        goals = SIZES[size][1]
        with self.terminal(_mentortui("--db", str(db))) as terminal:
            first = self.first_frame(terminal, DASHBOARD_MARKER)
            tree = self.press(terminal, "3")
            log = self.press(terminal, "5")
            rss = terminal.peak_rss_mib()
        self.results.add(f"first frame, {size} workbook", first)
        self.results.add(f"goal tree opens (key 3), {goals // 1000}k goals", tree, absolute_target=300, target="≤300 ms at 30k")
        self.results.add(f"feedback log opens (key 5), {size} entries", log, absolute_target=250)
        self.results.add(f"peak RSS after both, {size} workbook (MiB)", rss, unit="MiB")

    def search(self, size: str, db: Path) -> None:
        """The slowest of SEARCH_QUERIES, each as the palette runs it (the data layer's search
        in a fresh process on the file; the palette's own drawing is not included)."""
        output = subprocess.run([PYTHON, "-m", "benchmarks.outside", "--search-worker", str(db)], env=self.env,
                                cwd=ROOT, check=True, capture_output=True, text=True).stdout
        timings = json.loads(output)
        slowest = max(timings, key=timings.get)
        self.results.add(f"search, slowest query, {size} workbook", timings[slowest], absolute_target=30)
        self.results.case(f"search, slowest query, {size} workbook").target = f"≤30 ms (slowest: {slowest!r})"

    def import_(self, size: str, export: Path, label: str = "") -> None:
        db = self.folder / "imported.db"
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            path.unlink(missing_ok=True)
        # Started by a small process of its own (``PEAK_RSS``): a child forked from this harness
        # would count the harness's own memory in its peak (Linux keeps it across exec).
        process = subprocess.run([PYTHON, "-c", PEAK_RSS, *_mentortui("import", str(export), "--db", str(db))],
                                 env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if process.returncode:
            raise RuntimeError(f"import failed: {process.stderr}")
        elapsed, peak_kib = (float(figure) for figure in process.stderr.split()[-2:])
        self.results.add(f"import{label}, {size} entries (s)", elapsed, unit="s", absolute_target=4)
        self.results.add(f"import{label}, {size} entries, peak RSS (MiB)", peak_kib / 1024, unit="MiB",
                         target=f"flat in file size ({export.stat().st_size / 2**20:.0f} MiB JSON)")


# Runs the command in its argv, then writes its wall time (s) and its own peak RSS (KiB, from
# wait4: that one child's ru_maxrss) as the last two words of stderr.
PEAK_RSS = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_pid, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\\n{time.perf_counter() - started} {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def search_worker(db: Path) -> None:
    """Time each of SEARCH_QUERIES once, in this fresh process, and print them as JSON (ms)."""
    from mentortui.core.clock import Clock
    from mentortui.data.search import search
    from mentortui.data.store import Store

    store = Store.open(db, Clock())
    relationship_id = store.conn.execute("SELECT min(id) FROM relationships").fetchone()[0]
    timings = {}
    for query in SEARCH_QUERIES:
        started = time.perf_counter()
        search(store, query, relationship_id=relationship_id)
        timings[query] = (time.perf_counter() - started) * 1000
    store.close()
    print(json.dumps(timings))


# ---- fixtures -------------------------------------------------------------------------------


def _prepare(folder: Path, env: dict[str, str], sizes: list[str], need_export: bool) -> dict[str, Path]:
    paths = {"large": folder / "large.db"}
    if not paths["large"].exists():
        subprocess.run(_mentortui("demo", "--size", "large", "--db", str(paths["large"])), env=env, cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
    for size in sizes:
        feedback, goals = SIZES[size]
        started = time.perf_counter()
        paths[size] = write_workbook(folder / f"workbook-{size}.db", feedback=feedback, goals=goals)
        export = folder / f"workbook-{size}.json"
        if need_export and not export.exists():
            subprocess.run(_mentortui("export", "--format", "json", "--db", str(paths[size]), "-o", str(export)),
                           env=env, cwd=ROOT, check=True)
        paths[f"{size}.json"] = export
        older = folder / f"workbook-{size}-schema10.json"
        if need_export and not older.exists():
            # In a child: the harness's own memory would count in the next children's peak RSS
            # (a forked child's ru_maxrss starts from its parent's).
            subprocess.run([PYTHON, "-m", "benchmarks.outside", "--without-uids", str(export), str(older)],
                           env=env, cwd=ROOT, check=True)
        paths[f"{size}-schema10.json"] = older
        print(f"prepared the {size} workbook in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return paths


def _write_without_uids(export: Path, older: Path) -> None:
    """``export`` as a backup written before migration 11 (schema 10): no uid, nothing marked
    shared — what every backup made until then is, and what an import must give uids to."""
    data = json.loads(export.read_text(encoding="utf-8"))
    data["schema"] = 10

    def strip(value: object) -> None:
        if isinstance(value, dict):
            for name in ("uid", "shared", "notes_shared"):
                value.pop(name, None)
            for child in value.values():
                strip(child)
        elif isinstance(value, list):
            for child in value:
                strip(child)

    strip(data)
    older.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ---- report ---------------------------------------------------------------------------------


def _spread(values: list[float], unit: str) -> str:
    digits = 2 if unit == "s" else (1 if unit == "MiB" else 0)
    return " / ".join(f"{v:.{digits}f}" for v in (min(values), statistics.median(values), max(values)))


def report(results: Results, rounds: int) -> str:
    lines = [f"{'case':58s} {'mentortui min/med/max':>24s} {'bare min/med/max':>20s} {'ratio med (min-max)':>20s}  target",]
    for case in results.cases.values():
        if not case.values:
            continue
        bare = _spread(case.bare, case.unit) if case.bare else ""
        ratio = ""
        verdict = ""
        if case.bare:
            ratios = case.ratios()
            median_ratio = statistics.median(ratios)
            ratio = f"{median_ratio:.2f}× ({min(ratios):.2f}-{max(ratios):.2f})"
            if case.ratio_target is not None:
                verdict = f"≤{case.ratio_target}× {'ok' if median_ratio <= case.ratio_target else 'MISSED'}"
        if case.absolute_target is not None:
            median = statistics.median(case.values)
            target = case.target or f"≤{case.absolute_target:g} {case.unit}"
            verdict = f"{target} {'ok' if median <= case.absolute_target else 'MISSED'}"
        elif case.target:
            verdict = case.target
        name = f"{case.name} [{case.unit}]" if case.unit == "ms" else case.name
        lines.append(f"{name:58s} {_spread(case.values, case.unit):>24s} {bare:>20s} {ratio:>20s}  {verdict}")
    lines.append(f"({rounds} rounds; ratios per round against the bare app started in the same round)")
    return "\n".join(lines)


CASES = ("empty", "large", "dooit", "scale", "search", "import", "import-old", "session")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 rounds, import once, shorter quiet time")
    parser.add_argument("--size", choices=SIZES, default="100k", help="feedback entries of the scale workbook (goals: a tenth)")
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, among {', '.join(CASES)}")
    parser.add_argument("--quiet", type=float, default=0.4, help="seconds without change before a screen counts as drawn")
    parser.add_argument("--import-rounds", type=int, default=3, help="imports are long: fewer rounds")
    parser.add_argument("--passes", type=int, default=20, help="session: visits of every screen (once, in round 1)")
    parser.add_argument("--keep", type=Path, help="folder for the fixtures, kept between runs (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="also write every round's figures here")
    parser.add_argument("--search-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--without-uids", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.search_worker:
        search_worker(args.search_worker)
        return 0
    if args.without_uids:
        _write_without_uids(*args.without_uids)
        return 0
    if args.quick:
        args.rounds, args.import_rounds, args.quiet = 3, 1, 0.3
    cases = set(args.cases.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        bench = Bench(folder, args.quiet)
        sizes = [args.size] if cases & {"scale", "search", "import", "import-old"} else []
        paths = _prepare(folder, bench.env, sizes, bool(cases & {"import", "import-old"}))
        # Bytecode compiled as pip does at install, then one untimed round: files in the page cache.
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "mentortui"), str(ROOT / "benchmarks")],
                       env=bench.env, check=True)
        warm_up = bench.bare()
        if "empty" in cases:
            bench.empty(warm_up)
        bench.results = Results()
        started = time.perf_counter()
        for round_ in range(args.rounds):
            print(f"round {round_ + 1}/{args.rounds} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
            if cases & {"empty", "dooit"}:
                bare = bench.bare()  # the yardstick of this round's new-workbook and peer first frames
                if "empty" in cases:
                    bench.empty(bare)
                if "dooit" in cases:
                    bench.dooit(bare)
            if "large" in cases:
                bench.large(bench.bare(), paths["large"])
            if "scale" in cases:
                bench.scale(args.size, paths[args.size])
            if "search" in cases:
                bench.search(args.size, paths[args.size])
            if "session" in cases and round_ == 0:
                bench.session(paths["large"], args.passes)
            if "import" in cases and round_ < args.import_rounds:
                bench.import_(args.size, paths[f"{args.size}.json"])
            if "import-old" in cases and round_ < args.import_rounds:
                bench.import_(args.size, paths[f"{args.size}-schema10.json"], " of a schema-10 backup (no uids)")
        print(report(bench.results, args.rounds))
        if args.json:
            args.json.write_text(json.dumps({case.name: {"unit": case.unit, "values": case.values, "bare": case.bare}
                                             for case in bench.results.cases.values()}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
