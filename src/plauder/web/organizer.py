"""The sidebar's actions: folders, and conversations as a whole (pin, rename, duplicate, move, delete).

It asks the user (a name, what to do with a folder's contents), reads what a step needs (the
messages a copy or an undo keeps), and hands the rest to core/organizing.py through the shell.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from pyodide.ffi import create_proxy

from plauder.core import organizing
from plauder.core.folders import DeleteMode, descendants, is_empty
from plauder.core.records import Message
from plauder.core.state import Part
from plauder.web.dom import element, now_ms, on
from plauder.web.screen import Screen
from plauder.web.shell import Shell
from plauder.web.store import Store


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
    def __init__(self, shell: Shell, screen: Screen, store: Store) -> None:
        self.shell = shell
        self.screen = screen
        self.store = store
        on(element("new-folder"), "click", lambda _e: asyncio.ensure_future(self.new_folder(None)))
        on(element("name-cancel"), "click", lambda _e: element("name-dialog").close(""))

    def on_act(self, action: str, kind: str, item_id: str, value: str) -> None:
        """A sidebar row's action (see SidebarView): (action, "folder" or "conversation", id, value)."""
        handlers: dict[tuple[str, str], Callable[[], Awaitable[object]]] = {
            ("toggle", "folder"): lambda: self.toggle(item_id),
            ("rename", "folder"): lambda: self.rename_folder(item_id),
            ("new-subfolder", "folder"): lambda: self.new_folder(item_id),
            ("delete", "folder"): lambda: self.delete_folder(item_id),
            ("move", "folder"): lambda: self.shell.run(organizing.move_folder, item_id, value or None),
            ("pin", "conversation"): lambda: self.pin(item_id, True),
            ("unpin", "conversation"): lambda: self.pin(item_id, False),
            ("rename", "conversation"): lambda: self.rename_conversation(item_id),
            ("duplicate", "conversation"): lambda: self.duplicate(item_id),
            ("delete", "conversation"): lambda: self.delete_conversation(item_id),
            ("move", "conversation"): lambda: self.shell.run(organizing.move_conversation, item_id, value or None),
        }
        handler = handlers.get((action, kind))
        if handler is not None:
            asyncio.ensure_future(handler())

    async def ask_name(self, label_key: str, value: str) -> str | None:
        element("name-label").textContent = self.screen.t(label_key)
        field = element("name-input")
        field.value = value
        field.select()
        return str(field.value) if await ask(element("name-dialog")) == "save" else None

    async def toggle(self, folder_id: str) -> None:
        self.screen.sidebar.toggle(folder_id, [f.id for f in self.shell.state.folders])
        self.screen.draw(self.shell.state, {Part.SIDEBAR})

    async def new_folder(self, parent_id: str | None) -> None:
        name = await self.ask_name("folders.name", self.screen.t("folders.new_name"))
        if name is not None:
            self.screen.sidebar.expand(parent_id)
            await self.shell.run(organizing.new_folder, name, parent_id, now_ms())

    async def rename_folder(self, folder_id: str) -> None:
        folder = self.shell.state.folder(folder_id)
        name = await self.ask_name("folders.name", folder.name) if folder else None
        if name is not None:
            await self.shell.run(organizing.rename_folder, folder_id, name)

    async def delete_folder(self, folder_id: str) -> None:
        state = self.shell.state
        folder = state.folder(folder_id)
        if folder is None:
            return
        mode = DeleteMode.MOVE_UP
        if not is_empty(state.folders, state.conversations, folder_id):
            element("folder-delete-text").textContent = self.screen.t("folders.delete_ask", name=folder.name)
            answer = await ask(element("folder-delete"))
            if answer not in set(DeleteMode):
                return
            mode = DeleteMode(answer)
        gone = {folder_id, *(f.id for f in descendants(state.folders, folder_id))}
        inside = [c.id for c in state.conversations if c.folder_id in gone]
        kept = await self.messages_of(inside) if mode is DeleteMode.DELETE_CONTENTS else []  # for Undo
        await self.shell.run(organizing.delete_folder, folder_id, mode, kept)

    async def messages_of(self, conversation_ids: list[str]) -> list[Message]:
        found: list[Message] = []
        for conversation_id in conversation_ids:
            found.extend((await self.store.messages(conversation_id)).values())
        return found

    async def pin(self, conversation_id: str, pinned: bool) -> None:
        """Pin or unpin; the row moves, and the keyboard goes with it."""
        if await self.shell.run(organizing.pin, conversation_id, pinned):
            self.screen.sidebar.focus(conversation_id)

    async def rename_conversation(self, conversation_id: str) -> None:
        conversation = self.shell.state.conversation(conversation_id)
        title = await self.ask_name("conversation.title", conversation.title) if conversation else None
        if title is not None:
            await self.shell.run(organizing.rename, conversation_id, title)

    async def duplicate(self, conversation_id: str) -> None:
        conversation = self.shell.state.conversation(conversation_id)
        if conversation is None:
            return
        messages = await self.messages_of([conversation_id])
        title = self.screen.t("conversation.copy_title", title=conversation.title)
        await self.shell.run(organizing.duplicate, conversation_id, messages, title, now_ms())

    async def delete_conversation(self, conversation_id: str) -> None:
        kept = await self.messages_of([conversation_id])
        await self.shell.run(organizing.delete_conversation, conversation_id, kept)
