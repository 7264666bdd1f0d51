"""Small typed helpers over the browser DOM, so the wiring code reads as what it does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_proxy, jsnull


def found(value: Any) -> Any | None:
    """A DOM lookup's result, or None: JavaScript's null reaches Python as `jsnull`, not as None."""
    return None if value is None or value is jsnull else value


def element(element_id: str) -> Any:
    match = found(js.document.getElementById(element_id))
    if match is None:
        raise LookupError(f"the page has no element #{element_id}")
    return match


def on(target: Any, event: str, handler: Callable[[Any], None]) -> None:
    """Attach a Python handler for the life of the page."""
    target.addEventListener(event, create_proxy(handler))


def announce(event: str) -> None:
    """Dispatch a DOM event that the page's own scripts (and tests) listen for."""
    js.document.dispatchEvent(js.CustomEvent.new(event))
