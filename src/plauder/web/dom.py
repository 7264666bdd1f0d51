"""Small typed helpers over the browser DOM, so the wiring code reads as what it does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import js
from pyodide.ffi import create_proxy, jsnull, to_js


def found(value: Any) -> Any | None:
    """A DOM lookup's result, or None: JavaScript's null reaches Python as `jsnull`, not as None."""
    return None if value is None or value is jsnull else value


def element(element_id: str) -> Any:
    match = found(js.document.getElementById(element_id))
    if match is None:
        raise LookupError(f"the page has no element #{element_id}")
    return match


def on(target: Any, event: str, handler: Callable[[Any], object]) -> None:
    """Attach a Python handler for the life of the page."""
    target.addEventListener(event, create_proxy(handler))


def announce(event: str) -> None:
    """Dispatch a DOM event that the page's own scripts (and tests) listen for."""
    js.document.dispatchEvent(js.CustomEvent.new(event))


def js_object(value: Any) -> Any:
    """A Python value as JavaScript, with dicts as plain objects (what fetch, IndexedDB and the DOM expect)."""
    return to_js(value, dict_converter=js.Object.fromEntries)


def now_ms() -> float:
    """The browser's clock, in milliseconds since the epoch: what every stored time is."""
    return float(js.Date.now())


def local_day(ms: float) -> date:
    """The date at time `ms` where the user is: the browser knows the time zone and its daylight saving."""
    moment = js.Date.new(ms)
    return date(int(moment.getFullYear()), int(moment.getMonth()) + 1, int(moment.getDate()))


def with_id(selector: str, item_id: str) -> str:
    """`selector` narrowed to the element whose data-id is `item_id`, escaped: ids may come from an import."""
    return f'{selector}[data-id="{js.CSS.escape(item_id)}"]'
