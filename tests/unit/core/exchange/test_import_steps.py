"""An import read in steps (issue 15: nothing freezes): the JSON a few hundred kilobytes at a time, with the value
and the very errors `json.loads` gives; a file's bytes decoded in slices; the records one message or node at a
time."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from typing import Any

import pytest

from plauder.core.exchange import (
    ImportProblem,
    Snapshot,
    chatgpt_archive,
    export_json,
    parse_any,
    parse_archive,
    parse_chatgpt,
    parsing,
    problem,
)
from plauder.core.exchange.chatgpt import reading_chatgpt
from plauder.core.exchange.json_steps import STEP_CHARS, Fault, decoded
from plauder.core.exchange.merge import import_offer, merge, merging, offering
from plauder.core.exchange.problem import load_json, slices_of
from plauder.core.exchange.steps import finished
from tests.unit.fixtures.snapshots import T0, sample_snapshot

SAMPLE = '{"a": [1, {"b": [true, null, "x\\u00e9"]}, [[[]]], {}], "c": {"d": {"e": {"f": {"g": [1.5e3]}}}}, "h": ""}'


def _reject(name: str) -> Any:
    raise ValueError(name)


def _outcome(read: Any) -> object:
    """The value read, or the error's message, position, line and column."""
    try:
        return read()
    except (json.JSONDecodeError, Fault) as error:
        return (error.msg, error.pos, error.lineno, error.colno)
    except ValueError as error:
        return ("ValueError", str(error))


def _in_slices(text: str, size: int) -> Any:
    """`text`'s value read from slices of `size` characters."""
    return finished(decoded([text[at : at + size] for at in range(0, len(text), size)], _reject))


def _variants(text: str) -> list[str]:
    """`text` cut at every place, and with each character dropped, doubled, or replaced by one of a few others."""
    variants = [text[:cut] for cut in range(len(text))]
    for at in range(len(text)):
        variants += [text[:at] + text[at + 1 :], text[:at] + text[at] + text[at:]]
        variants += [text[:at] + other + text[at + 1 :] for other in ',:]}"x ']
    return variants


@pytest.mark.parametrize(
    "text",
    [
        SAMPLE,
        json.dumps(json.loads(SAMPLE), indent=2),
        '[{"k": [0, 1]}, 2, "s", [ ], { } ]',
        " \n 7 \t",
        '"one string"',
        '[NaN, {"x": Infinity}]',
        '\ufeff{"a": 1}',
    ],
)
def test_every_text_reads_as_json_loads_reads_it(text: str) -> None:
    """The same value, or the same error at the same place (this Python's wording, trailing commas and all), for
    thousands of broken variants of a few texts: a bad file is explained exactly as before."""
    for variant in [text, *_variants(text)]:
        expected = _outcome(lambda: json.loads(variant, parse_constant=_reject))  # noqa: B023
        assert _outcome(lambda: finished(decoded([variant], _reject))) == expected, variant  # noqa: B023
        for size in (1, 7):
            assert _outcome(lambda: _in_slices(variant, size)) == expected, (variant, size)  # noqa: B023


def test_the_walk_faults_say_what_json_says() -> None:
    """The faults found by the walk itself (not by the standard decoder) keep json's message and position, however
    much space comes before them."""
    for text in [
        '{"a" 1}',
        '{"a": 1 "b": 2}',
        "[1 2]",
        "[1,   ]",
        '{"a": 1,  }',
        "{,}",
        '{"a": [1, 2' + " " * 100 + "x",
    ]:
        assert _outcome(lambda: finished(decoded([text], _reject))) == _outcome(lambda: json.loads(text))  # noqa: B023


def test_a_large_text_is_decoded_in_steps_of_bounded_size() -> None:
    """Each step decodes at least STEP_CHARS more, and at most that plus one element (here a message of about
    2,000 characters): a 3 MB export takes several steps, none of them the whole; and a value longer than a slice
    is read whole."""
    sample = sample_snapshot()
    first = sample.messages[0]
    messages = tuple(replace(first, id=f"m{i}", content="x" * 2000, parent_id=None) for i in range(1500))
    conversation = replace(sample.conversations[0], current_leaf="m0")
    big = export_json(Snapshot(conversations=(conversation,), messages=messages), include_keys=False, exported_at_ms=T0)
    steps = decoded([big], _reject)
    count = 0
    try:
        while True:
            next(steps)
            count += 1
    except StopIteration as done:
        assert done.value == json.loads(big) == _in_slices(big, 1000)
    assert len(big) // (STEP_CHARS + 3000) <= count <= len(big) // STEP_CHARS + 1  # and reading its one slice


