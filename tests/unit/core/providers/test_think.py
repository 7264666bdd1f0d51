"""Thinking apart from the answer: `<think>` split off the text at every cut, and each provider's own
thinking field, give the same answer and the same thinking however the stream is split."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

import pytest

from plauder.core.http_errors import ErrorKind
from plauder.core.providers import anthropic, ollama, openai
from plauder.core.providers.think import ThinkSplitter
from plauder.core.providers.types import (
    Event,
    Finished,
    ReasoningDelta,
    StreamError,
    StreamParser,
    TextDelta,
    TextWasReasoning,
)
from plauder.core.records import Usage
from tests.unit.fixtures.splitting import assert_same_however_split, fixture, parse_stream

THOUGHT = "Der Nutzer grüßt 👋.\n"
ANSWER = "Grüß dich!"


def texts(events: Iterable[Event]) -> tuple[str, str]:
    """(answer, thinking) as `core.answer.apply_events` builds them from the events."""
    answer, thinking = "", ""
    for event in events:
        if isinstance(event, TextDelta):
            answer += event.text
        elif isinstance(event, ReasoningDelta):
            thinking += event.text
        elif isinstance(event, TextWasReasoning):
            answer, thinking = "", thinking + answer
    return answer, thinking


def split(pieces: list[str]) -> tuple[str, str]:
    splitter = ThinkSplitter()
    return texts([*(event for piece in pieces for event in splitter.feed(piece)), *splitter.flush()])


def every_cut(text: str) -> Iterable[list[str]]:
    """In one piece, in two at every character, and in three at every pair of characters."""
    yield [text]
    for first in range(len(text) + 1):
        yield [text[:first], text[first:]]
        for second in range(first, len(text) + 1):
            yield [text[:first], text[first:second], text[second:]]


@pytest.mark.parametrize(
    ("text", "answer", "thinking"),
    [
        ("<think>\nDer Nutzer grüßt 👋.\n</think>\n\nGrüß dich!", ANSWER, THOUGHT),
        (" \n<think>Der Nutzer grüßt 👋.\n</think>Grüß dich!", ANSWER, THOUGHT),
        ("Der Nutzer grüßt 👋.\n</think>\n\nGrüß dich!", ANSWER, THOUGHT),  # the server ate `<think>`
        ("<think>\nDer Nutzer grüßt 👋.\n", "", THOUGHT),  # cut off while thinking
        ("<think>\n\n</think>\n\nGrüß dich!", ANSWER, ""),  # nothing to think about
        ("<think>a</think>b</think>c", "b</think>c", "a"),
        ("Write <think> tags </think> like so.", "Write <think> tags </think> like so.", ""),
        ("a < b, 2 <3 and <thinking> </thinkers>", "a < b, 2 <3 and <thinking> </thinkers>", ""),
        ("Grüß dich! <thi", "Grüß dich! <thi", ""),
        ("<thi", "<thi", ""),
        (" \n", " \n", ""),
        ("", "", ""),
    ],
    ids=[
        "tags",
        "space-before",
        "no-opening",
        "never-closed",
        "empty",
        "second-close-is-answer",
        "late-tags-are-answer",
        "no-tags",
        "cut-tag-at-end",
        "only-a-cut-tag",
        "only-space",
        "empty-text",
    ],
)
def test_think_tags_split_the_same_at_every_cut(text: str, answer: str, thinking: str) -> None:
    """Each form gives its answer and thinking whether it comes whole, in two or in three pieces anywhere."""
    for pieces in every_cut(text):
        assert split(pieces) == (answer, thinking), f"split as {pieces}"


def test_only_the_tail_that_could_be_a_tag_waits() -> None:
    """Text streams on at once; only a tail that may start a tag waits for the next piece."""
    splitter = ThinkSplitter()
    assert splitter.feed("<think>Hm, a <") == [ReasoningDelta("Hm, a ")]
    assert splitter.feed("b") == [ReasoningDelta("<b")]
    assert splitter.feed("</thi") == []
    assert splitter.feed("nk>\n\nJa <") == [TextDelta("Ja <")]  # the answer holds nothing back


parse_openai = partial(parse_stream, openai.OpenAIStreamParser)
parse_ollama = partial(parse_stream, ollama.OllamaStreamParser)
parse_anthropic = partial(parse_stream, anthropic.AnthropicStreamParser)


@pytest.mark.parametrize(
    ("name", "parse", "end"),
    [
        ("llamacpp_reasoning_content.sse", parse_openai, [Finished("stop"), Usage(9, 14)]),
        ("llamacpp_think_tags.sse", parse_openai, [Finished("stop"), Usage(9, 14)]),
        ("ollama_thinking.ndjson", parse_ollama, [Usage(11, 20), Finished("stop")]),
        ("ollama_think_tags.ndjson", parse_ollama, [Usage(11, 20), Finished("stop")]),
        ("anthropic_thinking.sse", parse_anthropic, [Usage(40, 52), Finished("stop")]),
    ],
)
def test_every_provider_form_at_every_byte_split(
    name: str, parse: Callable[[list[bytes]], list[Event]], end: list[Event]
) -> None:
    """Thinking fields and `<think>` in the text: the same events at every byte split, the thinking apart."""
    events = assert_same_however_split(fixture(name), parse)
    assert texts(events) == (ANSWER, THOUGHT)
    assert events[-len(end) :] == end


def test_vllm_reasoning_field_and_no_double_thinking() -> None:
    """vLLM's newer `reasoning` counts; a chunk carrying both names of the field counts once."""
    data = (
        b'data: {"choices": [{"delta": {"reasoning": "Hm"}}]}\n\n'
        b'data: {"choices": [{"delta": {"reasoning": ".", "reasoning_content": "."}}]}\n\n'
        b'data: {"choices": [{"delta": {"content": "Ja"}, "finish_reason": "stop"}]}\n\ndata: [DONE]\n\n'
    )
    assert parse_openai([data]) == [ReasoningDelta("Hm"), ReasoningDelta("."), TextDelta("Ja"), Finished("stop")]


@pytest.mark.parametrize("new_parser", [openai.OpenAIStreamParser, ollama.OllamaStreamParser])
def test_text_held_back_comes_before_the_end(new_parser: Callable[[], StreamParser]) -> None:
    """A tail held back as a possible tag is given out before the finish reason or the truncation."""
    if new_parser is openai.OpenAIStreamParser:
        data = b'data: {"choices": [{"delta": {"content": "a <"}}]}\n\n'
        finish = b'data: {"choices": [{"delta": {}, "finish_reason": "stop"}]}\n\ndata: [DONE]\n\n'
    else:
        data = b'{"message": {"content": "a <"}, "done": false}\n'
        finish = b'{"message": {"content": ""}, "done": true, "done_reason": "stop"}\n'
    assert parse_stream(new_parser, [data, finish])[:3] == [TextDelta("a "), TextDelta("<"), Finished("stop")]
    assert parse_stream(new_parser, [data]) == [TextDelta("a "), TextDelta("<"), StreamError(ErrorKind.TRUNCATED)]
