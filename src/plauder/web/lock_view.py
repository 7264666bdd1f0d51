"""The passphrase lock's part of settings, and the unlock dialog at start: drawn from the lock's state,
with what the user does handed to web/locking.py."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from plauder.web.dom import element, on


@dataclass(frozen=True)
class LockState:
    exists: bool  # a lock is set
    closed: bool  # ... and this session has not opened it
    seals_conversations: bool


class LockView:
    def __init__(
        self,
        translate: Callable[[str], str],
        state: Callable[[], LockState],
        on_apply: Callable[[str, str, bool], Awaitable[None]],
        on_remove: Callable[[], Awaitable[None]],
        on_unlock: Callable[[str], Awaitable[None]],
    ) -> None:
        self._t = translate
        self._state = state
        on(element("lock-apply"), "click", lambda _e: asyncio.ensure_future(on_apply(*self._new_lock())))
        on(element("lock-remove"), "click", lambda _e: asyncio.ensure_future(on_remove()))
        on(element("lock-unlock"), "click", lambda _e: self.ask())

        def unlock() -> None:
            asyncio.ensure_future(on_unlock(str(element("unlock-passphrase").value)))

        on(element("unlock-apply"), "click", lambda _e: unlock())
        on(element("unlock-skip"), "click", lambda _e: element("unlock").close())
        on(element("unlock-passphrase"), "keydown", lambda event: self._on_key(event, unlock))
        on(element("unlock"), "cancel", self._on_cancel)

    def _new_lock(self) -> tuple[str, str, bool]:
        """The settings form's passphrase, its repetition, and whether conversations are sealed too."""
        return (
            str(element("lock-passphrase").value),
            str(element("lock-repeat").value),
            bool(element("lock-conversations").checked),
        )

    def _on_cancel(self, event: Any) -> None:
        """Sealed conversations cannot be used without the passphrase: Esc does not skip it."""
        if self._state().seals_conversations:
            event.preventDefault()

    def _on_key(self, event: Any, unlock: Callable[[], object]) -> None:
        if event.key == "Enter":
            event.preventDefault()
            unlock()

    def status(self, element_id: str, key: str) -> None:
        element(element_id).textContent = self._t(key) if key else ""

    def draw(self) -> None:
        state = self._state()
        key = "lock.state_off" if not state.exists else "lock.state_locked" if state.closed else "lock.state_on"
        self.status("lock-state", key + ("_all" if state.seals_conversations else ""))
        element("lock-set").hidden = state.closed
        element("lock-remove").hidden = not state.exists or state.closed
        element("lock-unlock").hidden = not state.closed

    def ask(self) -> None:
        """The unlock dialog (at start, when a lock exists; later from settings)."""
        self.status("unlock-status", "")
        sealed = self._state().seals_conversations
        self.status("unlock-text", "lock.unlock_text_all" if sealed else "lock.unlock_text")
        element("unlock-skip").hidden = sealed
        element("unlock-passphrase").value = ""
        element("unlock").showModal()
        element("unlock-passphrase").focus()

    def unlocked(self) -> None:
        element("unlock-passphrase").value = ""
        element("unlock").close()
        self.draw()

    def wrong_passphrase(self) -> None:
        self.status("unlock-status", "lock.wrong")
        element("unlock-passphrase").select()

    def lock_set(self, key: str) -> None:
        element("lock-passphrase").value = element("lock-repeat").value = ""
        self.status("lock-status", key)
        self.draw()
