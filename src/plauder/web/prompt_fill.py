"""The small form that asks for the variables of a saved prompt (its filled text goes into the message box) or
of a preset's system prompt (the values go with the chosen preset, core/presets.py).

What is asked, with which defaults, and how the text is filled is core's (core/prompt_vars.py); this reads the
browser's clock and language for the built-ins and draws one field per variable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
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


@dataclass(frozen=True)
class Purpose:
    """What the form says the values are for, and its button's text (message keys)."""

    hint: str
    submit: str


FOR_PROMPT = Purpose("prompts.fill_hint", "prompts.fill_insert")  # a saved prompt, into the message box
FOR_PRESET = Purpose("presets.fill_hint", "presets.fill_use")  # a preset's system prompt, for the next new chat


def _nothing() -> None:
    """No one to tell that the form was cancelled."""


class PromptFill:
    def __init__(self, translate: Callable[..., str], language: Callable[[], str]) -> None:
        self._t = translate
        self._language = language
        self._dialog = element("prompt-fill")
        self._fields = element("prompt-fill-fields")
        self._done: Callable[[dict[str, str]], None] | None = None
        self._cancelled: Callable[[], None] = _nothing
        on(element("prompt-fill-form"), "submit", self._submit)
        on(element("prompt-fill-cancel"), "click", lambda _e: self._dialog.close())
        on(self._dialog, "close", self._closed)
        on(self._fields, "keydown", self._key)

    def use(self, prompt: Prompt, done: Callable[[str], None]) -> None:
        """Give `done` the prompt's text filled in: at once when nothing is asked, else after the form."""
        filled = partial(fill, prompt.text)
        self.ask(f"/{prompt.name}", prompt.text, FOR_PROMPT, lambda values: done(filled(values, values)))

    def ask(
        self,
        title: str,
        text: str,
        purpose: Purpose,
        done: Callable[[dict[str, str]], None],
        cancelled: Callable[[], None] = _nothing,
    ) -> None:
        """Give `done` what fills `text`'s variables, the built-ins among them: at once when nothing is asked,
        else after the form, which says what the values are for; `cancelled` runs when the form is closed
        without them."""
        asked = variables(text)
        if not asked:
            done(self._built_ins())
            return
        self._done, self._cancelled = done, cancelled
        element("prompt-fill-title").textContent = title
        element("prompt-fill-hint").textContent = self._t(purpose.hint)
        element("prompt-fill-submit").textContent = self._t(purpose.submit)
        self._fields.innerHTML = "".join(
            f'<label>{escape(v.name)} <textarea rows="2" data-name="{escape(v.name)}">{escape(v.default)}</textarea></label>'
            for v in asked
        )
        self._dialog.showModal()
        first = self._fields.querySelector("textarea")
        first.focus()
        first.select()

    def _built_ins(self) -> dict[str, str]:
        return built_ins(self._language(), self._t("prompts.language_name"))

    def _key(self, event: Any) -> None:
        """Enter inserts, Shift+Enter starts a new line: as in the message box."""
        if event.key == "Enter" and not event.shiftKey and not event.isComposing:
            event.preventDefault()
            element("prompt-fill-form").requestSubmit()

    def _submit(self, event: Any) -> None:
        event.preventDefault()
        values = {str(field.dataset.name): str(field.value) for field in self._fields.querySelectorAll("textarea")}
        done, self._done = self._done, None
        self._dialog.close()
        if done is not None:
            done(values | self._built_ins())

    def _closed(self, _event: Any) -> None:
        """Closed by Cancel or Escape, not by the form's submit: whoever asked is told."""
        if self._done is not None:
            self._done = None
            self._cancelled()
