"""The NDJSON decoder: one value per line, bad lines as values, the same however the bytes are chunked."""

from __future__ import annotations

import json

import pytest

from plauder.core.streams.ndjson import EXCERPT_CHARS, MAX_NESTING, Malformed, NDJSONDecoder, parse_json
from tests.unit.fixtures.splitting import assert_same_however_split, fixture, fixture_names, with_line_ends


def values_of(pieces: list[bytes]) -> list[object]:
    decoder = NDJSONDecoder()
    return [value for piece in pieces for value in decoder.decode(piece)] + decoder.flush()


def test_edge_cases_fixture() -> None:
    """Blank lines are skipped, a broken line is a Malformed value between good ones, the unterminated last line counts."""
    assert values_of([fixture("ndjson_edge_cases.ndjson")]) == [
        {"n": 1, "text": "Grüße"},
        {"n": 2, "emoji": "🦙"},
        Malformed('{"n":3,'),
        [1, 2],
        "just a string",
        {"n": 4},
    ]


@pytest.mark.parametrize("line_end", [b"\n", b"\r\n"], ids=["LF", "CRLF"])
@pytest.mark.parametrize("name", fixture_names(".ndjson"))
def test_same_values_however_split(name: str, line_end: bytes) -> None:
    """Every fixture, with LF or CRLF, gives the LF one-piece values at every split."""
    data = with_line_ends(fixture(name), line_end)
    values = assert_same_however_split(data, values_of)
    assert values == values_of([fixture(name)])
    assert values, "a fixture without values tests nothing"


def test_several_objects_in_one_chunk_come_at_once() -> None:
    """All complete lines of a chunk are returned by that decode call."""
    data = fixture("ollama_chat.ndjson")
    decoder = NDJSONDecoder()
    assert len(decoder.decode(data)) == data.count(b"\n")
    assert decoder.flush() == []


def test_malformed_line_is_cut_for_display() -> None:
    """A long bad line is carried as its first EXCERPT_CHARS characters."""
    line = '{"text": "' + "x" * 1000
    assert parse_json(line) == Malformed(line[:EXCERPT_CHARS])


def test_deep_nesting_is_malformed_before_json_sees_it() -> None:
    """Nesting beyond MAX_NESTING is Malformed: in Pyodide, json.loads would overflow the stack and kill Python."""
    deepest = "[" * MAX_NESTING + "]" * MAX_NESTING
    assert not isinstance(parse_json(deepest), Malformed)
    assert isinstance(parse_json("[" + deepest + "]"), Malformed)
    assert isinstance(parse_json("[" * 100_000), Malformed)


def test_many_brackets_are_not_deep_nesting() -> None:
    """Brackets side by side, or inside strings (escaped quotes too), do not count as depth."""
    listing = {"data": [{"id": f"model-{n}", "tags": []} for n in range(500)]}
    assert parse_json(json.dumps(listing)) == listing
    text = {"a": '\\"' + "[{" * 1000}
    assert parse_json(json.dumps(text)) == text
