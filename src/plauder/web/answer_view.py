"""Model answers into the page: sanitized HTML from the one renderer, for the history and for streams.

A streamed answer is patched, not redrawn: finished blocks are appended once before a tail element,
and only the tail is replaced at each (animation-frame) update. When the stream ends, the whole
answer is rendered once more with `render`, exactly as the history path shows it later.

The renderer's wheels load after the app has started (see `activate`); until then an answer is
shown as plain text, which is just as safe.
"""

from __future__ import annotations

import importlib
from collections import OrderedDict
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from plauder.core.i18n import translate
from plauder.web.dom import found

if TYPE_CHECKING:
    from plauder.render import RenderLabels, StreamRenderer

TAIL_CLASS = "stream-tail"
PLAIN_CLASS = "plain"
CACHED_ANSWERS = 200  # rendered answers kept, so redrawing a thread does not render it again


@dataclass
class _Stream:
    renderer: StreamRenderer
    blocks: list[str] = field(default_factory=list)  # the finished blocks' HTML, to rebuild a redrawn article


class AnswerView:
    def __init__(self, language: str) -> None:
        self._language = language
        self._renderer: ModuleType | None = None
        self._labels: RenderLabels | None = None
        self._streams: dict[str, _Stream] = {}
        self._rendered: OrderedDict[tuple[str, str], str] = OrderedDict()

    @property
    def active(self) -> bool:
        return self._renderer is not None

    def activate(self) -> None:
        """Use the renderer from now on: call once its wheels are installed."""
        self._renderer = importlib.import_module("plauder.render")
        self.set_language(self._language)

    def set_language(self, language: str) -> None:
        self._language = language
        self._rendered.clear()
        if self._renderer is not None:
            self._labels = self._renderer.RenderLabels(
                copy=translate(language, "chat.copy_code"),
                remote_image=translate(language, "chat.remote_image", host="{host}"),
            )

    def _plain(self, content: Any, text: str) -> bool:
        """Show `text` as written while the renderer is not there yet; True when it did."""
        content.classList.toggle(PLAIN_CLASS, self._renderer is None)
        if self._renderer is None:
            content.textContent = text
        return self._renderer is None

    def show(self, content: Any, message_id: str, text: str) -> None:
        """A finished answer: the whole text rendered (cached by id and text)."""
        self._streams.pop(message_id, None)
        if self._plain(content, text):
            return
        assert self._renderer is not None
        key = (message_id, text)
        html = self._rendered.get(key)
        if html is None:
            html = self._renderer.render(text, self._labels)
            self._rendered[key] = html
            while len(self._rendered) > CACHED_ANSWERS:
                self._rendered.popitem(last=False)
        else:
            self._rendered.move_to_end(key)
        content.innerHTML = html

    def stream(self, content: Any, message_id: str, text: str) -> None:
        """A streaming answer: append newly finished blocks, replace the tail."""
        if self._plain(content, text):
            return
        assert self._renderer is not None
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
