"""Type checks on decoded JSON that name the path of a bad field, for every import format.

A path reads like `conversations[3].messages[7].role`, so the user (or whoever wrote the file)
can find the very field that is wrong.
"""

from __future__ import annotations

from typing import Any

from plauder.core.exchange.problem import ImportProblem

# The largest integer a JavaScript number, and so IndexedDB, holds exactly: beyond it numbers lose
# digits or become BigInts in the browser, which JSON.stringify refuses. (JSON's 1e400 reads as infinity.)
MAX_SAFE_INTEGER = 2**53 - 1


def invalid(path: str) -> ImportProblem:
    return ImportProblem("import.invalid", path=path or "(top level)")


def is_number(value: Any) -> bool:
    """A JSON number: int or float, but not a bool (which Python counts as an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_storable(value: Any) -> bool:
    """A JSON number the browser holds exactly: within ±MAX_SAFE_INTEGER (so neither NaN nor infinite)."""
    return is_number(value) and bool(abs(value) <= MAX_SAFE_INTEGER)


def check_number(value: Any, path: str) -> float:
    """`value` as a float; `import.invalid` if it is no number, `import.bad_value` if it is not storable."""
    if not is_number(value):
        raise invalid(path)
    if not is_storable(value):
        raise ImportProblem("import.bad_value", path=path)
    return float(value)


def expect_object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(path)
    return value


def expect_list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise invalid(path)
    return value


def expect_text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise invalid(path)
    return value


def optional_text(value: Any, path: str) -> str | None:
    return None if value is None else expect_text(value, path)


def optional_number(value: Any, path: str) -> float | None:
    return None if value is None else check_number(value, path)
