"""The browser tests' backends do what they claim: the real llama.cpp server and every fault case.

No browser here: plain HTTP from the host, so a broken backend fails fast and by name instead of
surfacing as a puzzling chat test failure.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.fault_server import CASES, FaultServer
from tests.e2e.llama_server import MODEL_ALIAS

ORIGIN = "http://127.0.0.1:8765"  # where the app would be served from
CHAT = "/v1/chat/completions"


# ---- HTTP from the host ---------------------------------------------------------------------


def connect(base: str, timeout: float = 10.0) -> http.client.HTTPConnection:
    parts = urlsplit(base)
    return http.client.HTTPConnection(parts.netloc, timeout=timeout)


def call(
    base: str, method: str, path: str, body: object = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request to base + path; (status, headers with lower-case names, whole body)."""
    connection = connect(base)
    data = None if body is None else json.dumps(body).encode()
    sent = {"Origin": ORIGIN, **({"Content-Type": "application/json"} if data else {}), **(headers or {})}
    connection.request(method, urlsplit(base).path + path, data, sent)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, payload


def sse_data(body: bytes) -> list[str]:
    """The data of each server-sent event, in order."""
    return [event.removeprefix("data: ") for event in body.decode().split("\n\n") if event.strip()]


def chunks_json(events: list[str]) -> list[dict[str, Any]]:
    return [json.loads(event) for event in events if event != "[DONE]"]


def raw_exchange(base: str, path: str, body: object) -> tuple[bytes, OSError | None]:
    """POST over a bare socket with Connection: close; every byte received, and the error that ended it."""
    parts = urlsplit(base)
    data = json.dumps(body).encode()
    head = f"POST {parts.path}{path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
    head += f"Connection: close\r\nContent-Length: {len(data)}\r\n\r\n"
    received, error = b"", None
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head.encode() + data)
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except OSError as exc:
            error = exc
    return received, error


def http_chunks(raw: bytes) -> tuple[list[bytes], bool]:
    """The chunks of a chunked HTTP body, and whether the terminating zero-size chunk arrived."""
    rest = raw.split(b"\r\n\r\n", 1)[1]
    chunks: list[bytes] = []
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            return chunks, True
        chunks.append(rest[:size])
        rest = rest[size + 2 :]
    return chunks, False


def access_control(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.startswith("access-control-")}


# ---- llama.cpp ------------------------------------------------------------------------------


def test_llama_lists_its_model(llama_url: str, llama_model: str) -> None:
    """GET /v1/models on the real server lists the loaded SmolLM2 under the id the fixture exposes."""
    status, _, body = call(llama_url, "GET", "/v1/models")
    assert status == 200
    assert [model["id"] for model in json.loads(body)["data"]] == [llama_model] == [MODEL_ALIAS]


def test_llama_streams_a_short_completion_ending_in_done(llama_url: str, llama_model: str) -> None:
    """A real streamed chat completion: role-only first chunk, text, a finish reason, usage, then [DONE]."""
    request = {
        "model": llama_model,
        "messages": [{"role": "user", "content": "Say hello."}],
        "max_tokens": 8,
        "temperature": 0,  # sampled answers starting with an emoji come without the role chunk (see `no-role`)
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    status, headers, body = call(llama_url, "POST", CHAT, request)
    assert status == 200 and headers["content-type"].startswith("text/event-stream")
    assert headers["access-control-allow-origin"] == ORIGIN
    events = sse_data(body)
    assert events[-1] == "[DONE]"
    chunks = chunks_json(events)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": None}
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text.strip()
    assert [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]][-1] in {"stop", "length"}
    assert chunks[-1]["choices"] == [] and 0 < chunks[-1]["usage"]["completion_tokens"] <= 8


def test_llama_allows_any_origin_with_authorization(llama_url: str) -> None:
    """The real server's preflight echoes the Origin and admits the Authorization and Content-Type headers."""
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    status, headers, _ = call(llama_url, "OPTIONS", CHAT, headers=preflight)
    assert status == 200 and headers["access-control-allow-origin"] == ORIGIN
    allowed = headers["access-control-allow-headers"].lower()
    assert allowed == "*" or {"authorization", "content-type"} <= {h.strip() for h in allowed.split(",")}


def test_llama_stops_generating_when_the_client_disconnects(llama_url: str) -> None:
    """Closing the connection mid-stream frees the slot at once (what the app's stop button relies on)."""
    request = {
        "messages": [{"role": "user", "content": "Tell a long story."}],
        "max_tokens": 1000,
        "ignore_eos": True,  # at ~100 tokens/s this would run ~10 s if nothing stopped it
        "stream": True,
    }
    connection = connect(llama_url)
    connection.request("POST", CHAT, json.dumps(request), {"Content-Type": "application/json"})
    response = connection.getresponse()
    for _ in range(5):
        assert response.readline().startswith(b"data: ")
        response.readline()
    assert busy(llama_url)
    connection.sock.shutdown(socket.SHUT_RDWR)
    connection.close()
    deadline = time.monotonic() + 2.0
    while busy(llama_url) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not busy(llama_url)


