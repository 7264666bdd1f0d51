"""Organizing conversations: folders, moves, rename, duplicate, delete with undo, the automatic title.

The rules are core's (folders, conversations, titles); this module asks the user, stores, and
redraws the sidebar through SidebarView. It works on the App's list of conversations, so the
chat and the sidebar always show the same records.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import js
from pyodide.ffi import create_once_callable, create_proxy

from plauder.core import folders as rules
from plauder.core.conversations import duplicate_conversation, rename_conversation
from plauder.core.folders import DeleteMode, FolderCycle, folder_tree
from plauder.core.records import Conversation, Folder, Message
from plauder.core.titles import clean_title, title_request, wants_title
from plauder.web import transport
from plauder.web.dom import element, on
from plauder.web.idb import StorageError
from plauder.web.sidebar_view import SidebarView, load_collapsed, save_collapsed
from plauder.web.store import Locked

if TYPE_CHECKING:
    from plauder.web.app import App

UNDO_MS = 10_000


async def ask(dialog: Any) -> str:
    """Show a <dialog> whose form closes it; the pressed button's value, "" for Cancel or Escape."""
    dialog.returnValue = ""
    answered: asyncio.Future[str] = asyncio.get_event_loop().create_future()

    def closed(_event: Any) -> None:
        if not answered.done():
            answered.set_result(str(dialog.returnValue or ""))

    handler = create_proxy(closed)
    dialog.addEventListener("close", handler)
    dialog.showModal()
    try:
        return await answered
    finally:
        dialog.removeEventListener("close", handler)
        handler.destroy()


