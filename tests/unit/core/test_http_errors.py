"""Classifying failed requests: kinds, the servers' own messages, Retry-After, hints, and the API key kept out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from plauder.core.http_errors import (
    MESSAGE_CHARS,
    ErrorKind,
    from_fetch_failure,
    from_response,
    problem,
    retry_after,
    server_message,
    timed_out,
)
from plauder.core.i18n import MESSAGES
from plauder.core.providers import ollama
from plauder.core.records import BackendKind, ErrorInfo

NOW = datetime(2026, 1, 2, 12, 0, 0, tzinfo=UTC).timestamp()
KEY = "sk-proj-Abc123Def456Ghi789"


def response(status: int, body: str = "", headers: dict[str, str] | None = None, api_key: str = "") -> ErrorInfo:
    return from_response(status, headers or {}, body, api_key=api_key, now=NOW)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, ErrorKind.AUTH),
        (403, ErrorKind.AUTH),
        (404, ErrorKind.NOT_FOUND),
        (429, ErrorKind.RATE_LIMITED),
        (500, ErrorKind.SERVER),
        (502, ErrorKind.SERVER),
        (503, ErrorKind.SERVER),
        (400, ErrorKind.BAD_REQUEST),
        (408, ErrorKind.BAD_REQUEST),
        (422, ErrorKind.BAD_REQUEST),
    ],
)
def test_status_decides_the_kind(status: int, kind: ErrorKind) -> None:
    """Each status class has its kind, its message key and the status as a parameter."""
    error = response(status)
    assert (error.kind, error.params["status"]) == (kind, status)
    assert error.message_key in (f"error.{kind}", "error.rate_limited_later")


def test_auth_failure_hints_at_the_key() -> None:
    """401 and 403 point the user at the API key in Settings; other kinds do not."""
    assert response(401).hint_keys == ("hint.check_key",)
    assert response(500).hint_keys == ()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            '{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}',
            "Invalid API Key",
            id="llama.cpp",
        ),
        pytest.param(
            '{"error":"model \\"llama9\\" not found, try pulling it first"}',
            'model "llama9" not found, try pulling it first',
            id="ollama",
        ),
        pytest.param(
            '{"error":{"message":"model \\"llama9\\" not found","type":"api_error","param":null,"code":null}}',
            'model "llama9" not found',
            id="ollama-v1",
        ),
        pytest.param(
            '{"error": {"message": "Incorrect API key provided: sk-abc***xyz.", "type": "invalid_request_error", '
            '"param": null, "code": "invalid_api_key"}}',
            "Incorrect API key provided: sk-abc***xyz.",
            id="openai",
        ),
        pytest.param(
            '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_1"}',
            "invalid x-api-key",
            id="anthropic",
        ),
        pytest.param(
            '{"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","code":404}',
            "The model `x` does not exist.",
            id="vllm",
        ),
        pytest.param('{"detail":"Not Found"}', "Not Found", id="fastapi"),
        pytest.param("Internal Server Error\n", "Internal Server Error", id="plain-text"),
        pytest.param(
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center>"
            "<hr><center>nginx</center></body></html>",
            "502 Bad Gateway",
            id="nginx-html",
        ),
        pytest.param('{"unexpected": true}', '{"unexpected": true}', id="unknown-json"),
        pytest.param("", "", id="empty"),
    ],
)
def test_server_message_from_each_body_shape(body: str, message: str) -> None:
    """The server's own words are found in every error shape, in plain text, and in a proxy's HTML page."""
    assert response(500, body).server_message == message


def test_long_plain_body_is_shortened() -> None:
    """A long body is cut to MESSAGE_CHARS, ending in an ellipsis, its whitespace folded."""
    message = response(500, "Trace:\n" + "at frame\n" * 200).server_message
    assert len(message) == MESSAGE_CHARS and message.endswith("…") and "\n" not in message


def test_server_message_ignores_what_is_not_text() -> None:
    """Messages that are not strings, or blank, do not count; the next shape is tried."""
    assert server_message({"error": {"message": 42}, "detail": "fallback"}) == "fallback"
    assert server_message({"error": "  "}) == ""
    assert server_message(["error"]) == ""


@pytest.mark.parametrize("name", ["Retry-After", "retry-after", "RETRY-AFTER"])
def test_retry_after_seconds_header(name: str) -> None:
    """Retry-After in seconds, whatever the header's case, becomes the `seconds` parameter."""
    error = response(429, "", {name: " 30 "})
    assert (error.message_key, error.params) == ("error.rate_limited", {"status": 429, "seconds": 30})


