"""Which Pygments lexer highlights a fence: only the languages users paste, each tried for slow inputs.

Pygments has some 600 lexers, and a fence's name picks one: several run for seconds on a few kilobytes
(a `systemd` fence of 1,500 spaces and an `x` took 21 s, `easytrieve` grows with the cube of its input).
Only the lexers named here are used, looked up by any of their Pygments aliases (`py`, `ts`, `sh`,
`yml`, ...); every other fence shows its code as plain text under its own label. Each lexer here went
through `bench/lexer_sweep.py` (generated inputs of a few KB) and stays linear in its input.
Lexers that would hand part of the code to a lexer named in the code itself are left out or have
that switched off (Markdown's fenced code; PostgreSQL's `LANGUAGE x` functions).
"""

from __future__ import annotations

from functools import lru_cache

from pygments.lexer import Lexer
from pygments.lexers import get_all_lexers, get_lexer_by_name

# Each lexer's first Pygments alias.
# fmt: off
HIGHLIGHTED = frozenset({
    "bash", "c", "console", "cpp", "csharp", "css", "dart", "diff", "docker", "go", "graphql", "haskell",
    "html", "ini", "java", "javascript", "json", "jsx", "kotlin", "lua", "make", "markdown", "nginx",
    "objective-c", "perl", "php", "powershell", "protobuf", "pycon", "python", "ruby", "rust", "scala",
    "scss", "splus", "sql", "swift", "tex", "toml", "tsx", "typescript", "xml", "yaml",
})
# fmt: on
# No lexer may pick another one by a name found in the code.
_OPTIONS = {"stripnl": False, "handlecodeblocks": False}


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


@lru_cache(maxsize=64)
def lexer_for(name: str) -> Lexer | None:
    """A lexer for a fence name, if its language is on the list."""
    first = language_name(name)
    return get_lexer_by_name(first, **_OPTIONS) if first else None
