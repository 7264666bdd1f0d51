"""Code lexed with its long lines and runs cut short, the cut text put back into the tokens after.

Many Pygments lexers take time quadratic in the length of a run of one short unit or of a line: 2,000
newlines and a `#` took the C lexer 0.8 s, a line of 8,000 `&&&...>` the HTML lexer 0.4 s, `xx:`
repeated on one line the Bash session lexer 2 s. So the lexer sees no line longer than LINE_CHARS_MAX,
no more than RUN_WHITESPACE_CHARS of whitespace in a row and no unit of up to RUN_UNIT_CHARS characters
repeated more than RUN_REPEATS_MAX times; what was cut off goes back into the token it was cut from.
The code shown is unchanged; only the colours of what was cut are those of the token before it.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pygments import lex
from pygments.lexer import Lexer

from plauder.render.limits import LINE_CHARS_MAX, RUN_REPEATS_MAX, RUN_UNIT_CHARS, RUN_WHITESPACE_CHARS

Tokens = Iterable[tuple[Any, str]]
Cuts = list[tuple[int, str]]  # (offset in the short text, text cut off there)
Kept = Callable[[re.Match[str]], int | None]  # how much of a match to keep; None: all of it

# Looked for at line starts only: from every position, the search itself would be quadratic.
_LONG_LINE = re.compile(rf"^[^\n]{{{LINE_CHARS_MAX + 1},}}", re.MULTILINE)
# Whitespace first: a run of whitespace units no longer than RUN_WHITESPACE_CHARS stays whole.
_RUN = re.compile(
    rf"\s{{{RUN_WHITESPACE_CHARS + 1},}}|(?P<unit>.{{1,{RUN_UNIT_CHARS}}}?)(?P=unit){{{RUN_REPEATS_MAX},}}",
    re.DOTALL,
)


def lexed(code: str, lexer: Lexer) -> Iterator[tuple[Any, str]]:
    """The tokens of `code`, lexed short: long lines cut first, then runs in what is left."""
    lines, line_cuts = _shortened(code, _LONG_LINE, _line_kept)
    short, run_cuts = _shortened(lines, _RUN, _run_kept)
    return _restored(_restored(lex(short, lexer), run_cuts), line_cuts)


def _line_kept(match: re.Match[str]) -> int:
    return LINE_CHARS_MAX


def _run_kept(match: re.Match[str]) -> int | None:
    unit = match["unit"]
    if unit is None:
        return RUN_WHITESPACE_CHARS
    return None if unit.isspace() else len(unit) * RUN_REPEATS_MAX  # short whitespace stays whole


def _shortened(code: str, pattern: re.Pattern[str], kept: Kept) -> tuple[str, Cuts]:
    """`code` with each match of `pattern` cut to its first `kept(match)` characters, and the cuts."""
    parts: list[str] = []
    cuts: Cuts = []
    position = length = 0
    for match in pattern.finditer(code):
        size = kept(match)
        if size is None:
            continue
        keep = match.start() + size
        parts.append(code[position:keep])
        length += keep - position
        cuts.append((length, code[keep : match.end()]))
        position = match.end()
    parts.append(code[position:])
    return "".join(parts), cuts


def _restored(tokens: Tokens, cuts: Cuts) -> Iterator[tuple[Any, str]]:
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
