"""An XSS corpus from pinned test data: HTML-ish entries of the Big List of Naughty Strings (npm `blns`,
pinned in package.json) and the Markdown, link, HTML, SVG and MathML payloads of `brs-kb` (PyPI, pinned
in the test extra). Nothing is hand-picked, so the renderer is tried against inputs nobody tuned it for.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import brs_kb

ROOT = Path(__file__).resolve().parents[1]
BLNS = ROOT / "node_modules" / "blns" / "resources" / "blns.json"
# brs-kb files each payload under the contexts it attacks; these are the ones a Markdown answer can carry.
BRS_CONTEXTS = frozenset(
    {"markdown", "href", "url", "html_content", "html_attribute", "svg", "svg_xss", "mathml", "mutation"}
    | {"dom_clobbering", "html_comment", "scriptless", "src"}
)
_HTMLISH = re.compile(r"<|javascript:|vbscript:|data:|\bon\w+\s*=", re.IGNORECASE)


def blns_entries() -> list[str]:
    """The naughty strings that look like markup or script (the rest test other things: Unicode, SQL, ...)."""
    return [entry for entry in json.loads(BLNS.read_text("utf-8")) if _HTMLISH.search(entry)]


def brs_entries() -> list[str]:
    """brs-kb payloads filed under a context that Markdown output can reach."""
    payloads = brs_kb.get_all_payloads().values()
    return [entry["payload"] for entry in payloads if BRS_CONTEXTS.intersection(entry.get("contexts", ()))]


@cache
def corpus() -> tuple[str, ...]:
    """Every distinct entry of both sources, in a stable order."""
    return tuple(sorted(set(blns_entries()) | set(brs_entries())))