def busy(llama_url: str) -> bool:
    with urllib.request.urlopen(f"{llama_url}/slots", timeout=5) as response:
        return any(slot["is_processing"] for slot in json.loads(response.read()))


# ---- the fault server -----------------------------------------------------------------------


@pytest.fixture
def fault(fault_server: FaultServer) -> Iterator[FaultServer]:
    fault_server.reset()
    yield fault_server


def test_models_list_every_case_in_both_formats(fault: FaultServer) -> None:
    """GET /v1/models (OpenAI) and GET /api/tags (Ollama) both list every case by name."""
    _, _, openai = call(fault.url, "GET", "/v1/models")
    _, _, ollama = call(fault.url, "GET", "/api/tags")
    assert [m["id"] for m in json.loads(openai)["data"]] == list(CASES)
    tags = json.loads(ollama)["models"]
    assert [m["name"] for m in tags] == list(CASES) and all("details" in m for m in tags)


@pytest.mark.parametrize("include_usage", [False, True])
def test_ok_streams_in_llama_cpp_shape(fault: FaultServer, include_usage: bool) -> None:
    """`ok`: role-only chunk, content, finish "stop" with timings (or a usage chunk carrying them), [DONE]."""
    request = {"model": "ok", "stream": True, "stream_options": {"include_usage": include_usage}}
    status, headers, body = call(fault.url, "POST", CHAT, request)
    assert status == 200 and headers["content-type"] == "text/event-stream"
    assert headers["access-control-allow-origin"] == ORIGIN
    events = sse_data(body)
    assert events[-1] == "[DONE]"
    chunks = chunks_json(events)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": None}
    content = [c["choices"][0]["delta"]["content"] for c in chunks[1:] if c["choices"] and c["choices"][0]["delta"]]
    assert len(content) > 2 and "".join(content) == "Hello from the fault server."
    finish = next(c for c in chunks if c["choices"] and c["choices"][0]["finish_reason"])
    assert finish["choices"][0] == {"finish_reason": "stop", "index": 0, "delta": {}}
    if include_usage:
        assert "timings" not in finish and chunks[-1]["choices"] == []
        assert chunks[-1]["usage"]["completion_tokens"] == 6 and "timings" in chunks[-1]
    else:
        assert "timings" in finish and chunks[-1] is finish


@pytest.mark.parametrize(
    ("path", "request_body", "content_of"),
    [
        (CHAT, {"model": "ok"}, lambda answer: answer["choices"][0]["message"]["content"]),
        ("/api/chat", {"model": "ollama-ok", "stream": False}, lambda answer: answer["message"]["content"]),
    ],
)
def test_ok_answers_in_one_object_when_not_streaming(
    fault: FaultServer, path: str, request_body: dict[str, Any], content_of: Callable[[Any], str]
) -> None:
    """OpenAI without `stream` (its default) and Ollama with stream: false get the whole answer as one JSON object."""
    status, headers, body = call(fault.url, "POST", path, request_body)
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert content_of(json.loads(body)) == "Hello from the fault server."


def test_no_role_starts_straight_with_content(fault: FaultServer) -> None:
    """`no-role`: like llama.cpp answering with an emoji first, the stream has no role-only chunk."""
    _, _, body = call(fault.url, "POST", CHAT, {"model": "no-role", "stream": True})
    events = sse_data(body)
    chunks = chunks_json(events)
    assert chunks[0]["choices"][0]["delta"] == {"content": "\U0001f31f"} and events[-1] == "[DONE]"
    assert not any("role" in c["choices"][0]["delta"] for c in chunks)


def test_length_stops_for_length(fault: FaultServer) -> None:
    """`length`: a normal stream whose finish_reason is "length"."""
    _, _, body = call(fault.url, "POST", CHAT, {"model": "length", "stream": True})
    events = sse_data(body)
    reasons = [c["choices"][0]["finish_reason"] for c in chunks_json(events)]
    assert reasons[-1] == "length" and events[-1] == "[DONE]"


LLAMA_ERROR_KEYS = {"message", "type", "code"}
LLAMA_401 = {"message": "Invalid API Key", "type": "authentication_error", "code": 401}  # seen from llama.cpp


