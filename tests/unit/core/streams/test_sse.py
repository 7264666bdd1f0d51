"""The SSE decoder: the WHATWG parsing rules, and the same events however the bytes are chunked."""

from __future__ import annotations

import pytest

from plauder.core.streams.sse import ServerSentEvent, SSEDecoder
from tests.unit.fixtures.splitting import assert_same_however_split, fixture, fixture_names, with_line_ends


def events_of(pieces: list[bytes]) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    return [event for piece in pieces for event in decoder.decode(piece)] + decoder.flush()


def test_edge_cases_fixture() -> None:
    """BOM, comments, retry and unknown fields, event and id, multi-line data and `data` without a value."""
    assert events_of([fixture("sse_edge_cases.sse")]) == [
        ServerSentEvent("Grüße aus Köln 👋", "greeting", "1"),
        ServerSentEvent("first line\nsecond line, no space after the colon\n\n two spaces keep one", "message", "1"),
        ServerSentEvent('{"text": "Straße"}', "message", "2"),
        ServerSentEvent("[DONE]", "bye", "2"),
    ]


@pytest.mark.parametrize("name", fixture_names(".sse"))
def test_same_events_however_split(name: str) -> None:
    """Every fixture gives its one-piece events at every split, multi-byte characters cut included."""
    assert assert_same_however_split(fixture(name), events_of), "a fixture without events tests nothing"


@pytest.mark.parametrize("line_end", [b"\r\n", b"\r"], ids=["CRLF", "CR"])
@pytest.mark.parametrize("name", ["sse_edge_cases.sse", "anthropic_messages.sse"])
def test_crlf_and_cr_streams_give_the_lf_events(name: str, line_end: bytes) -> None:
    """With CRLF or CR line ends, at every split, the events are those of the LF fixture."""
    data = with_line_ends(fixture(name), line_end)
    assert assert_same_however_split(data, events_of) == events_of([fixture(name)])


def test_several_events_in_one_chunk_come_at_once() -> None:
    """All complete events in a chunk are returned by that decode call, none held back for flush."""
    data = fixture("llamacpp_chat.sse")
    decoder = SSEDecoder()
    assert len(decoder.decode(data)) == data.count(b"\n\n")
    assert decoder.flush() == []


def test_event_without_blank_line_at_the_end_is_dropped() -> None:
    """As in browsers: an event the stream ends before its blank line is never dispatched."""
    assert events_of([b"data: one\n\ndata: two\n"]) == [ServerSentEvent("one")]


def test_cr_ending_the_stream_completes_the_last_event() -> None:
    """A final CR is a whole line end even though it could have been the start of a CRLF."""
    assert events_of([b"data: one\r\r"]) == [ServerSentEvent("one")]


def test_mixed_line_ends_in_one_stream() -> None:
    """A stream may mix CRLF, CR and LF."""
    assert events_of([b"event: a\r\ndata: x\r\rdata: y\n\r\n"]) == [ServerSentEvent("x", "a"), ServerSentEvent("y")]


def test_event_type_resets_but_id_persists() -> None:
    """`event:` names one event only; the last event id carries over, until an id with NUL is ignored or one resets it."""
    data = b"event: a\nid: 7\ndata: 1\n\ndata: 2\n\nid: x\x00y\ndata: 3\n\nid\ndata: 4\n\n"
    assert events_of([data]) == [
        ServerSentEvent("1", "a", "7"),
        ServerSentEvent("2", "message", "7"),
        ServerSentEvent("3", "message", "7"),
        ServerSentEvent("4", "message", ""),
    ]


def test_block_without_data_dispatches_nothing() -> None:
    """A blank line after only comments or an event name yields no event, and forgets that name."""
    assert events_of([b": ping\n\nevent: lost\n\ndata: x\n\n"]) == [ServerSentEvent("x")]
