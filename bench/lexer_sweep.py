#!/usr/bin/env python3
"""Lexer sweep: generated inputs that make Pygments lexers slow, timed under CPython.

    .venv/bin/python bench/lexer_sweep.py [--show 25] [--raw] [--all | lexer ...]

Without names it sweeps the lexers `plauder.render.lexers` highlights; `--all` sweeps every built-in
lexer (slow). Each lexer gets runs of one character, a run ended by another character (the shape that
took a `systemd` fence 21 s), runs just short of where `plauder.render.runs` cuts them, irregular
whitespace, and repeated openers of strings, comments and tags (on one line and in lines of 40). Each
input is as large as a highlighted block may be (CODE_BLOCK_PIECES_MAX, and the lexer's
`block_chars_max`) and is lexed as the renderer does (long lines and runs cut short; `--raw`: as it
is), in CPU time, the slowest of each lexer timed again (best of three): on a busy 2-core machine
figures vary by half. A lexer whose slowest input takes more than LEX_MS_MAX does not belong on the
list, or only with a smaller block (`lexers.SMALLER_BLOCKS`). For scale, the reference line: the Python
lexer on as much real code (src/plauder/render/sanitize.py).
"""

from __future__ import annotations

import argparse
import random
import signal
import string
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from pygments import lex
from pygments.lexer import Lexer
from pygments.lexers import get_all_lexers, get_lexer_by_name

from plauder.render.highlight import pieces
from plauder.render.lexers import HIGHLIGHTED, block_chars_max, lexer_for
from plauder.render.limits import CODE_BLOCK_CHARS_MAX, CODE_BLOCK_PIECES_MAX, RUN_REPEATS_MAX
from plauder.render.runs import lexed

LEX_MS_MAX = 60.0  # lexing one block (about 30-40 ms on a quiet machine); formatting and sanitizing add 2-8 us a piece
TOP = 3  # slowest inputs of each lexer timed again
REFERENCE = ROOT / "src/plauder/render/sanitize.py"
TIMEOUT_S = 3.0
FILLERS = " \t\na0\"'#/\\*-(<{[$`=.,:;@!%&|^~?+_x\u00e9"
ENDERS = string.punctuation + "x0 \n\t\u00e9"
# fmt: off
OPENERS = (
    '"a', "'a", "/*", "<!--", "<a ", "{{", "${", "$(", '"\\', '\\"', "#{", "<?", "'''", '"""', "`a", "<<", '@"',
    'r#"', "(*", "{-", "--[[", "=begin\n", "<<EOF\n", "%{", "[[", "\\begin{a}", "0x", "1e", "a.", "[\n", "- [",
)
# fmt: on
Shape = Callable[[int], str]


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


def shapes() -> Iterator[tuple[str, Shape]]:
    """(description, text of about n characters) for each generated input, on one line and in lines."""
    whitespace = "".join(random.Random(13).choice(" \t\n") for _ in range(20))
    for char in dict.fromkeys(FILLERS + ENDERS):
        yield f"{char!r} * n", lambda n, char=char: char * n
    for filler in FILLERS:
        for end in ENDERS:
            yield f"{filler!r} * n + {end!r}", lambda n, filler=filler, end=end: filler * (n - 1) + end
            unit = filler * RUN_REPEATS_MAX + end
            yield f"({unit!r}) * n", lambda n, unit=unit: unit * (n // len(unit))
    for end in ENDERS:
        yield f"(20 blanks + {end!r}) * n", lambda n, end=end: (whitespace + end) * (n // 21)
    for opener in OPENERS:
        yield f"{opener!r} * n", lambda n, opener=opener: opener * (n // len(opener))
        yield f"{opener!r} * n, lines of 40", lambda n, opener=opener: lines(opener * (n // len(opener)))


def lines(text: str) -> str:
    return "\n".join(text[start : start + 40] for start in range(0, len(text), 40))


def at_cap(shape: Shape, chars: int) -> str:
    """The shape as large as a highlighted block may be."""
    low, high = 1, chars
    while low < high:
        size = (low + high + 1) // 2
        if pieces(shape(size), CODE_BLOCK_PIECES_MAX) <= CODE_BLOCK_PIECES_MAX:
            low = size
        else:
            high = size - 1
    return shape(low)


def lex_ms(lexer: Lexer, text: str, raw: bool) -> float:
    """CPU milliseconds to lex `text` as the renderer does (or `raw`); 1000 x TIMEOUT_S when longer."""
    signal.setitimer(signal.ITIMER_PROF, TIMEOUT_S)
    started = time.process_time()
    try:
        deque(lex(text, lexer) if raw else lexed(text, lexer), maxlen=0)
    except _Timeout:
        return TIMEOUT_S * 1000
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    return (time.process_time() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="Pygments aliases (default: the highlighted ones)")
    parser.add_argument("--all", action="store_true", help="every built-in lexer")
    parser.add_argument("--raw", action="store_true", help="lex the inputs as they are, long runs and all")
    parser.add_argument("--show", type=int, default=25, help="rows printed")
    args = parser.parse_args()
    signal.signal(signal.SIGPROF, _alarm)
    if args.all:
        names = sorted({aliases[0] for _, aliases, _, _ in get_all_lexers(plugins=False) if aliases})
    else:
        names = args.names or sorted(HIGHLIGHTED)
    code = REFERENCE.read_text("utf-8")
    real = at_cap(lambda n: code[:n], CODE_BLOCK_CHARS_MAX)
    python = get_lexer_by_name("python", stripnl=False)
    rows = []
    inputs: dict[int, list[tuple[str, str]]] = {}  # by the largest block, in characters
    for name in names:
        lexer = lexer_for(name) or get_lexer_by_name(name, stripnl=False, handlecodeblocks=False)
        chars = block_chars_max(name)
        if chars not in inputs:
            inputs[chars] = [(what, at_cap(shape, chars)) for what, shape in shapes()]
        timed = sorted(((lex_ms(lexer, text, args.raw), what, text) for what, text in inputs[chars]), reverse=True)
        for _, what, text in timed[:TOP]:
            rows.append((min(lex_ms(lexer, text, args.raw) for _ in range(3)), name, what, len(text)))
    rows.sort(reverse=True)
    how = "as they are" if args.raw else "long lines and runs cut short"
    count = len(next(iter(inputs.values())))
    reference = min(lex_ms(python, real, args.raw) for _ in range(3))
    print(f"lexer sweep: {len(names)} lexers x {count} inputs at the block cap ({how}), CPU time")
    print(f"  {'lexer':<14} {'ms':>8} {'chars':>7}   input")
    print(f"  {'(reference)':<14} {reference:8.1f} {len(real):7,}   Python on real code")
    for ms, name, what, size in rows[: args.show]:
        print(f"  {name:<14} {ms:8.1f} {size:7,}   {what}")
    slow = sorted({name for ms, name, _, _ in rows if ms > LEX_MS_MAX})
    print(f"over {LEX_MS_MAX:.0f} ms: {', '.join(slow) or 'none'}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
