"""Bytes to text lines, incrementally: the layer under the SSE and NDJSON decoders."""

from __future__ import annotations

import codecs
import re

_LINE_END = re.compile(r"\r\n|\r|\n")


class LineDecoder:
    """Splits a byte stream into lines ended by CRLF, CR or LF, however the stream is chunked.

    UTF-8 characters split across chunks are joined; a leading BOM is dropped; invalid bytes become
    U+FFFD instead of raising, so a bad byte cannot stop a stream.
    """

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
        self._tail = ""  # text after the last line end: the start of the next line

    def decode(self, chunk: bytes) -> list[str]:
        return self._lines(self._utf8.decode(chunk))

    def flush(self) -> list[str]:
        """The lines still held back, at the end of the stream; an unterminated last line counts as one."""
        lines = self._lines(self._utf8.decode(b"", final=True))
        tail, self._tail = self._tail, ""
        return [*lines, tail.removesuffix("\r")] if tail else lines

    def _lines(self, text: str) -> list[str]:
        text = self._tail + text
        # A CR at the very end may be the first half of a CRLF: keep it until the next byte decides.
        held = "\r" if text.endswith("\r") else ""
        *lines, rest = _LINE_END.split(text.removesuffix(held))
        self._tail = rest + held
        return lines
