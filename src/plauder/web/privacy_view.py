"""The settings' Privacy section: the user's own list of names the guard replaces, beside the admin's,
and what happens to a message with findings per trust level (locked when the admin says so).

A list, not a detector: no pattern tells a customer's name from any other word, so the section says
plainly that a name in neither list goes out as typed.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from plauder.core.privacy.policy import action_for
from plauder.core.privacy.terms import listed
from plauder.core.privacy.trust import Action, Trust
from plauder.web.dom import element, on
from plauder.web.settings_section import SettingsSection


class PrivacyView(SettingsSection):
    def _wire(self) -> None:
        self._names = element("privacy-names")
        on(element("save-privacy-names"), "click", lambda _e: asyncio.ensure_future(self._save()))
        on(element("privacy-policy"), "change", lambda event: asyncio.ensure_future(self._choose(event)))

    def draw(self) -> None:
        self._names.value = "\n".join(self._current().privacy_names)
        element("privacy-status").textContent = ""
        admin = element("privacy-admin-names")
        count = len(self._preset.privacy_names)
        admin.hidden = not count
        admin.textContent = self._t(
            "privacy.admin_names_one" if count == 1 else "privacy.admin_names_many", count=count
        )
        locked = self._preset.locked("privacy")
        element("privacy-locked").hidden = not locked
        element("privacy-policy-status").textContent = ""
        for level in Trust:
            select = element(f"privacy-policy-{level}")
            select.value = str(action_for(level, self._current(), self._preset))
            select.disabled = locked

    async def _choose(self, event: Any) -> None:
        level, action = Trust(str(event.target.dataset.level)), Action(str(event.target.value))
        settings = self._current()
        if await self._on_change(replace(settings, privacy_policy={**settings.privacy_policy, level: action})):
            element("privacy-policy-status").textContent = self._t("privacy.policy_saved")

    async def _save(self) -> None:
        names = listed(str(self._names.value))
        if await self._on_change(replace(self._current(), privacy_names=names)):
            self._names.value = "\n".join(names)
            key = "privacy.names_saved_one" if len(names) == 1 else "privacy.names_saved_many"
            element("privacy-status").textContent = self._t(key, count=len(names))
