"""The composition root: builds the shell, the screen and the controllers, and wires the page's events.

Where things live: the state and the running of steps in web/shell.py; the rules that decide a
step in core (turns, branching, organizing, state); drawing in web/screen.py and the *_view
modules; the controllers that read the user's input in chat_controls, branches, organizer,
backends and sync. This module decides nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import js

from plauder.core import turns
from plauder.core.admin import AdminPreset
from plauder.core.i18n import translate
from plauder.core.organizing import undo_expired
from plauder.core.picturing import drawing_mode, drawing_options
from plauder.core.prompt_library import library
from plauder.core.records import Conversation, Folder, Message, Settings
from plauder.core.state import EVERYTHING, ChatState, UndoOffer
from plauder.core.temporary import temporary_chat
from plauder.web import branch_view
from plauder.web.attach import Attach
from plauder.web.attachments_view import AttachmentsView
from plauder.web.backends import Backends
from plauder.web.branches import Branches
from plauder.web.chat_controls import ChatControls
from plauder.web.chat_view import ChatView
from plauder.web.code_runner import CodeRunner
from plauder.web.compare_dialog import CompareDialog
from plauder.web.deferred import load_deferred_wheels
from plauder.web.dom import element, found, now_ms, on
from plauder.web.draw_view import DrawOptions
from plauder.web.drawer import Drawer, HeaderActions, SidebarToggle
from plauder.web.exchange_view import ExchangeView
from plauder.web.first_paint import FirstPaint
from plauder.web.lock_view import LockView
from plauder.web.locking import Locking
from plauder.web.menus import close_menus_on_escape_and_outside_clicks
from plauder.web.organizer import Organizer
from plauder.web.picture_view import PictureView
from plauder.web.ports import StorageError
from plauder.web.presets_view import PresetsView
from plauder.web.prompt_fill import PromptFill
from plauder.web.prompt_menu import PromptMenu
from plauder.web.redaction_note import RedactionNote
from plauder.web.retention import Retention
from plauder.web.screen import Screen
from plauder.web.search_index import StoredSearch
from plauder.web.search_view import SearchView
from plauder.web.settings_view import SettingsView
from plauder.web.shell import Shell
from plauder.web.sidebar_view import SidebarView
from plauder.web.store import Store
from plauder.web.sync import Sync
from plauder.web.temporary_view import TemporaryChat
from plauder.web.transport import FetchTransport


class App:
    def __init__(
        self,
        language: str,
        store: Store,
        preset: AdminPreset,
        settings: Settings,
        conversations: list[Conversation],
        folders: list[Folder],
        reopened: tuple[str, Mapping[str, Message]] | None = None,
    ) -> None:
        """`reopened`: the conversation the start painted (see web/first_paint.py) with its messages, open again."""
        self.store = store
        self.preset = preset
        state = ChatState(settings, tuple(conversations), tuple(folders))
        if reopened is not None:
            state = turns.opened(state, *reopened).state
        first_paint = FirstPaint(
            reopened[0] if reopened else None,
            sealed=lambda: store.seals_conversations,
            busy=lambda: self.shell.state.busy,
            open_conversation=self.open_stored_conversation,
        )
        chat = ChatView(
            self.t,
            lambda action, message_id: self.chat.on_message_action(action, message_id),
            lambda server_id: asyncio.ensure_future(self.backends.add(server_id)),
            lambda message_id, code: self.code.pressed(message_id, code),
        )
        sidebar = SidebarView(
            self.t, lambda *act: self.organizer.on_act(*act), lambda: store.locked and store.seals_conversations
        )
        presets = PresetsView(
            self.t,
            lambda: self.shell.state.settings,
            lambda settings: self.backends.save(settings),
            lambda preset_id: asyncio.ensure_future(self.chat.choose_preset(preset_id)),
        )
        self.screen = Screen(
            language,
            preset,
            chat,
            sidebar,
            presets,
            first_paint,
            AttachmentsView(self.t),
            RedactionNote(
                lambda: self.shell.state,
                preset,
                lambda: self.screen.language,
                lambda: self.screen.prompt_text,
                lambda key: self.shell.run(turns.exempted, key),
            ),
            TemporaryChat(
                lambda: self.shell.state,
                lambda: self.screen.prompt_text,
                lambda on: asyncio.ensure_future(self.shell.run(temporary_chat, on)),
            ),
            DrawOptions(
                self.t,
                lambda: self.shell.state,
                lambda on: asyncio.ensure_future(self.shell.run(drawing_mode, on)),
                lambda *chosen: asyncio.ensure_future(self.shell.run(drawing_options, *chosen)),
            ),
            on_undo=lambda: asyncio.ensure_future(self.chat.undo()),
            on_undo_expired=self.undo_expired,
        )
        self.shell = Shell(state, store, self.screen, FetchTransport(), now_ms, preset)
        self.code = CodeRunner(self.shell, chat, lambda: self.screen.language)
        self.organizer = Organizer(self.shell, self.screen, store)
        self.branches = Branches(self.shell, self.screen)
        prompt_fill = PromptFill(self.t, lambda: self.screen.language)
        self.chat = ChatControls(
            self.shell, self.screen, store, self.branches, lambda: self.backends.ask_for_one(), prompt_fill
        )
        self.compare = CompareDialog(self.shell, self.t)
        pictures = PictureView(store, self.t)
        self.attach = Attach(self.shell, self.screen.attachments, pictures, store, lambda: self.screen.language)
        settings_view = SettingsView(self.t, lambda *act: self.backends.on_action(*act))
        lock = Locking(store, self.t, lambda: self.shell.state.settings, self.unlocked, first_paint.save).view
        self.backends = Backends(self.shell, self.screen, preset, settings_view, lock)
        self.index = StoredSearch(store)
        self.search = SearchView(self.index, self.t, self.open_found)
        self.sync = Sync(self.shell, store, preset, settings_view, lock, self.index)
        self.retention = Retention(self.shell, preset)
        self.exchange = ExchangeView(
            store, self.t, lambda: self.screen.language, lambda: self.shell.state.busy, self.sync.imported
        )

    @property
    def lock(self) -> LockView:
        return self.backends.lock

    def t(self, key: str, **params: object) -> str:
        return translate(self.screen.language, key, **params)

    def open_stored_conversation(self) -> str | None:
        """The open conversation, unless it is a temporary chat (which the start-up copy must not keep)."""
        state = self.shell.state
        return state.current.id if state.current and not state.temporary else None

    async def unlocked(self, settings: Settings) -> None:
        """The lock opened: sealed conversations are read now, and those due for deletion go."""
        await self.sync.unlocked(settings)
        await self.retention.run()

    def undo_expired(self, offer: UndoOffer) -> None:
        asyncio.ensure_future(self.shell.run(undo_expired, offer))

    def draw(self) -> None:
        self.screen.draw(self.shell.state, EVERYTHING)

    def wire(self) -> None:
        chat, prompt = self.chat, element("prompt")

        def on_sidebar(event: Any) -> None:
            button = found(event.target.closest("button.conversation"))
            if button is not None:
                asyncio.ensure_future(chat.open_conversation(str(button.dataset.id)))

        def later(action: Any) -> Any:
            return lambda _event: asyncio.ensure_future(action())

        self.prompt_menu = PromptMenu(  # before the box's own keys: Enter picks a prompt while the menu is open
            lambda: library(self.preset.prompts, self.shell.state.settings.prompts),
            self.chat.prompt_fill,
        )
        on(prompt, "keydown", chat.on_prompt_key)
        on(prompt, "input", lambda _e: self.screen.note.schedule())
        on(element("send"), "click", later(chat.send))
        on(element("stop"), "click", lambda _e: chat.stop())
        on(element("new-chat"), "click", lambda _e: chat.new_chat())
        on(element("open-search"), "click", later(self.search.open))
        on(js.document, "keydown", self.on_shortcut)
        on(element("conversations"), "click", on_sidebar)
        on(element("model-select"), "change", lambda e: asyncio.ensure_future(chat.choose_model(str(e.target.value))))
        on(
            element("add-backend"),
            "click",
            lambda _e: asyncio.ensure_future(self.backends.add(element("new-backend-server").value)),
        )
        on(element("open-settings"), "click", lambda _e: self.open_settings())
        languages = element("language-select")
        languages.value = self.screen.language
        languages.disabled = self.preset.locked("language")
        on(languages, "change", lambda e: self.backends.choose_language(str(e.target.value), self.screen.chat))
        on(element("close-settings"), "click", lambda _e: element("settings").close())
        on(element("open-parameters"), "click", lambda _e: chat.open_parameters())
        on(element("cancel-parameters"), "click", lambda _e: element("parameters").close())
        on(element("save-parameters"), "click", later(chat.save_parameters))
        on(element("export-markdown"), "click", lambda _e: asyncio.ensure_future(self.export("markdown")))
        on(element("export-json"), "click", lambda _e: asyncio.ensure_future(self.export("json")))
        branch_view.on_editor_keys(chat.on_message_action)
        close_menus_on_escape_and_outside_clicks()
        self.drawer = Drawer()
        self.header_actions = HeaderActions()
        self.sidebar_toggle = SidebarToggle()
        self.store.tabs.listen(lambda change: asyncio.ensure_future(self.sync.heard(change)))

    async def export(self, kind: str) -> None:
        state = self.shell.state
        keys = [backend.api_key for backend in state.settings.backends]
        await self.exchange.export_conversation(kind, state.current, dict(state.messages), keys)

    def open_settings(self) -> None:
        self.exchange.reset()
        self.backends.open()

    def on_shortcut(self, event: Any) -> None:
        """Page-wide keys (listed in settings): Ctrl+K searches, Ctrl+Shift+O starts a new chat, Esc stops."""
        if event.key == "Escape" and self.shell.state.busy and not found(js.document.querySelector("dialog[open]")):
            self.chat.stop()
            return
        if not (event.ctrlKey or event.metaKey) or event.altKey:
            return
        key = str(event.key).lower()
        if key == "k" and not event.shiftKey:
            event.preventDefault()
            asyncio.ensure_future(self.search.open())
        elif key == "o" and event.shiftKey:
            event.preventDefault()
            self.chat.new_chat()

    async def warm_up(self) -> None:
        """What the start left for later: deleting conversations due for it (before the index reads them),
        the answer renderer, then the search index."""
        await self.retention.start()
        await self.use_renderer()
        try:
            await self.index.prepare()
        except StorageError:
            pass  # the index is built when the search opens, and a failure is said there

    async def use_renderer(self) -> None:
        """Load the answer renderer after the start, then draw the thread with it (plain text until then)."""
        root = js.document.documentElement
        try:
            await load_deferred_wheels()
            self.screen.chat.answers.activate()
        except Exception:  # noqa: BLE001 - any failure leaves answers as plain text, which stays safe
            root.dataset.renderer = "failed"
            if not self.shell.state.busy:
                self.screen.draw_thread(self.shell.state, anew=True)  # a thread painted at the start waits for this
            return
        root.dataset.renderer = "ready"
        if not self.shell.state.busy:
            self.screen.draw_thread(self.shell.state, anew=True)  # rendered now, no longer plain text

    async def open_found(self, conversation_id: str, message_id: str | None) -> None:
        """Open a search result: its conversation, on the branch that holds the message, scrolled to it."""
        if self.shell.state.conversation(conversation_id) is None:
            await self.sync.conversations_read()  # written in another tab just now
        await self.chat.open_conversation(conversation_id)
        if not self.shell.state.is_open(conversation_id) or message_id is None:
            return
        await self.branches.jump_to(message_id)
