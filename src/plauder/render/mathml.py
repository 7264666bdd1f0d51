"""LaTeX to MathML, with the source shown when it cannot be converted or would cost too much.

latex2mathml is the converter because it is pure Python (one 80 kB wheel, no dependencies), needs no
JavaScript and no fonts, and its output, MathML Core, is drawn natively by Chromium (109+), Firefox and
Safari. KaTeX or MathJax would mean vendoring and running JavaScript beside Pyodide, and a stricter CSP.

latex2mathml writes the text of `\\text{...}` and attribute values (`\\href`, `\\style`) unescaped into its
XML string, so its element tree is serialized here instead: every text and value escaped. Which elements
and attributes may reach the page is decided later by `sanitize`.

A formula that is too long, nested too deeply (Chromium's layout time grows steeply with depth: 900
nested braces froze the page for 11 s) or over the answer's budget is shown as its source, as code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape
from xml.etree.ElementTree import Element

from latex2mathml.converter import Converter

from plauder.render.limits import MATH_CHARS_MAX, MATH_NESTING_MAX, MATHML_DEPTH_MAX, Budget

# Group delimiters; an escaped character (`\{`, `\\`) is consumed whole so that it counts for nothing.
_GROUP = re.compile(r"\\(?:left|right|begin|end)(?![A-Za-z])|\\.|[{}]", re.DOTALL)
_OPENING = frozenset({"{", "\\left", "\\begin"})
_CLOSING = frozenset({"}", "\\right", "\\end"})


def to_mathml(tex: str, display: bool, budget: Budget) -> str:
    """`<math>` for `tex`; its escaped source in `<code class="math-source">` past a limit, or in
    `<code class="math-error">` if it does not convert."""
    if len(tex) > MATH_CHARS_MAX or nesting(tex) > MATH_NESTING_MAX or not budget.spend_math(len(tex)):
        return _source(tex, "math-source")
    return _converted(tex, display)


def nesting(tex: str) -> int:
    """How deeply groups nest in `tex`: braces, `\\left ... \\right`, `\\begin ... \\end`."""
    depth = deepest = 0
    for token in _GROUP.findall(tex):
        if token in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif token in _CLOSING:
            depth -= 1
    return deepest


@lru_cache(maxsize=256)
def _converted(tex: str, display: bool) -> str:
    """Cached: a stream shows the same formulas again at every update of its tail."""
    try:
        tree = Converter(display="block" if display else "inline").convert_to_element(tex)
    except Exception:  # noqa: BLE001 - bad input raises latex2mathml's own errors and plain IndexError, KeyError, ...
        return _source(tex, "math-error")
    if _depth(tree) > MATHML_DEPTH_MAX:
        return _source(tex, "math-source")
    out: list[str] = []
    _serialize(tree, out)
    return "".join(out)


def _source(tex: str, kind: str) -> str:
    return f'<code class="{kind}">{escape(tex)}</code>'


def _depth(tree: Element) -> int:
    """The number of elements on the longest path down from `tree` (without recursion: it may be deep)."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _text(value: str | None) -> str:
    """latex2mathml stores symbols as character references (`&#x027E8;`): decode them, then escape everything."""
    return escape(unescape(value), quote=True) if value else ""


def _serialize(element: Element, out: list[str]) -> None:
    attrs = "".join(f' {name}="{_text(value)}"' for name, value in element.attrib.items())
    out.append(f"<{element.tag}{attrs}>{_text(element.text)}")
    for child in element:
        _serialize(child, out)
    out.append(f"</{element.tag}>{_text(element.tail)}")
