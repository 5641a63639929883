"""A program run in a pseudo-terminal and watched from outside, as a user's terminal shows it.

The child gets a pty of a fixed size with TERM=xterm-256color. The reader answers Textual's
one start-up question, "do you support synchronized output (mode 2026)?", with yes, as
current terminals do; Textual then wraps every frame in ``ESC[?2026h`` … ``ESC[?2026l``, so
the reader sees whole frames and knows when each one ended. It keeps the characters of the
screen in a grid (styles are ignored, so a blinking cursor is no change) and records, for each
frame, when it ended and the screen's text after it.

What "the screen is drawn" means here (``settled``): the earliest frame after which the screen's
text no longer changes, i.e. the end of the frame that made the screen look as it finally
does, once nothing has changed for ``quiet`` seconds. A partial first frame that is re-laid
out a moment later therefore does not count; the user sees the screen only when it is whole.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

COLUMNS, LINES = 100, 30
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_SUPPORTED = b"\x1b[?2026;2$y"  # DECRPM: mode 2026 is known and currently reset
FRAME_START, FRAME_END = b"\x1b[?2026h", b"\x1b[?2026l"
QUIT_KEY = b"\x11"  # ctrl+q

# CSI (with Textual's private prefixes), OSC (ended by BEL or ST), and two-byte escapes.
_ESCAPE = re.compile(rb"\x1b\[([0-9;?<>=$]*)([ -/]*[@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^\[\]]")
_TEXT_OR_CONTROL = re.compile(rb"[^\x1b\r\n\x08]+|\r|\n|\x08")


class TimedOut(Exception):
    """The screen did not show what was awaited in time."""


@dataclass
class Frame:
    ended_at: float  # perf_counter seconds
    text: str  # the whole screen's characters after this frame


class Screen:
    """The characters of a terminal screen, updated by the bytes an application writes."""

    def __init__(self, columns: int = COLUMNS, lines: int = LINES) -> None:
        self.columns, self.lines = columns, lines
        self.cells = [[" "] * columns for _ in range(lines)]
        self.row = self.column = 0

    def feed(self, data: bytes) -> None:
        position = 0
        for match in _ESCAPE.finditer(data):
            self._text(data[position:match.start()])
            if match.group(2):
                self._csi(match.group(1).decode("ascii", "replace"), match.group(2)[-1:].decode("ascii", "replace"))
            position = match.end()
        self._text(data[position:])

    def text(self) -> str:
        return "\n".join("".join(row) for row in self.cells)

    def _csi(self, params: str, final: str) -> None:
        numbers = [int(n) if n.isdigit() else 0 for n in params.split(";")] if params and params[0].isdigit() else []
        first = numbers[0] if numbers and numbers[0] else 1
        if final in "Hf":
            self.row = (numbers[0] if numbers and numbers[0] else 1) - 1
            self.column = (numbers[1] if len(numbers) > 1 and numbers[1] else 1) - 1
        elif final == "A":
            self.row -= first
        elif final == "B":
            self.row += first
        elif final == "C":
            self.column += first
        elif final == "D":
            self.column -= first
        elif final == "G":
            self.column = first - 1
        elif final == "J" and numbers[:1] == [2]:
            self.cells = [[" "] * self.columns for _ in range(self.lines)]
        self.row = min(max(self.row, 0), self.lines - 1)
        self.column = min(max(self.column, 0), self.columns - 1)

    def _text(self, data: bytes) -> None:
        for match in _TEXT_OR_CONTROL.finditer(data):
            chunk = match.group()
            if chunk == b"\r":
                self.column = 0
            elif chunk == b"\n":
                self.row = min(self.row + 1, self.lines - 1)
            elif chunk == b"\x08":
                self.column = max(self.column - 1, 0)
            else:
                for char in chunk.decode("utf-8", "replace"):
                    if unicodedata.combining(char) or not char.isprintable():
                        continue
                    if self.column < self.columns:
                        self.cells[self.row][self.column] = char
                    self.column += 2 if unicodedata.east_asian_width(char) in "WF" else 1


class Terminal:
    """One program in a pty; ``started_at`` is taken just before the process is spawned."""

    def __init__(self, command: Sequence[str], *, env: dict[str, str], cwd: Path | None = None) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.master = master
        self.screen = Screen()
        self.frames: list[Frame] = []
        self._pending = b""
        env = dict(env, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(
            list(command), stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True
        )
        os.close(slave)

    # ---- reading ----------------------------------------------------------------------

    def _read(self, timeout: float) -> bool:
        """Read what the program wrote within ``timeout`` seconds; False once the pty is closed."""
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return True
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # EIO: the program exited and closed its end
            return False
        if not data:
            return False
        now = time.perf_counter()
        if SYNC_QUERY in data:
            os.write(self.master, SYNC_SUPPORTED)
        self._pending += data
        # Apply whole frames only: the screen is what the terminal shows at a frame's end.
        while True:
            start = self._pending.find(FRAME_START)
            if start < 0:
                self.screen.feed(self._pending)  # start-up sequences outside frames
                self._pending = b""
                break
            self.screen.feed(self._pending[:start])
            end = self._pending.find(FRAME_END, start)
            if end < 0:
                self._pending = self._pending[start:]
                break
            self.screen.feed(self._pending[start + len(FRAME_START):end])
            self._pending = self._pending[end + len(FRAME_END):]
            self.frames.append(Frame(now, self.screen.text()))
        return True

    def settled(self, since: float, *, marker: str | None = None, quiet: float = 0.4, timeout: float = 60,
                unlike: str | None = None) -> float:
        """Seconds from ``since`` to the end of the frame that drew the screen as it stays
        (see the module's docstring); the screen must show ``marker`` if one is given, differ
        from ``unlike`` if given, and at least one frame must have been drawn after ``since``."""
        deadline = time.perf_counter() + timeout
        while True:
            now = time.perf_counter()
            if now > deadline:
                raise TimedOut(f"no settled screen{f' showing {marker!r}' if marker else ''} after {timeout:.0f} s;"
                               f" screen:\n{self.screen.text()}")
            fresh = [frame for frame in self.frames if frame.ended_at >= since]
            if fresh and (marker is None or marker in fresh[-1].text) and fresh[-1].text != unlike:
                # The earliest frame of the trailing run of frames that all show the final text.
                first_final = fresh[-1]
                for frame in reversed(fresh):
                    if frame.text != first_final.text:
                        break
                    first_final = frame
                if now - first_final.ended_at >= quiet:  # frames that change no character (a blinking cursor) do not count
                    return first_final.ended_at - since
            if not self._read(min(0.05, deadline - now)):
                raise TimedOut(f"the program exited (code {self.process.poll()}); screen:\n{self.screen.text()}")

    def press(self, key: bytes, *, marker: str | None = None, quiet: float = 0.4, timeout: float = 20) -> float:
        """Seconds from writing ``key`` to the end of the frame that drew the resulting screen,
        which must differ from the screen before the key (a key that changes nothing times out)."""
        self._drain()
        before = self.screen.text()
        pressed_at = time.perf_counter()
        os.write(self.master, key)
        return self.settled(pressed_at, marker=marker, quiet=quiet, timeout=timeout, unlike=before)

    def _drain(self) -> None:
        while True:
            ready, _, _ = select.select([self.master], [], [], 0)
            if not ready or not self._read(0):
                return

    # ---- the process ------------------------------------------------------------------

    def peak_rss_mib(self) -> float:
        """The child's peak resident memory so far (VmHWM), in MiB."""
        return self._status_mib("VmHWM")

    def rss_mib(self) -> float:
        """The child's resident memory now (VmRSS), in MiB."""
        return self._status_mib("VmRSS")

    def _status_mib(self, field: str) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1)) / 1024

    def close(self, quit_key: bytes = QUIT_KEY) -> None:
        """Quit the program the way a user would, and end it if it does not go."""
        try:
            os.write(self.master, quit_key)
            deadline = time.perf_counter() + 5
            while self.process.poll() is None and time.perf_counter() < deadline:
                if not self._read(0.05):
                    break
            self.process.wait(timeout=max(deadline - time.perf_counter(), 0.1))
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        finally:
            os.close(self.master)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
