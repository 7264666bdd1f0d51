"""The search index (core.search) kept current for this tab: built from the whole store soon after the
start, in slices that leave the page responsive, reused until something was written since, here or in
another tab (then it is built again before the next search). No DOM: web/search_view.py draws.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import js

from plauder.core.records import Conversation, Message
from plauder.core.search import Hit, SearchIndex
from plauder.web.store import Store

BUILD_SLICE = 2000  # messages folded into the index between two yields to the page


class StoredSearch:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._index: SearchIndex | None = None
        self._titles: dict[str, str] = {}
        self._built_at = -1
        self._stale = True
        self._building: asyncio.Future[None] | None = None
        store.saved_listeners.append(self._saved)

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

    def query(self, text: str, limit: int) -> list[Hit]:
        return self._index.query(text, limit) if self._index is not None and text.strip() else []

    def title_of(self, conversation_id: str) -> str:
        return self._titles.get(conversation_id, "")
