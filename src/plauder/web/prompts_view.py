"""The settings' Prompts section: the prompt library (the admin's and the user's) and the editor for the user's.

An admin prompt is shown, not changed: its Edit button opens the editor with its text, and saving makes the
user's own prompt of that name, which stands over the admin's (core/prompt_library.py).
"""

from __future__ import annotations

import asyncio
from html import escape
from typing import Any

from plauder.core.ids import new_id
from plauder.core.prompt_library import Entry, library, prompt_from_form
from plauder.core.records import Prompt
from plauder.web.dom import element, found, now_ms, on
from plauder.web.settings_section import SettingsSection


class PromptsView(SettingsSection):
    def _wire(self) -> None:
        self._admin = self._preset.prompts
        self._editing: str | None = None
        self._editor = element("prompt-editor")
        on(element("add-prompt"), "click", lambda _e: self.edit(None))
        on(element("prompt-list"), "click", self._on_list_click)
        on(element("save-prompt"), "click", lambda _e: asyncio.ensure_future(self._save()))
        on(element("cancel-prompt"), "click", lambda _e: self._editor.close())

    def draw(self) -> None:
        entries = library(self._admin, self._current().prompts)
        items = "".join(self._item(entry) for entry in entries)
        element("prompt-list").innerHTML = items or f'<li class="empty">{escape(self._t("prompts.none_yet"))}</li>'

    def _item(self, entry: Entry) -> str:
        prompt = entry.prompt
        actions = ("edit",) if entry.managed else ("edit", "delete")
        buttons = "".join(
            f'<button type="button" data-action="{action}" aria-label="{escape(self._t(f"prompts.{action}_named", name=prompt.name))}">'
            f"{escape(self._t(f'prompts.{action}'))}</button>"
            for action in actions
        )
        badge = f' <span class="badge">{escape(self._t("settings.managed_badge"))}</span>' if entry.managed else ""
        return (
            f'<li data-id="{escape(prompt.id)}"><span class="name">/{escape(prompt.name)}{badge}</span>'
            f'<span class="preview">{escape(prompt.text.split(chr(10), 1)[0])}</span>{buttons}</li>'
        )

    def _on_list_click(self, event: Any) -> None:
        button = found(event.target.closest("button[data-action]"))
        if button is None:
            return
        prompt_id = str(button.closest("li").dataset.id)
        if button.dataset.action == "edit":
            self.edit(prompt_id)
        else:
            asyncio.ensure_future(self._delete(prompt_id))

    async def _delete(self, prompt_id: str) -> None:
        if await self._on_change(self._current().without_prompt(prompt_id)):
            self.draw()
            element("add-prompt").focus()

    def edit(self, prompt_id: str | None) -> None:
        """Open the editor for one of the user's prompts, a copy of an admin prompt, or a new one."""
        own = next((p for p in self._current().prompts if p.id == prompt_id), None)
        admin = next((p for p in self._admin if p.id == prompt_id), None)
        shown = own or admin or Prompt("", "")
        self._editing = own.id if own else None
        element("prompt-name").value = shown.name
        element("prompt-text").value = shown.text
        element("prompt-status").textContent = ""
        self._editor.showModal()
        element("prompt-name").focus()

    async def _save(self) -> None:
        result = prompt_from_form(
            self._editing or new_id(now_ms()),
            str(element("prompt-name").value),
            str(element("prompt-text").value),
            self._current().prompts,
        )
        if isinstance(result, str):
            element("prompt-status").textContent = self._t(result)
            return
        self._editor.close()
        if await self._on_change(self._current().with_prompt(result)):
            self.draw()
