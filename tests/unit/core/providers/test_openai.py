"""OpenAI-compatible backends: the exact requests, the base-URL rule, and streams as llama.cpp, Ollama /v1,
OpenAI and LiteLLM send them."""

from __future__ import annotations

import json
from functools import partial

import pytest

from plauder.core.http_errors import ErrorKind
from plauder.core.providers import openai
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

KEY = "sk-test-0123456789abcdef"
CHAT = ChatRequest(
    model="SmolLM2-135M-Instruct",
    messages=(
        ChatMessage(Role.USER, "Grüß dich"),
        ChatMessage(Role.ASSISTANT, "Hallo!"),
        ChatMessage(Role.USER, "Wie geht's?"),
    ),
    system_prompt="Antworte kurz.",
    temperature=0.2,
    max_tokens=64,
)
parse = partial(parse_stream, openai.OpenAIStreamParser)


def backend(base_url: str = "http://127.0.0.1:8080", api_key: str = "") -> BackendConfig:
    return BackendConfig(BackendKind("openai"), base_url, api_key)


def test_chat_request_with_everything_set() -> None:
    """URL, headers and body of a streaming chat request with key, system prompt and both parameters."""
    request = openai.build_chat_request(backend(api_key=KEY), CHAT)
    assert (request.method, request.url) == ("POST", "http://127.0.0.1:8080/v1/chat/completions")
    assert request.headers == {"content-type": "application/json", "authorization": f"Bearer {KEY}"}
    assert request.body is not None
    assert json.loads(request.body) == {
        "model": "SmolLM2-135M-Instruct",
        "messages": [
            {"role": "system", "content": "Antworte kurz."},
            {"role": "user", "content": "Grüß dich"},
            {"role": "assistant", "content": "Hallo!"},
            {"role": "user", "content": "Wie geht's?"},
        ],
        "stream": True,
        "stream_options": {"include_usage": True},
        "temperature": 0.2,
        "max_tokens": 64,
    }


def test_chat_request_leaves_out_what_is_not_set() -> None:
    """No key: no Authorization header; no system prompt, temperature or max_tokens: none in the body."""
    request = openai.build_chat_request(backend(), ChatRequest("m", (ChatMessage(Role.USER, "hi"),)))
    assert request.headers == {"content-type": "application/json"}
    assert request.body == (
        '{"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": true, '
        '"stream_options": {"include_usage": true}}'
    )


def test_zero_temperature_is_sent() -> None:
    """Temperature 0 is a choice, not "unset": it stays in the body."""
    request = openai.build_chat_request(backend(), ChatRequest("m", (), temperature=0.0))
    assert request.body is not None and json.loads(request.body)["temperature"] == 0.0


@pytest.mark.parametrize(
    ("base_url", "root"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1"),
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
        (" https://api.openai.com/v1/ ", "https://api.openai.com/v1"),
        ("http://localhost:11434/v1", "http://localhost:11434/v1"),
        ("https://gateway.example.com/llm/api/v1//", "https://gateway.example.com/llm/api/v1"),
        (
            "https://generativelanguage.googleapis.com/v1beta/openai/",
            "https://generativelanguage.googleapis.com/v1beta/openai",
        ),
    ],
)
def test_base_url_rule(base_url: str, root: str) -> None:
    """Trailing slashes go; a bare host gets /v1; any other path is the API root as typed."""
    assert openai.api_root(base_url) == root
    assert openai.build_chat_request(backend(base_url), CHAT).url == f"{root}/chat/completions"
    assert openai.build_models_request(backend(base_url)).url == f"{root}/models"


def test_models_request_carries_the_key_only_in_a_header() -> None:
    """GET <root>/models, no body, the key in Authorization and nowhere in the URL."""
    request = openai.build_models_request(backend("http://h:8080/v1/", KEY))
    assert request == HttpRequest("GET", "http://h:8080/v1/models", {"authorization": f"Bearer {KEY}"})
    assert KEY not in request.url


def test_models_request_without_key_has_no_headers() -> None:
    """Without a key the GET has no headers at all, so the browser needs no CORS preflight."""
    assert openai.build_models_request(backend()).headers == {}


def test_parse_models_from_llamacpp_and_openai_listings() -> None:
    """Ids in the server's order; entries without a string id are skipped."""
    llamacpp = {
        "models": [{"name": "SmolLM2-135M-Instruct", "model": "SmolLM2-135M-Instruct"}],
        "object": "list",
        "data": [
            {"id": "SmolLM2-135M-Instruct", "object": "model", "owned_by": "llamacpp", "meta": {"n_vocab": 49152}}
        ],
    }
    assert openai.parse_models(llamacpp) == ["SmolLM2-135M-Instruct"]
    listing = {"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model"}, {"id": None}, "junk", {"id": "o3"}]}
    assert openai.parse_models(listing) == ["gpt-4o-mini", "o3"]


@pytest.mark.parametrize("payload", [None, [], "<html>", {"object": "list"}, {"data": "models"}])
def test_parse_models_refuses_what_is_no_listing(payload: object) -> None:
    """Something that is not a model listing (a wrong URL answering 200) gives None, not an empty list."""
    assert openai.parse_models(payload) is None


