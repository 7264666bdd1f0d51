"""What every document reader returns or raises: the text it found, or why it found none.

A reader hands its text to `TextOut` piece by piece; past MAX_TEXT_CHARS it stops the reader (no reader
keeps unpacking a file whose text no model could take). `Unreadable` carries the message key of a
refusal the user reads; the dispatcher (reader.py) turns it into a Refusal naming the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from plauder.core.attachments.reading import MAX_BYTES

# The most text a document may give: as much as the largest text file taken (reading.MAX_BYTES), about
# half a million tokens, more than any model's context today.
MAX_TEXT_CHARS = MAX_BYTES


@dataclass(frozen=True)
class Extracted:
    """A document's text, and its count of pages (PDF, Word), slides (PowerPoint) or sheets (Excel) where known."""

    text: str
    pages: int | None = None


@dataclass
class Unreadable(Exception):
    """Why a document gives no text: a message key of `attach.*` and its parameters (the name is added later)."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


class TextOut:
    """The text found so far, in pieces; raises Unreadable("attach.too_much_text") once it passes `limit`."""

    def __init__(self, limit: int = MAX_TEXT_CHARS) -> None:
        self._limit = limit
        self._pieces: list[str] = []
        self._size = 0
        self._content = 0  # characters of text found, headings (a page's number, a sheet's name) not counted

    def add(self, piece: str, heading: bool = False) -> None:
        self._size += len(piece)
        if self._size > self._limit:
            raise Unreadable("attach.too_much_text")
        self._pieces.append(piece)
        if not heading:
            self._content += len(piece.strip())

    @property
    def empty(self) -> bool:
        """Whether no text but headings was found."""
        return self._content == 0

    def joined(self, separator: str = "\n") -> str:
        return separator.join(self._pieces).strip()
