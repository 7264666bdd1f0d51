"""Why a request to a backend failed, as message keys and parameters that the UI translates.

Pure: the caller passes in what it saw (a status, headers and body; or that fetch itself was
rejected) and, where a date matters, the clock. The server's own words are kept, shortened, and
never contain the API key, even when a server echoes it back, changed or not (see `masking`).
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from plauder.core.masking import Secrets
from plauder.core.records import BackendKind, ErrorInfo
from plauder.core.streams.ndjson import parse_json

MESSAGE_CHARS = 300
# Ollama's server allows only local origins (OLLAMA_ORIGINS widens that): said for its own kind, and for
# any backend on its default port (an OpenAI-kind backend there is Ollama's /v1). The kind's name is the
# one core/providers/ollama.py stores; this module sits below the providers and cannot import it.
OLLAMA_KIND = "ollama"
OLLAMA_PORT = ":11434"

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_SECONDS = re.compile(r"\d+(?:\.\d+)?", re.ASCII)
# "Please try again in 20s." (OpenAI), "Please retry after 20 seconds." (Azure); minutes are not read.
_WAIT_IN_TEXT = re.compile(
    r"(?:try again|retry)(?: in| after)? (\d+(?:\.\d+)?) ?(?:s|secs?|seconds?)\b", re.IGNORECASE | re.ASCII
)

# A refusal for length, as llama.cpp ("type": "exceed_context_size_error", "request (4476 tokens) exceeds the available
# context size (4096 tokens)"), OpenAI and vLLM ("code": "context_length_exceeded", "This model's maximum context
# length is 8192 tokens") and Anthropic ("prompt is too long: 210000 tokens > 200000 maximum") word it; and the size
# each names, which lets the user leave out what does not fit (core/context.py).
_TOO_LONG = re.compile(
    r"exceed_context_size|context_length_exceeded|maximum context length|exceeds the available context size"
    r"|prompt is too long: \d+ tokens",
    re.IGNORECASE,
)
_CONTEXT_SIZE = (
    re.compile(r'"n_ctx"\s*:\s*(\d+)'),
    re.compile(r"available context size \((\d+) tokens\)", re.IGNORECASE),
    re.compile(r"maximum context length is (\d+) tokens", re.IGNORECASE),
    re.compile(r"prompt is too long: \d+ tokens > (\d+) maximum", re.IGNORECASE),
)


class ErrorKind(StrEnum):
    AUTH = "auth"  # 401, 403
    NOT_FOUND = "not_found"  # 404
    RATE_LIMITED = "rate_limited"  # 429
    SERVER = "server"  # 5xx
    BAD_REQUEST = "bad_request"  # any other status
    NETWORK = "network"  # the connection broke after the answer began
    CORS_OR_NETWORK = "cors_or_network"  # fetch rejected before any answer: the browser hides why
    TIMEOUT = "timeout"
    STREAM_ERROR = "stream_error"  # the server reported an error inside a 200 stream
    TRUNCATED = "truncated"  # the stream ended without its end marker
    MALFORMED = "malformed"  # the server sent something unreadable
    CONTEXT = "context"  # the request is longer than the model's context (a 400 that says so)


def from_response(status: int, headers: Mapping[str, str], body: str, *, api_key: str = "", now: float) -> ErrorInfo:
    """Classify an HTTP error answer; `now` (seconds since the epoch) dates a Retry-After given as a date."""
    kind = _kind_of(status)
    message = server_message(parse_json(body)) or _plain(body)
    params: dict[str, Any] = {"status": status}
    key = f"error.{kind}"
    if kind is ErrorKind.RATE_LIMITED:
        seconds = retry_after(headers, message, now)
        if seconds is None:
            key = "error.rate_limited_later"
        else:
            params["seconds"] = seconds
    if kind is ErrorKind.BAD_REQUEST and _TOO_LONG.search(body):
        kind, key = ErrorKind.CONTEXT, "error.context"
        size = next((int(found.group(1)) for pattern in _CONTEXT_SIZE if (found := pattern.search(body))), None)
        params |= {"size": size} if size else {}
    hints = ("hint.check_key",) if kind is ErrorKind.AUTH else ()
    return ErrorInfo(kind, key, params, hints, _shown(message, api_key))


def from_fetch_failure(backend_kind: BackendKind, url: str, page_origin: str) -> ErrorInfo:
    """fetch() was rejected before any answer ("Failed to fetch"): the server is down, or CORS or
    mixed-content rules refused the page. The browser does not say which, so the hints name the likely causes."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    hints = []
    if page_origin.startswith("https:") and parts.scheme == "http" and not _loopback(parts.hostname or ""):
        hints.append("hint.mixed_content")
    ollama = backend_kind == OLLAMA_KIND or host.endswith(OLLAMA_PORT)
    if ollama and _loopback(urlsplit(page_origin).hostname or ""):
        hints.append("hint.ollama_not_running")  # Ollama always accepts pages on localhost: CORS is not it
    else:
        hints.append("hint.ollama_origins" if ollama else "hint.cors")
    params = {"host": host, "origin": page_origin}
    return ErrorInfo(ErrorKind.CORS_OR_NETWORK, "error.cors_or_network", params, tuple(hints))


