"""The Compare dialog: the models the next messages go to side by side, checked from every backend's list.

Which counts are allowed is core's (core/comparing.compare_with); a refused choice is said in the dialog,
which stays open with the boxes as the user left them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from html import escape

from plauder.core import comparing
from plauder.core.i18n import Translate
from plauder.core.state import Model
from plauder.core.views import model_options
from plauder.web.chat_view import model_choice, parse_model_choice
from plauder.web.dom import element, on
from plauder.web.shell import Shell


class CompareDialog:
    def __init__(self, shell: Shell, t: Translate) -> None:
        self._shell = shell
        self._t = t
        self._dialog = element("compare")
        self._models = element("compare-models")
        self._status = element("compare-status")
        on(element("open-compare"), "click", lambda _e: self.open())
        on(element("compare-cancel"), "click", lambda _e: self._dialog.close())
        on(element("compare-off"), "click", lambda _e: asyncio.ensure_future(self._choose(())))
        on(element("compare-apply"), "click", lambda _e: asyncio.ensure_future(self._choose(self._checked())))

    def open(self) -> None:
        """Every model of every backend, the ones compared now checked."""
        state = self._shell.state
        chosen = set(state.comparing)
        rows = []
        for option in model_options(state.settings, None):
            value = model_choice(option.backend_id, option.model)
            checked = " checked" if (option.backend_id, option.model) in chosen else ""
            rows.append(
                f'<label class="check"><input type="checkbox" value="{escape(value)}"{checked}> '
                f'{escape(option.model)} <span class="hint">{escape(option.group)}</span></label>'
            )
        self._models.innerHTML = "".join(rows)
        self._status.textContent = ""
        self._dialog.showModal()

    def _checked(self) -> list[Model]:
        boxes = self._models.querySelectorAll("input:checked")
        return [choice for box in boxes if (choice := parse_model_choice(str(box.value))) is not None]

    async def _choose(self, models: Sequence[Model]) -> None:
        refusal = comparing.compare_with(self._shell.state, models).notice
        if refusal == comparing.COUNT:
            self._status.textContent = self._t(refusal.key, **refusal.params)
            return
        self._dialog.close()
        await self._shell.run(comparing.compare_with, models)
