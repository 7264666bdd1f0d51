"""Why an import was refused, and the guarded JSON reading every import starts with.

An import either yields a complete snapshot or raises `ImportProblem`; nothing is ever half
imported. The problem carries an i18n message key and its parameters, so the web layer only
translates it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from typing import Any

from plauder.core.exchange.json_steps import Fault, decoded
from plauder.core.exchange.steps import Steps, finished

# 200 million characters (about 200 MB of ASCII): far above the largest real ChatGPT exports
# seen (tens of MB), and low enough that the browser tab survives parsing it. A Plauder export
# carries its pictures' bytes, so one with very many pictures can be larger (about 150 photos
# of 1 MB reach it): the file is held whole in memory, so this limit stays for now.
MAX_IMPORT_CHARS = 200_000_000
# A file is read in steps, the page drawing between them, but near the limit that takes many seconds
# (bench/import_big.py), so from this size the page says it takes a while.
LARGE_IMPORT_BYTES = 50_000_000
DECODE_BYTES = 4_000_000  # a file's bytes are decoded this many at a time (some milliseconds each)


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
    return finished(loading_json(text, max_chars=max_chars))


def loading_json(text: str | bytes | list[bytes], *, max_chars: int = MAX_IMPORT_CHARS) -> Steps[Any]:
    """`load_json` in steps (json_steps); a file's bytes (whole, or in the pieces the page read them in) are decoded
    a slice at a time as the reading goes on, as the browser's file.text() decodes them (a BOM dropped, a bad byte
    replaced), and none too many to be read."""
    size = sum(map(len, text)) if isinstance(text, list) else len(text)
    if size > max_chars:  # a character is at least one byte
        raise ImportProblem("import.too_large", size_mb=-(-size // 1_000_000), limit_mb=max_chars // 1_000_000)
    slices = (text,) if isinstance(text, str) else slices_of([text] if isinstance(text, bytes) else text)
    try:
        return (yield from decoded(slices, _reject_constant))
    except Fault as fault:
        if fault.blank:
            raise ImportProblem("import.empty") from None
        cut_short = fault.msg.startswith("Unterminated string") or (
            fault.rest is not None and _CUT_TOKEN.fullmatch(fault.rest.rstrip() or "0")
        )
        if cut_short and fault.msg != "Extra data":
            raise ImportProblem("import.truncated") from fault
        raise ImportProblem("import.not_json", line=fault.lineno, column=fault.colno) from fault
    except ValueError as error:  # NaN or Infinity
        raise ImportProblem("import.not_standard_json") from error


def slices_of(pieces: Iterable[bytes]) -> Iterator[str]:
    """A file's bytes, in pieces, as text, DECODE_BYTES at a time, decoded as file.text() does."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    for piece in pieces:
        view = memoryview(piece)
        for start in range(0, len(piece), DECODE_BYTES):
            yield decoder.decode(view[start : start + DECODE_BYTES])
    yield decoder.decode(b"", final=True)
