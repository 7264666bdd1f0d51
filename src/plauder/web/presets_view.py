"""Prompt presets: the list and editor in settings, and the choice of one for a new chat."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from html import escape
from typing import Any

from plauder.core.ids import new_id
from plauder.core.presets import preset_from_form
from plauder.core.records import Preset, Settings
from plauder.core.views import model_options
from plauder.web.chat_view import fill_model_select, model_choice, parse_model_choice
from plauder.web.dom import element, found, now_ms, on


class PresetsView:
    def __init__(
        self,
        translate: Callable[[str], str],
        current: Callable[[], Settings],
        on_change: Callable[[Settings], Awaitable[object]],
        on_choose: Callable[[str | None], object],
    ) -> None:
        self._t = translate
        self._current = current
        self._on_change = on_change
        self._editing: str | None = None
        self._editor = element("preset-editor")
        on(element("add-preset"), "click", lambda _e: self.edit(None))
        on(element("preset-list"), "click", self._on_list_click)
        on(element("save-preset"), "click", lambda _e: asyncio.ensure_future(self._save()))
        on(element("cancel-preset"), "click", lambda _e: self._editor.close())
        on(element("preset-select"), "change", lambda e: on_choose(str(e.target.value) or None))

    def draw(self, settings: Settings, chosen: str | None, for_new_chat: bool) -> None:
        """The list in settings, and the picker for a new chat (shown only then, and only with presets)."""
        items = "".join(self._item(preset) for preset in settings.presets)
        element("preset-list").innerHTML = items or f'<li class="empty">{escape(self._t("presets.none_yet"))}</li>'
        picker = element("preset-select")
        picker.hidden = not (for_new_chat and settings.presets)
        options = [f'<option value="">{escape(self._t("presets.no_preset"))}</option>']
        for preset in settings.presets:
            selected = " selected" if preset.id == chosen else ""
            options.append(f'<option value="{escape(preset.id)}"{selected}>{escape(preset.name)}</option>')
        picker.innerHTML = "".join(options)

    def _item(self, preset: Preset) -> str:
        buttons = "".join(
            f'<button type="button" data-action="{action}">{escape(self._t(f"presets.{action}"))}</button>'
            for action in ("edit", "delete")
        )
        return f'<li data-id="{escape(preset.id)}"><span class="name">{escape(preset.name)}</span>{buttons}</li>'

    def _on_list_click(self, event: Any) -> None:
        button = found(event.target.closest("button[data-action]"))
        if button is None:
            return
        preset_id = str(button.closest("li").dataset.id)
        if button.dataset.action == "edit":
            self.edit(preset_id)
        else:
            asyncio.ensure_future(self._on_change(self._current().without_preset(preset_id)))

    def edit(self, preset_id: str | None) -> None:
        """Open the editor for a preset, or for a new one."""
        settings = self._current()
        preset = settings.preset(preset_id) or Preset("", "")
        self._editing = preset_id
        element("preset-name").value = preset.name
        element("preset-system-prompt").value = preset.system_prompt
        element("preset-temperature").value = "" if preset.temperature is None else str(preset.temperature)
        element("preset-max-tokens").value = "" if preset.max_tokens is None else str(preset.max_tokens)
        selected = (preset.backend_id, preset.model) if preset.backend_id and preset.model else None
        select = element("preset-model")
        fill_model_select(select, model_options(settings, selected), self._t("presets.default_model"), keep_empty=True)
        select.value = model_choice(*selected) if selected else ""
        element("preset-status").textContent = ""
        self._editor.showModal()
        element("preset-name").focus()

    async def _save(self) -> None:
        result = preset_from_form(
            self._editing or new_id(now_ms()),
            str(element("preset-name").value),
            str(element("preset-system-prompt").value),
            parse_model_choice(str(element("preset-model").value)),
            str(element("preset-temperature").value),
            str(element("preset-max-tokens").value),
        )
        if isinstance(result, str):
            element("preset-status").textContent = self._t(result)
            return
        self._editor.close()
        await self._on_change(self._current().with_preset(result))
