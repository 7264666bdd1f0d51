"""Ollama's native API: the exact requests, the base-URL rule, and NDJSON streams with and without `done`."""

from __future__ import annotations

import json
from functools import partial

import pytest

from plauder.core.http_errors import ErrorKind
from plauder.core.providers import ollama
from plauder.core.providers.types import (
    BackendConfig,
    ChatMessage,
    ChatRequest,
    Finished,
    HttpRequest,
    StreamError,
    TextDelta,
)
from plauder.core.records import BackendKind, Role, Usage
from tests.unit.fixtures.splitting import assert_same_however_split, fixture, parse_stream

TEXTS = ["Guten", " Abend", ", ", "schöne", " Grüße", " 🎉"]
parse = partial(parse_stream, ollama.OllamaStreamParser)


def backend(base_url: str = "http://localhost:11434", api_key: str = "") -> BackendConfig:
    return BackendConfig(BackendKind("ollama"), base_url, api_key)


def test_chat_request_with_everything_set() -> None:
    """POST /api/chat streaming, the system prompt as first message, parameters under `options` by Ollama's names."""
    chat = ChatRequest("llama3.2", (ChatMessage(Role.USER, "Hallo"),), "Sei knapp.", temperature=0.7, max_tokens=128)
    request = ollama.build_chat_request(backend(api_key="secret-key"), chat)
    assert (request.method, request.url) == ("POST", "http://localhost:11434/api/chat")
    assert request.headers == {"content-type": "application/json", "authorization": "Bearer secret-key"}
    assert request.body is not None
    assert json.loads(request.body) == {
        "model": "llama3.2",
        "messages": [{"role": "system", "content": "Sei knapp."}, {"role": "user", "content": "Hallo"}],
        "stream": True,
        "options": {"temperature": 0.7, "num_predict": 128},
    }


def test_chat_request_leaves_out_what_is_not_set() -> None:
    """Without parameters there is no `options` object; without a key no Authorization header."""
    request = ollama.build_chat_request(backend(), ChatRequest("llama3.2", (ChatMessage(Role.USER, "Hallo"),)))
    assert request.headers == {"content-type": "application/json"}
    assert request.body is not None
    assert json.loads(request.body) == {
        "model": "llama3.2",
        "messages": [{"role": "user", "content": "Hallo"}],
        "stream": True,
    }


def test_only_max_tokens_set() -> None:
    """One parameter set: `options` holds just that one."""
    request = ollama.build_chat_request(backend(), ChatRequest("m", (), max_tokens=10))
    assert request.body is not None and json.loads(request.body)["options"] == {"num_predict": 10}


@pytest.mark.parametrize(
    ("base_url", "root"),
    [
        ("http://localhost:11434", "http://localhost:11434"),
        ("http://localhost:11434/", "http://localhost:11434"),
        ("http://localhost:11434/api/", "http://localhost:11434"),
        ("http://localhost:11434/v1", "http://localhost:11434"),
        ("https://gpu.example.com/ollama/", "https://gpu.example.com/ollama"),
    ],
)
def test_base_url_rule(base_url: str, root: str) -> None:
    """Trailing slashes go, and a pasted /api or /v1: the native API lives at <root>/api/."""
    assert ollama.build_chat_request(backend(base_url), ChatRequest("m", ())).url == f"{root}/api/chat"
    assert ollama.build_models_request(backend(base_url)).url == f"{root}/api/tags"


def test_models_request() -> None:
    """GET /api/tags with no body; a key, if any, only in the header."""
    assert ollama.build_models_request(backend(api_key="k")) == HttpRequest(
        "GET", "http://localhost:11434/api/tags", {"authorization": "Bearer k"}
    )


def test_parse_models_from_tags() -> None:
    """Model names from /api/tags, in the server's order."""
    tags = {
        "models": [
            {
                "name": "llama3.2:latest",
                "model": "llama3.2:latest",
                "modified_at": "2026-01-02T10:00:00.000000+01:00",
                "size": 2019393189,
                "digest": "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
                "details": {
                    "format": "gguf",
                    "family": "llama",
                    "parameter_size": "3.2B",
                    "quantization_level": "Q4_K_M",
                },
            },
            {"name": "qwen3:0.6b", "model": "qwen3:0.6b"},
        ]
    }
    assert ollama.parse_models(tags) == ["llama3.2:latest", "qwen3:0.6b"]
    assert ollama.parse_models({"models": []}) == []
    assert ollama.parse_models({"data": [{"id": "x"}]}) is None


def test_stream_with_done() -> None:
    """Text from every line; the `done: true` line brings the token counts and the stop reason."""
    assert parse([fixture("ollama_chat.ndjson")]) == [*map(TextDelta, TEXTS), Usage(26, 6), Finished("stop")]


def test_several_lines_in_one_chunk_come_from_feed() -> None:
    """All lines of one network chunk are parsed at once, not left for finish()."""
    parser = ollama.OllamaStreamParser()
    assert parser.feed(fixture("ollama_chat.ndjson")) == [*map(TextDelta, TEXTS), Usage(26, 6), Finished("stop")]
    assert parser.finish() == []


def test_stream_without_done_is_truncated() -> None:
    """HTTP 200 and no `done: true` line: the text stands and TRUNCATED follows."""
    assert parse([fixture("ollama_no_done.ndjson")]) == [*map(TextDelta, TEXTS), StreamError(ErrorKind.TRUNCATED)]


def test_length_limit_and_missing_counts() -> None:
    """done_reason "length" is passed on; without counts there is no Usage event."""
    data = (
        b'{"message": {"role": "assistant", "content": "a"}, "done": false}\n{"done": true, "done_reason": "length"}\n'
    )
    assert parse([data]) == [TextDelta("a"), Finished("length")]


def test_done_without_reason_means_stop() -> None:
    """Ollama versions before done_reason end with a bare `done: true`: that is a normal stop."""
    assert parse([b'{"message": {"content": "a"}, "done": true, "eval_count": 1}\n']) == [
        TextDelta("a"),
        Usage(None, 1),
        Finished("stop"),
    ]


def test_only_json_true_ends_the_stream() -> None:
    """`done` must be JSON true; a string or number there is a shape we do not trust to end the answer."""
    data = b'{"message": {"content": "a"}, "done": "false"}\n{"done": 1}\n'
    assert parse([data]) == [TextDelta("a"), StreamError(ErrorKind.TRUNCATED)]


def test_error_line_in_the_stream() -> None:
    """Ollama's {"error": "..."} in the middle of a stream is a STREAM_ERROR after the text so far."""
    data = b'{"message": {"content": "Hal"}, "done": false}\n{"error": "an error was encountered while running the model"}\n'
    assert parse([data]) == [
        TextDelta("Hal"),
        StreamError(ErrorKind.STREAM_ERROR, "an error was encountered while running the model"),
    ]


def test_malformed_line_keeps_the_text_before() -> None:
    """A line that is not JSON is MALFORMED with the line itself; later lines do not count."""
    data = b'{"message": {"content": "Hal"}, "done": false}\n{"message": {"content": "lo\n{"done": true}\n'
    assert parse([data]) == [TextDelta("Hal"), StreamError(ErrorKind.MALFORMED, '{"message": {"content": "lo')]


def test_same_events_however_split() -> None:
    """The parser gives the same events at every split of the stream."""
    assert assert_same_however_split(fixture("ollama_chat.ndjson"), parse)
