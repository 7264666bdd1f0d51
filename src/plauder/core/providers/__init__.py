"""LLM backends as pure descriptions: each kind builds its HTTP requests and parses its stream; the
web layer's one executor sends them all. A new kind is one module here plus its line in PROVIDERS."""

from __future__ import annotations

from collections.abc import Mapping

from plauder.core.http_errors import ErrorKind, problem
from plauder.core.providers import anthropic, ollama, openai
from plauder.core.providers.types import (
    BackendConfig,
    ChatMessage,
    ChatRequest,
    Event,
    Finished,
    HttpRequest,
    Provider,
    ReasoningDelta,
    StreamError,
    StreamParser,
    TextDelta,
    TextWasReasoning,
)
from plauder.core.records import BackendKind, ErrorInfo, Usage
from plauder.core.streams.ndjson import Malformed, parse_json

PROVIDERS: Mapping[BackendKind, Provider] = {p.kind: p for p in (openai.PROVIDER, ollama.PROVIDER, anthropic.PROVIDER)}


def provider_for(kind: BackendKind) -> Provider:
    return PROVIDERS[kind]


def models_from(kind: BackendKind, body: str, api_key: str = "") -> list[str] | ErrorInfo:
    """The model names in a model-list answer, or why it could not be read."""
    payload = parse_json(body)
    found = None if isinstance(payload, Malformed) else provider_for(kind).parse_models(payload)
    return found if found is not None else problem(ErrorKind.MALFORMED, body, api_key=api_key)


def contexts_from(kind: BackendKind, body: str) -> dict[str, int]:
    """The context size per model in a model-list answer, where the server tells it ({} where not)."""
    payload = parse_json(body)
    return {} if isinstance(payload, Malformed) else provider_for(kind).parse_contexts(payload)


__all__ = [
    "PROVIDERS",
    "BackendConfig",
    "ChatMessage",
    "ChatRequest",
    "Event",
    "Finished",
    "HttpRequest",
    "Provider",
    "ReasoningDelta",
    "StreamError",
    "StreamParser",
    "TextDelta",
    "TextWasReasoning",
    "Usage",
    "contexts_from",
    "models_from",
    "provider_for",
]
