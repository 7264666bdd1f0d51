"""Work done in steps: a generator that yields None between its steps and returns its result, so the page can draw
between them (web/exchange_view.py gives the page a turn), while a caller with no page runs it to the end."""

from __future__ import annotations

from collections.abc import Generator
from typing import TypeVar

T = TypeVar("T")
Steps = Generator[None, None, T]


def finished(steps: Steps[T]) -> T:
    """The result of `steps`, all of them run at once."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
