"""Reading untrusted JSON from a server: a value of the wrong type reads as empty, never raises."""

from __future__ import annotations

from typing import Any


def mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def items(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def text(value: object) -> str:
    return value if isinstance(value, str) else ""


def count(value: object) -> int | None:
    """A token count: a non-negative int (JSON's true and false are not counts)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def names(payload: object, list_key: str, name_key: str) -> list[str] | None:
    """The model names in a listing like {"data": [{"id": ...}]}, or None if `payload` is no listing at all
    (a wrong base URL often answers 200 with something else)."""
    listing = mapping(payload).get(list_key)
    if not isinstance(listing, list):
        return None
    return [name for entry in listing if (name := text(mapping(entry).get(name_key)))]
