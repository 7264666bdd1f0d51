"""The common stream-parser machinery: end marker, first error, truncation, and reading JSON messages."""

from __future__ import annotations

from plauder.core.http_errors import ErrorKind
from plauder.core.providers.parser import BaseStreamParser, json_object, usage_events
from plauder.core.providers.types import Event, StreamError, TextDelta
from plauder.core.records import Usage
from plauder.core.streams.lines import LineDecoder
from plauder.core.streams.ndjson import EXCERPT_CHARS, Malformed


class LineParser(BaseStreamParser[str]):
    """A toy protocol: "end" is the end marker, "fail" an error, any other line is text."""

    def __init__(self) -> None:
        super().__init__(LineDecoder())

    def _handle(self, item: str) -> list[Event]:
        if item == "end":
            self._over = True
            return [TextDelta("<end>")]
        return [StreamError(ErrorKind.STREAM_ERROR, "x")] if item == "fail" else [TextDelta(item)]


def test_end_marker_ends_and_later_bytes_are_ignored() -> None:
    """Events up to and with the end marker count; what follows is ignored, in the same chunk and later ones."""
    parser = LineParser()
    assert parser.feed(b"a\nend\nb\n") == [TextDelta("a"), TextDelta("<end>")]
    assert parser.feed(b"c\n") == []
    assert parser.finish() == []


def test_first_error_ends_the_stream() -> None:
    """After an error event nothing more comes, and finishing adds no TRUNCATED."""
    parser = LineParser()
    assert parser.feed(b"a\nfail\nb\n") == [TextDelta("a"), StreamError(ErrorKind.STREAM_ERROR, "x")]
    assert parser.finish() == []


def test_missing_end_marker_is_reported_once() -> None:
    """finish() handles the held-back last line, then reports TRUNCATED; a second finish() reports nothing."""
    parser = LineParser()
    assert parser.feed(b"a\nb") == [TextDelta("a")]
    assert parser.finish() == [TextDelta("b"), StreamError(ErrorKind.TRUNCATED)]
    assert parser.finish() == []
    assert parser.feed(b"c\n") == []


def test_end_marker_in_the_last_unterminated_line() -> None:
    """An end marker that only finish() sees still counts as the end."""
    parser = LineParser()
    assert parser.feed(b"a\nend") == [TextDelta("a")]
    assert parser.finish() == [TextDelta("<end>")]


def test_json_object_classifies_messages() -> None:
    """Objects pass; Malformed and non-objects are MALFORMED; error reports are STREAM_ERROR with their message."""
    assert json_object({"choices": []}) == {"choices": []}
    assert json_object({"choices": [], "error": None}) == {"choices": [], "error": None}
    assert json_object(Malformed("{oops")) == StreamError(ErrorKind.MALFORMED, "{oops")
    assert json_object([1]) == StreamError(ErrorKind.MALFORMED, "[1]")
    assert json_object("x" * 1000) == StreamError(ErrorKind.MALFORMED, '"' + "x" * (EXCERPT_CHARS - 1))
    assert json_object({"error": "busy"}) == StreamError(ErrorKind.STREAM_ERROR, "busy")
    assert json_object({"error": {"code": 7}}) == StreamError(ErrorKind.STREAM_ERROR, '{"error": {"code": 7}}')


def test_usage_events_only_with_counts() -> None:
    """A Usage event needs at least one count."""
    assert usage_events(None, None) == []
    assert usage_events(0, None) == [Usage(0, None)]
