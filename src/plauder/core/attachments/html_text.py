"""HTML as the text a reader sees: tags dropped, scripts and styles left out, fed in pieces.

`html.parser` accepts input in any pieces, so the shell can feed a large page a slice at a time and
yield to the browser in between; `text()` gives the same result however the input was split.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIPPED = frozenset({"script", "style"})  # (their content is raw text to the parser: no tag inside hides an end)
# Elements that start a new line of text; others (span, a, b, ...) flow on in the line.
_BLOCK_NAMES = (
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table tbody td th thead tr ul"
)
_BLOCKS = frozenset(_BLOCK_NAMES.split())
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_SPACES = re.compile(r"[ \t\r\f\v]+")


class HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []  # text since the last finished line
        self._lines: list[str] = []  # finished lines, their blank space already made one
        self._skipping: list[str] = []

    def feed(self, data: str) -> None:
        """Parse `data`, then tidy the lines it finished: the work is spread over the pieces fed, and the
        end (`text`) only joins them."""
        super().feed(data)
        *finished, rest = "".join(self._parts).split("\n")
        self._lines.extend(_SPACES.sub(" ", line).strip() for line in finished)
        self._parts = [rest]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping.append(tag)
        elif tag in _BLOCKS:
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()
        elif tag in _BLOCKS:
            self._parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._parts.append(data)

    def text(self) -> str:
        """Everything fed so far (call `close()` first for the end), with runs of blank space made one."""
        lines = [*self._lines, *(_SPACES.sub(" ", line).strip() for line in "".join(self._parts).split("\n"))]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
