"""The passphrase lock's part of settings, and the passphrase dialog (to open the lock at start or later,
or to remove it): drawn from the lock's state, with what the user does handed to web/locking.py."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from plauder.core.lock import PassphrasePrompt, passphrase_prompt
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
        on_remove: Callable[[str], Awaitable[None]],
        on_unlock: Callable[[str], Awaitable[None]],
    ) -> None:
        self._t = translate
        self._state = state
        self._removing = False  # the passphrase dialog asks to remove the lock, not to open it
        on(element("lock-apply"), "click", lambda _e: asyncio.ensure_future(on_apply(*self._new_lock())))
        on(element("lock-remove"), "click", lambda _e: self.ask(removing=True))
        on(element("lock-unlock"), "click", lambda _e: self.ask())

        def confirm() -> None:
            passphrase = str(element("unlock-passphrase").value)
            asyncio.ensure_future((on_remove if self._removing else on_unlock)(passphrase))

        on(element("unlock-apply"), "click", lambda _e: confirm())
        on(element("unlock-skip"), "click", lambda _e: element("unlock").close())
        on(element("unlock-passphrase"), "keydown", lambda event: self._on_key(event, confirm))
        on(element("unlock"), "cancel", self._on_cancel)

    def _prompt(self) -> PassphrasePrompt:
        return passphrase_prompt(self._state().seals_conversations, self._removing)

    def _new_lock(self) -> tuple[str, str, bool]:
        """The settings form's passphrase, its repetition, and whether conversations are sealed too."""
        return (
            str(element("lock-passphrase").value),
            str(element("lock-repeat").value),
            bool(element("lock-conversations").checked),
        )

    def _on_cancel(self, event: Any) -> None:
        """Sealed conversations cannot be used without the passphrase: Esc does not skip the unlock."""
        if not self._prompt().dismiss:
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

    def ask(self, removing: bool = False) -> None:
        """The passphrase dialog: to open the lock (at start, when a lock exists; later from settings),
        or to remove it, which takes the passphrase too."""
        self._removing = removing
        prompt = self._prompt()
        self.status("unlock-status", "")
        for element_id, key in (
            ("unlock-title", prompt.title),
            ("unlock-text", prompt.text),
            ("unlock-apply", prompt.confirm),
            ("unlock-skip", prompt.dismiss),
        ):
            self.status(element_id, key)
        element("unlock-skip").hidden = not prompt.dismiss
        element("unlock-passphrase").value = ""
        element("unlock").showModal()
        element("unlock-passphrase").focus()

    def passphrase_taken(self) -> None:
        """The passphrase opened (or removed) the lock: the dialog closes."""
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
