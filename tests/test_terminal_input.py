"""Keys typed after bytes that are not UTF-8 still reach the app."""

from __future__ import annotations

import asyncio
import os
import sys
import threading

import pytest

from textual import events

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the Linux/macOS driver")


async def test_a_stray_byte_that_is_not_utf8_is_dropped_and_the_next_keys_arrive(store, clock):
    from mentortui.app import make_app
    from mentortui.ui.terminal_input import ForgivingLinuxDriver

    app = make_app(store=store, lang="en")
    assert app.get_driver_class() is ForgivingLinuxDriver
    keys: list[str] = []
    got_q, dropped = threading.Event(), threading.Event()

    class Recording(ForgivingLinuxDriver):
        def process_message(self, message) -> None:
            if isinstance(message, events.Key):
                keys.append(message.key)
                if message.key == "q":
                    got_q.set()

        def input_dropped(self) -> None:
            super().input_dropped()
            dropped.set()

    read_end, write_end = os.pipe()
    driver = Recording(app)
    driver.fileno = read_end
    reader = threading.Thread(target=driver.run_input_thread, daemon=True)
    reader.start()
    try:
        os.write(write_end, b"\xff\xfe")  # Latin-1 "ÿþ": not UTF-8
        assert await asyncio.to_thread(dropped.wait, 10)
        os.write(write_end, b"q")
        assert await asyncio.to_thread(got_q.wait, 10), "the key after the bad bytes never arrived"
        assert reader.is_alive()
    finally:
        driver.exit_event.set()
        reader.join(timeout=10)
        os.close(write_end)
        os.close(read_end)
    assert keys == ["q"] and driver.dropped_reads == 1
