"""The settings dialog: backends (add, edit and test, remove, make default), the privacy guard's names,
prices, presets, saved prompts and the language.

Settings are part of the app's state: every change is a `settings_saved` step, so the pickers are
drawn again after every save, whether a connection test then works or not.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import js

from plauder.core.admin import AdminPreset, apply_preset, is_managed
from plauder.core.backend_form import edited
from plauder.core.ids import new_id
from plauder.core.records import Backend, Settings
from plauder.core.servers import backend_for, known_server
from plauder.core.state import EVERYTHING, settings_saved
from plauder.core.views import problem_lines
from plauder.web import transport
from plauder.web.chat_view import ChatView
from plauder.web.code_settings_view import CodeSettingsView
from plauder.web.dom import element, now_ms
from plauder.web.lock_view import LockView
from plauder.web.ports import Failed
from plauder.web.prices_view import PricesView
from plauder.web.privacy_view import PrivacyView
from plauder.web.prompts_view import PromptsView
from plauder.web.retention_view import RetentionView
from plauder.web.screen import Screen
from plauder.web.settings_nav import SettingsNav
from plauder.web.settings_view import SettingsView
from plauder.web.shell import Shell
from plauder.web.storage_info import show_storage


class Backends:
    def __init__(self, shell: Shell, screen: Screen, preset: AdminPreset, view: SettingsView, lock: LockView) -> None:
        self.shell = shell
        self.screen = screen
        self.preset = preset
        self.view = view
        self.lock = lock
        self.nav = SettingsNav()
        self.privacy = PrivacyView(screen.t, preset, lambda: self.settings, self.save)
        self.prices = PricesView(screen.t, preset, lambda: self.settings, self.save)
        self.prompts = PromptsView(screen.t, preset, lambda: self.settings, self.save)
        self.retention = RetentionView(screen.t, preset, lambda: self.settings, self.save)
        self.code = CodeSettingsView(screen.t, preset, lambda: self.settings, self.save)

    @property
    def settings(self) -> Settings:
        return self.shell.state.settings

    async def save(self, settings: Settings) -> bool:
        return await self.shell.run(settings_saved, settings)

    def draw(self) -> None:
        self.view.render(self.settings, self.preset)

    def on_action(self, action: str, backend_id: str, values: dict[str, str]) -> None:
        asyncio.ensure_future(self.act(action, backend_id, values))

    async def add(self, server_id: str) -> None:
        """Add a backend for one of the known servers, at its usual URL, and open it to be checked."""
        server = known_server(server_id)
        if server is None or self.preset.locked("backends"):
            return
        backend = backend_for(server, new_id(now_ms()))
        await self.save(self.settings.with_backend(backend))
        if element("settings").open:
            self.draw()
        else:
            self.open()
        self.view.focus_new(backend.id)

    def ask_for_one(self) -> None:
        """Send with no backend: settings open at the choice of server, saying that the message waits."""
        self.open()
        element("add-backend-hint").textContent = self.screen.t("servers.add_first")
        element("new-backend-server").focus()

    async def act(self, action: str, backend_id: str, values: dict[str, str]) -> None:
        backend = self.settings.backend(backend_id)
        if backend is None:
            return
        if action == "save":
            result = edited(backend, values)
            if isinstance(result, str):
                self.view.show_status(backend_id, [self.screen.t(result)], ok=False)
            elif not self.preset.allows(result.base_url):
                self.view.show_status(backend_id, [self.screen.t("settings.url_not_allowed")], ok=False)
            else:
                await self.test_connection(result)
            return
        if action == "remove" and not is_managed(backend):
            await self.save(self.settings.without_backend(backend_id))
        elif action == "default":
            model = backend.models[0] if backend.models else None
            await self.save(replace(self.settings, default_backend_id=backend_id, default_model=model))
        self.draw()

    async def test_connection(self, backend: Backend) -> None:
        """Store the edited backend, then ask it for its models and say what worked."""
        await self.save(apply_preset(self.settings.with_backend(backend), self.preset))
        backend = self.settings.backend(backend.id) or backend
        self.draw()
        self.view.show_status(backend.id, [self.screen.t("settings.testing")], ok=True)
        try:
            models, contexts = await transport.list_models(backend)
        except Failed as failure:
            self.view.show_status(backend.id, list(problem_lines(self.screen.language, failure.error)), ok=False)
            return
        await self.save(self.settings.with_backend(replace(backend, fetched_models=tuple(models), contexts=contexts)))
        self.draw()
        key = {0: "settings.connected_empty", 1: "settings.connected_one"}.get(len(models), "settings.connected")
        self.view.show_status(backend.id, [self.screen.t(key, count=len(models))], ok=True)

    def open(self) -> None:
        self.draw_all()
        element("add-backend-hint").textContent = ""
        self.nav.to_top()
        element("settings").showModal()

    def draw_all(self) -> None:
        self.draw()
        self.privacy.draw()
        self.prices.draw()
        self.prompts.draw()
        self.retention.draw()
        self.code.draw()
        self.lock.draw()
        asyncio.ensure_future(show_storage(self.screen.language, self.screen.t))

    def choose_language(self, language: str, chat: ChatView) -> None:
        """Switch the page (boot.js marks it up) and everything Python draws to `language`."""
        js.plauderLanguage.choose(language)
        self.screen.language = language
        chat.relabel()
        self.draw_all()
        self.screen.draw(self.shell.state, EVERYTHING)
