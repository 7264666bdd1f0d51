"""The line layer: CRLF, CR and LF, UTF-8 across chunk borders, the BOM, bad bytes."""

from __future__ import annotations

from plauder.core.streams.lines import LineDecoder
from tests.unit.fixtures.splitting import assert_same_however_split


def lines_of(pieces: list[bytes]) -> list[str]:
    decoder = LineDecoder()
    return [line for piece in pieces for line in decoder.decode(piece)] + decoder.flush()


def test_all_three_line_ends() -> None:
    """CRLF, CR and LF each end a line, and CRLF counts once."""
    assert lines_of([b"a\r\nb\rc\nd\r\n"]) == ["a", "b", "c", "d"]


def test_crlf_split_between_chunks_is_one_line_end() -> None:
    """A CR at the end of a chunk waits for the next byte: CR|LF must not yield an extra empty line."""
    decoder = LineDecoder()
    assert decoder.decode(b"a\r") == []
    assert decoder.decode(b"\nb\r") == ["a"]
    assert decoder.decode(b"\r") == ["b"]
    assert decoder.flush() == [""]


def test_unterminated_last_line_comes_with_flush() -> None:
    """Text after the last line end is a line of its own when the stream ends."""
    decoder = LineDecoder()
    assert decoder.decode(b"one\ntwo") == ["one"]
    assert decoder.flush() == ["two"]


def test_bom_is_dropped_only_at_the_start() -> None:
    """A leading UTF-8 BOM disappears; one later in the stream is ordinary text."""
    assert lines_of([b"\xef\xbb\xbfa\n\xef\xbb\xbfb\n"]) == ["a", "\ufeffb"]


def test_multibyte_characters_survive_every_split() -> None:
    """Umlauts, ß and a four-byte emoji decode the same wherever the chunk border falls."""
    data = "Grüße\r\naus Köln 👋\rEnde\n".encode()
    assert assert_same_however_split(data, lines_of) == ["Grüße", "aus Köln 👋", "Ende"]


def test_invalid_bytes_become_replacement_characters() -> None:
    """Bytes that are not UTF-8, and a character cut off by the end, turn into U+FFFD instead of raising."""
    assert assert_same_however_split(b"a\xff\xfeb\nc\xc3", lines_of) == ["a\ufffd\ufffdb", "c\ufffd"]
