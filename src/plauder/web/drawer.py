"""On narrow screens the sidebar is a drawer: the header's menu button opens it; the backdrop, Esc or
choosing a conversation closes it. While it is open the chat behind it is inert (focus stays in it)."""

from __future__ import annotations

from typing import Any

import js

from plauder.web.dom import element, found, on

CLOSES_DRAWER = "button.conversation, #new-chat, #open-settings, #open-search"


class Drawer:
    def __init__(self) -> None:
        self._app = js.document.querySelector(".app")
        self._button = element("open-sidebar")
        self._sidebar = element("sidebar")
        on(self._button, "click", lambda _e: self.set_open(not self.is_open))
        on(js.document.querySelector(".drawer-backdrop"), "click", lambda _e: self.set_open(False))
        on(self._sidebar, "keydown", self._on_key)
        on(self._sidebar, "click", self._on_click)

    @property
    def is_open(self) -> bool:
        return bool(found(self._app.getAttribute("data-drawer")) == "open")

    def set_open(self, open_: bool) -> None:
        if open_ == self.is_open:
            return
        self._app.setAttribute("data-drawer", "open" if open_ else "closed")
        self._button.setAttribute("aria-expanded", "true" if open_ else "false")
        js.document.querySelector("main.chat").inert = open_
        if open_:
            element("new-chat").focus()
        else:
            self._button.focus()

    def _on_key(self, event: Any) -> None:
        if event.key == "Escape" and self.is_open and found(js.document.querySelector("dialog[open]")) is None:
            event.stopPropagation()
            self.set_open(False)

    def _on_click(self, event: Any) -> None:
        """A conversation opened or started, settings or search opened: the drawer makes way."""
        if found(event.target.closest(CLOSES_DRAWER)) is not None:
            self.set_open(False)


class HeaderActions:
    """On phones the header's actions (Parameters, Export, Branches) fold behind the ⋯ button: it shows
    them as a row under the header, and choosing one, or Esc, folds them again."""

    def __init__(self) -> None:
        self._header = js.document.querySelector(".chat-header")
        self._button = element("more-actions")
        on(self._button, "click", lambda _e: self.set_open(not self.is_open))
        actions = element("header-actions")
        on(actions, "click", lambda event: self._chosen(event))
        on(actions, "keydown", lambda event: self.set_open(False) if event.key == "Escape" else None)

    @property
    def is_open(self) -> bool:
        return bool(found(self._header.getAttribute("data-actions")) == "open")

    def set_open(self, open_: bool) -> None:
        self._header.setAttribute("data-actions", "open" if open_ else "closed")
        self._button.setAttribute("aria-expanded", "true" if open_ else "false")

    def _chosen(self, event: Any) -> None:
        """A button that opens a dialog folds the row; the Export menu's summary only opens its menu."""
        if found(event.target.closest("button")) is not None:
            self.set_open(False)


class SidebarToggle:
    """On wider screens the conversation list can be put away and brought back; the choice is kept."""

    KEY = "plauder:sidebar"

    def __init__(self) -> None:
        self._app = js.document.querySelector(".app")
        self._button = element("toggle-sidebar")
        on(self._button, "click", lambda _e: self.set_shown(not self.is_shown))
        self.set_shown(js.localStorage.getItem(self.KEY) != "hidden")

    @property
    def is_shown(self) -> bool:
        return bool(found(self._app.getAttribute("data-sidebar")) != "hidden")

    def set_shown(self, shown: bool) -> None:
        self._app.setAttribute("data-sidebar", "shown" if shown else "hidden")
        self._button.setAttribute("aria-expanded", "true" if shown else "false")
        js.localStorage.setItem(self.KEY, "shown" if shown else "hidden")
