"""A JSON text decoded in steps, for the page to draw between them: the same value and the same errors as
`json.loads`, but never more than one element decoded at a time, and the text read slice after slice.

The containers near the top (to WALK_DEPTH) are walked here, and each value below them is decoded whole by the
standard decoder (`raw_decode` at its place): one message of a Plauder export, one node's message of ChatGPT's, one
picture's base64. The worst case is one such value, or a string anywhere, holding most of the file: it is still
decoded in one step. The text arrives in slices (a file's bytes decoded a few MB at a time) and only the part still
needed is held, so no step copies the whole text either. Where the walk itself finds a fault (a missing comma, a
trailing comma), the standard decoder is asked about a few characters around it, so its message is the one this
Python's `json` words (3.13 began to name trailing commas).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from typing import Any

from plauder.core.exchange.steps import Steps

WALK_DEPTH = 4  # export -> conversations -> a conversation -> its messages -> one message, decoded whole
STEP_CHARS = 500_000  # a step ends once this much more text is decoded (the page decides when to draw)
_PROBE_CHARS = 32  # of the text after a fault the walk found, shown to the standard decoder
_ESCAPE_CHARS = 6  # a fault this near the end of the text held may be an escape cut in two: read on
_SPACE = re.compile(r"[ \t\n\r]*")
_BOM = "\ufeff"


@dataclass
class Fault(Exception):
    """Why a text is no JSON, as `json.JSONDecodeError` says it (message, place in the whole text, line and column),
    with the text from there to the end (None where the fault was found before the end was read: it is no cut); `blank`
    when the text holds nothing but space."""

    msg: str
    pos: int
    lineno: int
    colno: int
    rest: str | None
    blank: bool = False


def decoded(slices: Iterable[str], parse_constant: Callable[[str], Any]) -> Steps[Any]:
    """The value of the text the `slices` make, as `json.loads(text, parse_constant=parse_constant)` returns it; its
    JSONDecodeError as a Fault; what `parse_constant` raises."""
    walk = _Walk(iter(slices), json.JSONDecoder(parse_constant=parse_constant))
    yield from walk.extend(0)
    if walk.text.startswith(_BOM):  # as json.loads refuses it
        raise walk.fault(json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", walk.text, 0))
    start = yield from walk.space(0)
    if start == walk.end:
        blank = walk.fault(json.JSONDecodeError("Expecting value", walk.text, start - walk.base))
        blank.blank = True
        raise blank
    value, end = yield from walk.value(start, 0)
    end = yield from walk.space(end)
    if end != walk.end:
        raise walk.fault(json.JSONDecodeError("Extra data", walk.text, end - walk.base))
    return value


class _Walk:
    """The walk over one text: the part of it held (from `base` on), and where the next step ends."""

    def __init__(self, slices: Iterable[str], decoder: json.JSONDecoder) -> None:
        self.slices = iter(slices)
        self.ahead = next(self.slices, None)  # the slice after `text`: read one ahead, so the end is known at once
        self.decoder = decoder
        self.text = ""
        self.base = 0  # where `text` starts in the whole text
        self.final = False  # `text` runs to the end of the whole text
        self.lines_before = 0  # line breaks before `base`
        self.last_break = -1  # where the last of them is
        self.step_ends = STEP_CHARS

    @property
    def end(self) -> int:
        return self.base + len(self.text)

    def extend(self, keep: int) -> Steps[None]:
        """More of the text held, at least as much again (a value longer than a slice is read in fewer copies); what
        comes before `keep` is let go, as no walker reads behind the value it is at."""
        dropped = self.text[: keep - self.base]
        self.lines_before += dropped.count("\n")
        if (last := dropped.rfind("\n")) >= 0:
            self.last_break = self.base + last
        held, wanted = [self.text[keep - self.base :]], max(1, len(self.text) - len(dropped))
        while self.ahead is not None and sum(map(len, held)) < 2 * wanted:
            held.append(self.ahead)
            self.ahead = next(self.slices, None)
        self.text, self.base, self.final = "".join(held), keep, self.ahead is None
        yield None

    def space(self, index: int) -> Steps[int]:
        """Where the space from `index` ends: at a character held, or at the end of the text."""
        while True:
            end = self.base + _SPACE.match(self.text, index - self.base).end()  # type: ignore[union-attr]
            if end < self.end or self.final:
                return end
            yield from self.extend(index)

    def value(self, index: int, depth: int) -> Generator[None, None, tuple[Any, int]]:
        """The value that starts at `index` (no space before it, its first character held) and the index after it."""
        opening = self.text[index - self.base : index - self.base + 1]
        if depth < WALK_DEPTH and opening == "[":
            return (yield from self._array(index + 1, depth + 1))
        if depth < WALK_DEPTH and opening == "{":
            return (yield from self._object(index + 1, depth + 1))
        value, end = yield from self._decoded(self.decoder.raw_decode, index)
        if end >= self.step_ends:
            self.step_ends = end + STEP_CHARS
            yield None
        return value, end

    def _decoded(self, decode: Callable[[str, int], tuple[Any, int]], index: int) -> Steps[tuple[Any, int]]:
        """`decode` at `index`, with more of the text held until the value is surely whole (a number may go on)."""
        while True:
            try:
                value, end = decode(self.text, index - self.base)
            except json.JSONDecodeError as error:
                cut = error.msg.startswith("Unterminated string") or error.pos >= len(self.text) - _ESCAPE_CHARS
                if self.final or not cut:
                    raise self.fault(error) from error
            else:
                if end < len(self.text) or self.final:
                    return value, self.base + end
            yield from self.extend(index)

    def _key(self, text: str, index: int) -> tuple[str, int]:
        return json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined,no-any-return]

    def _array(self, index: int, depth: int) -> Generator[None, None, tuple[list[Any], int]]:
        items: list[Any] = []
        at = yield from self.space(index)
        if self._char(at) == "]":
            return items, at + 1
        while True:
            item, index = yield from self.value(at, depth)
            items.append(item)
            at = yield from self.space(index)
            closing = self._char(at)
            if closing == "]":
                return items, at + 1
            if closing != ",":
                raise self._walk_fault("[0", index)
            index = at + 1
            at = yield from self.space(index)
            if self._char(at) == "]":
                raise self._walk_fault("[0,", index)

    def _object(self, index: int, depth: int) -> Generator[None, None, tuple[dict[str, Any], int]]:
        members: dict[str, Any] = {}
        at = yield from self.space(index)
        if self._char(at) == "}":
            return members, at + 1
        prefix = "{"
        while True:
            if self._char(at) != '"':
                raise self._walk_fault(prefix, index)
            key, index = yield from self._decoded(self._key, at)
            at = yield from self.space(index)
            if self._char(at) != ":":
                raise self._walk_fault('{"a"', index)
            members[key], index = yield from self.value((yield from self.space(at + 1)), depth)
            at = yield from self.space(index)
            closing = self._char(at)
            if closing == "}":
                return members, at + 1
            if closing != ",":
                raise self._walk_fault('{"a":0', index)
            index, prefix = at + 1, '{"a":0,'
            at = yield from self.space(index)

    def _char(self, index: int) -> str:
        return self.text[index - self.base : index - self.base + 1]

    def _walk_fault(self, prefix: str, index: int) -> Fault:
        """The error `json.loads` gives for the text from `index` on, after what `prefix` stands for: the same fault
        shown to the standard decoder with the space up to it and a few characters after."""
        local = index - self.base
        end = _SPACE.match(self.text, local).end() + _PROBE_CHARS  # type: ignore[union-attr]
        try:
            json.loads(prefix + self.text[local:end])
        except json.JSONDecodeError as error:
            return self.fault(json.JSONDecodeError(error.msg, self.text, error.pos - len(prefix) + local))
        raise AssertionError("the walk found a fault where the standard decoder finds none")

    def fault(self, error: json.JSONDecodeError) -> Fault:
        """`error`, found in the text held, at its place in the whole text."""
        pos = self.base + error.pos
        column = error.colno if self.text.rfind("\n", 0, error.pos) >= 0 else pos - self.last_break
        rest = self.text[error.pos :] if self.final else None
        return Fault(error.msg, pos, self.lines_before + error.lineno, column, rest)
