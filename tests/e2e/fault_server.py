"""A fault-injecting LLM backend for the browser tests: the failures no real server produces on demand.

One server speaks an OpenAI-compatible API under /v1 (its images API too: tests/e2e/fault_images.py) and
Ollama's native API under /api. The `model` field of a chat request picks the case (see CASES), so a
single configured backend serves them all; GET /v1/models and GET /api/tags list every case. Wire formats follow DESIGN.md and what llama.cpp
(the xllamacpp build in llama_server.py) really sends; CORS is llama.cpp's: the Origin is echoed and
preflights are allowed (here naming Authorization and Content-Type explicitly).

Under the path prefix /no-cors the whole server behaves like Ollama refusing an origin: every request
that carries an Origin header, preflight or not, gets 403 with an empty body, and no answer there has
an Access-Control-* header. (A preflight has no body, so it cannot name a case: the `no-cors` model
alone answers its POST without CORS headers, but its preflight like any other.)

Every request is recorded (method, path, headers, body) for tests to inspect, with, for chat requests,
when the client disconnected. GET /__state returns the record as JSON.
"""

from __future__ import annotations

import itertools
import json
import select
import socket
import struct
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from plauder.core.titles import LANGUAGE_NAMES, title_instruction
from tests.e2e import fault_images

REFUSING_PREFIX = "/no-cors"
TOKENS = ("Hello", " from", " the", " fault", " server", ".")
DONE = b"data: [DONE]\n\n"
MALFORMED = b"data: {not json\n\n"
SLOW_INTERVAL_S = 0.2
THOUGHT = ("The user", " wants", " a greeting", ".")  # a reasoning model's thinking, then TOKENS
REASONING_INTERVAL_S = 0.3  # slow enough to see the thinking stream
SLOW_TOKENS = 300  # one every 200 ms: 60 s at most
HANG_LIMIT_S = 120.0
# bench/stream.py's answer: 2,000 tokens of ordinary prose, sent as fast as the server can.
LONG_SENTENCE = "The quick brown fox jumps over the lazy dog, and then it rests in the warm sun"
LONG_TOKENS = tuple(f" {word}" for _, word in zip(range(2000), itertools.cycle(LONG_SENTENCE.split()), strict=False))
TIMINGS = {"cache_n": 0, "prompt_n": 12, "prompt_ms": 40.1, "predicted_n": 6, "predicted_ms": 75.3}


def sse(payload: object) -> bytes:
    return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"


def llama_error(message: str, kind: str, code: int) -> dict[str, Any]:
    """llama.cpp's error body (seen on its 401: {"error": {"message", "type", "code"}})."""
    return {"error": {"message": message, "type": kind, "code": code}}


def echo_authorization(headers: dict[str, str]) -> tuple[str, ...]:
    return (headers.get("authorization", "<no Authorization header>"),)


DROP_AFTER_SECONDS = 0.3


@dataclass(frozen=True)
class Case:
    """What the server does with a chat request whose `model` names this case."""

    api: str = "openai"  # or "ollama" (POST /api/chat)
    status: int = 200
    error: object = None  # a JSON body for an error status, or a str sent as text/plain
    tokens: tuple[str, ...] | Callable[[dict[str, str]], tuple[str, ...]] = TOKENS
    finish: str | None = "stop"  # finish_reason of the last chunk; None: the stream has no last chunk
    role: bool = True  # start with llama.cpp's role-only chunk
    tail: bytes = DONE  # written after the chunks (OpenAI format)
    drop: bool = False  # reset the TCP connection after the chunks, without the chunked terminator
    hang: bool = False  # read the request, answer nothing until the client leaves or HANG_LIMIT_S
    interval: float = 0.0  # seconds before each chunk
    cors: bool = True
    headers: tuple[tuple[str, str], ...] = ()
    scripted: bool = False  # the tokens are the next answer a test queued with FaultServer.queue_answer
    reasoning: tuple[str, ...] = ()  # thinking sent before the tokens as `reasoning_content` (OpenAI format)


