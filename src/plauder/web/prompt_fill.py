"""The small form that asks for a prompt's variables; the filled text goes to whoever asked (the message box).

What is asked, with which defaults, and how the text is filled is core's (core/prompt_vars.py); this reads the
browser's clock and language for the built-ins and draws one field per variable.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import js

from plauder.core.prompt_vars import fill, variables
from plauder.core.records import Prompt
from plauder.web.dom import element, js_object, on


def built_ins(language: str, language_name: str) -> dict[str, str]:
    """{{date}}, {{time}} and {{language}} now: the date and time as the user reads them, in the UI language."""
    now = js.Date.new()
    date = js.Intl.DateTimeFormat.new(language, js_object({"dateStyle": "full"})).format(now)
    time = js.Intl.DateTimeFormat.new(language, js_object({"timeStyle": "short"})).format(now)
    return {"date": str(date), "time": str(time), "language": language_name}


class PromptFill:
    def __init__(self, translate: Callable[..., str], language: Callable[[], str]) -> None:
        self._t = translate
        self._language = language
        self._dialog = element("prompt-fill")
        self._fields = element("prompt-fill-fields")
        self._text = ""
        self._done: Callable[[str], None] | None = None
        on(element("prompt-fill-form"), "submit", self._submit)
        on(element("prompt-fill-cancel"), "click", lambda _e: self._dialog.close())
        on(self._fields, "keydown", self._key)

    def use(self, prompt: Prompt, done: Callable[[str], None]) -> None:
        """Give `done` the prompt's text filled in: at once when nothing is asked, else after the form."""
        asked = variables(prompt.text)
        if not asked:
            done(self._filled(prompt.text, {}))
            return
        self._text, self._done = prompt.text, done
        element("prompt-fill-title").textContent = f"/{prompt.name}"
        self._fields.innerHTML = "".join(
            f'<label>{escape(v.name)} <textarea rows="2" data-name="{escape(v.name)}">{escape(v.default)}</textarea></label>'
            for v in asked
        )
        self._dialog.showModal()
        first = self._fields.querySelector("textarea")
        first.focus()
        first.select()

    def _filled(self, text: str, values: dict[str, str]) -> str:
        return fill(text, values, built_ins(self._language(), self._t("prompts.language_name")))

    def _key(self, event: Any) -> None:
        """Enter inserts, Shift+Enter starts a new line: as in the message box."""
        if event.key == "Enter" and not event.shiftKey and not event.isComposing:
            event.preventDefault()
            element("prompt-fill-form").requestSubmit()

    def _submit(self, event: Any) -> None:
        event.preventDefault()
        values = {str(field.dataset.name): str(field.value) for field in self._fields.querySelectorAll("textarea")}
        self._dialog.close()
        if self._done is not None:
            self._done(self._filled(self._text, values))
