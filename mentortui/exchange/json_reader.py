"""Read a large JSON document a value at a time, without holding the whole text or its objects.

The caller walks the containers it wants to stream (``keys`` of an object, ``items`` of an
array) and reads every other value whole with ``value`` (the standard library's decoder, on a
window of the file). Errors are ``json.JSONDecodeError`` as ``json.loads`` raises them, with
the position counted in the window, not the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

_DECODER = json.JSONDecoder()
_SPACES = re.compile(r"[ \t\n\r]*")
CHUNK = 1 << 16  # characters read at a time


class JsonReader:
    def __init__(self, file: TextIO) -> None:
        self._file = file
        self._text = ""
        self._at = 0
        self._ended = False

    def _more(self, size: int = CHUNK) -> None:
        """Read the next ``size`` characters of the file (dropping what was read)."""
        piece = self._file.read(size)
        self._ended = not piece
        self._text = self._text[self._at:] + piece
        self._at = 0

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end)."""
        while True:
            self._at = _SPACES.match(self._text, self._at).end()
            if self._at < len(self._text):
                return self._text[self._at]
            if self._ended:
                return ""
            self._more()

    def _expect(self, chars: str) -> str:
        char = self.peek()
        if not char or char not in chars:
            raise json.JSONDecodeError("Expecting " + " or ".join(repr(c) for c in chars), self._text, self._at)
        self._at += 1
        return char

    def value(self) -> Any:
        """The next value, read whole."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._text, self._at)
            except json.JSONDecodeError:
                if self._ended:
                    raise
                # The value goes on past what was read: read as much again as is unread, so a
                # large value is decoded a few times (its size doubling), not once per chunk.
                self._more(max(CHUNK, len(self._text) - self._at))
                continue
            if end == len(self._text) and not self._ended:
                self._more()  # a number may go on past what was read
                continue
            self._at = end
            return value

    def keys(self) -> Iterator[str]:
        """An object's keys; after each, the caller reads (or walks) its value."""
        self._expect("{")
        if self.peek() == "}":
            self._at += 1
            return
        while True:
            if self.peek() != '"':
                raise json.JSONDecodeError("Expecting property name enclosed in double quotes", self._text, self._at)
            key = self.value()
            self._expect(":")
            yield key
            if self._expect(",}") == "}":
                return

    def items(self) -> Iterator[int]:
        """An array's indexes; after each, the caller reads (or walks) the item."""
        self._expect("[")
        if self.peek() == "]":
            self._at += 1
            return
        index = 0
        while True:
            yield index
            index += 1
            if self._expect(",]") == "]":
                return

    def end(self) -> None:
        """Nothing but whitespace may follow the document."""
        if self.peek():
            raise json.JSONDecodeError("Extra data", self._text, self._at)
