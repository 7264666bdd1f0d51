"""Wheels that load after the app has started: the page is usable first, the extras follow."""

from __future__ import annotations

import json

import pyodide_js
from pyodide.ffi import to_js

from plauder.web.dom import element
from plauder.web.import_slices import import_in_slices


async def load_deferred_wheels() -> None:
    """Install the wheels the page lists in #deferred-wheels (from the build, or the service worker's cache),
    then import the modules #deferred-imports lists, a slice at a time."""
    urls = json.loads(element("deferred-wheels").textContent)
    await pyodide_js.loadPackage(to_js(urls))
    await import_in_slices(json.loads(element("deferred-imports").textContent))