@pytest.mark.parametrize(
    ("case", "path", "status", "check"),
    [
        ("auth", CHAT, 401, lambda b: json.loads(b) == {"error": LLAMA_401}),
        ("forbidden", CHAT, 403, lambda b: json.loads(b)["error"].keys() == LLAMA_ERROR_KEYS),
        ("not-found", CHAT, 404, lambda b: json.loads(b)["error"]["code"] == 404),
        ("rate-limit", CHAT, 429, lambda b: json.loads(b)["error"]["code"] == 429),
        ("server-error-json", CHAT, 500, lambda b: json.loads(b)["error"].keys() == LLAMA_ERROR_KEYS),
        ("server-error-text", CHAT, 502, lambda b: b.startswith(b"Bad Gateway") and not b.startswith(b"{")),
        ("ollama-error", "/api/chat", 404, lambda b: json.loads(b) == {"error": "model 'ollama-error' not found"}),
    ],
)
def test_error_cases_answer_their_status_and_body(
    fault: FaultServer, case: str, path: str, status: int, check: Callable[[bytes], bool]
) -> None:
    """Each error case answers its status with its server's body shape, Origin echoed so a page can read it."""
    got, headers, body = call(fault.url, "POST", path, {"model": case, "stream": True})
    assert got == status and check(body), body
    assert headers["access-control-allow-origin"] == ORIGIN
    assert headers["content-type"].startswith("text/plain" if case == "server-error-text" else "application/json")
    assert headers["content-length"] == str(len(body))


def test_rate_limit_says_when_to_retry(fault: FaultServer) -> None:
    """`rate-limit` sends Retry-After: 7 and exposes it to scripts of other origins."""
    _, headers, _ = call(fault.url, "POST", CHAT, {"model": "rate-limit"})
    assert headers["retry-after"] == "7" and headers["access-control-expose-headers"] == "Retry-After"


@pytest.mark.parametrize(
    ("case", "last_event"),
    [
        ("midstream-error", lambda e: json.loads(e)["error"].keys() == {"message", "type"}),
        ("no-done", lambda e: json.loads(e)["choices"][0]["delta"]["content"]),
        ("malformed", lambda e: e == "[DONE]"),
    ],
)
def test_broken_streams_end_cleanly_without_a_proper_finish(
    fault: FaultServer, case: str, last_event: Callable[[str], bool]
) -> None:
    """midstream-error, no-done, malformed: content first, then their fault; the HTTP body itself ends cleanly."""
    raw, error = raw_exchange(fault.url, CHAT, {"model": case, "stream": True})
    chunks, terminated = http_chunks(raw)
    assert error is None and terminated and raw.startswith(b"HTTP/1.1 200")
    events = sse_data(b"".join(chunks))
    assert json.loads(events[1])["choices"][0]["delta"]["content"] == "Hello"
    assert last_event(events[-1])
    assert not any(json.loads(e)["choices"][0]["finish_reason"] for e in events if e.startswith('{"choices"'))
    assert ("[DONE]" in events) == (case == "malformed")
    assert ("{not json" in events) == (case == "malformed")


def test_drop_resets_the_connection_mid_stream(fault: FaultServer) -> None:
    """`drop`: some content, then a TCP reset and no chunked terminator."""
    raw, error = raw_exchange(fault.url, CHAT, {"model": "drop", "stream": True})
    chunks, terminated = http_chunks(raw)
    assert isinstance(error, ConnectionResetError) and not terminated
    assert len(chunks) >= 2 and all(chunk.startswith(b"data: {") for chunk in chunks)


def test_slow_streams_on_a_clock_and_notices_the_client_leaving(fault: FaultServer) -> None:
    """`slow`: one token per 200 ms; when the client closes, the server records the disconnect promptly."""
    connection = connect(fault.url)
    connection.request("POST", CHAT, json.dumps({"model": "slow", "stream": True}))
    response = connection.getresponse()
    stamps = []
    for _ in range(4):
        assert response.readline().startswith(b"data: ")
        response.readline()
        stamps.append(time.monotonic())
    assert stamps[-1] - stamps[0] >= 3 * 0.2 * 0.8
    closed = time.monotonic()
    connection.sock.shutdown(socket.SHUT_RDWR)
    connection.close()
    exchange = fault.wait_for_disconnect("slow", timeout=3)
    assert exchange.disconnected is not None and exchange.disconnected - closed < 1.0
    assert exchange.chunks_sent < 10


def test_hang_sends_nothing_until_the_client_leaves(fault: FaultServer) -> None:
    """`hang`: the request is read but not a byte comes back; the server notices the client giving up."""
    connection = connect(fault.url, timeout=0.6)
    connection.request("POST", CHAT, json.dumps({"model": "hang", "stream": True}))
    with pytest.raises(TimeoutError):
        connection.getresponse()
    assert fault.wait_for_chat("hang").disconnected is None
    connection.close()
    assert fault.wait_for_disconnect("hang", timeout=3).chunks_sent == 0