CASES: dict[str, Case] = {
    "ok": Case(),
    "slow": Case(tokens=("tick ",) * SLOW_TOKENS, interval=SLOW_INTERVAL_S),
    "length": Case(tokens=TOKENS[:3], finish="length"),
    # llama.cpp sends no role chunk at all when the answer starts with a character split over tokens
    # (seen in ~1 of 10 sampled answers of SmolLM2 starting with an emoji).
    "no-role": Case(tokens=("\U0001f31f", "\U0001f308", " Hello"), role=False),
    "auth": Case(status=401, error=llama_error("Invalid API Key", "authentication_error", 401)),
    "forbidden": Case(status=403, error=llama_error("This key may not use this model", "permission_error", 403)),
    "not-found": Case(status=404, error=llama_error("File Not Found", "not_found_error", 404)),
    "rate-limit": Case(
        status=429,
        error=llama_error("Rate limit reached, retry in 7 s", "rate_limit_error", 429),
        # Browsers hide Retry-After from scripts unless it is exposed; real servers may not expose it.
        headers=(("Retry-After", "7"), ("Access-Control-Expose-Headers", "Retry-After")),
    ),
    "server-error-json": Case(status=500, error=llama_error("Internal server error", "server_error", 500)),
    "server-error-text": Case(status=502, error="Bad Gateway: the upstream model server is unreachable\n"),
    "midstream-error": Case(  # like LiteLLM: an error event, then the end of the body, no [DONE]
        tokens=TOKENS[:3],
        finish=None,
        tail=sse({"error": {"message": "Upstream model crashed mid-stream", "type": "server_error"}}),
    ),
    "no-done": Case(tokens=TOKENS[:3], finish=None, tail=b""),
    "malformed": Case(tokens=TOKENS[:3], finish=None, tail=MALFORMED + DONE),  # the bad event is the only fault
    "drop": Case(tokens=TOKENS[:3], finish=None, tail=b"", drop=True),
    "no-cors": Case(cors=False),
    "long": Case(tokens=LONG_TOKENS),
    "hang": Case(hang=True),
    "test-only-echo-auth": Case(tokens=echo_authorization),  # a test's probe: no real server echoes a key
    "scripted": Case(scripted=True),  # answers exactly what the test queued, in small tokens
    # A reasoning model: llama.cpp with --reasoning-format deepseek sends thinking in reasoning_content,
    # with --reasoning-format none inside the content as <think>...</think> (tags cut across chunks).
    "reasoning": Case(reasoning=THOUGHT, interval=REASONING_INTERVAL_S),
    "think-tags": Case(
        tokens=("<th", "ink>\n", *THOUGHT, "\n</th", "ink>\n\n", *TOKENS), interval=REASONING_INTERVAL_S
    ),
    "ollama-ok": Case(api="ollama"),
    "ollama-no-done": Case(api="ollama", tokens=TOKENS[:3], finish=None),
    "ollama-error": Case(api="ollama", status=404, error={"error": "model 'ollama-error' not found"}),
}


