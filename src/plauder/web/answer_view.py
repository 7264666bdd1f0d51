"""Model answers into the page: sanitized HTML from the one renderer, for the history and for streams.

A streamed answer is patched, not redrawn: finished blocks are appended once before a tail element,
and only the tail is replaced at each (animation-frame) update. When the stream ends, the whole
answer is rendered once more, exactly as the history path shows it later. A long answer renders a
`SlicedRender` step at a time, in tasks of about SLICE_MS, so the page never blocks on it: the streamed
markup (or, from the history, the plain text) stays until it is done, marked `aria-busy` meanwhile.

The renderer's wheels load after the app has started (see `activate`); until then an answer is
shown as plain text, which is just as safe. A click on a link whose text reads as another address
asks first (`follow`, `link_check`).
"""

from __future__ import annotations

import importlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from types import ModuleType
from typing import TYPE_CHECKING, Any

import js
from pyodide.ffi import create_once_callable

from plauder.core.i18n import Translate
from plauder.web import link_check
from plauder.web.dom import found

if TYPE_CHECKING:
    from plauder.render import RenderLabels, SlicedRender, StreamRenderer

TAIL_CLASS = "stream-tail"
PLAIN_CLASS = "plain"
CACHED_ANSWERS = 200  # rendered answers kept, so redrawing a thread does not render it again
SLICE_MS = 12  # render steps of finished answers run for about this long per task


@dataclass
class _Stream:
    renderer: StreamRenderer
    blocks: list[str] = field(default_factory=list)  # the finished blocks' HTML, to rebuild a redrawn article