def test_retry_after_http_date_header() -> None:
    """Retry-After as an HTTP date counts from the `now` passed in."""
    later = format_datetime(datetime(2026, 1, 2, 12, 1, 30, tzinfo=UTC), usegmt=True)
    assert later == "Fri, 02 Jan 2026 12:01:30 GMT"
    assert response(429, "", {"Retry-After": later}).params["seconds"] == 90


def test_retry_after_date_in_the_past_is_zero() -> None:
    """A date already passed means "now": zero seconds, never negative."""
    assert retry_after({"retry-after": "Thu, 01 Jan 2026 00:00:00 GMT"}, "", NOW) == 0


def test_retry_after_from_the_message() -> None:
    """Without the header, "try again in 20s" or "retry after 1.5 seconds" in the server's message counts."""
    body = json.dumps(
        {"error": {"message": "Rate limit reached for gpt-4o. Please try again in 20s.", "code": "rate_limit_exceeded"}}
    )
    assert response(429, body).params["seconds"] == 20
    assert retry_after({}, "Please retry after 1.5 seconds.", NOW) == 2
    assert retry_after({}, "Please try again in 6ms.", NOW) is None


@pytest.mark.parametrize("headers", [{}, {"Retry-After": "soon"}, {"Retry-After": "-5"}])
def test_rate_limited_without_a_usable_wait(headers: dict[str, str]) -> None:
    """No header, or one that is neither seconds nor a date: the "try again later" text, with no seconds."""
    error = response(429, "Too Many Requests", headers)
    assert (error.message_key, error.params) == ("error.rate_limited_later", {"status": 429})


def test_echoed_key_is_redacted_from_json_and_plain_bodies() -> None:
    """A server that echoes the key back (in JSON or plain text) never gets it into the error."""
    body = json.dumps({"error": {"message": f"Invalid key {KEY}: not found", "type": "auth"}})
    assert response(401, body, api_key=KEY).server_message == "Invalid key •••: not found"
    assert KEY not in response(500, f"bad header Authorization: Bearer {KEY}", api_key=KEY).server_message


def test_key_cut_by_shortening_is_still_redacted() -> None:
    """A key straddling the length limit is masked before the cut, so no part of it remains."""
    body = "x" * (MESSAGE_CHARS - 10) + KEY
    message = response(500, body, api_key=KEY).server_message
    assert KEY[:9] not in message


def test_key_echoed_changed_is_redacted() -> None:
    """A server that echoes the key lowercased, or broken over lines with invisible characters, is masked too."""
    body = json.dumps({"error": {"message": f"unknown key {KEY.lower()[:10]}\n\u200b{KEY.lower()[10:]}."}})
    assert response(401, body, api_key=KEY).server_message == "unknown key •••."


def test_fetch_failure_on_ollama_hints_at_ollama_origins() -> None:
    """ "Failed to fetch" on an Ollama backend names OLLAMA_ORIGINS with the page's origin."""
    error = from_fetch_failure(ollama.PROVIDER.kind, "http://gpu-box:11434/api/chat", "http://chat.intranet")
    assert error == ErrorInfo(
        ErrorKind.CORS_OR_NETWORK,
        "error.cors_or_network",
        {"host": "gpu-box:11434", "origin": "http://chat.intranet"},
        ("hint.ollama_origins",),
    )


def test_fetch_failure_on_ollamas_v1_port_is_ollama_too() -> None:
    """An OpenAI-kind backend on Ollama's port 11434 is Ollama's /v1, with Ollama's CORS rules."""
    error = from_fetch_failure(
        BackendKind("openai"), "http://gpu-box:11434/v1/chat/completions", "http://chat.intranet"
    )
    assert error.hint_keys == ("hint.ollama_origins",)


def test_fetch_failure_on_ollama_from_a_page_on_this_machine_says_it_is_not_running() -> None:
    """Ollama always accepts localhost pages: from one, a refused fetch means Ollama is down, not CORS."""
    for origin in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"):
        error = from_fetch_failure(ollama.PROVIDER.kind, "http://127.0.0.1:11434/api/tags", origin)
        assert error.hint_keys == ("hint.ollama_not_running",)


def test_fetch_failure_elsewhere_hints_at_cors() -> None:
    """Other servers get the general CORS hint; credentials in the URL never reach the host parameter."""
    error = from_fetch_failure(
        BackendKind("openai"), "https://user:pw@llm.intranet:8443/v1/models", "https://chat.intranet"
    )
    assert (error.params["host"], error.hint_keys) == ("llm.intranet:8443", ("hint.cors",))


