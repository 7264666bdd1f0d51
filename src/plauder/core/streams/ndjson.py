"""Newline-delimited JSON (Ollama's native stream): one JSON value per line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from plauder.core.streams.lines import LineDecoder

EXCERPT_CHARS = 200
# Far deeper than any backend's JSON, far below what overflows Pyodide's stack: json.loads there does not
# raise RecursionError on deep nesting, it exhausts the WebAssembly stack and kills the interpreter
# (measured: Pyodide 314.0.7 in Node parses 3000 levels and dies before 10000).
MAX_NESTING = 128

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")


@dataclass(frozen=True)
class Malformed:
    """Text that should have been JSON and is not; `line` holds its first EXCERPT_CHARS characters, for display.

    A value rather than an exception, so one bad line cannot take the values before it down with it.
    """

    line: str


def parse_json(text: str) -> object:
    """The JSON value in `text`, or Malformed. Never raises; nesting deeper than MAX_NESTING is Malformed."""
    if not _too_deep(text):
        try:
            return json.loads(text)
        except ValueError:
            pass
    return Malformed(text[:EXCERPT_CHARS])


def _too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= MAX_NESTING:  # the usual case, at C speed
        return False
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_NESTING:
            return True
    return False


class NDJSONDecoder:
    """Bytes in, one parsed value (or Malformed) per non-blank line out, however the bytes are chunked.

    At the end, an unterminated last line is parsed too: JSON Lines allows the final newline to be missing.
    """

    def __init__(self) -> None:
        self._lines = LineDecoder()

    def decode(self, chunk: bytes) -> list[object]:
        return _parsed(self._lines.decode(chunk))

    def flush(self) -> list[object]:
        return _parsed(self._lines.flush())


def _parsed(lines: list[str]) -> list[object]:
    return [parse_json(line) for line in lines if line.strip()]
