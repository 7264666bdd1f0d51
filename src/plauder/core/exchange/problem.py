"""Why an import was refused, and the guarded JSON reading every import starts with.

An import either yields a complete snapshot or raises `ImportProblem`; nothing is ever half
imported. The problem carries an i18n message key and its parameters, so the web layer only
translates it.
"""

from __future__ import annotations

import json
import re
from typing import Any

# 200 million characters (about 200 MB of ASCII): far above the largest real ChatGPT exports
# seen (tens of MB), and low enough that the browser tab survives parsing it. A Plauder export
# carries its pictures' bytes, so one with very many pictures can be larger (about 150 photos
# of 1 MB reach it): the file is read whole, in one go, so this limit stays for now.
MAX_IMPORT_CHARS = 200_000_000
# A file's JSON is parsed in one step on the page's thread: for 53 MB that step took 388 ms at load 10
# (bench/exchange_pictures.py), near the limit it takes seconds, so from this size the page says so.
LARGE_IMPORT_BYTES = 50_000_000


# What JSON can hold at the very end of a file cut short: the start of a literal or of a number.
_CUT_TOKEN = re.compile(r"t(r(ue?)?)?|f(a(l(se?)?)?)?|n(u(ll?)?)?|[-+.eE0-9]+")


class ImportProblem(Exception):
    """What is wrong with an import file, as a message key (`import.*`) and its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


def reading_status(size: int) -> tuple[str, dict[str, int]]:
    """What the page says while it reads a file of `size` bytes (a large one holds the page still); raises
    ImportProblem for a file too large to read at all, before any of it is read."""
    size_mb = -(-size // 1_000_000)
    if size > MAX_IMPORT_CHARS:  # a character is at least one byte
        raise ImportProblem("import.too_large", size_mb=size_mb, limit_mb=MAX_IMPORT_CHARS // 1_000_000)
    return ("import.reading_large", {"size_mb": size_mb}) if size >= LARGE_IMPORT_BYTES else ("import.reading", {})


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def load_json(text: str, *, max_chars: int = MAX_IMPORT_CHARS) -> Any:
    """The parsed JSON document; a file cut short is told apart from one that is not JSON at all."""
    if not text.strip():
        raise ImportProblem("import.empty")
    if len(text) > max_chars:
        raise ImportProblem("import.too_large", size_mb=-(-len(text) // 1_000_000), limit_mb=max_chars // 1_000_000)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        cut_short = error.msg.startswith("Unterminated string") or _CUT_TOKEN.fullmatch(
            text[error.pos :].rstrip() or "0"
        )
        if cut_short and error.msg != "Extra data":
            raise ImportProblem("import.truncated") from error
        raise ImportProblem("import.not_json", line=error.lineno, column=error.colno) from error
    except ValueError as error:  # NaN or Infinity
        raise ImportProblem("import.not_standard_json") from error