@pytest.mark.parametrize(
    ("url", "mixed"),
    [
        ("http://10.0.0.5:8080/v1/models", True),
        ("http://llm.intranet/v1/models", True),
        ("http://localhost:8080/v1/models", False),
        ("http://127.0.0.1:8080/v1/models", False),
        ("http://[::1]:8080/v1/models", False),
        ("http://box.localhost/v1/models", False),
        ("https://llm.intranet/v1/models", False),
    ],
)
def test_mixed_content_hint_from_an_https_page(url: str, mixed: bool) -> None:
    """An https page calling http:// (loopback aside, which browsers allow) gets the mixed-content hint first."""
    hints = from_fetch_failure(BackendKind("openai"), url, "https://chat.example.com").hint_keys
    assert hints == (("hint.mixed_content", "hint.cors") if mixed else ("hint.cors",))


def test_no_mixed_content_hint_from_an_http_page() -> None:
    """An http page may call http backends: no mixed-content hint."""
    hints = from_fetch_failure(ollama.PROVIDER.kind, "http://10.0.0.5:11434/api/tags", "http://chat.intranet").hint_keys
    assert hints == ("hint.ollama_origins",)


def test_timeout() -> None:
    """A timeout names the configured seconds, written without a needless ".0"."""
    assert timed_out(120.0) == ErrorInfo(ErrorKind.TIMEOUT, "error.timeout", {"seconds": "120"})
    assert timed_out(2.5).params == {"seconds": "2.5"}


def test_stream_problems() -> None:
    """A stream's error keeps the server's words without the key; truncation and network loss need none."""
    error = problem(ErrorKind.STREAM_ERROR, f"upstream rejected {KEY}", api_key=KEY)
    assert error == ErrorInfo(ErrorKind.STREAM_ERROR, "error.stream_error", server_message="upstream rejected •••")
    assert problem(ErrorKind.TRUNCATED) == ErrorInfo(ErrorKind.TRUNCATED, "error.truncated")
    assert problem(ErrorKind.NETWORK).message_key == "error.network"


def every_error() -> list[ErrorInfo]:
    return [
        *(
            response(status, headers=headers)
            for status in (401, 404, 429, 500, 400)
            for headers in ({}, {"Retry-After": "9"})
        ),
        from_fetch_failure(ollama.PROVIDER.kind, "http://h:11434", "https://page.example"),
        from_fetch_failure(BackendKind("openai"), "http://h:8080", "https://page.example"),
        timed_out(30),
        *(
            problem(kind)
            for kind in (ErrorKind.NETWORK, ErrorKind.STREAM_ERROR, ErrorKind.TRUNCATED, ErrorKind.MALFORMED)
        ),
    ]


@pytest.mark.parametrize("language", sorted(MESSAGES))
def test_every_key_has_a_text_with_its_parameters(language: str) -> None:
    """Each message and hint key produced here exists in every language and its placeholders are all supplied."""
    for error in every_error():
        for key in (error.message_key, *error.hint_keys):
            assert key in MESSAGES[language], key
            MESSAGES[language][key].format(**error.params)


LLAMA_TOO_LONG = {  # llama.cpp's server, as it answers a prompt longer than its n_ctx
    "error": {
        "code": 400,
        "message": "request (4476 tokens) exceeds the available context size (4096 tokens), try increasing it",
        "type": "exceed_context_size_error",
        "n_prompt_tokens": 4476,
        "n_ctx": 4096,
    }
}
OPENAI_TOO_LONG = {  # OpenAI's API reference and vLLM's OpenAI-compatible server
    "error": {
        "message": "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
        "type": "invalid_request_error",
        "param": "messages",
        "code": "context_length_exceeded",
    }
}
ANTHROPIC_TOO_LONG = {
    "type": "error",
    "error": {"type": "invalid_request_error", "message": "prompt is too long: 210000 tokens > 200000 maximum"},
}


@pytest.mark.parametrize(
    ("body", "size"), [(LLAMA_TOO_LONG, 4096), (OPENAI_TOO_LONG, 8192), (ANTHROPIC_TOO_LONG, 200000)]
)
def test_a_refusal_for_length_is_told_apart_with_the_size_it_names(body: dict[str, object], size: int) -> None:
    error = response(400, json.dumps(body))
    assert (error.kind, error.message_key, error.params) == (
        ErrorKind.CONTEXT,
        "error.context",
        {"status": 400, "size": size},
    )
    assert error.server_message  # the server's own words stay


def test_a_refusal_for_length_without_a_size_and_other_400s() -> None:
    unsized = response(400, '{"error": {"message": "context_length_exceeded"}}')
    assert unsized.kind is ErrorKind.CONTEXT and "size" not in unsized.params
    assert response(400, '{"error": {"message": "temperature must be below 2"}}').kind is ErrorKind.BAD_REQUEST
    assert response(500, json.dumps(LLAMA_TOO_LONG)).kind is ErrorKind.SERVER  # a 5xx stays the server's fault
