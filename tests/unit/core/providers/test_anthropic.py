"""Anthropic's Messages API: the exact requests with the browser headers, and its typed SSE stream."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import partial

import pytest

from plauder.core.http_errors import ErrorKind
from plauder.core.providers import anthropic
from plauder.core.providers.types import (
    BackendConfig,
    ChatMessage,
    ChatRequest,
    Finished,
    HttpRequest,
    ReasoningDelta,
    StreamError,
    TextDelta,
)
from plauder.core.records import BackendKind, Role, Usage
from tests.unit.fixtures.splitting import assert_same_however_split, fixture, parse_stream

KEY = "sk-ant-api03-test"
BROWSER_HEADERS = {"anthropic-version": "2023-06-01", "anthropic-dangerous-direct-browser-access": "true"}
TEXTS = ["Grüß Gott", "! Die Größe", " ist 42 ", "📏", "."]
parse = partial(parse_stream, anthropic.AnthropicStreamParser)


def backend(base_url: str = "https://api.anthropic.com", api_key: str = KEY) -> BackendConfig:
    return BackendConfig(BackendKind("anthropic"), base_url, api_key)


def test_chat_request_with_everything_set() -> None:
    """POST /v1/messages with the key in x-api-key, the version and browser headers, the system prompt apart."""
    chat = ChatRequest(
        "claude-sonnet-4-5",
        (ChatMessage(Role.USER, "Hallo"), ChatMessage(Role.ASSISTANT, "Hi"), ChatMessage(Role.USER, "Und?")),
        "Antworte auf Deutsch.",
        temperature=0.5,
        max_tokens=512,
    )
    request = anthropic.build_chat_request(backend(), chat)
    assert (request.method, request.url) == ("POST", "https://api.anthropic.com/v1/messages")
    assert request.headers == {"content-type": "application/json", "x-api-key": KEY, **BROWSER_HEADERS}
    assert request.body is not None
    assert json.loads(request.body) == {
        "model": "claude-sonnet-4-5",
        "max_tokens": 512,
        "messages": [
            {"role": "user", "content": "Hallo"},
            {"role": "assistant", "content": "Hi"},
            {"role": "user", "content": "Und?"},
        ],
        "system": "Antworte auf Deutsch.",
        "stream": True,
        "temperature": 0.5,
    }


def test_chat_request_defaults() -> None:
    """Anthropic requires max_tokens, so unset means DEFAULT_MAX_TOKENS; no system or temperature when unset."""
    request = anthropic.build_chat_request(backend(), ChatRequest("m", (ChatMessage(Role.USER, "Hallo"),)))
    assert request.body is not None
    assert json.loads(request.body) == {
        "model": "m",
        "max_tokens": anthropic.DEFAULT_MAX_TOKENS,
        "messages": [{"role": "user", "content": "Hallo"}],
        "stream": True,
    }


@pytest.mark.parametrize(
    ("budget", "max_tokens", "sent_budget", "sent_max"),
    [
        (2048, 8192, 2048, 8192),  # room left for the answer: as asked
        (8000, None, 8000, 8000 + anthropic.DEFAULT_MAX_TOKENS),  # the default would not exceed the budget
        (4096, 4096, 4096, 4096 + anthropic.DEFAULT_MAX_TOKENS),  # max_tokens must be greater than the budget
        (100, None, anthropic.THINKING_BUDGET_MIN, anthropic.DEFAULT_MAX_TOKENS),  # the API's least budget
    ],
)
def test_extended_thinking_follows_the_api_rules(
    budget: int, max_tokens: int | None, sent_budget: int, sent_max: int
) -> None:
    """A thinking budget turns extended thinking on: at least 1,024 tokens, below max_tokens, and without a
    temperature (which thinking does not allow)."""
    chat = ChatRequest("claude-sonnet-4-5", (ChatMessage(Role.USER, "Why?"),), temperature=0.3, max_tokens=max_tokens)
    request = anthropic.build_chat_request(backend(), replace(chat, thinking_budget=budget))
    assert request.body is not None
    body = json.loads(request.body)
    assert body["thinking"] == {"type": "enabled", "budget_tokens": sent_budget}
    assert body["max_tokens"] == sent_max and "temperature" not in body


def test_no_key_no_key_header() -> None:
    """Without a key (a gateway that adds it) there is no x-api-key header, and the browser headers stay."""
    request = anthropic.build_chat_request(backend(api_key=""), ChatRequest("m", ()))
    assert request.headers == {"content-type": "application/json", **BROWSER_HEADERS}


@pytest.mark.parametrize(
    ("base_url", "root"),
    [
        ("https://api.anthropic.com", "https://api.anthropic.com"),
        ("https://api.anthropic.com/", "https://api.anthropic.com"),
        ("https://api.anthropic.com/v1/", "https://api.anthropic.com"),
        ("https://gateway.example.com/anthropic", "https://gateway.example.com/anthropic"),
    ],
)
def test_base_url_rule(base_url: str, root: str) -> None:
    """Trailing slashes go, and a pasted /v1: requests go to <root>/v1/..."""
    assert anthropic.build_chat_request(backend(base_url), ChatRequest("m", ())).url == f"{root}/v1/messages"


def test_models_request() -> None:
    """GET /v1/models asks for the largest page, with the same headers as a chat request and no body."""
    assert anthropic.build_models_request(backend()) == HttpRequest(
        "GET", "https://api.anthropic.com/v1/models?limit=1000", {"x-api-key": KEY, **BROWSER_HEADERS}
    )


def test_parse_models() -> None:
    """Model ids from the listing."""
    listing = {
        "data": [
            {"type": "model", "id": "claude-sonnet-4-5-20250929", "display_name": "Claude Sonnet 4.5"},
            {"type": "model", "id": "claude-haiku-4-5-20251001", "display_name": "Claude Haiku 4.5"},
        ],
        "has_more": False,
        "first_id": "claude-sonnet-4-5-20250929",
        "last_id": "claude-haiku-4-5-20251001",
    }
    assert anthropic.parse_models(listing) == ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"]
    assert anthropic.parse_models({"type": "error"}) is None


def test_stream() -> None:
    """Text deltas in order; input tokens from message_start meet output tokens from message_delta; ping is ignored."""
    assert parse([fixture("anthropic_messages.sse")]) == [*map(TextDelta, TEXTS), Usage(25, 15), Finished("stop")]


def test_error_event_in_the_stream() -> None:
    """An `error` event (overloaded) is a STREAM_ERROR with Anthropic's message, after the text so far."""
    assert parse([fixture("anthropic_overloaded.sse")]) == [
        TextDelta("Einen Moment"),
        StreamError(ErrorKind.STREAM_ERROR, "Overloaded"),
    ]


