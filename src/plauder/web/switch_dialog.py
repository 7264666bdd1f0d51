"""The warning before a conversation moves to a backend of lower trust: a modal dialog that answers whether
the user goes on. Whether to warn and what it says is core's (core/privacy/switching.py)."""

from __future__ import annotations

import asyncio
from typing import Any

from plauder.core.privacy.switching import SwitchWarning
from plauder.web.dom import element, on

CONFIRMED = "switch"


class SwitchDialog:
    def __init__(self) -> None:
        self._dialog = element("switch-warning")
        self._answer: asyncio.Future[bool] | None = None
        on(element("switch-cancel"), "click", lambda _e: self._dialog.close())
        on(element("switch-confirm"), "click", lambda _e: self._dialog.close(CONFIRMED))
        on(self._dialog, "close", self._closed)  # a button, Escape, or the page taking it away

    async def confirm(self, warning: SwitchWarning, language: str) -> bool:
        """Show `warning`; True when the user chose to switch. Cancel has the focus: nothing moves by accident."""
        element("switch-warning-title").textContent = warning.title(language)
        element("switch-warning-text").textContent = warning.text(language)
        self._dialog.returnValue = ""  # Escape closes without setting one
        self._answer = asyncio.get_running_loop().create_future()
        self._dialog.showModal()
        element("switch-cancel").focus()
        return await self._answer

    def _closed(self, _event: Any) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(str(self._dialog.returnValue) == CONFIRMED)
