"""Reading keys from the terminal when it sends bytes that are not UTF-8.

Textual's Linux/macOS driver decodes the terminal's input as strict UTF-8 in its input
thread: one stray byte (a terminal set to Latin-1, binary pasted, line noise over ssh)
raises there, and the app stops with a traceback. Here the read holding the bad bytes is
dropped and reading goes on.
"""

from __future__ import annotations

from textual.drivers.linux_driver import LinuxDriver


class ForgivingLinuxDriver(LinuxDriver):
    dropped_reads = 0

    def run_input_thread(self) -> None:
        while not self.exit_event.is_set():
            try:
                super().run_input_thread()
                return
            except UnicodeDecodeError:
                self.input_dropped()  # then a fresh decoder and parser take the next read

    def input_dropped(self) -> None:
        """A read held bytes that are not UTF-8: it was dropped."""
        self.dropped_reads += 1
