"""A whole answer to safe HTML: for the history, and once more when a stream ends.

A short answer is parsed whole. A longer one is rendered in steps (`SlicedRender`), so that a page can
draw between them: it is fed to a `StreamRenderer` a piece at a time, and each step is bounded like a
stream's update. Its blocks then get a stream's treatment: a block past the tail limits is shown as
plain text, and a reference definition written after a block that uses it does not make that a link.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from plauder.render.blocks import StreamRenderer, normalized
from plauder.render.labels import RenderLabels
from plauder.render.limits import SLICE_CHARS, Budget
from plauder.render.markdown import BUDGET, make_parser
from plauder.render.sanitize import sanitize

# One parser per language: building one compiles its rule chains, rendering with it is cheap.
_parser = lru_cache(maxsize=4)(make_parser)


def render(text: str, labels: RenderLabels) -> str:
    """The sanitized HTML of a model's answer written in Markdown."""
    sliced = SlicedRender(text, labels)
    while sliced.html is None:
        sliced.step()
    return sliced.html


class SlicedRender:
    """One answer rendered a bounded step at a time: call `step` until `html` is set."""

    def __init__(self, text: str, labels: RenderLabels) -> None:
        self._text = normalized(text)
        self._labels = labels
        self._stream: StreamRenderer | None = None
        self._end = 0  # how much of the text the stream has seen
        self._blocks: list[str] = []
        self.html: str | None = None

    def step(self) -> None:
        """Render the next piece; the last step sets `html`."""
        if self.html is not None:
            return
        if len(self._text) <= SLICE_CHARS:
            md: MarkdownIt = _parser(self._labels)
            self.html = sanitize(md.render(self._text, {BUDGET: Budget()}))
            return
        if self._stream is None:
            self._stream = StreamRenderer(self._labels)
        self._end = self._next_end(self._stream.finished_text)
        final = self._end == len(self._text)
        update = self._stream.update(self._text[: self._end], final=final)
        self._blocks.extend(update.finished)
        if final:
            self.html = "".join([*self._blocks, update.tail])

    def _next_end(self, finished: str) -> int:
        """Where the next piece ends: at a line end, SLICE_CHARS on or half its unfinished block more (so that a
        code block, the one kind that is never cut short, is re-read a few times, not once per piece)."""
        end = self._end + max(SLICE_CHARS, (self._end - len(finished)) // 2)
        if end >= len(self._text):
            return len(self._text)
        line_end = self._text.find("\n", end, end + SLICE_CHARS)
        return line_end + 1 if line_end >= 0 else end
