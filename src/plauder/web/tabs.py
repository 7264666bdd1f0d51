"""Other tabs of Plauder: what this tab stored is announced, what they stored is heard.

Each record is its own IndexedDB entry, so two tabs writing at once lose nothing; this channel
only lets each tab show the other's changes without a reload. Messages carry ids, never content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import js
from pyodide.ffi import create_proxy

from plauder.web.dom import js_object

CHANNEL = "plauder-changes"


class Changed(StrEnum):
    SETTINGS = "settings"
    LOCK = "lock"
    CONVERSATION = "conversation"


@dataclass(frozen=True)
class Change:
    what: Changed
    conversation_id: str | None = None


class Tabs:
    def __init__(self) -> None:
        self._channel = js.BroadcastChannel.new(CHANNEL)

    def announce(self, change: Change) -> None:
        message = {"what": str(change.what), "conversation_id": change.conversation_id}
        self._channel.postMessage(js_object(message))

    def listen(self, handler: Callable[[Change], object]) -> None:
        """Call `handler` for every change another tab announces (a tab never hears itself)."""

        def heard(event: object) -> None:
            data = getattr(event, "data", None)
            what = getattr(data, "what", None)
            if what in set(Changed):
                handler(Change(Changed(what), getattr(data, "conversation_id", None)))

        self._channel.onmessage = create_proxy(heard)
