"""LaTeX to MathML, with the source shown when it cannot be converted.

latex2mathml is the converter because it is pure Python (one 80 kB wheel, no dependencies), needs no
JavaScript and no fonts, and its output, MathML Core, is drawn natively by Chromium (109+), Firefox and
Safari. KaTeX or MathJax would mean vendoring and running JavaScript beside Pyodide, and a stricter CSP.

latex2mathml writes the text of `\\text{...}` and attribute values (`\\href`, `\\style`) unescaped into its
XML string, so its element tree is serialized here instead: every text and value escaped. Which elements
and attributes may reach the page is decided later by `sanitize`.
"""

from __future__ import annotations

from html import escape, unescape
from xml.etree.ElementTree import Element

from latex2mathml.converter import Converter


def to_mathml(tex: str, display: bool) -> str:
    """`<math>` for `tex`, or the escaped source in `<code class="math-error">` if it does not convert."""
    try:
        tree = Converter(display="block" if display else "inline").convert_to_element(tex)
    except Exception:  # noqa: BLE001 - bad input raises latex2mathml's own errors and plain IndexError, KeyError, ...
        return f'<code class="math-error">{escape(tex)}</code>'
    out: list[str] = []
    _serialize(tree, out)
    return "".join(out)


def _text(value: str | None) -> str:
    """latex2mathml stores symbols as character references (`&#x027E8;`): decode them, then escape everything."""
    return escape(unescape(value), quote=True) if value else ""


def _serialize(element: Element, out: list[str]) -> None:
    attrs = "".join(f' {name}="{_text(value)}"' for name, value in element.attrib.items())
    out.append(f"<{element.tag}{attrs}>{_text(element.text)}")
    for child in element:
        _serialize(child, out)
    out.append(f"</{element.tag}>{_text(element.tail)}")