def timed_out(seconds: float) -> ErrorInfo:
    """No answer, or no next chunk, within the backend's timeout."""
    return ErrorInfo(ErrorKind.TIMEOUT, "error.timeout", {"seconds": f"{seconds:g}"})


def problem(kind: ErrorKind, message: str = "", *, api_key: str = "") -> ErrorInfo:
    """An error that needs no HTTP details: a stream's error event, an unreadable answer, a broken connection."""
    return ErrorInfo(kind, f"error.{kind}", server_message=_shown(message, api_key))


def server_message(payload: object) -> str:
    """The server's own words in any error shape backends use, or "" if there are none.

    {"error": {"message": ...}} (OpenAI, llama.cpp, Ollama /v1, LiteLLM, and Anthropic inside its
    {"type": "error", ...}), {"error": "..."} (Ollama), {"message": ...} (vLLM), {"detail": "..."} (FastAPI).
    """
    if not isinstance(payload, dict):
        return ""
    error = payload.get("error")
    own = error.get("message") if isinstance(error, dict) else error
    candidates = (own, payload.get("message"), payload.get("detail"))
    return next((text.strip() for text in candidates if isinstance(text, str) and text.strip()), "")


def retry_after(headers: Mapping[str, str], message: str, now: float) -> int | None:
    """Seconds to wait: the Retry-After header (seconds, or an HTTP date, always GMT), else what the message says."""
    value = next((v.strip() for k, v in headers.items() if k.lower() == "retry-after"), "")
    if _SECONDS.fullmatch(value):
        return math.ceil(float(value))
    if value:
        # Imported here: the email package takes ~75 ms to import in Pyodide, on the start's path otherwise,
        # for a header few servers send as a date.
        from email.utils import parsedate_to_datetime

        try:
            date = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0, math.ceil(date.timestamp() - now))
    found = _WAIT_IN_TEXT.search(message)
    return math.ceil(float(found.group(1))) if found else None


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shown(message: str, api_key: str) -> str:
    # Masked before shortening, which could cut a key in two, and after, since the "…" could complete one.
    secrets = Secrets.of([api_key])
    return secrets.hide(shorten(secrets.hide(message), MESSAGE_CHARS))


def _kind_of(status: int) -> ErrorKind:
    if status in (401, 403):
        return ErrorKind.AUTH
    if status == 404:
        return ErrorKind.NOT_FOUND
    if status == 429:
        return ErrorKind.RATE_LIMITED
    return ErrorKind.SERVER if status >= 500 else ErrorKind.BAD_REQUEST


def _plain(body: str) -> str:
    """A non-JSON body as one line of text; an HTML error page (a proxy's) by its title."""
    title = _TITLE.search(body)
    return " ".join((title.group(1) if title else body).split())


def _loopback(hostname: str) -> bool:
    """Browsers let https pages call http://localhost and loopback addresses: no mixed-content block there."""
    if hostname == "localhost" or hostname.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False
