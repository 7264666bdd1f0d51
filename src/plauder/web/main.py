"""Brings the rendered shell to life once Python is ready."""

from __future__ import annotations

import asyncio
import json
import sys

import js
import pyodide

from plauder.core import i18n
from plauder.core.admin import AdminPreset, apply_preset
from plauder.core.schema import VERSION
from plauder.web.app import App
from plauder.web.dom import announce, element
from plauder.web.first_paint import painted_conversation
from plauder.web.idb import MigrationFailed
from plauder.web.ports import StorageError
from plauder.web.storage_info import request_persistence
from plauder.web.store import Store


async def start() -> None:
    """Load settings and the conversation list, wire the controls, then tell the page Python is ready.

    Each stage leaves a performance mark (plauder:app-start, plauder:stored-read, plauder:drawn), so that
    bench/boot.py can say where a start spends its time."""
    js.performance.mark("plauder:app-start")
    language = js.document.documentElement.lang or i18n.DEFAULT_LANGUAGE
    root = js.document.documentElement
    preset = AdminPreset.from_record(json.loads(element("admin-preset").textContent)).named_in(language)

    def say(key: str, **params: object) -> None:
        notice = element("notice")
        notice.textContent = i18n.translate(language, key, **params) if key else ""
        notice.hidden = not key

    try:
        store = await Store.open(on_blocked=lambda: say("storage.blocked"), on_replaced=lambda: say("storage.replaced"))
        say("")
        stored = await store.settings()
        # Sealed conversations are read once the unlock dialog (shown below) has opened them.
        sealed = store.locked and store.seals_conversations
        conversations = [] if sealed else await store.conversations()
        folders = [] if sealed else await store.folders()  # read before the first draw: the sidebar is drawn once
        settings = apply_preset(stored, preset)
        if settings != stored:
            await store.save_settings(settings)
    except MigrationFailed as error:
        say("storage.migration_failed", old=error.old_version, new=VERSION, detail=error.detail)
        announce("plauder:ready")
        return
    except StorageError as error:
        say("storage.unavailable", detail=error.name)
        announce("plauder:ready")
        return
    painted = painted_conversation()
    reopened = None
    if painted is not None and any(conversation.id == painted for conversation in conversations):
        try:
            reopened = (painted, await store.messages(painted))
        except StorageError:
            reopened = None  # the list is there; the conversation opens on a click, which says what is wrong
    js.performance.mark("plauder:stored-read")
    app = App(language, store, preset, settings, conversations, folders, reopened)
    app.wire()
    app.draw()
    js.performance.mark("plauder:drawn")
    element("python-version").textContent = f"Python {sys.version.split()[0]}, Pyodide {pyodide.__version__}"
    for control in js.document.querySelectorAll("[data-needs-python]"):
        control.disabled = False
    announce("plauder:ready")
    asyncio.ensure_future(request_persistence())
    asyncio.ensure_future(app.warm_up())
    if store.locked:
        app.lock.ask()
    if root.hasAttribute("data-pending-send"):
        root.removeAttribute("data-pending-send")
        element("boot-pending").hidden = True
        if not store.seals_conversations or not store.locked:  # else the text waits in the box for the unlock
            await app.chat.send()


def main() -> None:
    asyncio.ensure_future(start())