@pytest.mark.parametrize("data", ["Grüße → ✓".encode(), b'\xef\xbb\xbf["\xc3\xa4"]', b'["a\xff\xfeb"]', b""])
def test_bytes_are_decoded_in_slices_as_the_browser_does(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices may cut a character in two; a BOM is dropped and a bad byte replaced, as file.text() does."""
    monkeypatch.setattr(problem, "DECODE_BYTES", 3)
    slices = list(slices_of([data]))
    assert len(slices) == -(-len(data) // 3) + 1
    assert "".join(slices) == data.decode("utf-8-sig", errors="replace")
    pieces = [data[at : at + 5] for at in range(0, len(data), 5)]  # as the page reads a file: in pieces
    assert "".join(slices_of(pieces)) == data.decode("utf-8-sig", errors="replace")


def test_an_import_of_bytes_is_the_import_of_their_text() -> None:
    text = export_json(sample_snapshot(), include_keys=False, exported_at_ms=T0)
    data = b"\xef\xbb\xbf" + text.encode()
    assert finished(parsing(data)) == finished(parsing([data[:7], data[7:1000], data[1000:]])) == parse_any(text)
    with pytest.raises(ImportProblem) as caught:
        finished(parsing(b'{"format": "plauder-export",, }'))
    assert (caught.value.key, caught.value.params) == ("import.not_json", {"line": 1, "column": 29})


def test_load_json_still_tells_a_cut_file_from_a_broken_one() -> None:
    with pytest.raises(ImportProblem, match="import.truncated"):
        load_json('[{"a": [1, 2')
    with pytest.raises(ImportProblem, match="import.not_json"):
        load_json('[{"a": [1 2]}]')


def test_a_chatgpt_export_s_records_are_made_one_node_at_a_time() -> None:
    """A conversation of many nodes is not one step: each node is."""
    mapping = {
        f"n{i}": {
            "id": f"n{i}",
            "parent": f"n{i - 1}" if i else None,
            "children": [f"n{i + 1}"] if i < 99 else [],
            "message": {
                "id": f"n{i}",
                "author": {"role": "user" if i % 2 == 0 else "assistant"},
                "create_time": 1_700_000_000 + i,
                "content": {"content_type": "text", "parts": [f"text {i}"]},
            },
        }
        for i in range(100)
    }
    document = [{"id": "c1", "title": "Long", "create_time": 1_700_000_000, "mapping": mapping, "current_node": "n99"}]
    assert sum(1 for _ in reading_chatgpt(document)) >= 100


def test_a_chatgpt_archive_is_inflated_and_read_in_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """conversations.json comes out of the ZIP a slice at a time, each slice a step; the result is the whole read's."""
    document = [{"id": "c1", "title": "Hi", "create_time": 1_700_000_000, "mapping": {}, "padding": "x" * 5000}]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("conversations.json", json.dumps(document))
    monkeypatch.setattr(chatgpt_archive, "READ_BYTES", 1000)
    steps = sum(1 for _ in parsing(buffer.getvalue(), archive=True))
    zipped = buffer.getvalue()
    assert steps >= 5 and parse_archive(zipped) == ("chatgpt", parse_chatgpt(json.dumps(document)))
    assert finished(parsing([zipped[:100], zipped[100:]], archive=True)) == parse_archive(zipped)


def test_the_offer_and_the_merge_take_one_step_per_incoming_conversation() -> None:
    """What an import would add is worked out a conversation at a time too, with the whole merge's result."""
    sample = sample_snapshot()
    offer_steps = offering(Snapshot(), sample, restorable=True)
    assert sum(1 for _ in offer_steps) == len(sample.conversations)
    assert finished(offering(Snapshot(), sample, restorable=True)) == import_offer(Snapshot(), sample, restorable=True)
    assert finished(merging(Snapshot(), sample)) == merge(Snapshot(), sample)