@dataclass
class Exchange:
    """One recorded request; for a chat request also how its answer went."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: str
    case: str | None = None
    title: bool = False  # the app's side request for an automatic title (never counted as a chat)
    started: float = field(default_factory=time.monotonic)
    chunks_sent: int = 0
    disconnected: float | None = None  # time.monotonic() when the client was seen gone mid-answer
    finished: float | None = None

    def json(self) -> Any:
        return json.loads(self.body)


# ---- wire formats ---------------------------------------------------------------------------


def openai_chunks(case: Case, model: str, tokens: tuple[str, ...], include_usage: bool) -> list[bytes]:
    """llama.cpp's stream: role-only first chunk, content chunks, finish chunk, usage chunk; tail last.

    Like llama.cpp, `timings` rides on the finish chunk, or on the usage chunk when usage is asked for.
    """
    base = {"created": int(time.time()), "id": f"chatcmpl-{uuid.uuid4().hex}", "model": model}
    base |= {"system_fingerprint": "fault-server", "object": "chat.completion.chunk"}

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
        return sse({"choices": [{"finish_reason": finish, "index": 0, "delta": delta}], **base, **extra})

    chunks = [chunk({"role": "assistant", "content": None})] if case.role else []
    chunks += [chunk({"reasoning_content": thought}) for thought in case.reasoning]
    chunks += [chunk({"content": token}) for token in tokens]
    if case.finish:
        chunks.append(chunk({}, case.finish, **({} if include_usage else {"timings": TIMINGS})))
        if include_usage:
            usage = {"completion_tokens": len(tokens), "prompt_tokens": 12, "total_tokens": 12 + len(tokens)}
            chunks.append(sse({"choices": [], **base, "usage": usage, "timings": TIMINGS}))
    return chunks + ([case.tail] if case.tail else [])


def openai_completion(case: Case, model: str, tokens: tuple[str, ...]) -> dict[str, Any]:
    """The same answer in one chat.completion object (stream false or absent)."""
    message = {"role": "assistant", "content": "".join(tokens)}
    usage = {"completion_tokens": len(tokens), "prompt_tokens": 12, "total_tokens": 12 + len(tokens)}
    return {
        "choices": [{"finish_reason": case.finish, "index": 0, "message": message}],
        "created": int(time.time()),
        "model": model,
        "object": "chat.completion",
        "usage": usage,
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "timings": TIMINGS,
    }


def ollama_message(model: str, content: str, **extra: Any) -> dict[str, Any]:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {"model": model, "created_at": stamp, "message": {"role": "assistant", "content": content}} | extra


def ollama_done(case: Case, model: str, tokens: tuple[str, ...], content: str = "") -> dict[str, Any]:
    """Ollama's last object: done, why, and the token counts (the whole answer when not streaming)."""
    counts = {"total_duration": 120_000_000, "load_duration": 2_000_000, "prompt_eval_count": 12}
    counts |= {"prompt_eval_duration": 40_000_000, "eval_count": len(tokens), "eval_duration": 75_000_000}
    return ollama_message(model, content, done=True, done_reason=case.finish, **counts)


def ollama_chunks(case: Case, model: str, tokens: tuple[str, ...]) -> list[bytes]:
    """Ollama's NDJSON: one line per token, a done line with counts; the first two lines share one write."""
    objects = [ollama_message(model, token, done=False) for token in tokens]
    if case.finish:
        objects.append(ollama_done(case, model, tokens))
    lines = [json.dumps(obj, separators=(",", ":")).encode() + b"\n" for obj in objects]
    return [lines[0] + lines[1], *lines[2:]] if len(lines) > 1 else lines


def model_list() -> dict[str, Any]:
    data = [{"id": name, "object": "model", "created": 1735689600, "owned_by": "fault-server"} for name in CASES]
    return {"object": "list", "data": data}


def ollama_tags() -> dict[str, Any]:
    details = {"parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"]}
    details |= {"parameter_size": "135M", "quantization_level": "Q4_1"}
    models = [
        {"name": name, "model": name, "modified_at": "2025-01-01T00:00:00Z", "size": 1000, "digest": f"{i:064x}"}
        | {"details": details}
        for i, name in enumerate(CASES)
    ]
    return {"models": models}


