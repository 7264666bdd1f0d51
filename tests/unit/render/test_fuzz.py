"""Generated answers of a few KB, built to be slow, render safely and in bounded time.

Slow inputs repeat something: so each answer is a short prefix (to open a context: a fence, a list, a
table, math) and a pattern of one to four Markdown fragments repeated to about SIZE characters. The
examples are derandomized: the same ones run every time, so a slow one cannot come and go. A longer
hunt with the same shapes (thousands of examples, up to 24 KB) found the super-linear cases of issue 13
in the old renderer, and in this one a stream tail of many short lines or link definitions parsed again
at every update (now bounded too); the cases that took seconds run here as explicit examples.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TypeVar

from hypothesis import example, given, settings
from hypothesis import strategies as st

from plauder.render import ALLOWED_TAGS, StreamRenderer, render, sanitize
from tests.unit.render.labels import LABELS

SIZE = 6000
# CPU seconds for one call under CPython: a render of SIZE characters takes tens of ms at most, while
# each super-linear case found so far took seconds at this size. A backstop, not a benchmark.
CALL_SECONDS_MAX = 0.2
# fmt: off
FRAGMENTS = [
    "*", "_", "**", "~~", "`", "``", "[", "]", "(", ")", "![", "](", "<", ">", "&", "&#", "\\", "$", "$$", "\\(",
    "\\)", "\\[", "\\]", "{", "}", "#", "-", "+", "1.", "|", ":", "@", "!", "^", "=", "'", '"', "a", "w", " ", "\t",
    "\n", "\n\n", "    ", "```", "~~~", "- ", "> ", "| a ", "|---", "www.", "http://", "https://a.b/", "mailto:",
    "x@y.z", "a.b", "[x]: http://a\n", "<!--", "\\frac{", "\\left(", "\\right)", "\\begin{a}", "\\sqrt", "e^{",
]
PREFIXES = [
    "", "```python\n", "```c\n", "```js\n", "```html\n", "```\n", "$$\n", "$", "\\(", "\\[\n", "- ", "1. ", "> ",
    "| a | b |\n|---|---|\n| ", "# ", "[", "**", "`", "<", "    ",
]
# fmt: on
TAG = re.compile(r"<([a-z0-9]+)")
Test = TypeVar("Test", bound=Callable[..., None])
FENCE = "```"
# Took seconds before issue 13: `:` after `a` (the autolink rule), `\(` without a close, newlines before
# a `#` in C, blank lines without a language (the guess), spaces before `x` in a `systemd` fence.
KNOWN_SLOW = [
    "a:" * 8000,
    "\\(" * 8000,
    f"{FENCE}c\n" + "\n" * 1900 + "#\n",
    f"{FENCE}\n" + "\n" * 20000,
    f"{FENCE}systemd\n" + " " * 1500 + "x\n",
]


@st.composite
def answers(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(PREFIXES))
    pattern = "".join(draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4)))
    return prefix + pattern * (SIZE // len(pattern))


def safe(html: str) -> bool:
    """Only allowlisted tags, and nothing the sanitizer would still change."""
    return set(TAG.findall(html)) <= ALLOWED_TAGS and sanitize(html) == html


def with_known_slow(**arguments: object) -> Callable[[Test], Test]:
    """Each KNOWN_SLOW text as an explicit example, with `arguments` for the other parameters."""

    def add(test: Test) -> Test:
        for text in KNOWN_SLOW:
            test = example(text=text, **arguments)(test)
        return test

    return add


@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(text=answers())
@with_known_slow()
def test_generated_answers_render_safely_and_in_time(text: str) -> None:
    """The full render: the history's path, and the last render of every stream."""
    started = time.process_time()
    html = render(text, LABELS)
    assert time.process_time() - started < CALL_SECONDS_MAX
    assert safe(html)


@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(text=answers(), pieces=st.integers(2, 6))
@with_known_slow(pieces=4)
def test_generated_answers_stream_safely_and_in_time(text: str, pieces: int) -> None:
    """Each update of a stream, fed in a few large pieces (each update then parses more)."""
    renderer = StreamRenderer(LABELS)
    step = -(-len(text) // pieces)
    for end in range(step, len(text) + step, step):
        started = time.process_time()
        update = renderer.update(text[:end])
        assert time.process_time() - started < CALL_SECONDS_MAX
        assert all(safe(html) for html in (*update.finished, update.tail))