class Organizer:
    def __init__(self, app: App) -> None:
        self.app = app
        self.folders: list[Folder] = []
        self.collapsed = load_collapsed()
        self.view = SidebarView(app.t, self.on_act)
        self._undo: Any = None  # the pending undo: an async callable, until its time runs out
        self._undo_timer: Any = None
        on(element("new-folder"), "click", lambda _e: asyncio.ensure_future(self.new_folder(None)))
        on(element("sidebar-undo-button"), "click", lambda _e: asyncio.ensure_future(self.undo()))
        on(element("name-cancel"), "click", lambda _e: element("name-dialog").close(""))

    @property
    def store(self) -> Any:
        return self.app.store

    # -- reading and drawing -----------------------------------------------------------------

    async def reload(self) -> None:
        """Read the folders again (none while a lock on conversations is closed)."""
        try:
            self.folders = await self.store.folders()
        except Locked:
            self.folders = []

    def draw(self) -> None:
        conversations = self.app.conversations
        known = {folder.id for folder in self.folders}
        rows = folder_tree(self.folders, conversations, self.collapsed)
        parents: dict[str, str | None] = {f.id: f.parent_id if f.parent_id in known else None for f in self.folders}
        parents |= {c.id: c.folder_id if c.folder_id in known else None for c in conversations}
        targets = [(row.id, row.label, row.depth) for row in folder_tree(self.folders, (), ()) if row.kind == "folder"]
        current = self.app.current.id if self.app.current else None
        self.view.render(rows, current, parents, targets)

    def say(self, text: str | None) -> None:
        self.app.show_notice(text)

    async def stored(self, write: Any) -> bool:
        return bool(await self.app.saved(write))

    # -- what the user does ---------------------------------------------------------------------

    def on_act(self, action: str, kind: str, item_id: str, value: str) -> None:
        handlers = {
            ("toggle", "folder"): lambda: self.toggle(item_id),
            ("rename", "folder"): lambda: self.rename_folder(item_id),
            ("new-subfolder", "folder"): lambda: self.new_folder(item_id),
            ("delete", "folder"): lambda: self.delete_folder(item_id),
            ("move", "folder"): lambda: self.move_folder(item_id, value or None),
            ("rename", "conversation"): lambda: self.rename_conversation(item_id),
            ("duplicate", "conversation"): lambda: self.duplicate(item_id),
            ("delete", "conversation"): lambda: self.delete_conversation(item_id),
            ("move", "conversation"): lambda: self.move_conversation(item_id, value or None),
        }
        handler = handlers.get((action, kind))
        if handler is not None:
            asyncio.ensure_future(handler())

    async def ask_name(self, label_key: str, value: str) -> str | None:
        element("name-label").textContent = self.app.t(label_key)
        field = element("name-input")
        field.value = value
        field.select()
        return str(field.value) if await ask(element("name-dialog")) == "save" else None

    def folder(self, folder_id: str) -> Folder | None:
        return next((f for f in self.folders if f.id == folder_id), None)

    def conversation(self, conversation_id: str) -> Conversation | None:
        return next((c for c in self.app.conversations if c.id == conversation_id), None)

    async def toggle(self, folder_id: str) -> None:
        self.collapsed ^= {folder_id}
        save_collapsed(self.collapsed & {f.id for f in self.folders})
        self.draw()

    async def new_folder(self, parent_id: str | None) -> None:
        name = await self.ask_name("folders.name", self.app.t("folders.new_name"))
        if name is None or not name.strip():
            return
        folder = rules.create_folder(name, parent_id, float(js.Date.now()))
        if await self.stored(self.store.save_folder(folder)):
            self.folders.append(folder)
            self.collapsed.discard(parent_id or "")
            save_collapsed(self.collapsed)
            self.draw()

    async def rename_folder(self, folder_id: str) -> None:
        folder = self.folder(folder_id)
        if folder is None:
            return
        name = await self.ask_name("folders.name", folder.name)
        if name is None or not name.strip():
            return
        renamed = rules.rename_folder(folder, name)
        if await self.stored(self.store.save_folder(renamed)):
            self.folders = [renamed if f.id == folder_id else f for f in self.folders]
            self.draw()

    async def move_folder(self, folder_id: str, parent_id: str | None) -> None:
        try:
            moved = rules.move_folder(self.folders, folder_id, parent_id)
        except FolderCycle:
            self.say(self.app.t("folders.cycle"))
            self.draw()  # the menu's choice goes back to nothing
            return
        except KeyError:  # the target went away in another tab
            return
        if await self.stored(self.store.save_folder(moved)):
            self.folders = [moved if f.id == folder_id else f for f in self.folders]
            self.say(None)
            self.draw()

    async def move_conversation(self, conversation_id: str, folder_id: str | None) -> None:
        conversation = self.conversation(conversation_id)
        if conversation is None or (folder_id is not None and self.folder(folder_id) is None):
            return
        moved = rules.move_conversation(self.folders, conversation, folder_id)
        if await self.stored(self.store.organize(conversations=[moved])):
            self.replace_conversation(moved)
            self.draw()

    def replace_conversation(self, conversation: Conversation) -> None:
        """Keep the App's record (and its order) current without calling it activity."""
        self.app.conversations = [conversation if c.id == conversation.id else c for c in self.app.conversations]
        if self.app.current and self.app.current.id == conversation.id:
            self.app.current = conversation

    async def delete_folder(self, folder_id: str) -> None:
        folder = self.folder(folder_id)
        if folder is None:
            return
        mode = DeleteMode.MOVE_UP
        if not rules.is_empty(self.folders, self.app.conversations, folder_id):
            element("folder-delete-text").textContent = self.app.t("folders.delete_ask", name=folder.name)
            answer = await ask(element("folder-delete"))
            if answer not in set(DeleteMode):
                return
            mode = DeleteMode(answer)
        removal = rules.delete_folder(self.folders, self.app.conversations, folder_id, mode)
        doomed = [c.id for c in removal.doomed_conversations]
        if self.busy_with(doomed):
            return
        kept = await self.messages_of(doomed)
        write = self.store.organize(
            folders=removal.moved_folders,
            conversations=removal.moved_conversations,
            delete_folders=[f.id for f in removal.removed_folders],
            delete_conversations=doomed,
        )
        if not await self.stored(write):
            return
        gone = {f.id for f in removal.removed_folders}
        moved = {f.id: f for f in removal.moved_folders}
        self.folders = [moved.get(f.id, f) for f in self.folders if f.id not in gone]
        for conversation in removal.moved_conversations:
            self.replace_conversation(conversation)
        self.forget(doomed)

        async def undo() -> None:
            restored_folders, restored_conversations = rules.undo_removal(removal)
            if await self.stored(
                self.store.organize(folders=restored_folders, conversations=restored_conversations, messages=kept)
            ):
                await self.reload()
                self.app.conversations = await self.store.conversations()
                self.app.draw_sidebar()

        self.offer_undo(self.app.t("folders.deleted"), undo)

    # -- conversations ----------------------------------------------------------------------------

    def busy_with(self, conversation_ids: Sequence[str]) -> bool:
        """True (and says so) when an answer is being written into one of these conversations."""
        current = self.app.current
        if self.app.streaming_id and current is not None and current.id in conversation_ids:
            self.say(self.app.t("chat.busy"))
            return True
        return False

    async def messages_of(self, conversation_ids: Sequence[str]) -> list[Message]:
        found: list[Message] = []
        for conversation_id in conversation_ids:
            found.extend((await self.store.messages(conversation_id)).values())
        return found

    def forget(self, conversation_ids: Sequence[str]) -> None:
        """Drop deleted conversations from the App; the open one closes to a new chat."""
        gone = set(conversation_ids)
        self.app.conversations = [c for c in self.app.conversations if c.id not in gone]
        if self.app.current and self.app.current.id in gone:
            self.app.current = None
            self.app.messages = {}
            self.app.draw_all()
        else:
            self.draw()

    async def rename_conversation(self, conversation_id: str) -> None:
        conversation = self.conversation(conversation_id)
        if conversation is None:
            return
        title = await self.ask_name("conversation.title", conversation.title)
        if title is None:
            return
        renamed = rename_conversation(self.conversation(conversation_id) or conversation, title)
        if await self.stored(self.store.save(renamed)):
            self.replace_conversation(renamed)
            self.show_title()
            self.draw()

    def show_title(self) -> None:
        if self.app.current is not None:
            element("chat-title").textContent = self.app.current.title

    async def duplicate(self, conversation_id: str) -> None:
        conversation = self.conversation(conversation_id)
        if conversation is None:
            return
        messages = await self.store.messages(conversation_id)
        title = self.app.t("conversation.copy_title", title=conversation.title)
        copy, copies = duplicate_conversation(conversation, messages.values(), float(js.Date.now()), title)
        if await self.stored(self.store.save(copy, copies)):
            self.app.remember(copy)
            self.draw()

    async def delete_conversation(self, conversation_id: str) -> None:
        conversation = self.conversation(conversation_id)
        if conversation is None or self.busy_with([conversation_id]):
            return
        kept = await self.messages_of([conversation_id])
        if not await self.stored(self.store.delete_conversations([conversation_id])):
            return
        self.forget([conversation_id])

        async def undo() -> None:
            restored = conversation
            if restored.folder_id is not None and self.folder(restored.folder_id) is None:
                restored = replace(restored, folder_id=None)  # its folder went meanwhile: back at the top
            if await self.stored(self.store.organize(conversations=[restored], messages=kept)):
                self.app.remember(restored)
                self.draw()

        self.offer_undo(self.app.t("conversation.deleted"), undo)

    # -- undo -------------------------------------------------------------------------------------

    def offer_undo(self, text: str, undo: Any) -> None:
        """Show `text` with an Undo button for UNDO_MS; a newer offer replaces an older one."""
        self._undo = undo
        element("sidebar-undo-text").textContent = text
        element("sidebar-undo").hidden = False
        if self._undo_timer is not None:
            js.clearTimeout(self._undo_timer)
        self._undo_timer = js.setTimeout(create_once_callable(self.close_undo), UNDO_MS)

    def close_undo(self) -> None:
        self._undo = None
        self._undo_timer = None
        element("sidebar-undo").hidden = True

    async def undo(self) -> None:
        undo = self._undo
        if self._undo_timer is not None:
            js.clearTimeout(self._undo_timer)
        self.close_undo()
        if undo is not None:
            await undo()

    # -- the automatic title ----------------------------------------------------------------------

    async def auto_title(self, conversation: Conversation, thread: Sequence[Message]) -> None:
        """Ask the model for a title after the first answer; on any failure the first words stay."""
        if not wants_title(conversation, thread):
            return
        backend = self.app.settings.backend(conversation.backend_id)
        if backend is None:
            return
        try:
            answer = await transport.complete(backend, title_request(conversation, thread))
        except (transport.Failed, transport.Stopped):
            return
        title = clean_title(answer)
        latest = self.conversation(conversation.id)
        # Only while nothing changed the title meanwhile (a rename, in this tab or another one).
        if title is None or latest is None or latest.title != conversation.title:
            return
        titled = replace(latest, title=title)
        try:
            await self.store.save(titled)
        except StorageError:
            return
        self.replace_conversation(titled)
        self.show_title()
        self.draw()
