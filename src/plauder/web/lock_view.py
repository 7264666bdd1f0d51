"""The passphrase lock in settings, and the unlock dialog at start."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from plauder.core.lock import passphrase_problem
from plauder.core.records import Settings
from plauder.web.crypto import WrongPassphrase
from plauder.web.dom import element, on
from plauder.web.ports import StorageError
from plauder.web.store import Store


class LockView:
    """Sets, removes and opens the lock; hands unlocked settings (with their keys) to `on_unlocked`."""

    def __init__(
        self,
        store: Store,
        translate: Callable[[str], str],
        current: Callable[[], Settings],
        on_unlocked: Callable[[Settings], Awaitable[None]],
    ) -> None:
        self._store = store
        self._t = translate
        self._current = current
        self._on_unlocked = on_unlocked
        on(element("lock-apply"), "click", lambda _e: asyncio.ensure_future(self.apply()))
        on(element("lock-remove"), "click", lambda _e: asyncio.ensure_future(self.remove()))
        on(element("lock-unlock"), "click", lambda _e: self.ask())
        on(element("unlock-apply"), "click", lambda _e: asyncio.ensure_future(self.unlock()))
        on(element("unlock-skip"), "click", lambda _e: element("unlock").close())
        on(element("unlock-passphrase"), "keydown", self._on_key)
        on(element("unlock"), "cancel", self._on_cancel)

    def _on_cancel(self, event: Any) -> None:
        """Sealed conversations cannot be used without the passphrase: Esc does not skip it."""
        if self._store.seals_conversations:
            event.preventDefault()

    def _on_key(self, event: Any) -> None:
        if event.key == "Enter":
            event.preventDefault()
            asyncio.ensure_future(self.unlock())

    def _status(self, element_id: str, key: str) -> None:
        element(element_id).textContent = self._t(key) if key else ""

    def draw(self) -> None:
        store = self._store
        state = "lock.state_off" if store.lock is None else "lock.state_locked" if store.locked else "lock.state_on"
        self._status("lock-state", state + ("_all" if store.seals_conversations else ""))
        element("lock-set").hidden = store.locked
        element("lock-remove").hidden = store.lock is None or store.locked
        element("lock-unlock").hidden = not store.locked

    def ask(self) -> None:
        """The unlock dialog (at start, when a lock exists; later from settings)."""
        self._status("unlock-status", "")
        sealed = self._store.seals_conversations
        self._status("unlock-text", "lock.unlock_text_all" if sealed else "lock.unlock_text")
        element("unlock-skip").hidden = sealed
        element("unlock-passphrase").value = ""
        element("unlock").showModal()
        element("unlock-passphrase").focus()

    async def unlock(self) -> None:
        passphrase = str(element("unlock-passphrase").value)
        try:
            settings = await self._store.unlock(passphrase)
        except WrongPassphrase:
            self._status("unlock-status", "lock.wrong")
            element("unlock-passphrase").select()
            return
        element("unlock-passphrase").value = ""
        element("unlock").close()
        self.draw()
        await self._on_unlocked(settings)

    async def apply(self) -> None:
        passphrase, repeated = str(element("lock-passphrase").value), str(element("lock-repeat").value)
        if problem := passphrase_problem(passphrase, repeated):
            self._status("lock-status", problem)
            return
        conversations = bool(element("lock-conversations").checked)
        self._status("lock-status", "lock.working")
        try:
            await self._store.set_lock(passphrase, self._current(), conversations)
        except StorageError:
            self._status("lock-status", "storage.failed_short")
            return
        element("lock-passphrase").value = element("lock-repeat").value = ""
        self._status("lock-status", "lock.done_all" if conversations else "lock.done")
        self.draw()

    async def remove(self) -> None:
        try:
            await self._store.remove_lock(self._current())
        except StorageError:
            self._status("lock-status", "storage.failed_short")
            return
        self._status("lock-status", "lock.removed")
        self.draw()