def test_preflight_allows_authorization_and_content_type(fault: FaultServer) -> None:
    """OPTIONS anywhere answers 200 with the Origin echoed, POST allowed, Authorization and Content-Type allowed."""
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    status, headers, body = call(fault.url, "OPTIONS", CHAT, headers=preflight)
    assert status == 200 and body == b""
    assert headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in headers["access-control-allow-methods"]
    assert headers["access-control-allow-headers"] == "Authorization, Content-Type"


def test_no_cors_streams_without_any_cors_header(fault: FaultServer) -> None:
    """`no-cors`: a 200 stream a browser must refuse to hand to the page, since no Access-Control-* header comes."""
    status, headers, body = call(fault.url, "POST", CHAT, {"model": "no-cors", "stream": True})
    assert status == 200 and sse_data(body)[-1] == "[DONE]"
    assert access_control(headers) == {}


@pytest.mark.parametrize(
    ("method", "path"), [("OPTIONS", CHAT), ("POST", CHAT), ("GET", "/v1/models"), ("GET", "/api/tags")]
)
def test_refusing_url_answers_any_origin_like_ollama(fault: FaultServer, method: str, path: str) -> None:
    """Under /no-cors every request with an Origin gets Ollama's refusal: 403, empty body, no CORS header."""
    body = {"model": "ok", "stream": True} if method == "POST" else None
    status, headers, payload = call(fault.refusing_url, method, path, body)
    assert (status, payload, access_control(headers)) == (403, b"", {})


def test_echo_auth_returns_the_key_and_the_record_shows_where_it_went(fault: FaultServer) -> None:
    """`test-only-echo-auth` streams back the Authorization header; the record holds method, path, headers, body."""
    request = {"model": "test-only-echo-auth", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    _, _, body = call(fault.url, "POST", CHAT, request, {"Authorization": "Bearer sk-test-123"})
    content = "".join(
        c["choices"][0]["delta"].get("content") or "" for c in chunks_json(sse_data(body)) if c["choices"]
    )
    assert content == "Bearer sk-test-123"
    [recorded] = fault.requests("POST", CHAT)
    assert recorded.headers["authorization"] == "Bearer sk-test-123" and recorded.headers["origin"] == ORIGIN
    assert recorded.json() == request and recorded.case == "test-only-echo-auth"
    assert "sk-test-123" not in recorded.path


def test_record_is_served_as_json_and_reset_forgets_it(fault: FaultServer) -> None:
    """GET /__state returns the recorded requests (itself excluded); reset() empties the record."""
    call(fault.url, "GET", "/v1/models?x=1")
    _, _, state = call(fault.url, "GET", "/__state")
    [request] = json.loads(state)["requests"]
    assert (request["method"], request["path"], request["headers"]["origin"]) == ("GET", "/v1/models?x=1", ORIGIN)
    fault.reset()
    assert fault.requests() == []


def test_ollama_ok_streams_ndjson_with_two_objects_in_one_write(fault: FaultServer) -> None:
    """`ollama-ok`: NDJSON message lines, the first HTTP chunk holding two of them, and a final done line."""
    raw, error = raw_exchange(fault.url, "/api/chat", {"model": "ollama-ok"})
    chunks, terminated = http_chunks(raw)
    assert error is None and terminated and b"Content-Type: application/x-ndjson" in raw
    assert chunks[0].count(b"\n") == 2
    lines = [json.loads(line) for line in b"".join(chunks).splitlines()]
    assert all(not line["done"] and line["message"]["role"] == "assistant" for line in lines[:-1])
    assert "".join(line["message"]["content"] for line in lines) == "Hello from the fault server."
    assert lines[-1]["done"] is True and lines[-1]["done_reason"] == "stop"
    assert lines[-1]["eval_count"] == 6 and lines[-1]["prompt_eval_count"] > 0


def test_ollama_no_done_ends_with_200_and_no_done_line(fault: FaultServer) -> None:
    """`ollama-no-done`: message lines, then a clean end of the body without any done: true line."""
    raw, error = raw_exchange(fault.url, "/api/chat", {"model": "ollama-no-done"})
    chunks, terminated = http_chunks(raw)
    lines = [json.loads(line) for line in b"".join(chunks).splitlines()]
    assert error is None and terminated and raw.startswith(b"HTTP/1.1 200")
    assert lines and not any(line["done"] for line in lines)


def test_unknown_or_misplaced_case_is_refused_loudly(fault: FaultServer) -> None:
    """A model that names no case (or an Ollama case on /v1) is a 400 listing the cases; on /api/chat a 404."""
    status, _, body = call(fault.url, "POST", CHAT, {"model": "ollama-ok"})
    assert status == 400 and "slow" in json.loads(body)["error"]["message"]
    status, _, body = call(fault.url, "POST", "/api/chat", {"model": "ok"})
    assert status == 404 and json.loads(body) == {"error": "model 'ok' not found"}
