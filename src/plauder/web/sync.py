"""Records that changed elsewhere: another tab stored something, this tab imported a file, or the lock
opened. What is read again goes into the state through one `reloaded` step."""

from __future__ import annotations

from plauder.core.admin import AdminPreset, apply_preset
from plauder.core.records import Settings
from plauder.core.state import reloaded, settings_saved
from plauder.web.dom import element, found
from plauder.web.lock_view import LockView
from plauder.web.ports import Locked
from plauder.web.search_index import StoredSearch
from plauder.web.settings_view import SettingsView
from plauder.web.shell import Shell
from plauder.web.store import Store
from plauder.web.tabs import Change, Changed


class Sync:
    def __init__(
        self,
        shell: Shell,
        store: Store,
        preset: AdminPreset,
        settings_view: SettingsView,
        lock: LockView,
        search: StoredSearch,
    ) -> None:
        self.shell = shell
        self.store = store
        self.preset = preset
        self.settings_view = settings_view
        self.lock = lock
        self.search = search

    @property
    def conversations_sealed(self) -> bool:
        """Conversations are sealed and this tab has not opened the lock: nothing to read yet."""
        return self.store.locked and self.store.seals_conversations

    async def heard(self, change: Change) -> None:
        """Another tab stored something: show it here too, without a reload."""
        self.search.invalidate()
        if change.what is Changed.LOCK:
            await self.store.reload_lock()
            self.lock.draw()
            if self.store.locked:
                self.lock.ask()
        if change.what in {Changed.SETTINGS, Changed.LOCK}:
            await self.settings_read(await self.store.settings())
        elif found(change.conversation_id) is None:  # many conversations at once (an import)
            await self.conversations_read()
        elif not self.conversations_sealed:
            await self.conversations_read(folders=False, changed=change.conversation_id)

    async def settings_read(self, stored: Settings) -> None:
        """Settings as stored elsewhere (under the admin's presets); a form being typed in is not redrawn."""
        await self.shell.run(reloaded, settings=apply_preset(stored, self.preset))
        if not element("settings").open:
            self.settings_view.render(self.shell.state.settings, self.preset)

    async def conversations_read(self, folders: bool = True, changed: str | None = None) -> None:
        """Read the conversations (and folders) again; the open one stays open if it still exists, and its
        messages are read again unless only another conversation (`changed`) was stored."""
        if self.conversations_sealed:
            return
        conversations = await self.store.conversations()
        current = self.shell.state.current
        listed = current is not None and any(c.id == current.id for c in conversations)
        stale = current is not None and listed and changed in {None, current.id}
        messages = await self.store.messages(current.id) if current is not None and stale else None
        try:
            found_folders = await self.store.folders() if folders else None
        except Locked:
            found_folders = []
        await self.shell.run(reloaded, conversations=conversations, folders=found_folders, messages=messages)

    async def imported(self) -> None:
        """This tab imported a file: take its settings (under the admin's presets) and conversations."""
        stored = await self.store.settings()
        settings = apply_preset(stored, self.preset)
        if settings != stored:
            await self.shell.run(settings_saved, settings)
        else:
            await self.shell.run(reloaded, settings=settings)
        self.settings_view.render(self.shell.state.settings, self.preset)
        await self.conversations_read()

    async def unlocked(self, settings: Settings) -> None:
        """The keys (and sealed conversations) are open for this session: use them (the admin's presets still apply)."""
        await self.shell.run(reloaded, settings=apply_preset(settings, self.preset))
        self.settings_view.render(self.shell.state.settings, self.preset)
        if self.store.seals_conversations:
            await self.conversations_read()
