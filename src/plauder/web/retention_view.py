"""The settings' automatic deletion (in Storage): the user's number of days, over the admin's default, or
the admin's alone when locked. Deleting is core/retention.py's, run by web/retention.py."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from plauder.core.retention import MAX_DAYS, retention_days, typed_days
from plauder.web.dom import element, on
from plauder.web.settings_section import SettingsSection


class RetentionView(SettingsSection):
    def _wire(self) -> None:
        self._days = element("retention-days")
        self._status = element("retention-status")
        on(element("save-retention"), "click", lambda _e: asyncio.ensure_future(self._save()))

    def draw(self) -> None:
        days = retention_days(self._current(), self._preset)
        self._days.value = str(days or "")
        locked = self._preset.locked("retention")
        self._days.disabled = locked
        element("save-retention").disabled = locked
        element("retention-locked").hidden = not locked
        admin = element("retention-admin")
        admin.hidden = locked or self._preset.retention_days is None
        admin.textContent = self._t("retention.admin", days=self._preset.retention_days)
        self._status.textContent = ""

    async def _save(self) -> None:
        days = typed_days(str(self._days.value))
        if days is None:
            self._status.textContent = self._t("retention.unreadable", max=MAX_DAYS)
            return
        if await self._on_change(replace(self._current(), retention_days=days)):
            self._days.value = str(days or "")
            self._status.textContent = self._t("retention.saved", days=days) if days else self._t("retention.saved_off")
