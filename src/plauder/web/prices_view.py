"""The settings' Prices section: the user's price per model (per million prompt and answer tokens), over the
admin's. The admin's currency stands when the build config names one; the user's own prices are in it."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from plauder.core.prices import PriceTable, read_lines, written_lines
from plauder.web.dom import element, on
from plauder.web.settings_section import SettingsSection


class PricesView(SettingsSection):
    def _wire(self) -> None:
        self._admin = self._preset.prices
        self._models = element("prices-models")
        self._currency = element("prices-currency")
        self._status = element("prices-status")
        on(element("save-prices"), "click", lambda _e: asyncio.ensure_future(self._save()))

    def draw(self) -> None:
        own = self._current().prices
        self._models.value = written_lines(own.models)
        self._currency.value = self._admin.currency or own.currency
        self._currency.readOnly = bool(self._admin.currency)
        self._status.textContent = ""
        count = len(self._admin.models)
        admin = element("prices-admin")
        admin.hidden = not count
        key = "prices.admin_one" if count == 1 else "prices.admin_many"
        admin.textContent = self._t(key, count=count, currency=self._admin.currency)

    async def _save(self) -> None:
        read = read_lines(str(self._models.value))
        if read.unreadable:
            self._status.textContent = self._t("prices.unreadable", lines=", ".join(map(str, read.unreadable)))
            return
        table = PriceTable(str(self._currency.value).strip(), read.models)
        if await self._on_change(replace(self._current(), prices=table)):
            self._models.value = written_lines(table.models)
            count = len(table.models)
            self._status.textContent = self._t("prices.saved_one" if count == 1 else "prices.saved_many", count=count)
