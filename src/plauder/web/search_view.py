"""Full-text search over all conversations (Ctrl+K): a dialog, its results with highlighted matches.

The index (core.search) is built from the whole store soon after the start, in slices that leave
the page responsive, and is reused until something was written since, here or in another tab (then
it is built again when the dialog opens); queries run on every keystroke.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from html import escape
from typing import Any

import js

from plauder.core.records import Conversation, Message
from plauder.core.search import Hit, SearchIndex
from plauder.web.dom import element, found, on
from plauder.web.ports import StorageError
from plauder.web.store import Store

RESULTS = 50
BUILD_SLICE = 2000  # messages folded into the index between two yields to the page


class SearchView:
    def __init__(
        self,
        store: Store,
        translate: Callable[..., str],
        on_choose: Callable[[str, str | None], Awaitable[None]],
    ) -> None:
        self._store = store
        self._t = translate
        self._on_choose = on_choose
        self._dialog = element("search")
        self._input = element("search-input")
        self._results = element("search-results")
        self._index: SearchIndex | None = None
        self._titles: dict[str, str] = {}
        self._built_at = -1
        self._stale = True
        self._building: asyncio.Future[None] | None = None
        store.saved_listeners.append(self._saved)
        on(self._input, "input", lambda _event: self._show())
        on(self._input, "keydown", self._on_input_key)
        on(self._results, "keydown", self._on_results_key)
        on(self._results, "click", self._on_click)

    def _saved(self, conversation: Conversation | None, messages: Sequence[Message]) -> None:
        """Keep a current index current through this tab's saves; anything else makes it stale."""
        if self._index is None or self._building is not None or self._stale:
            return
        if self._built_at != self._store.revision - 1:
            return  # another write came in between: the next search builds anew
        if conversation is not None:
            self._index.put_conversation(conversation)
            self._titles[conversation.id] = conversation.title
        for message in messages:
            self._index.put_message(message)
        self._built_at = self._store.revision

    def invalidate(self) -> None:
        """Another tab stored something: rebuild before the next search."""
        self._stale = True

    async def open(self) -> None:
        if not self._dialog.open:
            self._dialog.showModal()
        self._input.focus()
        self._input.select()
        self._results.setAttribute("aria-busy", "true")
        try:
            await self.prepare()
        except StorageError as error:
            self._results.innerHTML = (
                f'<li class="empty">{escape(self._t("search.unreadable", detail=error.name))}</li>'
            )
            return
        finally:
            self._results.removeAttribute("aria-busy")
        self._show()

    async def prepare(self) -> None:
        """Have a current index: build one unless it is fresh (a build under way is awaited, not repeated).

        Sealed conversations cannot be read before the unlock: then there is nothing to search yet.
        """
        if self._store.locked and self._store.seals_conversations:
            return
        if self._building is None and (self._index is None or self._stale or self._built_at != self._store.revision):
            self._building = asyncio.ensure_future(self._build())
        if self._building is not None:
            try:
                await self._building
            finally:
                self._building = None

    async def _build(self) -> None:
        revision = self._store.revision
        conversations = await self._store.conversations()
        index = SearchIndex()
        for conversation in conversations:
            index.put_conversation(conversation)
        for number, text in enumerate(await self._store.message_texts(), start=1):
            index.put_text(text)
            if number % BUILD_SLICE == 0:
                await asyncio.sleep(0)  # let the page handle input between slices
        self._index = index
        self._titles = {conversation.id: conversation.title for conversation in conversations}
        self._built_at, self._stale = revision, False
        js.performance.mark("plauder:search-ready")  # what bench/scale.py waits for

    def _show(self) -> None:
        text = str(self._input.value)
        hits = self._index.query(text, RESULTS) if self._index is not None and text.strip() else []
        items = "".join(self._item(hit) for hit in hits)
        if text.strip() and not hits:
            items = f'<li class="empty">{escape(self._t("search.no_results"))}</li>'
        self._results.innerHTML = items

    def _item(self, hit: Hit) -> str:
        message = f' data-message="{escape(hit.message_id)}"' if hit.message_id is not None else ""
        title = escape(self._titles.get(hit.conversation_id, "") or self._t("conversation.untitled"))
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
