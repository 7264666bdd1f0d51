"""The `/` menu of the message box, after the ARIA combobox pattern: the box keeps the focus and names the
active option (aria-activedescendant) of a listbox filtered as the user types; arrows move, Enter or Tab
picks, Escape closes, a click or a tap picks. What the menu offers is core's (core/prompt_library.py).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import js

from plauder.core.prompt_library import Entry, matching, slash_query
from plauder.web.dom import element, found, js_object, on
from plauder.web.prompt_fill import PromptFill

OPTION_ID = "prompt-option-"


class PromptMenu:
    def __init__(self, entries: Callable[[], tuple[Entry, ...]], fill: PromptFill) -> None:
        self._entries = entries
        self._fill = fill
        self._box = element("prompt")
        self._list = element("prompt-menu")
        self._shown: tuple[Entry, ...] = ()
        self._active = 0
        on(self._box, "input", lambda _e: self._update())
        on(self._box, "keydown", self._key)  # wired before the box's own keys (Enter sends), so it goes first
        on(self._box, "focusout", lambda _e: self._close())
        on(self._list, "mousedown", lambda e: e.preventDefault())  # the box keeps the focus
        on(self._list, "click", self._clicked)

    def _update(self) -> None:
        query = slash_query(str(self._box.value))
        self._shown = () if query is None else matching(self._entries(), query)
        if not self._shown:
            self._close()
            return
        self._active = 0
        self._list.innerHTML = "".join(self._option(index, entry) for index, entry in enumerate(self._shown))
        self._list.hidden = False
        self._mark()

    def _option(self, index: int, entry: Entry) -> str:
        prompt = entry.prompt
        preview = prompt.text.split("\n", 1)[0]
        return (
            f'<li role="option" id="{OPTION_ID}{index}" data-index="{index}" aria-selected="false">'
            f'<span class="name">/{escape(prompt.name)}</span> <span class="preview">{escape(preview)}</span></li>'
        )

    def _mark(self) -> None:
        for option in self._list.querySelectorAll("[role=option]"):
            chosen = int(option.dataset.index) == self._active
            option.setAttribute("aria-selected", "true" if chosen else "false")
            if chosen:
                option.scrollIntoView(js_object({"block": "nearest"}))
        self._box.setAttribute("aria-activedescendant", f"{OPTION_ID}{self._active}")

    def _close(self) -> None:
        self._shown = ()
        self._list.hidden = True
        self._list.innerHTML = ""
        self._box.removeAttribute("aria-activedescendant")

    def _key(self, event: Any) -> None:
        if not self._shown or event.isComposing:
            return
        key = str(event.key)
        if key in ("ArrowDown", "ArrowUp"):
            self._active = (self._active + (1 if key == "ArrowDown" else -1)) % len(self._shown)
            self._mark()
        elif key in ("Enter", "Tab") and not event.shiftKey:
            self._pick(self._shown[self._active])
        elif key == "Escape":
            self._close()
        else:
            return
        event.preventDefault()
        event.stopImmediatePropagation()  # Enter does not send, Escape does not stop an answer

    def _clicked(self, event: Any) -> None:
        option = found(event.target.closest("[role=option]"))
        if option is not None:
            self._pick(self._shown[int(option.dataset.index)])

    def _pick(self, entry: Entry) -> None:
        self._close()
        self._fill.use(entry.prompt, self._put)

    def _put(self, text: str) -> None:
        """The filled prompt goes into the box, to be read and changed before it is sent."""
        box = self._box
        box.value = text
        box.focus()
        box.setSelectionRange(len(text), len(text))
        box.dispatchEvent(js.Event.new("input"))  # the box's other readers (the privacy note) see the text