def test_llamacpp_stream_recorded() -> None:
    """llama.cpp (recorded): the role-only first chunk with content null adds nothing; the last, empty delta
    with `timings` brings the finish reason."""
    texts = ["S", "cho", "en", " Gr", "ü", "ß", "e", " in", " K", "ö", "ln", "."]
    assert parse([fixture("llamacpp_chat.sse")]) == [*map(TextDelta, texts), Finished("length")]


def test_llamacpp_stream_with_usage_recorded() -> None:
    """llama.cpp with include_usage (recorded): the token counts come in a chunk with empty `choices`."""
    texts = ["D", "as", " ist", " es", " ist", "."]
    assert parse([fixture("llamacpp_usage.sse")]) == [*map(TextDelta, texts), Finished("stop"), Usage(22, 7)]


def test_ollama_v1_stream_repeating_the_role() -> None:
    """Ollama's /v1 repeats the role in every chunk and ends with an empty content: only the text counts."""
    texts = ["Grüß", " dich", "! ", "👋", " Schön", ", dass du da bist."]
    assert parse([fixture("ollama_v1_chat.sse")]) == [*map(TextDelta, texts), Finished("stop"), Usage(31, 12)]


def test_openai_stream_with_null_usage_in_every_chunk() -> None:
    """OpenAI sends "usage": null in each chunk and the counts in a last chunk without choices."""
    texts = ["Die", " Straße", " ist", " nass", " 🌧", "."]
    assert parse([fixture("openai_usage.sse")]) == [*map(TextDelta, texts), Finished("stop"), Usage(19, 7)]


def test_litellm_error_in_the_middle_of_the_stream() -> None:
    """A proxy's `data: {"error": ...}` becomes a STREAM_ERROR after the text so far, with no TRUNCATED on top."""
    message = (
        "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o. "
        "Please try again in 20s."
    )
    assert parse([fixture("litellm_midstream_error.sse")]) == [
        TextDelta("Ich fasse"),
        TextDelta(" zusammen: Über"),
        StreamError(ErrorKind.STREAM_ERROR, message),
    ]


def test_vllm_error_object_in_the_stream() -> None:
    """vLLM's {"object": "error", "message": ...} is a STREAM_ERROR too."""
    data = b'data: {"object": "error", "message": "out of memory", "type": "InternalServerError", "code": 500}\n\n'
    assert parse([data]) == [StreamError(ErrorKind.STREAM_ERROR, "out of memory")]


def test_malformed_event_stops_the_stream_and_keeps_the_text() -> None:
    """Unreadable JSON is a MALFORMED error carrying the bad data; the text before stands, nothing after it counts."""
    assert parse([fixture("malformed_event.sse")]) == [
        TextDelta("Gut"),
        StreamError(ErrorKind.MALFORMED, '{"id":"chatcmpl-x","choices":[{"index":0,"delta":{"content":"en Mor'),
    ]


@pytest.mark.parametrize(
    "data",
    [b"data: [1, 2]\n\n", b"data: null\n\n", b'data: "text"\n\n'],
    ids=["list", "null", "string"],
)
def test_json_that_is_no_object_is_malformed(data: bytes) -> None:
    """Valid JSON that is not an object cannot be a chunk: MALFORMED, not an exception."""
    (event,) = parse([data])
    assert isinstance(event, StreamError) and event.kind is ErrorKind.MALFORMED


def test_chunks_of_unexpected_shape_add_nothing() -> None:
    """Fields of the wrong type are ignored rather than raising; the stream goes on to its end."""
    data = (
        b'data: {"choices": "x"}\n\ndata: {"choices": [{"delta": "x", "finish_reason": 3}]}\n\n'
        b'data: {"choices": [{"delta": {"content": ["x"]}}], "usage": {"prompt_tokens": true}}\n\n'
        b'data: {"choices": [{"delta": {"content": "ok"}}]}\n\ndata: [DONE]\n\n'
    )
    assert parse([data]) == [TextDelta("ok")]


def test_stream_without_done_is_truncated() -> None:
    """A stream that ends without data: [DONE] ends with TRUNCATED, after all its text and its finish reason."""
    data = fixture("llamacpp_chat.sse").replace(b"data: [DONE]\n\n", b"")
    events = parse([data])
    assert events[-2:] == [Finished("length"), StreamError(ErrorKind.TRUNCATED)]
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "Schoen Grüße in Köln."


def test_bytes_after_done_are_ignored() -> None:
    """Once [DONE] came, later events produce nothing and finishing reports no truncation."""
    parser = openai.OpenAIStreamParser()
    assert parser.feed(b'data: {"choices": [{"delta": {"content": "a"}}]}\n\ndata: [DONE]\n\n') == [TextDelta("a")]
    assert parser.feed(b'data: {"choices": [{"delta": {"content": "b"}}]}\n\n') == []
    assert parser.finish() == []


@pytest.mark.parametrize("name", ["ollama_v1_chat.sse", "litellm_midstream_error.sse", "malformed_event.sse"])
def test_same_events_however_split(name: str) -> None:
    """The parser's own state (end marker, errors) gives the same events at every split (the SSE tests split all fixtures)."""
    assert assert_same_however_split(fixture(name), parse)
