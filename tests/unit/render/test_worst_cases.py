"""The answers that froze the page (bench/render_worst.py) render quickly, each with its fallback."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

from bench.render_worst import WORST_CASES
from plauder.render import StreamRenderer, render
from plauder.render.limits import LONG_BLOCK_LINES_MAX
from tests.unit.render.labels import LABELS

# A generous backstop in CPU seconds for one call under CPython (each takes a few ms, up to 50 ms for a
# list of 5,000 items; before issue 13 most took seconds); the structural checks are the real test.
CALL_SECONDS_MAX = 2.0
STREAM_UPDATES = 8


def plain_code(label: str) -> Callable[[str], bool]:
    """The block keeps its label and shows its code without a single highlighting span (long code comes
    in groups of lines, `highlight.plain_code`)."""
    return lambda html: (
        f'<span class="code-lang">{label}</span>' in html
        and re.search(
            r'<code class="highlight language-text">(?:[^<]+|<span class="code-lines">|</span>)*</code>', html
        )
        is not None
    )


def lacks(*tags: str) -> Callable[[str], bool]:
    return lambda html: not any(tag in html for tag in tags)


def plain_source(html: str) -> bool:
    """A block too large for one step of a sliced render shows as its source, as while it streamed (all
    but its last lines: a list of at most LONG_BLOCK_LINES_MAX items, rendered as a long block)."""
    return '<div class="plain-source">' in html and html.count("<li>") <= LONG_BLOCK_LINES_MAX and "<math" not in html


FALLBACK: dict[str, Callable[[str], bool]] = {
    "systemd fence, 1,500 spaces then x": plain_code("systemd"),
    "fan fence, 8,000 a then !": plain_code("fan"),
    "easytrieve fence, 2,000 tabs": plain_code("easytrieve"),
    "python fence, 200 KB": plain_code("python"),
    "c fence, 1,900 newlines then #": lambda html: (
        'language-c">' in html and "\n" * 1900 + '<span class="cp">#' in html
    ),
    "unlabelled fence, 20,000 blank lines": plain_code("text"),
    "math, 900 nested braces": lambda html: '<code class="math-source">{{{' in html and "<math" not in html,
    "math, 20,000 inline formulas": lacks("<math"),
    "200 KB of *_ pairs": lacks("<em", "<strong"),
    "www.a.b 25,000 times": lacks("<a "),
    "table of 10,000 columns": lacks("<table"),
    "list of 5,000 items": plain_source,
    "a: 16,000 times (32 KB)": lambda html: html == "<p>" + "a:" * 16_000 + "</p>\n",
    "\\( 16,000 times (32 KB)": lacks("<math"),
    "list items opening $$, 32 KB": plain_source,
}


@pytest.mark.parametrize(("name", "text"), WORST_CASES, ids=[name for name, _ in WORST_CASES])
def test_worst_case_renders_with_its_fallback(name: str, text: str) -> None:
    """Code unhighlighted, math as source, paragraphs as text, or simply quickly, as each case needs."""
    started = time.process_time()
    html = render(text, LABELS)
    assert time.process_time() - started < CALL_SECONDS_MAX
    assert FALLBACK[name](html)


@pytest.mark.parametrize(("name", "text"), WORST_CASES, ids=[name for name, _ in WORST_CASES])
def test_worst_case_streams_without_a_long_update(name: str, text: str) -> None:
    """Streamed in a few large pieces (the slowest way: each update parses more), no update is long."""
    renderer = StreamRenderer(LABELS)
    step = -(-len(text) // STREAM_UPDATES)
    for end in range(step, len(text) + step, step):
        started = time.process_time()
        renderer.update(text[:end])
        assert time.process_time() - started < CALL_SECONDS_MAX
