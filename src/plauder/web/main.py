"""Brings the rendered shell to life once Python is ready."""

from __future__ import annotations

import sys
from typing import Any

import js
import pyodide

from plauder.core import i18n
from plauder.web.dom import announce, element, on


def main() -> None:
    """Wire the controls, enable them, and tell the page that Python is ready."""
    language = js.document.documentElement.lang or i18n.DEFAULT_LANGUAGE
    prompt = element("prompt")
    notice = element("notice")
    settings = element("settings")

    def show_notice(key: str) -> None:
        notice.textContent = i18n.translate(language, key)
        notice.hidden = False

    def send(_event: Any = None) -> None:
        # No backend can be configured yet: say so, and leave the typed text where it is.
        if prompt.value.strip():
            show_notice("shell.no_backend")
        prompt.focus()

    def on_key(event: Any) -> None:
        if event.key == "Enter" and not event.shiftKey and not event.isComposing:
            event.preventDefault()
            send()

    def new_chat(_event: Any) -> None:
        notice.hidden = True
        prompt.focus()

    def open_settings(_event: Any) -> None:
        element("python-version").textContent = f"Python {sys.version.split()[0]}, Pyodide {pyodide.__version__}"
        settings.showModal()

    on(element("send"), "click", send)
    on(prompt, "keydown", on_key)
    on(element("new-chat"), "click", new_chat)
    on(element("open-settings"), "click", open_settings)
    on(element("close-settings"), "click", lambda _event: settings.close())
    for control in js.document.querySelectorAll("[data-needs-python]"):
        control.disabled = False
    announce("plauder:ready")
