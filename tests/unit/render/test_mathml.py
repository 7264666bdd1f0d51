"""Formulas that would cost too much to convert or to lay out are shown as their source."""

from __future__ import annotations

import pytest

from plauder.render.limits import (
    MATH_ANSWER_CHARS_MAX,
    MATH_CHARS_MAX,
    MATH_FORMULA_CHARS,
    MATH_NESTING_MAX,
    MATHML_DEPTH_MAX,
    Budget,
)
from plauder.render.mathml import nesting, to_mathml

SOURCE = '<code class="math-source">'


@pytest.mark.parametrize(
    ("tex", "depth"),
    [
        ("x^2", 0),
        ("\\frac{a}{b}", 1),
        ("{a{b{c}}}", 3),
        ("\\{ \\} \\\\ {x}", 1),
        ("\\left( \\frac{a}{b} \\right)", 2),
        ("\\begin{pmatrix} a \\end{pmatrix}", 2),
        ("\\leftarrow \\endash {x}", 1),
    ],
)
def test_nesting_counts_groups_in_the_source(tex: str, depth: int) -> None:
    """Braces, \\left...\\right and \\begin...\\end nest; escaped braces and other commands do not."""
    assert nesting(tex) == depth


def test_deeply_nested_braces_are_shown_as_source() -> None:
    """900 nested braces froze the page for 11-15 s (Chromium's layout): not converted at all now."""
    tex = "{" * 900 + "x" + "}" * 900
    assert to_mathml(tex, True, Budget()) == SOURCE + tex + "</code>"
    nested = "{" * MATH_NESTING_MAX + "x" + "}" * MATH_NESTING_MAX
    assert to_mathml(nested, True, Budget()).startswith("<math")
    assert to_mathml("{" + nested + "}", True, Budget()).startswith(SOURCE)


def test_mathml_nested_without_braces_is_shown_as_source() -> None:
    """`\\sqrt\\sqrt...x` nests as deeply without a brace: the depth of the MathML is checked too."""
    assert to_mathml("\\sqrt" * (MATHML_DEPTH_MAX // 2) + " x", False, Budget()).startswith("<math")
    assert to_mathml("\\sqrt" * MATHML_DEPTH_MAX + " x", False, Budget()).startswith(SOURCE)


def test_long_formulas_and_formulas_past_the_answer_budget_are_shown_as_source() -> None:
    """A formula over MATH_CHARS_MAX, and every formula once the answer's budget is spent."""
    assert to_mathml("x+" * (MATH_CHARS_MAX // 2) + "y", False, Budget()).startswith(SOURCE)
    budget = Budget()
    shown = [to_mathml("a", False, budget) for _ in range(MATH_ANSWER_CHARS_MAX // MATH_FORMULA_CHARS + 1)]
    assert [out.startswith("<math") for out in shown] == [True] * (len(shown) - 1) + [False]


def test_source_is_escaped_and_errors_stay_errors() -> None:
    """Shown source is text; LaTeX that does not convert is still marked as an error."""
    assert to_mathml("<b>" + "{" * 99 + "}" * 99, False, Budget()).startswith(SOURCE + "&lt;b&gt;")
    assert to_mathml("a < x^", False, Budget()) == '<code class="math-error">a &lt; x^</code>'
