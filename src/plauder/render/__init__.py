"""Model answers (Markdown, code, math) to HTML that is safe to put into the page.

Pure Python: it runs under CPython for the tests and in Pyodide from the pinned browser wheels.
`render` gives a whole answer (`SlicedRender` a step at a time); `StreamRenderer` follows a streamed one,
re-rendering only its tail.
Everything either returns has passed the allowlist in `sanitize`. Whatever the text, their work grows
linearly with it and is bounded per block: past the limits in `limits`, text is shown instead of markup.
"""

from __future__ import annotations

from plauder.render.answer import SlicedRender, render
from plauder.render.blocks import RenderUpdate, StreamRenderer
from plauder.render.highlight import highlight_css, plain_code
from plauder.render.labels import RenderLabels
from plauder.render.links import misleading_link
from plauder.render.sanitize import ALLOWED_TAGS, sanitize

__all__ = [
    "ALLOWED_TAGS",
    "RenderLabels",
    "RenderUpdate",
    "SlicedRender",
    "StreamRenderer",
    "highlight_css",
    "misleading_link",
    "plain_code",
    "render",
    "sanitize",
]
