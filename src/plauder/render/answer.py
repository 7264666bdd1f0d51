"""A whole answer to safe HTML: for the history, and once more when a stream ends.

A short answer is parsed whole. A longer one is rendered in steps (`SlicedRender`), so that a page can
draw between them: it is fed to a `StreamRenderer` a piece at a time, and each step is bounded like a
stream's update. Its blocks then get a stream's treatment: a reference definition written after a block
that uses it does not make that a link, and a block past the tail limits is shown as plain text, unless it
is a list or table whose end is in sight, which is then rendered a group of items at a time (`long_blocks`).
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from plauder.render.blocks import StreamRenderer, normalized
from plauder.render.labels import RenderLabels
from plauder.render.limits import LONG_FROM_CHARS, SLICE_CHARS, Budget
from plauder.render.long_blocks import LongBlock, long_block
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
        self._stream = StreamRenderer(labels)
        self._end = 0  # how much of the text the stream has seen (or a long block covers)
        self._blocks: list[str] = []
        self._tail = ""
        self._long: LongBlock | None = None  # a long list or table being rendered
        self._long_at: int | None = None  # where a long unfinished block starts: the next step looks at it
        self._long_after = 0  # where the last look ended: a block starting before is not looked at again
        self.html: str | None = None

    def step(self) -> None:
        """Render the next piece; the last step sets `html`."""
        if self.html is not None:
            return
        if len(self._text) <= SLICE_CHARS:
            md: MarkdownIt = _parser(self._labels)
            self.html = sanitize(md.render(self._text, {BUDGET: Budget()}))
            return
        if self._long_at is not None:
            self._start_long(self._long_at)
        elif self._long is not None:
            self._continue_long(self._long)
        else:
            self._feed()
        if self._end == len(self._text) and self._long is None and self._long_at is None:
            self.html = "".join([*self._blocks, self._tail])

    def _feed(self) -> None:
        """Give the stream the next piece."""
        self._end = self._next_end(self._stream.finished_text)
        update = self._stream.update(self._text[: self._end], final=self._end == len(self._text))
        self._blocks.extend(update.finished)
        self._tail = update.tail
        start = len(self._stream.finished_text) if self._stream.plain_from is None else self._stream.plain_from
        if start >= self._long_after and (
            start != len(self._stream.finished_text) or self._end - start > LONG_FROM_CHARS
        ):
            self._long_at = start  # shown as plain text, or about to be parsed again at a size that costs

    def _start_long(self, start: int) -> None:
        """Render the block starting at `start` as a long list or table, if it is one that ends in sight."""
        self._long_at = None
        job, self._long_after = long_block(_parser(self._labels), self._text, start, self._stream.env())
        if job is not None:
            if self._stream.plain_from is not None:
                self._blocks.pop()  # the plain text of its start
            self._long, self._end, self._tail = job, self._long_after, ""

    def _continue_long(self, job: LongBlock) -> None:
        job.step()
        if job.html is not None:
            self._blocks.append(job.html)
            self._stream.resume_after(self._text[: self._end], job.budget)
            self._long = None

    def _next_end(self, finished: str) -> int:
        """Where the next piece ends: at a line end, SLICE_CHARS on or half its unfinished block more (so that a
        code block, the one kind that is never cut short, is re-read a few times, not once per piece)."""
        end = self._end + max(SLICE_CHARS, (self._end - len(finished)) // 2)
        if end >= len(self._text):
            return len(self._text)
        line_end = self._text.find("\n", end, end + SLICE_CHARS)
        return line_end + 1 if line_end >= 0 else end
