"""The settings' Python code section: where code blocks run, and the time limit of a run (core/running/runs.py)."""

from __future__ import annotations

import asyncio

from plauder.core.running import DEFAULT_SECONDS, MAX_SECONDS, MEMORY_MB
from plauder.core.running.runs import time_limit, typed_seconds, with_time_limit
from plauder.web.dom import element, on
from plauder.web.settings_section import SettingsSection


class CodeSettingsView(SettingsSection):
    def _wire(self) -> None:
        self._seconds = element("code-seconds")
        self._status = element("code-status")
        on(element("save-code-seconds"), "click", lambda _e: asyncio.ensure_future(self._save()))

    def draw(self) -> None:
        element("code-hint").textContent = self._t("code.hint", mb=MEMORY_MB)
        self._seconds.value = str(time_limit(self._current()))
        self._status.textContent = ""

    async def _save(self) -> None:
        seconds = typed_seconds(str(self._seconds.value))
        if seconds is None:
            self._status.textContent = self._t("code.unreadable", max=MAX_SECONDS, default=DEFAULT_SECONDS)
            return
        if await self._on_change(with_time_limit(self._current(), seconds)):
            self._seconds.value = str(seconds)
            self._status.textContent = self._t("code.saved", seconds=seconds)
