"""Keeps what the page last showed, so that the next start paints it before Python is ready.

After the conversation list or the thread is drawn (and no answer streams), the list's markup and the
open conversation's title and thread are written to localStorage for this build folder, at most once
a second and when the page is hidden; public/first-paint.js paints them at the next start. Because
every draw of the list and the thread leads here, a change in another tab, an import or a restore
updates the copy as soon as this page draws it. Sealed conversations are never written: the copy then
holds only the fact that they are sealed.

At the start the app reopens the conversation the copy shows, and leaves the painted thread in place
until it can draw it as it looked (with the answer renderer), so nothing flashes or jumps.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_once_callable

from plauder.web.dom import element, now_ms, on
from plauder.web.sidebar_view import INDENT_REM

KEY_PREFIX = "plauder:first-paint:"
SAVE_DELAY_MS = 1000
# A thread with longer markup is not kept (the list still is): copying it is one task of about 12 ms per
# 100 KB on the 2-core machine (clone, serialize, JSON, localStorage: 25 ms for 207 KB in a Chrome trace).
MAX_THREAD_CHARS = 200_000


def storage_key() -> str:
    return KEY_PREFIX + str(js.URL.new("./", js.location.href).pathname)


def painted_conversation() -> str | None:
    """The conversation whose thread the start painted, which the app opens again (None: none was painted)."""
    if js.document.documentElement.getAttribute("data-first-paint") != "cached":
        return None
    try:
        record = json.loads(str(js.localStorage.getItem(storage_key()) or "null"))
    except ValueError:
        return None
    conversation = record.get("conversation") if isinstance(record, dict) and record.get("thread") else None
    return conversation if isinstance(conversation, str) else None


class FirstPaint:
    def __init__(
        self,
        painted: str | None,
        sealed: Callable[[], bool],
        busy: Callable[[], bool],
        open_conversation: Callable[[], str | None],
    ) -> None:
        self._painted = painted
        self._sealed = sealed
        self._busy = busy
        self._open_conversation = open_conversation
        self._due: float | None = None  # when the next write is due, once the page has been still that long
        self._root = js.document.documentElement
        on(js.window, "pagehide", lambda _event: self.save())

    def keeps(self, conversation_id: str | None) -> bool:
        """Asked by the start's first drawing of the thread: True when the painted thread is this
        conversation's, which then stays (inert) until the answer renderer draws it as it looked."""
        keep = conversation_id is not None and conversation_id == self._painted
        self._painted = None
        return keep

    def list_drawn(self) -> None:
        element("conversations").inert = False

    def thread_drawn(self) -> None:
        element("messages").inert = False
        self._root.removeAttribute("data-first-paint")

    def schedule(self) -> None:
        """Write the copy once the page has been still for SAVE_DELAY_MS."""
        pending = self._due is not None
        self._due = now_ms() + SAVE_DELAY_MS
        if not pending:
            js.setTimeout(create_once_callable(self._when_due), SAVE_DELAY_MS)

    def _when_due(self) -> None:
        due = self._due
        if due is None:
            return
        wait = due - now_ms()
        if wait > 0 or self._busy():  # drawn again since, or an answer streams: later
            js.setTimeout(create_once_callable(self._when_due), max(wait, SAVE_DELAY_MS))
            return
        self.save()

    def save(self) -> None:
        self._due = None
        record: dict[str, Any] = {"build": str(self._root.dataset.build), "language": str(self._root.lang)}
        if self._sealed():
            record["sealed"] = True
        else:
            record.update(self._shown())
        try:
            js.localStorage.setItem(storage_key(), json.dumps(record))
        except Exception:  # noqa: BLE001 - storage full or refused: no copy beats a stale one
            js.localStorage.removeItem(storage_key())

    def _shown(self) -> dict[str, Any]:
        conversation = self._open_conversation()
        messages = element("messages")
        # Its text is never longer than its markup: a thread already too long by its text is not even copied.
        kept = conversation is not None and len(str(messages.textContent)) <= MAX_THREAD_CHARS
        thread = markup_of(messages) if kept else ""
        if len(thread) > MAX_THREAD_CHARS or not kept:
            conversation, thread = None, ""
        return {
            "sidebar": markup_of(element("conversations")),
            "indent_rem": INDENT_REM,  # the list's rows carry their depth; first-paint.js indents them by this
            "conversation": conversation,
            "title": str(element("chat-title").textContent) if conversation else "",
            "thread": thread,
        }


def markup_of(container: Any) -> str:
    """The container's markup without style attributes: the page's policy refuses them in inserted markup
    (they are set through the DOM instead: first-paint.js indents the list's rows). Pictures lose their blob:
    URLs, which die with the page that made them: the next page reads their bytes again (web/picture_view.py)."""
    copy = container.cloneNode(True)
    for styled in copy.querySelectorAll("[style]"):
        styled.removeAttribute("style")
    for picture in copy.querySelectorAll("img[data-file]"):
        picture.removeAttribute("src")
    return str(copy.innerHTML)
