"""A whole answer to safe HTML: for the history, and once more when a stream ends."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from plauder.render.blocks import normalized
from plauder.render.labels import RenderLabels
from plauder.render.limits import Budget
from plauder.render.markdown import BUDGET, make_parser
from plauder.render.sanitize import sanitize

# One parser per language: building one compiles its rule chains, rendering with it is cheap.
_parser = lru_cache(maxsize=4)(make_parser)


def render(text: str, labels: RenderLabels) -> str:
    """The sanitized HTML of a model's answer written in Markdown."""
    md: MarkdownIt = _parser(labels)
    return sanitize(md.render(normalized(text), {BUDGET: Budget()}))
