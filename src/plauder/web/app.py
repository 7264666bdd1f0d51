"""The app's wiring: state of the open conversation, user actions, streams and storage.

Rules live in core (thread, views, backend_form, answer); this module decides nothing by
itself but the order of awaits: store first, then show, so nothing the user typed is lost.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import js

from plauder.core import thread, tree
from plauder.core.admin import AdminPreset, apply_preset, is_managed
from plauder.core.answer import apply_events, failed, settled, stopped
from plauder.core.backend_form import edited, new_backend
from plauder.core.destination import destination
from plauder.core.i18n import translate
from plauder.core.ids import new_id
from plauder.core.presets import preset_model, started_from
from plauder.core.records import BackendKind, Conversation, ErrorInfo, Message, MessageStatus, Settings
from plauder.core.requests import chat_request_for, parameters_from_form, title_from
from plauder.core.throttle import Throttle
from plauder.core.views import Action, message_view, model_options, problem_lines, thread_views
from plauder.web import transport
from plauder.web.branches import ACTIONS as BRANCH_ACTIONS
from plauder.web.branches import Branches
from plauder.web.chat_view import ChatView, parse_model_choice, render_model_picker
from plauder.web.deferred import load_deferred_wheels
from plauder.web.dom import element, found, on
from plauder.web.exchange_view import ExchangeView
from plauder.web.idb import StorageError
from plauder.web.lock_view import LockView
from plauder.web.organizer import Organizer
from plauder.web.presets_view import PresetsView
from plauder.web.search_view import SearchView
from plauder.web.settings_view import SettingsView
from plauder.web.storage_info import show_storage
from plauder.web.store import Store
from plauder.web.tabs import Change, Changed

PERSIST_INTERVAL_MS = 1000


def now_ms() -> float:
    return float(js.Date.now())


class App:
    def __init__(
        self, language: str, store: Store, preset: AdminPreset, settings: Settings, conversations: list[Conversation]
    ) -> None:
        self.language = language
        self.store = store
        self.preset = preset
        self.settings = settings
        self.conversations = conversations
        self.current: Conversation | None = None
        self.messages: dict[str, Message] = {}
        self.abort: Any = None
        self.streaming_id: str | None = None
        self.chat = ChatView(language, self.on_message_action)
        self.settings_view = SettingsView(language, self.on_backend_action)
        self.lock_view = LockView(store, self.t, lambda: self.settings, self.unlocked)
        self.search = SearchView(store, self.t, self.open_found)
        self.chosen_preset: str | None = None
        self.chosen_model: tuple[str, str] | None = None  # a preset's model for the next new chat
        self.presets_view = PresetsView(self.t, lambda: self.settings, self.save_presets, self.choose_preset)
        self.exchange = ExchangeView(
            store, self.t, lambda: self.language, lambda: bool(self.streaming_id), self.imported
        )
        self.prompt = element("prompt")
        self.notice = element("notice")
        self.organizer = Organizer(self)  # the sidebar: folders, and conversations as a whole
        self.branches = Branches(self)

    def t(self, key: str, **params: object) -> str:
        return translate(self.language, key, **params)

    # -- drawing -----------------------------------------------------------------------------

    def show_notice(self, text: str | None) -> None:
        self.notice.textContent = text or ""
        self.notice.hidden = not text

    def selected_model(self) -> tuple[str, str] | None:
        if self.current and self.current.backend_id and self.current.model:
            return self.current.backend_id, self.current.model
        if self.current is None and self.chosen_model and self.settings.backend(self.chosen_model[0]):
            return self.chosen_model
        if self.settings.default_backend_id and self.settings.default_model:
            return self.settings.default_backend_id, self.settings.default_model
        return None

    def draw_sidebar(self) -> None:
        self.organizer.draw()

    def draw_picker(self) -> None:
        selected = self.selected_model()
        render_model_picker(model_options(self.settings, selected), self.t("chat.no_models"))
        self.presets_view.draw(self.settings, self.chosen_preset, for_new_chat=self.current is None)
        self.draw_destination()

    def draw_destination(self) -> None:
        """Which host receives this conversation's messages, marked when it is outside the user's networks."""
        selected = self.selected_model()
        backend = self.settings.backend(selected[0]) if selected else None
        label = element("destination")
        label.hidden = backend is None
        if backend is not None:
            target = destination(backend, self.preset)
            label.textContent = self.t("chat.destination", host=target.host)
            label.dataset.external = "true" if target.external else "false"
            label.title = self.t("chat.external_hint") if target.external else ""
            if target.external:
                badge = js.document.createElement("strong")
                badge.textContent = self.t("chat.external")
                label.append(" ", badge)

    def visible_thread(self) -> list[Message]:
        return thread.thread(self.messages, self.current.current_leaf if self.current else None)

    def draw_thread(self) -> None:
        path = self.visible_thread()
        element("chat-title").textContent = self.current.title if self.current else self.t("shell.new_chat")
        element("export-menu").hidden = self.current is None
        element("open-outline").hidden = not path
        if not path:
            self.chat.show_welcome()
            return
        busy = self.streaming_id is not None
        self.chat.show_thread(thread_views(self.language, self.messages, path, busy))

    def draw_composer(self) -> None:
        busy = self.streaming_id is not None
        element("send").hidden = busy
        element("stop").hidden = not busy

    def draw_all(self) -> None:
        self.draw_sidebar()
        self.draw_picker()
        self.draw_thread()
        self.draw_composer()

    # -- conversations -----------------------------------------------------------------------

    def remember(self, conversation: Conversation) -> None:
        """Keep the sidebar's list current, most recent first."""
        others = [c for c in self.conversations if c.id != conversation.id]
        self.conversations = sorted([conversation, *others], key=lambda c: c.updated_at, reverse=True)
        if self.current and self.current.id == conversation.id:
            self.current = conversation

    async def open_conversation(self, conversation_id: str) -> None:
        if self.streaming_id:
            self.show_notice(self.t("chat.busy"))
            return
        self.current = next(c for c in self.conversations if c.id == conversation_id)
        self.messages = await self.store.messages(conversation_id)
        self.show_notice(None)
        self.organizer.view.mark_current(conversation_id)  # the list itself did not change
        self.draw_picker()
        self.draw_thread()
        self.draw_composer()

    def new_chat(self) -> None:
        if self.streaming_id:
            self.show_notice(self.t("chat.busy"))
            return
        self.current = None
        self.messages = {}
        self.chosen_preset = self.chosen_model = None
        self.show_notice(None)
        self.draw_all()
        self.prompt.focus()

    def choose_preset(self, preset_id: str | None) -> None:
        """The preset the next new chat starts from; its model, if it names one, goes into the picker."""
        preset = self.settings.preset(preset_id)
        self.chosen_preset = preset_id
        self.chosen_model = preset_model(preset, self.settings) if preset else None
        self.draw_picker()

    async def save_presets(self, settings: Settings) -> None:
        if await self.saved(self.store.save_settings(settings)):
            self.settings = settings
            if self.settings.preset(self.chosen_preset) is None:
                self.chosen_preset = None
        self.draw_picker()

    async def choose_model(self, value: str) -> None:
        choice = parse_model_choice(value)
        if choice is None:
            return
        backend_id, model = choice
        if self.current is None:
            self.chosen_model = None  # the user's pick wins over a preset's model
            self.settings = replace(self.settings, default_backend_id=backend_id, default_model=model)
            await self.saved(self.store.save_settings(self.settings))
        else:
            updated = replace(self.current, backend_id=backend_id, model=model)
            if await self.saved(self.store.save(updated)):
                self.remember(updated)
        self.draw_destination()

    # -- sending -----------------------------------------------------------------------------

    async def saved(self, write: Any) -> bool:
        """Await a storage write; on failure say so and report False (the caller keeps its data)."""
        try:
            await write
        except StorageError as error:
            self.show_notice(self.t("storage.failed", detail=error.name))
            return False
        return True

    async def send(self) -> None:
        text = self.prompt.value.strip()
        if not text:
            return
        if self.streaming_id:
            self.show_notice(self.t("chat.busy"))
            return
        choice = self.selected_model()
        if choice is None or self.settings.backend(choice[0]) is None:
            self.show_notice(self.t("shell.no_backend" if not self.settings.backends else "chat.choose_backend"))
            return
        now = now_ms()
        conversation = self.current or Conversation(
            id=new_id(now),
            title=title_from(text),
            created_at=now,
            updated_at=now,
            backend_id=choice[0],
            model=choice[1],
        )
        preset = self.settings.preset(self.chosen_preset) if self.current is None else None
        if preset is not None:
            conversation = started_from(conversation, preset)
        conversation, question, answer = thread.send(conversation, text, now)
        if not await self.saved(self.store.save(conversation, [question, answer])):
            return
        self.prompt.value = ""  # only now: the message is stored
        self.show_notice(None)
        self.current = conversation
        self.messages.update({question.id: question, answer.id: answer})
        self.remember(conversation)
        await self.stream(answer, continuing=False)

    async def on_action(self, action: str, message_id: str) -> None:
        message = self.messages.get(message_id)
        if message is None or self.current is None or self.streaming_id:
            return
        if action in BRANCH_ACTIONS:  # the tree: switch, edit, fork, delete (web/branches.py)
            await self.branches.act(action, message_id)
            return
        now = now_ms()
        if action == Action.CONTINUE:
            conversation, answer = replace(self.current, updated_at=now), thread.resume(message)
        elif action == Action.RETRY:
            conversation, answer = thread.retry(self.current, message, now)
        else:
            conversation, answer = thread.regenerate(self.current, message, now)
        if not await self.saved(self.store.save(conversation, [answer])):
            return
        self.current = conversation
        self.messages[answer.id] = answer
        self.remember(conversation)
        await self.stream(answer, continuing=action == Action.CONTINUE)

    async def stream(self, answer: Message, continuing: bool) -> None:
        """Fill `answer` from the backend, drawing each chunk and storing it in throttled steps."""
        assert self.current is not None
        conversation = self.current
        backend = self.settings.backend(conversation.backend_id)
        self.streaming_id = answer.id
        self.abort = js.AbortController.new()
        self.draw_all()
        throttle = Throttle(PERSIST_INTERVAL_MS)
        pending_writes: list[asyncio.Future[bool]] = []
        position = tree.branch_position(self.messages, answer.id)  # its siblings do not change while it streams
        try:
            if backend is None:
                raise transport.Failed(ErrorInfo("unknown_backend", "chat.unknown_backend"))
            request = chat_request_for(conversation, self.visible_thread(), continuing=continuing)
            async for events in transport.stream(backend, request, self.abort):
                answer = apply_events(answer, events, backend.api_key)
                self.show_progress(answer, position)
                if throttle.due(now_ms()) and answer.status is MessageStatus.STREAMING:
                    pending_writes.append(asyncio.ensure_future(self.saved(self.store.save(None, [answer]))))
            answer = settled(answer)
        except transport.Stopped:
            answer = stopped(answer)
        except transport.Failed as failure:
            answer = failed(answer, failure.error)
        finally:
            self.streaming_id = None
            self.abort = None
        await asyncio.gather(*pending_writes)
        self.messages[answer.id] = answer
        conversation = replace(self.current or conversation, updated_at=now_ms())
        await self.saved(self.store.save(conversation, [answer]))
        self.remember(conversation)
        self.draw_all()
        asyncio.ensure_future(self.organizer.auto_title(conversation, self.visible_thread()))  # never waited for
        js.performance.mark("plauder:answer-done")  # stored and drawn: what bench/stream.py waits for

    def show_progress(self, answer: Message, position: tuple[int, int]) -> None:
        self.messages[answer.id] = answer
        self.chat.update(message_view(self.language, answer, True, True, position))

    def stop(self) -> None:
        if self.abort is not None:
            self.abort.abort()

    # -- settings ----------------------------------------------------------------------------

    async def add_backend(self, kind: str) -> None:
        if self.preset.locked("backends"):
            return
        backend = new_backend(new_id(now_ms()), BackendKind(kind))
        self.settings = self.settings.with_backend(backend)
        await self.saved(self.store.save_settings(self.settings))
        self.settings_view.render(self.settings, self.preset)
        self.settings_view.focus_new(backend.id)
        self.draw_picker()

    async def backend_action(self, action: str, backend_id: str, values: dict[str, str]) -> None:
        backend = self.settings.backend(backend_id)
        if backend is None:
            return
        if action == "remove" and not is_managed(backend):
            self.settings = self.settings.without_backend(backend_id)
        elif action == "default":
            self.settings = replace(
                self.settings,
                default_backend_id=backend_id,
                default_model=backend.models[0] if backend.models else None,
            )
        elif action == "save":
            result = edited(backend, values)
            if isinstance(result, str):
                self.settings_view.show_status(backend_id, [self.t(result)], ok=False)
                return
            if not self.preset.allows(result.base_url):
                self.settings_view.show_status(backend_id, [self.t("settings.url_not_allowed")], ok=False)
                return
            await self.test_connection(result)
            return
        await self.saved(self.store.save_settings(self.settings))
        self.settings_view.render(self.settings, self.preset)
        self.draw_picker()

    async def test_connection(self, backend: Any) -> None:
        """Store the edited backend, then ask it for its models and say what worked."""
        self.settings = apply_preset(self.settings.with_backend(backend), self.preset)
        backend = self.settings.backend(backend.id) or backend
        await self.saved(self.store.save_settings(self.settings))
        self.settings_view.render(self.settings, self.preset)
        self.settings_view.show_status(backend.id, [self.t("settings.testing")], ok=True)
        try:
            models = await transport.list_models(backend)
        except transport.Failed as failure:
            self.settings_view.show_status(backend.id, list(problem_lines(self.language, failure.error)), ok=False)
            return
        backend = replace(backend, fetched_models=tuple(models))
        self.settings = self.settings.with_backend(backend)
        await self.saved(self.store.save_settings(self.settings))
        self.settings_view.render(self.settings, self.preset)
        key = "settings.connected" if models else "settings.connected_empty"
        self.settings_view.show_status(backend.id, [self.t(key, count=len(models))], ok=True)
        self.draw_picker()

    # -- events ------------------------------------------------------------------------------

    def on_message_action(self, action: str, message_id: str) -> None:
        asyncio.ensure_future(self.on_action(action, message_id))

    def on_backend_action(self, action: str, backend_id: str, values: dict[str, str]) -> None:
        asyncio.ensure_future(self.backend_action(action, backend_id, values))

    def wire(self) -> None:
        def on_key(event: Any) -> None:
            if event.key == "Enter" and not event.shiftKey and not event.isComposing:
                event.preventDefault()
                asyncio.ensure_future(self.send())
            elif event.key == "Escape":
                self.stop()

        def on_sidebar(event: Any) -> None:
            button = found(event.target.closest("button.conversation"))
            if button is not None:
                asyncio.ensure_future(self.open_conversation(str(button.dataset.id)))

        on(self.prompt, "keydown", on_key)
        on(element("send"), "click", lambda _e: asyncio.ensure_future(self.send()))
        on(element("stop"), "click", lambda _e: self.stop())
        on(element("new-chat"), "click", lambda _e: self.new_chat())
        on(element("open-search"), "click", lambda _e: asyncio.ensure_future(self.search.open()))
        on(js.document, "keydown", self.on_shortcut)
        on(element("conversations"), "click", on_sidebar)
        on(element("model-select"), "change", lambda e: asyncio.ensure_future(self.choose_model(str(e.target.value))))
        on(
            element("add-backend"),
            "click",
            lambda _e: asyncio.ensure_future(self.add_backend(element("new-backend-kind").value)),
        )
        on(element("open-settings"), "click", lambda _e: self.open_settings())
        languages = element("language-select")
        languages.value = self.language
        languages.disabled = self.preset.locked("language")
        on(languages, "change", lambda e: self.choose_language(str(e.target.value)))
        on(element("close-settings"), "click", lambda _e: element("settings").close())
        on(element("open-parameters"), "click", lambda _e: self.open_parameters())
        on(element("cancel-parameters"), "click", lambda _e: element("parameters").close())
        on(element("save-parameters"), "click", lambda _e: asyncio.ensure_future(self.save_parameters()))
        for kind in ("markdown", "json"):
            on(
                element(f"export-{kind}"),
                "click",
                lambda _e, kind=kind: self.exchange.export_conversation(kind, self.current, self.messages),
            )
        self.store.tabs.listen(lambda change: asyncio.ensure_future(self.heard(change)))

    def choose_language(self, language: str) -> None:
        """Switch the page (boot.js marks it up) and everything Python draws to `language`."""
        js.plauderLanguage.choose(language)
        self.language = self.settings_view.language = language
        self.chat.set_language(language)
        self.draw_settings()
        self.draw_all()

    def draw_settings(self) -> None:
        self.settings_view.render(self.settings, self.preset)
        self.lock_view.draw()
        asyncio.ensure_future(show_storage(self.language, self.t))

    def open_settings(self) -> None:
        self.draw_settings()
        self.exchange.reset()
        element("settings").showModal()

    async def warm_up(self) -> None:
        """What the start left for later: the answer renderer, then the search index."""
        await self.use_renderer()
        try:
            await self.search.prepare()
        except StorageError:
            pass  # the index is built when the search opens, and a failure is said there

    async def use_renderer(self) -> None:
        """Load the answer renderer after the start, then draw the thread with it (plain text until then)."""
        root = js.document.documentElement
        try:
            await load_deferred_wheels()
            self.chat.answers.activate()
        except Exception:  # noqa: BLE001 - any failure leaves answers as plain text, which stays safe
            root.dataset.renderer = "failed"
            return
        root.dataset.renderer = "ready"
        if self.streaming_id is None:
            self.draw_thread()

    def on_shortcut(self, event: Any) -> None:
        """Page-wide keys (listed in settings): Ctrl+K searches, Ctrl+Shift+O starts a new chat."""
        if not (event.ctrlKey or event.metaKey) or event.altKey:
            return
        key = str(event.key).lower()
        if key == "k" and not event.shiftKey:
            event.preventDefault()
            asyncio.ensure_future(self.search.open())
        elif key == "o" and event.shiftKey:
            event.preventDefault()
            self.new_chat()

    async def open_found(self, conversation_id: str, message_id: str | None) -> None:
        """Open a search result: its conversation, on the branch that holds the message, scrolled to it."""
        if not any(c.id == conversation_id for c in self.conversations):
            self.conversations = await self.store.conversations()  # written in another tab just now
        await self.open_conversation(conversation_id)
        if self.current is None or self.current.id != conversation_id or message_id not in self.messages:
            return
        switched = tree.switch_branch(self.current, self.messages, message_id)
        if switched != self.current and await self.saved(self.store.save(switched)):
            self.remember(switched)
            self.draw_thread()
        self.chat.reveal(message_id)

    async def heard(self, change: Change) -> None:
        """Another tab stored something: show it here too, without a reload."""
        self.search.invalidate()
        if change.what is Changed.LOCK:
            await self.store.reload_lock()
            self.lock_view.draw()
            if self.store.locked:
                self.lock_view.ask()
        if change.what in {Changed.SETTINGS, Changed.LOCK}:
            self.settings = apply_preset(await self.store.settings(), self.preset)
            if not element("settings").open:  # never redraw a form the user is typing in
                self.settings_view.render(self.settings, self.preset)
            self.draw_picker()
        elif found(change.conversation_id) is None:  # many conversations at once (an import)
            await self.reload_conversations()
        elif not (self.store.locked and self.store.seals_conversations):
            self.conversations = await self.store.conversations()
            current = self.current
            if current and current.id == change.conversation_id and self.streaming_id is None:
                self.current = next((c for c in self.conversations if c.id == current.id), current)
                self.messages = await self.store.messages(current.id)
                self.draw_thread()
            self.draw_sidebar()

    async def reload_conversations(self) -> None:
        """Read every conversation again (an import stored many at once) and redraw; the open one stays if it exists."""
        if self.store.locked and self.store.seals_conversations:
            return
        self.conversations = await self.store.conversations()
        current = self.current
        if current is not None and self.streaming_id is None:
            self.current = next((c for c in self.conversations if c.id == current.id), None)
            self.messages = await self.store.messages(current.id) if self.current else {}
        await self.organizer.reload()
        self.draw_all()

    async def imported(self) -> None:
        """This tab imported a file: take its settings (under the admin's presets) and conversations."""
        stored = await self.store.settings()
        self.settings = apply_preset(stored, self.preset)
        if self.settings != stored:
            await self.saved(self.store.save_settings(self.settings))
        self.settings_view.render(self.settings, self.preset)
        await self.reload_conversations()

    async def unlocked(self, settings: Settings) -> None:
        """The keys (and sealed conversations) are open for this session: use them (the admin's presets still apply)."""
        self.settings = apply_preset(settings, self.preset)
        self.settings_view.render(self.settings, self.preset)
        if self.store.seals_conversations:
            self.conversations = await self.store.conversations()
            await self.organizer.reload()
            self.draw_sidebar()
        self.draw_picker()

    # -- per-conversation parameters -----------------------------------------------------------

    def open_parameters(self) -> None:
        source = self.current
        element("system-prompt").value = source.system_prompt if source else ""
        element("temperature").value = "" if not source or source.temperature is None else str(source.temperature)
        element("max-tokens").value = "" if not source or source.max_tokens is None else str(source.max_tokens)
        element("parameters").showModal()

    async def save_parameters(self) -> None:
        parameters = parameters_from_form(
            element("system-prompt").value, element("temperature").value, element("max-tokens").value
        )
        element("parameters").close()
        if self.current is None:
            now = now_ms()
            choice = self.selected_model() or (None, None)
            self.current = Conversation(
                id=new_id(now),
                title=self.t("shell.new_chat"),
                created_at=now,
                updated_at=now,
                backend_id=choice[0],
                model=choice[1],
            )
        updated = replace(self.current, **parameters)
        if await self.saved(self.store.save(updated)):
            self.remember(updated)
            self.draw_all()
