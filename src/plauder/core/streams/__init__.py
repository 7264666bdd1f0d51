"""Incremental decoders for streamed answers: pure objects with `decode(chunk)` and `flush()`.

Each gives the same items however the stream is split into chunks, so the web layer can feed
whatever the network delivers and tests need no network at all.
"""

from plauder.core.streams.lines import LineDecoder
from plauder.core.streams.ndjson import EXCERPT_CHARS, MAX_NESTING, Malformed, NDJSONDecoder, parse_json
from plauder.core.streams.sse import ServerSentEvent, SSEDecoder

__all__ = [
    "EXCERPT_CHARS",
    "MAX_NESTING",
    "LineDecoder",
    "Malformed",
    "NDJSONDecoder",
    "SSEDecoder",
    "ServerSentEvent",
    "parse_json",
]
