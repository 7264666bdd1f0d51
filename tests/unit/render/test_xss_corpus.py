"""Every entry of the pinned XSS corpus, as an answer, as a link target and as math, renders harmless."""

from __future__ import annotations

import re

import pytest

from plauder.render import ALLOWED_TAGS, render
from tests.unit.render.labels import LABELS
from tests.xss_corpus import blns_entries, brs_entries, corpus

_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>]+(?:=\"[^\"]*\")?)*)\s*/?>")
_ATTRIBUTE = re.compile(r'\s+([^\s=>]+)(?:="([^"]*)")?')
_FORBIDDEN = re.compile(r"<(script|img|iframe|svg|object|embed|style|link|meta|base|form)\b", re.IGNORECASE)
_WRAPPERS = ("{}", "[link]({})", "![image]({})", "<{}>", "$\\text{{{}}}$", "```\n{}\n```", "| a |\n|---|\n| {} |")


def unsafe(html: str) -> list[str]:
    """What a strict scan objects to in rendered HTML: forbidden tags, tags off the allowlist, handlers,
    style, and links that are not http(s) or mailto."""
    problems = [f"forbidden <{m}" for m in _FORBIDDEN.findall(html)]
    for tag, attributes in _TAG.findall(html):
        if tag.lower() not in ALLOWED_TAGS:
            problems.append(f"tag {tag}")
        for name, value in _ATTRIBUTE.findall(attributes):
            if name.lower().startswith("on") or name.lower() in {"style", "src", "xlink:href", "srcdoc", "formaction"}:
                problems.append(f"attribute {name}")
            if name.lower() == "href" and not re.match(r"(https?://|mailto:)", value, re.IGNORECASE):
                problems.append(f"href {value}")
    return problems


def test_corpus_is_large_and_from_both_sources() -> None:
    """At least 900 distinct inputs, drawn from both pinned packages."""
    assert len(corpus()) >= 900
    assert len(blns_entries()) > 50 and len(brs_entries()) > 500


def test_scan_catches_what_it_must() -> None:
    """Negative control: the scan flags each kind of problem."""
    html = '<script>x</script><p onclick="x" style="y"><a href="javascript:x">a</a><svg></svg><blink>'
    assert len(unsafe(html)) >= 6


@pytest.mark.parametrize("wrapper", _WRAPPERS)
def test_every_corpus_entry_renders_harmless(wrapper: str) -> None:
    """No entry, in any Markdown position, yields script, handlers, bad links or unlisted tags."""
    failures = {entry: problems for entry in corpus() if (problems := unsafe(render(wrapper.format(entry), LABELS)))}
    assert failures == {}
