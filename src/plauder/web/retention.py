"""Automatic deletion, run by the page: once after the start has drawn, then daily while the page stays open.

What is due is core/retention.py's decision. Its step runs through the shell like any delete, so the store
deletes each conversation with its messages and their files in one transaction (web/store.py), other tabs
hear of it (web/tabs.py), the search index is built anew before the next search (the store's revision moved
on, web/search_index.py), and the list is drawn again, which rewrites the start-up copy (web/first_paint.py).
"""

from __future__ import annotations

import asyncio

import js
from pyodide.ffi import create_proxy

from plauder.core.admin import AdminPreset
from plauder.core.retention import DAY_MS, expire
from plauder.web.shell import Shell


class Retention:
    def __init__(self, shell: Shell, preset: AdminPreset) -> None:
        self._shell = shell
        self._preset = preset
        self._daily = create_proxy(lambda: asyncio.ensure_future(self.run()))

    async def start(self) -> None:
        """Delete what is due now, and again every day from now on."""
        js.setInterval(self._daily, DAY_MS)
        await self.run()

    async def run(self) -> None:
        await self._shell.run(expire, self._preset, self._shell.now_ms())