class AnswerView:
    def __init__(self, t: Translate) -> None:
        self._t = t
        self._renderer: ModuleType | None = None
        self._labels: RenderLabels | None = None
        self._streams: dict[str, _Stream] = {}
        self._rendered: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._deferred: list[tuple[str, str]] = []  # (id, text) of answers to render, newest last
        self._jobs: dict[tuple[str, str], SlicedRender] = {}  # answers being rendered, by (id, text)
        self._shown: dict[tuple[str, str], Any] = {}  # (id, text) of a job -> the element to show it in
        # Told of each answer put into the page rendered (its content element and id): what ran under its code
        # blocks is drawn there again (web/chat_view.py).
        self.on_shown: Callable[[Any, str], None] = lambda _content, _message_id: None

    def activate(self) -> None:
        """Use the renderer from now on: call once its wheels are installed."""
        self._renderer = importlib.import_module("plauder.render")
        self.relabel()

    def relabel(self) -> None:
        """Labels in the current language for what is rendered from now on."""
        self._rendered.clear()
        self._jobs.clear()
        if self._renderer is not None:
            self._labels = self._renderer.RenderLabels(
                copy=self._t("chat.copy_code"),
                remote_image=self._t("chat.remote_image", host="{host}"),
                run=self._t("code.run"),
                run_note=self._t("code.note"),
            )

    def raw_markup(self, text: str) -> str:
        """A message's raw text, escaped; once the renderer is there, a long one in groups of lines that the
        browser lays out only in view, as code shown plain (a 200 KB <pre> took 55-164 ms to lay out)."""
        return escape(text) if self._renderer is None else str(self._renderer.plain_code(text))

    def follow(self, event: Any) -> None:
        """A click in the thread: a link whose text reads as an address elsewhere opens only when confirmed."""
        link = found(event.target.closest(link_check.LINK_SELECTOR))
        if link is None or self._renderer is None:
            return
        text, href = link_check.link_text(link), str(link.getAttribute("href"))
        host = self._renderer.misleading_link(text, href)
        if host is not None:
            event.preventDefault()
            link_check.ask(self._t, text.strip(), host, href)

    def markup(self, message_id: str, text: str, defer: bool = False) -> tuple[str, bool]:
        """A finished answer's HTML, and whether it is plain text for now (no renderer yet, or deferred).

        Rendered HTML is cached by id and text. With `defer`, an answer not in the cache is escaped
        text for now and waits for `render_deferred`: a long thread appears at once and renders
        while the reader looks at its end. So does a long answer, which takes more than one step.
        """
        self._streams.pop(message_id, None)
        if self._renderer is None:
            return escape(text), True
        key = (message_id, text)
        html = self._rendered.get(key)
        if html is not None:
            self._rendered.move_to_end(key)
            return html, False
        if not defer and (html := self._step(key)) is not None:
            return html, False
        self._deferred.append(key)
        return escape(text), True

    def _step(self, key: tuple[str, str]) -> str | None:
        """One step of rendering an answer; its HTML (cached) once done."""
        assert self._renderer is not None
        job = self._jobs.get(key) or self._jobs.setdefault(key, self._renderer.SlicedRender(key[1], self._labels))
        job.step()
        if job.html is None:
            return None
        del self._jobs[key]
        self._rendered[key] = job.html
        while len(self._rendered) > CACHED_ANSWERS:
            self._rendered.popitem(last=False)
        return job.html

    def show(self, content: Any, message_id: str, text: str) -> None:
        """Put a finished answer into its content element; a long one once its last step is done."""
        key = (message_id, text)
        if self._renderer is not None and key not in self._rendered and (html := self._step(key)) is None:
            if self._streams.pop(message_id, None) is None:  # no streamed markup to keep meanwhile
                content.classList.add(PLAIN_CLASS)
                content.textContent = text
            content.setAttribute("aria-busy", "true")
            if not self._shown:
                js.setTimeout(create_once_callable(self._render_shown), 0)
            self._shown[key] = content
            return
        html, plain = self.markup(message_id, text)
        content.classList.toggle(PLAIN_CLASS, plain)
        content.removeAttribute("aria-busy")
        content.innerHTML = html
        if not plain:
            self.on_shown(content, message_id)

    def _render_shown(self) -> None:
        """Render the answers `show` is waiting for, a task of about SLICE_MS at a time."""
        started = time.perf_counter()
        while self._shown and (time.perf_counter() - started) * 1000 < SLICE_MS:
            key = next(iter(self._shown))
            if self._step(key) is not None:
                self.show(self._shown.pop(key), *key)
        if self._shown:
            js.setTimeout(create_once_callable(self._render_shown), 0)

    def forget_deferred(self) -> None:
        """The thread is drawn anew: what was waiting to be rendered is gone from the page."""
        self._deferred.clear()
        self._jobs = {key: job for key, job in self._jobs.items() if key in self._shown}

    def render_deferred(self, budget_ms: float, content_of: Callable[[str], Any | None]) -> bool:
        """Render waiting answers, newest first, for about `budget_ms`; True while some still wait."""
        started = time.perf_counter()
        while self._deferred and (time.perf_counter() - started) * 1000 < budget_ms:
            message_id, text = key = self._deferred[-1]
            if key in self._rendered or self._step(key) is not None:
                self._deferred.pop()
                if (content := content_of(message_id)) is not None:
                    self.show(content, message_id, text)
        return bool(self._deferred)

    def stream(self, content: Any, message_id: str, text: str) -> None:
        """A streaming answer: append newly finished blocks, replace the tail."""
        if self._renderer is None:
            content.classList.add(PLAIN_CLASS)
            content.textContent = text
            return
        content.classList.remove(PLAIN_CLASS)
        stream = self._streams.get(message_id)
        if stream is None or not text.startswith(stream.renderer.finished_text):
            stream = self._streams[message_id] = _Stream(self._renderer.StreamRenderer(self._labels))
        update = stream.renderer.update(text)
        tail = found(content.lastElementChild)
        drawn = found(content.getAttribute("data-blocks"))  # None on an article drawn afresh
        if tail is None or TAIL_CLASS not in str(tail.className) or drawn != str(len(stream.blocks)):
            # a fresh article (the thread was redrawn): rebuild it from the blocks kept
            content.innerHTML = "".join([*stream.blocks, *update.finished, f'<div class="{TAIL_CLASS}"></div>'])
            tail = content.lastElementChild
        else:
            for html in update.finished:
                tail.insertAdjacentHTML("beforebegin", html)
        stream.blocks.extend(update.finished)
        content.setAttribute("data-blocks", str(len(stream.blocks)))
        tail.innerHTML = update.tail