def test_stream_without_message_stop_is_truncated() -> None:
    """Without message_stop the stream was cut short, even after a stop reason."""
    data = fixture("anthropic_messages.sse").replace(b'event: message_stop\ndata: {"type":"message_stop"}\n\n', b"")
    assert parse([data])[-2:] == [Finished("stop"), StreamError(ErrorKind.TRUNCATED)]


@pytest.mark.parametrize(
    ("reason", "finished"), [("max_tokens", "length"), ("stop_sequence", "stop"), ("refusal", "refusal")]
)
def test_stop_reasons(reason: str, finished: str) -> None:
    """Anthropic's stop reasons in the common words: max_tokens is "length"; unknown ones pass through."""
    data = (
        f'data: {{"type": "message_delta", "delta": {{"stop_reason": "{reason}"}}, "usage": {{"output_tokens": 3}}}}\n\n'
        'data: {"type": "message_stop"}\n\n'
    ).encode()
    assert parse([data]) == [Usage(None, 3), Finished(finished)]


def test_other_deltas_add_no_text() -> None:
    """Deltas that are not text add nothing to the answer: thinking comes apart, tool input not at all."""
    data = (
        b'data: {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "hm"}}\n\n'
        b'data: {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": "{"}}\n\n'
        b'data: {"type": "message_stop"}\n\n'
    )
    assert parse([data]) == [ReasoningDelta("hm")]


def test_same_events_however_split() -> None:
    """The parser gives the same events at every split of the stream."""
    assert assert_same_however_split(fixture("anthropic_messages.sse"), parse)
