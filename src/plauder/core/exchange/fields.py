"""Type checks on decoded JSON that name the path of a bad field, for every import format.

A path reads like `conversations[3].messages[7].role`, so the user (or whoever wrote the file)
can find the very field that is wrong.
"""

from __future__ import annotations

from typing import Any

from plauder.core.exchange.problem import ImportProblem


def invalid(path: str) -> ImportProblem:
    return ImportProblem("import.invalid", path=path or "(top level)")


def is_number(value: Any) -> bool:
    """A JSON number: int or float, but not a bool (which Python counts as an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


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
    if value is None:
        return None
    if not is_number(value):
        raise invalid(path)
    return float(value)
