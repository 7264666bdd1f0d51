"""Full-text search over all conversations (Ctrl+K): a dialog, its results with highlighted matches.

Queries run on every keystroke against the index web/search_index.py keeps.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from html import escape
from typing import Any

import js

from plauder.core.search import Hit
from plauder.web.dom import element, found, on
from plauder.web.ports import StorageError
from plauder.web.search_index import StoredSearch

RESULTS = 50


class SearchView:
    def __init__(
        self,
        search: StoredSearch,
        translate: Callable[..., str],
        on_choose: Callable[[str, str | None], Awaitable[None]],
    ) -> None:
        self._search = search
        self._t = translate
        self._on_choose = on_choose
        self._dialog = element("search")
        self._input = element("search-input")
        self._results = element("search-results")
        on(self._input, "input", lambda _event: self._show())
        on(self._input, "keydown", self._on_input_key)
        on(self._results, "keydown", self._on_results_key)
        on(self._results, "click", self._on_click)

    async def open(self) -> None:
        if not self._dialog.open:
            self._dialog.showModal()
        self._input.focus()
        self._input.select()
        self._results.setAttribute("aria-busy", "true")
        try:
            await self._search.prepare()
        except StorageError as error:
            self._results.innerHTML = (
                f'<li class="empty">{escape(self._t("search.unreadable", detail=error.name))}</li>'
            )
            return
        finally:
            self._results.removeAttribute("aria-busy")
        self._show()

    def _show(self) -> None:
        text = str(self._input.value)
        hits = self._search.query(text, RESULTS)
        items = "".join(self._item(hit) for hit in hits)
        if text.strip() and not hits:
            items = f'<li class="empty">{escape(self._t("search.no_results"))}</li>'
        self._results.innerHTML = items

    def _item(self, hit: Hit) -> str:
        message = f' data-message="{escape(hit.message_id)}"' if hit.message_id is not None else ""
        title = escape(self._search.title_of(hit.conversation_id) or self._t("conversation.untitled"))
        parts = "".join(
            f"<mark>{escape(text)}</mark>" if is_match else f"<span>{escape(text)}</span>"
            for text, is_match in hit.segments
        )
        where = escape(" · " + self._t("search.in_title")) if hit.message_id is None else ""
        return (
            f'<li><button type="button" class="hit" data-conversation="{escape(hit.conversation_id)}"{message}>'
            f'<strong>{title}</strong><span class="snippet">{parts}{where}</span></button></li>'
        )

    def _choose(self, button: Any) -> None:
        message = found(button.getAttribute("data-message"))
        self._dialog.close()
        asyncio.ensure_future(self._on_choose(str(button.dataset.conversation), message))

    def _on_click(self, event: Any) -> None:
        button = found(event.target.closest("button.hit"))
        if button is not None:
            self._choose(button)

    def _on_input_key(self, event: Any) -> None:
        first = found(self._results.querySelector("button.hit"))
        if event.key == "Escape":  # a search field would only clear itself: close the dialog at once
            event.preventDefault()
            self._dialog.close()
        elif event.key == "ArrowDown" and first is not None:
            event.preventDefault()
            first.focus()
        elif event.key == "Enter" and first is not None:
            event.preventDefault()
            self._choose(first)

    def _on_results_key(self, event: Any) -> None:
        """Up and down move between results; Enter (native on a button) opens one."""
        if event.key not in ("ArrowDown", "ArrowUp"):
            return
        event.preventDefault()
        buttons = list(self._results.querySelectorAll("button.hit"))
        current = next((i for i, b in enumerate(buttons) if b == js.document.activeElement), None)
        if current is None:
            return
        step = 1 if event.key == "ArrowDown" else -1
        if 0 <= current + step < len(buttons):
            buttons[current + step].focus()
        elif step < 0:
            self._input.focus()
