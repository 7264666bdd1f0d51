"""Brings the rendered shell to life once Python is ready."""

from __future__ import annotations

import asyncio
import sys

import js
import pyodide

from plauder.core import i18n
from plauder.web.app import App
from plauder.web.dom import announce, element
from plauder.web.idb import StorageError
from plauder.web.store import Store


async def start() -> None:
    """Load settings and the conversation list, wire the controls, then tell the page Python is ready."""
    language = js.document.documentElement.lang or i18n.DEFAULT_LANGUAGE
    root = js.document.documentElement
    try:
        store = await Store.open()
        settings, conversations = await store.settings(), await store.conversations()
    except StorageError as error:
        notice = element("notice")
        notice.textContent = i18n.translate(language, "storage.unavailable", detail=error.name)
        notice.hidden = False
        announce("plauder:ready")
        return
    app = App(language, store, settings, conversations)
    app.wire()
    app.draw_all()
    element("python-version").textContent = f"Python {sys.version.split()[0]}, Pyodide {pyodide.__version__}"
    for control in js.document.querySelectorAll("[data-needs-python]"):
        control.disabled = False
    announce("plauder:ready")
    if root.hasAttribute("data-pending-send"):
        root.removeAttribute("data-pending-send")
        element("boot-pending").hidden = True
        await app.send()


def main() -> None:
    asyncio.ensure_future(start())
