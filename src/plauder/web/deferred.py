"""Wheels that load after the app has started: the page is usable first, the extras follow."""

from __future__ import annotations

import importlib
import json

import js
import pyodide_js
from pyodide.ffi import to_js

from plauder.web.dom import element
from plauder.web.import_slices import import_in_slices


async def load_deferred_wheels() -> None:
    """Install the wheels the page lists in #deferred-wheels (from the build, or the service worker's cache),
    then import the modules #deferred-imports lists, a slice at a time.

    The page unpacks them (`plauder_page.install_wheels`), as it does the app wheel: Pyodide's installer
    would unzip them in Python, in tasks of 80 ms, after importing tarfile, zipfile and shutil for it
    (190 ms) on a start that did not. That installer stays the way when the page cannot.
    <html data-renderer-wheels> says which: unpacked or installed."""
    urls = to_js(json.loads(element("deferred-wheels").textContent))
    root = js.document.documentElement
    try:
        # Imported here: the page offers plauder_page, the snapshot worker that imports this module does not, and
        # sysconfig would be one more import before the start.
        import sysconfig

        import plauder_page

        await plauder_page.install_wheels(urls, sysconfig.get_paths()["purelib"])
        importlib.invalidate_caches()
        root.dataset.rendererWheels = "unpacked"
    except Exception:  # noqa: BLE001 - no DecompressionStream, or a wheel it cannot read
        await pyodide_js.loadPackage(urls)
        root.dataset.rendererWheels = "installed"
    await import_in_slices(json.loads(element("deferred-imports").textContent))
