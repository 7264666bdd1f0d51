"""Quantities as people read them, in the UI's language."""

from __future__ import annotations

_UNITS = ("B", "KB", "MB", "GB", "TB")


def human_size(size: float, language: str) -> str:
    """`size` bytes in decimal units with one decimal, e.g. "1.5 MB" (German "1,5 MB")."""
    value, unit = float(size), 0
    while value >= 1000 and unit < len(_UNITS) - 1:
        value, unit = value / 1000, unit + 1
    text = f"{int(value)}" if unit == 0 else f"{value:.1f}"
    if language == "de":
        text = text.replace(".", ",")
    return f"{text} {_UNITS[unit]}"


def whole_number(count: int, language: str) -> str:
    """`count` with its thousands grouped, e.g. "12,345" (German "12.345")."""
    return f"{count:,}".replace(",", "." if language == "de" else ",")
