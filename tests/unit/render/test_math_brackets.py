"""LaTeX's own delimiters, `\\(...\\)` and `\\[ ... \\]`, found in time linear in the answer."""

from __future__ import annotations

import pytest

from plauder.render import render
from plauder.render.limits import MATH_CHARS_MAX
from tests.unit.render.labels import LABELS

X = "<mrow><mi>x</mi></mrow></math>"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("a \\(x\\) b", f'<p>a <math display="inline">{X} b</p>\n'),
        ("\\(x\\) \\(", f'<p><math display="inline">{X} (</p>\n'),
        ("\\(\\)", "<p>()</p>\n"),
        ("\\[\nx\n\\]", f'<div class="math-block"><math display="block">{X}</div>\n'),
        ("\\[x\\]", f'<div class="math-block"><math display="block">{X}</div>\n'),
        (
            "> \\[\n> x\n> \\]",
            f'<blockquote>\n<div class="math-block"><math display="block">{X}</div>\n</blockquote>\n',
        ),
        ("- \\[\n  x\n  \\]", f'<ul>\n<li>\n<div class="math-block"><math display="block">{X}</div>\n</li>\n</ul>\n'),
    ],
)
def test_delimiters_become_math(markdown: str, expected: str) -> None:
    """Inline anywhere in a paragraph; display math at the start of a block, closed at the end of a line."""
    assert render(markdown, LABELS) == expected


@pytest.mark.parametrize(
    "markdown",
    ["\\[\nx\n\ny\n\\]", "- \\[\n  x\n- \\]", "\\[x\\] and more", "\\[\n\\]", "    \\[x\\]"],
)
def test_display_math_needs_one_block_closed_at_a_line_end(markdown: str) -> None:
    """No blank line and no line outside the container inside, `\\]` at a line end, not indented code."""
    assert "<math" not in render(markdown, LABELS)


def test_an_inline_formula_is_looked_for_within_the_length_limit() -> None:
    """Each `\\(` without a close scanned to the end of the paragraph (16,000 took 3.2 s): no further now."""
    assert "<math" in render("\\(" + "x" * MATH_CHARS_MAX + "\\)", LABELS)
    assert "<math" not in render("\\(" + "x" * (MATH_CHARS_MAX + 1) + "\\)", LABELS)
