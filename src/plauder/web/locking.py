"""The passphrase lock: set, remove and open it (web/store.py seals and unseals; web/lock_view.py draws)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from plauder.core.lock import passphrase_problem
from plauder.core.records import Settings
from plauder.web.crypto import WrongPassphrase
from plauder.web.lock_view import LockState, LockView
from plauder.web.ports import StorageError
from plauder.web.store import Store


class Locking:
    """Hands unlocked settings (with their keys) to `on_unlocked`."""

    def __init__(
        self,
        store: Store,
        translate: Callable[[str], str],
        current: Callable[[], Settings],
        on_unlocked: Callable[[Settings], Awaitable[None]],
        on_sealing_changed: Callable[[], None],
    ) -> None:
        self._store = store
        self._current = current
        self._on_unlocked = on_unlocked
        self._on_sealing_changed = on_sealing_changed  # what is kept in the clear for the next start follows at once
        self.view = LockView(translate, self.state, self.apply, self.remove, self.unlock)

    def state(self) -> LockState:
        store = self._store
        return LockState(store.lock is not None, store.locked, store.seals_conversations)

    async def unlock(self, passphrase: str) -> None:
        try:
            settings = await self._store.unlock(passphrase)
        except WrongPassphrase:
            self.view.wrong_passphrase()
            return
        self.view.passphrase_taken()
        await self._on_unlocked(settings)

    async def apply(self, passphrase: str, repeated: str, conversations: bool) -> None:
        if problem := passphrase_problem(passphrase, repeated):
            self.view.status("lock-status", problem)
            return
        self.view.status("lock-status", "lock.working")
        try:
            await self._store.set_lock(passphrase, self._current(), conversations)
        except StorageError:
            self.view.status("lock-status", "storage.failed_short")
            return
        self._on_sealing_changed()
        self.view.lock_set("lock.done_all" if conversations else "lock.done")

    async def remove(self, passphrase: str) -> None:
        """Remove the lock, only with its passphrase: an open session alone does not suffice."""
        try:
            await self._store.remove_lock(self._current(), passphrase)
        except WrongPassphrase:
            self.view.wrong_passphrase()
            return
        except StorageError:
            self.view.passphrase_taken()
            self.view.status("lock-status", "storage.failed_short")
            return
        self._on_sealing_changed()
        self.view.passphrase_taken()
        self.view.status("lock-status", "lock.removed")
