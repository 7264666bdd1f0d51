"""The temporary chat's toggle and note (core/temporary.py), and the browser's warning before a tab that
holds one is closed or reloaded (the chat would be gone)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import js

from plauder.core.state import ChatState
from plauder.web.dom import element, on


class TemporaryChat:
    def __init__(
        self, state: Callable[[], ChatState], typed: Callable[[], str], toggle: Callable[[bool], object]
    ) -> None:
        self._state = state
        self._typed = typed
        on(element("temporary-chat"), "click", lambda _event: toggle(not self._state().temporary))
        on(js.window, "beforeunload", self._before_unload)

    def draw(self, state: ChatState) -> None:
        """Offered on a new chat (and on a temporary one, to keep it); the note says what it means."""
        button = element("temporary-chat")
        button.hidden = state.current is not None and not state.temporary
        button.setAttribute("aria-pressed", "true" if state.temporary else "false")
        element("temporary-note").hidden = not state.temporary
        js.document.documentElement.toggleAttribute("data-temporary", state.temporary)

    def _before_unload(self, event: Any) -> None:
        state = self._state()
        if state.temporary and (state.messages or self._typed().strip()):
            event.preventDefault()  # the browser asks whether to leave (its own words, as browsers require)
