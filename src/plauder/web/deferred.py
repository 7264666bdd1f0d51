"""Wheels that load after the app has started: the page is usable first, the extras follow."""

from __future__ import annotations

import json

import pyodide_js
from pyodide.ffi import to_js

from plauder.web.dom import element


async def load_deferred_wheels() -> None:
    """Install the wheels the page lists in #deferred-wheels (from the build, or the service worker's cache)."""
    urls = json.loads(element("deferred-wheels").textContent)
    await pyodide_js.loadPackage(to_js(urls))
