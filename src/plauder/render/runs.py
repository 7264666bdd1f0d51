"""Long runs cut before lexing and put back after, so that Pygments' regexes never see one.

Many lexers take time quadratic in the length of a run of one short unit: 2,000 newlines and a `#`
took the C lexer 0.8 s, and the TypeScript lexer is as slow on `"\\"\\"\\...`, HTML on `&&&...`. A unit
of up to RUN_UNIT_CHARS characters repeated more than RUN_REPEATS_MAX times, and whitespace longer than
RUN_WHITESPACE_CHARS, is cut short for the lexer; the text cut off is put back into the token it was
cut from. The code shown is unchanged; only its colours are those of the shorter run.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from plauder.render.limits import RUN_REPEATS_MAX, RUN_UNIT_CHARS, RUN_WHITESPACE_CHARS

Tokens = Iterable[tuple[Any, str]]

_RUN = re.compile(
    rf"(?P<unit>.{{1,{RUN_UNIT_CHARS}}}?)(?P=unit){{{RUN_REPEATS_MAX},}}|\s{{{RUN_WHITESPACE_CHARS + 1},}}",
    re.DOTALL,
)


def shortened(code: str) -> tuple[str, list[tuple[int, str]]]:
    """`code` with its long runs cut short, and where each cut is: (offset in the short text, text cut)."""
    parts: list[str] = []
    cuts: list[tuple[int, str]] = []
    position = length = 0
    for run in _RUN.finditer(code):
        unit = run["unit"]
        keep = run.start() + (len(unit) * RUN_REPEATS_MAX if unit else RUN_WHITESPACE_CHARS)
        parts.append(code[position:keep])
        length += keep - position
        cuts.append((length, code[keep : run.end()]))
        position = run.end()
    parts.append(code[position:])
    return "".join(parts), cuts


def restored(tokens: Tokens, cuts: list[tuple[int, str]]) -> Iterator[tuple[Any, str]]:
    """The tokens of the short text, each cut put back into the token that holds the character before it."""
    waiting = deque(cuts)
    offset = 0
    last: Any = None
    for kind, value in tokens:
        end = offset + len(value)
        pieces: list[str] = []
        start = 0
        while waiting and waiting[0][0] <= end:
            at, text = waiting.popleft()
            pieces += [value[start : at - offset], text]
            start = at - offset
        yield kind, "".join(pieces) + value[start:] if pieces else value
        offset, last = end, kind
    if waiting:  # a lexer that dropped text: the code is shown whole all the same
        yield last, "".join(text for _, text in waiting)
