"""Which Pygments lexer highlights a fence: only the languages users paste, each tried for slow inputs.

Pygments has some 600 lexers, and a fence's name picks one: several run for seconds on a few kilobytes
(a `systemd` fence of 1,500 spaces and an `x` took 21 s, `easytrieve` grows with the cube of its input).
Only the lexers named here are used, looked up by any of their Pygments aliases (`py`, `ts`, `sh`,
`yml`, ...); every other fence shows its code as plain text under its own label. Each lexer here went
through `bench/lexer_sweep.py`: on every generated input as large as a highlighted block may be, it
lexes in under 60 ms of CPU under CPython on a busy 2-core machine (30-40 ms when quiet), some only on
a smaller block (SMALLER_BLOCKS: their regexes scan across lines, in time quadratic in the block);
`ini`, `make` and `console` did not and are left out.
A lexer's first use in a page costs too, once: importing its module and building it (Pygments
compiles all its regular expressions then), in the render step that first highlights its language.
`bench/lexer_first_use.py` times that in Pyodide. On a busy 2-core machine the figures vary threefold;
C# (190-643 ms), Scala (243-1,145 ms), CSS (100-513 ms), Markdown (97-465 ms) and Kotlin (58-478 ms)
went over 100 ms, by far and more than once, and are left out: their fences show plain text under
their own label. TeX and HTML (their modules' import) come closest of those listed, 50-110 ms.
Lexers that would hand part of the code to a lexer named in the code itself are left out (Markdown's
fenced code, PostgreSQL's `LANGUAGE x` functions).
"""

from __future__ import annotations

from functools import lru_cache

from pygments.lexer import Lexer
from pygments.lexers import get_all_lexers, get_lexer_by_name

from plauder.render.limits import CODE_BLOCK_CHARS_MAX

# Each lexer's first Pygments alias.
# fmt: off
HIGHLIGHTED = frozenset({
    "bash", "c", "cpp", "dart", "diff", "docker", "go", "graphql", "haskell", "html", "java", "javascript",
    "json", "jsx", "lua", "nginx", "objective-c", "perl", "php", "powershell", "protobuf", "pycon", "python",
    "ruby", "rust", "scss", "splus", "sql", "swift", "tex", "toml", "tsx", "typescript", "xml", "yaml",
})
# fmt: on
# The largest block (characters) each of these lexes in time. One-word lines: 249 ms for Java on 10 KB,
# 40-60 ms for Swift and Rust on 5-6 KB; Ruby 45 ms on 2 KB of `;` lines.
SMALLER_BLOCKS = {"java": 3_500, "ruby": 1_800, "rust": 4_000, "swift": 4_500}
_OPTIONS = {"stripnl": False}


@lru_cache(maxsize=1)
def _first_aliases() -> dict[str, str]:
    """Every alias of a built-in lexer to that lexer's first alias, as Pygments resolves it (first wins).

    Built from Pygments' own table without importing a lexer module and without plugins (an entry
    point scan is slow in Pyodide, and a plugin is not on the list anyway).
    """
    names: dict[str, str] = {}
    for _, aliases, _, _ in get_all_lexers(plugins=False):
        for alias in aliases:
            names.setdefault(alias, aliases[0])
    return names


def language_name(name: str) -> str | None:
    """The first alias of the listed lexer that `name` (any alias, any case) resolves to, or None."""
    first = _first_aliases().get(name.lower())
    return first if first in HIGHLIGHTED else None


def block_chars_max(first_alias: str) -> int:
    """The largest code block (characters) the listed lexer `first_alias` may lex."""
    return SMALLER_BLOCKS.get(first_alias, CODE_BLOCK_CHARS_MAX)


@lru_cache(maxsize=64)
def lexer_for(name: str) -> Lexer | None:
    """A lexer for a fence name, if its language is on the list."""
    first = language_name(name)
    return get_lexer_by_name(first, **_OPTIONS) if first else None