# ---- the server -----------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked streams, as llama.cpp and Ollama answer
    server: FaultServer
    refusing = False  # this request came under REFUSING_PREFIX

    def version_string(self) -> str:
        return "plauder-fault-server"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.handle_any()

    def do_POST(self) -> None:
        self.handle_any()

    def do_OPTIONS(self) -> None:
        self.handle_any()

    # -- dispatch

    def handle_any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        path = self.path
        self.refusing = path.startswith(REFUSING_PREFIX + "/")
        if self.refusing:
            path = path[len(REFUSING_PREFIX) :]
        if path == "/__state":
            return self.send_json(200, self.server.state())
        exchange = Exchange(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        self.server.record(exchange)
        if self.refusing and "origin" in exchange.headers:
            return self.send_bytes(403, b"", "text/plain")
        if self.command == "OPTIONS":
            return self.send_bytes(200, b"", "text/html", preflight=True)
        if self.command == "GET" and path.startswith(fault_images.FILES):
            return self.send_picture(path.removeprefix(fault_images.FILES))
        routes: dict[tuple[str, str], Callable[[Exchange], None]] = {
            ("GET", "/v1/models"): lambda _: self.send_json(200, model_list()),
            ("POST", fault_images.GENERATIONS): self.images,
            ("GET", "/api/tags"): lambda _: self.send_json(200, ollama_tags()),
            ("POST", "/v1/chat/completions"): lambda ex: self.chat(ex, "openai"),
            ("POST", "/api/chat"): lambda ex: self.chat(ex, "ollama"),
        }
        route = routes.get((self.command, path.split("?")[0]))
        if route is None:
            return self.send_json(404, llama_error("File Not Found", "not_found_error", 404))
        route(exchange)

    def images(self, exchange: Exchange) -> None:
        """OpenAI's images API (tests/e2e/fault_images.py)."""
        try:
            request = exchange.json()
        except ValueError as error:
            return self.send_json(400, fault_images.openai_error(f"invalid JSON: {error}"))
        if request.get("model") == fault_images.SLOW:  # a diffusion server at work: nothing until it is done
            self.close_connection = True
            if self.wait_for_client_to_leave(fault_images.SLOW_SECONDS):
                return None
        self.send_json(*fault_images.generate(request, self.server.url, self.server.pictures))

    def send_picture(self, name: str) -> None:
        picture = self.server.pictures.get(name)
        if picture is None:
            return self.send_json(404, llama_error("File Not Found", "not_found_error", 404))
        self.send_bytes(200, picture, "image/png")

    def chat(self, exchange: Exchange, api: str) -> None:
        try:
            request = exchange.json()
        except ValueError as error:
            return self.send_json(400, llama_error(f"invalid JSON: {error}", "invalid_request_error", 400))
        model = str(request.get("model", ""))
        case = CASES.get(model)
        if case is None or case.api != api:
            if api == "ollama":
                return self.send_json(404, {"error": f"model '{model}' not found"})
            message = f"the fault server has no OpenAI case {model!r}; its cases: {', '.join(CASES)}"
            return self.send_json(400, llama_error(message, "invalid_request_error", 400))
        if any(title_instruction(language) in exchange.body for language in LANGUAGE_NAMES):
            # a title request: answered from its own queue, so no test's next answer is taken
            exchange.title = True
            title = self.server.next_title()
            return self.answer(exchange, Case(api=case.api, tokens=(title,) if title else ()), request)
        exchange.case = model
        try:
            self.answer(exchange, case, request)
        finally:
            exchange.finished = time.monotonic()
            self.server.notify()

    def answer(self, exchange: Exchange, case: Case, request: dict[str, Any]) -> None:
        if case.hang:
            self.close_connection = True
            if self.wait_for_client_to_leave(HANG_LIMIT_S):
                self.server.disconnected(exchange)
            return
        if case.status != 200:
            if isinstance(case.error, str):
                return self.send_bytes(case.status, case.error.encode(), "text/plain; charset=utf-8", case=case)
            return self.send_json(case.status, case.error, case=case)
        model = exchange.case or ""
        interval = case.interval
        if case.scripted:
            tokens, interval = self.server.next_answer()
        else:
            tokens = case.tokens(exchange.headers) if callable(case.tokens) else case.tokens
        openai = case.api == "openai"
        # OpenAI streams only when asked, Ollama unless told not to; a broken stream is always a stream.
        if not request.get("stream", not openai) and case.finish:
            whole = (
                openai_completion(case, model, tokens) if openai else ollama_done(case, model, tokens, "".join(tokens))
            )
            return self.send_json(200, whole, case=case)
        if openai:
            chunks = openai_chunks(
                case, model, tokens, bool((request.get("stream_options") or {}).get("include_usage"))
            )
            self.start(200, "text/event-stream", case, [("Transfer-Encoding", "chunked"), ("X-Accel-Buffering", "no")])
        else:
            chunks = ollama_chunks(case, model, tokens)
            self.start(200, "application/x-ndjson", case, [("Transfer-Encoding", "chunked")])
        for chunk in chunks:
            gone = (interval and self.wait_for_client_to_leave(interval)) or not self.write_chunk(chunk)
            if gone:
                self.close_connection = True
                return self.server.disconnected(exchange)
            exchange.chunks_sent += 1
        if case.drop:
            # As on a real network, the text arrives before the line dies: a reset right behind the last
            # write would make the client's kernel discard data the browser has not read yet.
            time.sleep(DROP_AFTER_SECONDS)
            return self.reset_connection()
        self.write_chunk(b"")  # the chunked terminator: a clean end of the body

    # -- writing

    def cors_headers(self, preflight: bool) -> list[tuple[str, str]]:
        headers = [("Access-Control-Allow-Origin", self.headers.get("Origin", ""))]
        if preflight:
            headers += [
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Authorization, Content-Type"),
            ]
        return headers

    def start(
        self,
        status: int,
        content_type: str,
        case: Case | None = None,
        headers: list[tuple[str, str]] | None = None,
        preflight: bool = False,
    ) -> None:
        self.send_response(status)
        cors = not self.refusing and (case is None or case.cors)
        for name, value in [
            ("Content-Type", content_type),
            *(headers or []),
            *(case.headers if case else ()),
            *(self.cors_headers(preflight) if cors else []),
        ]:
            self.send_header(name, value)
        self.end_headers()

    def send_bytes(self, status: int, body: bytes, content_type: str, case: Case | None = None, **kw: Any) -> None:
        self.start(status, content_type, case, [("Content-Length", str(len(body)))], **kw)
        self.wfile.write(body)

    def send_json(self, status: int, payload: object, case: Case | None = None) -> None:
        body = json.dumps(payload, separators=(",", ":")).encode()
        self.send_bytes(status, body, "application/json; charset=utf-8", case)

    def write_chunk(self, data: bytes) -> bool:
        """One network write of one HTTP chunk; False if the client is gone."""
        try:
            self.wfile.write(b"%X\r\n%s\r\n" % (len(data), data))
            return True
        except OSError:
            return False

    def reset_connection(self) -> None:
        """Drop the connection abruptly: RST instead of FIN, no chunked terminator."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()  # the last reference besides the socket itself: close() now really closes
        self.connection.close()

    def wait_for_client_to_leave(self, seconds: float) -> bool:
        """Wait up to `seconds`; True as soon as the client closes its end of the connection."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0 and not self.server.stopping.is_set():
            try:
                readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
                if readable and self.connection.recv(1, socket.MSG_PEEK) == b"":
                    return True
            except OSError:
                return True
            if readable:  # the client sent more bytes (not a close): do not spin on them
                time.sleep(min(left, 0.05))
        return False


class FaultServer(ThreadingHTTPServer):
    """The fault server on 127.0.0.1 with a free port; serve with start(), stop with close()."""

    daemon_threads = True

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.stopping = threading.Event()
        self._changed = threading.Condition()
        self._exchanges: list[Exchange] = []
        self._answers: list[tuple[tuple[str, ...], float]] = []
        self._titles: list[str] = []
        self.pictures: dict[str, bytes] = {}  # served under fault_images.FILES

    def queue_answer(self, text: str, token_chars: int = 6, interval: float = 0.0) -> None:
        """The next "scripted" request streams `text` in tokens of `token_chars` characters, `interval` s apart."""
        tokens = tuple(text[i : i + token_chars] for i in range(0, len(text), token_chars))
        with self._changed:
            self._answers.append((tokens, interval))

    def queue_title(self, text: str) -> None:
        """The next request for an automatic title answers `text` (unqueued: an empty answer, the first words stay)."""
        with self._changed:
            self._titles.append(text)

    def next_title(self) -> str:
        with self._changed:
            return self._titles.pop(0) if self._titles else ""

    def next_answer(self) -> tuple[tuple[str, ...], float]:
        with self._changed:
            return self._answers.pop(0) if self._answers else (("Nothing was queued for this request.",), 0.0)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client leaving abruptly is expected here
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        """Base URL: the OpenAI-compatible API is under {url}/v1, Ollama's under {url}/api."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def refusing_url(self) -> str:
        """Base URL of the same server refusing every origin, like Ollama without OLLAMA_ORIGINS."""
        return self.url + REFUSING_PREFIX

    def start(self) -> FaultServer:
        threading.Thread(target=self.serve_forever, name="fault-server", daemon=True).start()
        return self

    def close(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()

    # -- the record

    def record(self, exchange: Exchange) -> None:
        with self._changed:
            self._exchanges.append(exchange)
            self._changed.notify_all()

    def notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def disconnected(self, exchange: Exchange) -> None:
        exchange.disconnected = time.monotonic()
        self.notify()

    def requests(self, method: str | None = None, path: str | None = None) -> list[Exchange]:
        """Recorded requests, oldest first, optionally only those with this method and/or path."""
        with self._changed:
            return [
                ex
                for ex in self._exchanges
                if (method is None or ex.method == method) and (path is None or ex.path.split("?")[0] == path)
            ]

    def chats(self, case: str | None = None) -> list[Exchange]:
        """Recorded chat requests that named a known case (optionally this one)."""
        with self._changed:
            return [ex for ex in self._exchanges if ex.case is not None and case in (None, ex.case)]

    def wait_for(self, predicate: Callable[[], Exchange | None], timeout: float, what: str) -> Exchange:
        with self._changed:
            found = self._changed.wait_for(predicate, timeout)
        if found is None:
            raise AssertionError(f"fault server: no {what} within {timeout} s; saw {self.summary()}")
        return found

    def wait_for_chat(self, case: str, timeout: float = 10.0) -> Exchange:
        """The first chat request for this case, waiting for it to arrive."""
        return self.wait_for(lambda: next(iter(self.chats_unlocked(case)), None), timeout, f"request for {case!r}")

    def wait_for_disconnect(self, case: str, timeout: float = 10.0) -> Exchange:
        """The first chat request for this case whose client went away mid-answer, waiting for it."""

        def gone() -> Exchange | None:
            return next((ex for ex in self.chats_unlocked(case) if ex.disconnected is not None), None)

        return self.wait_for(gone, timeout, f"client disconnect from {case!r}")

    def chats_unlocked(self, case: str) -> list[Exchange]:
        return [ex for ex in self._exchanges if ex.case == case]

    def summary(self) -> list[str]:
        return [f"{ex.method} {ex.path} {ex.case or ''}".strip() for ex in self._exchanges]

    def state(self) -> dict[str, Any]:
        """The record as JSON-ready data (what GET /__state answers)."""
        with self._changed:
            return {"requests": [asdict(ex) for ex in self._exchanges]}

    def reset(self) -> None:
        """Forget every recorded request (answers still running keep running)."""
        with self._changed:
            self._exchanges.clear()

    def forget_queued(self) -> None:
        """Drop the answers and titles queued and never asked for."""
        with self._changed:
            self._answers.clear()
            self._titles.clear()


@pytest.fixture(scope="session")
def fault_server() -> Iterator[FaultServer]:
    """The fault-injecting backend for the session; call .reset() to start a test with an empty record."""
    server = FaultServer().start()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def no_answer_left_queued(request: pytest.FixtureRequest) -> None:
    """Each test that uses the fault server starts with nothing queued: a test that stopped half-way would
    otherwise leave its answers to the next tests, and each of them would fail on the one before's."""
    if "fault_server" in request.fixturenames:
        request.getfixturevalue("fault_server").forget_queued()


if __name__ == "__main__":  # try the cases by hand: python tests/e2e/fault_server.py [PORT]
    by_hand = FaultServer(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(f"fault server on {by_hand.url}: cases {', '.join(CASES)}", flush=True)
    by_hand.serve_forever()
