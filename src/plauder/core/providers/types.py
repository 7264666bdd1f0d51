"""The shapes every provider shares: the backend, what to send, the HTTP request, what comes back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from plauder.core.http_errors import ErrorKind
from plauder.core.records import BackendKind, Role, Usage


@dataclass(frozen=True)
class BackendConfig:
    """Where requests go. The key travels only in headers, never in a URL; "" sends no credentials."""

    kind: BackendKind
    base_url: str
    api_key: str = ""


@dataclass(frozen=True)
class ImageData:
    """A picture as a request carries it: its media type and its bytes in base64 (read by the shell)."""

    media_type: str
    data: str


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str
    images: tuple[ImageData, ...] = ()  # a question's pictures, each provider sends them its own way


@dataclass(frozen=True)
class ChatRequest:
    """One request for an answer. Parameters left as None stay out of the body: the server's defaults apply."""

    model: str
    messages: tuple[ChatMessage, ...]
    system_prompt: str = ""
    temperature: float | None = None
    max_tokens: int | None = None
    thinking_budget: int | None = None  # tokens the model may think first, where the provider asks (Anthropic)


@dataclass(frozen=True)
class HttpRequest:
    """A request described, not sent: the one executor in the web layer sends it with fetch."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: str | None = None


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class ReasoningDelta:
    """Thinking the model sends apart from its answer: shown apart, stored apart, never sent back."""

    text: str


@dataclass(frozen=True)
class TextWasReasoning:
    """The text so far was thinking, not answer: a server left out the opening `<think>` and only
    its `</think>` showed where the thinking ended (see `think.ThinkSplitter`)."""


@dataclass(frozen=True)
class Finished:
    """The server ended the answer: "stop", "length" (the token limit), or the server's own reason."""

    reason: str


@dataclass(frozen=True)
class StreamError:
    """The stream failed: the server reported an error in it (STREAM_ERROR), sent something unreadable
    (MALFORMED) or ended before its end marker (TRUNCATED). The text that came before it stands."""

    kind: ErrorKind
    message: str = ""


# Usage is the stored record itself: the stream reports what the message keeps.
Event = TextDelta | ReasoningDelta | TextWasReasoning | Usage | Finished | StreamError


class StreamParser(Protocol):
    """A backend's stream turned into events; one per request."""

    @property
    def ended(self) -> bool:
        """True after the end marker or an error: later bytes would be ignored, so stop reading."""
        ...

    def feed(self, chunk: bytes) -> list[Event]: ...

    def finish(self) -> list[Event]:
        """Call when the body ends; reports TRUNCATED if the server never said the answer was complete."""
        ...


def no_contexts(_payload: object) -> dict[str, int]:
    """For a kind whose model list says nothing about context sizes."""
    return {}


@dataclass(frozen=True)
class Provider:
    """All a backend kind needs: how the settings offer it, request builders and parsers, no I/O (big-AGI's shape)."""

    kind: BackendKind  # stored in every backend of this kind: never rename it
    labels: Mapping[str, str]  # the kind's name in each UI language, e.g. {"en": "Ollama", "de": "Ollama"}
    default_url: str  # where a new backend of this kind points until the user changes it
    build_chat_request: Callable[[BackendConfig, ChatRequest], HttpRequest]
    build_models_request: Callable[[BackendConfig], HttpRequest]
    parse_models: Callable[[object], list[str] | None]
    stream_parser: Callable[[], StreamParser]
    # Each model's context size in tokens, where the model list tells it (llama.cpp, vLLM, OpenRouter do).
    parse_contexts: Callable[[object], dict[str, int]] = no_contexts
