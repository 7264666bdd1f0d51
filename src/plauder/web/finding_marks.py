"""The markup behind the message box that marks what will be replaced (pure: no browser object).

The box is a textarea, which cannot hold markup; the marks are drawn in a layer behind it that holds
the same text, laid out alike (same font, padding, wrapping and scroll) but transparent, with each
finding in a <mark> whose background shows through the box. The layer is hidden from assistive
technology: the list of findings under the box says the same in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from plauder.core.privacy.findings import Finding


def marks_html(text: str, findings: Sequence[Finding]) -> str:
    """`text` escaped, each finding (in text order, none overlapping) in a <mark>; "" without findings.

    A text ending in a line break gets a space after it: the box shows an empty last line there, which a
    laid-out block of text would not."""
    if not findings:
        return ""
    pieces: list[str] = []
    done = 0
    for finding in findings:
        pieces += (escape(text[done : finding.start]), f"<mark>{escape(text[finding.start : finding.end])}</mark>")
        done = finding.end
    pieces.append(escape(text[done:]))
    return "".join(pieces) + (" " if text.endswith("\n") else "")
