"""Anthropic's Messages API: POST /v1/messages streams typed SSE events, GET /v1/models lists the models.

Base URL rule: the server root without trailing slashes; a pasted `/v1` is dropped.
Anthropic requires `max_tokens`, so a request without one asks for DEFAULT_MAX_TOKENS.
Extended thinking (a conversation's thinking budget) follows the API's rules: a budget of at least
THINKING_BUDGET_MIN tokens, below `max_tokens` (raised to leave DEFAULT_MAX_TOKENS for the answer when
it would not), and no temperature, which thinking does not allow.
"""

from __future__ import annotations

from typing import Any

from plauder.core.providers.building import messages, plain, post_json, present, server_root
from plauder.core.providers.parser import BaseStreamParser, json_object, usage_events
from plauder.core.providers.reading import count, mapping, names, text
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
    TextDelta,
)
from plauder.core.records import BackendKind
from plauder.core.streams.ndjson import parse_json
from plauder.core.streams.sse import ServerSentEvent, SSEDecoder

API_VERSION = "2023-06-01"
DEFAULT_MAX_TOKENS = 4096
THINKING_BUDGET_MIN = 1024
MODELS_PAGE = 1000  # the API's largest page: one request lists them all
STOP_REASONS = {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length"}


def api_root(base_url: str) -> str:
    return server_root(base_url, "/v1")


def headers(api_key: str) -> dict[str, str]:
    """Anthropic refuses calls from a browser page unless it is told that this is intended."""
    key = {"x-api-key": api_key} if api_key else {}
    return {**key, "anthropic-version": API_VERSION, "anthropic-dangerous-direct-browser-access": "true"}


def message(chat_message: ChatMessage) -> dict[str, Any]:
    """A message with pictures has a list of blocks as its content: the pictures first (where Anthropic
    advises them), then the text; an empty text block would be refused, so none is sent."""
    if not chat_message.images:
        return plain(chat_message)
    pictures = [
        {"type": "image", "source": {"type": "base64", "media_type": image.media_type, "data": image.data}}
        for image in chat_message.images
    ]
    text = [{"type": "text", "text": chat_message.content}] if chat_message.content else []
    return {"role": str(chat_message.role), "content": pictures + text}


def build_chat_request(backend: BackendConfig, chat: ChatRequest) -> HttpRequest:
    max_tokens = DEFAULT_MAX_TOKENS if chat.max_tokens is None else chat.max_tokens
    temperature, thinking = chat.temperature, None
    if chat.thinking_budget is not None:
        budget = max(chat.thinking_budget, THINKING_BUDGET_MIN)
        max_tokens = max_tokens if max_tokens > budget else budget + DEFAULT_MAX_TOKENS
        temperature, thinking = None, {"type": "enabled", "budget_tokens": budget}
    body = {
        "model": chat.model,
        "max_tokens": max_tokens,
        "messages": messages(chat, message),  # the system prompt goes apart
        "stream": True,
        **present(system=chat.system_prompt or None, temperature=temperature, thinking=thinking),
    }
    return post_json(f"{api_root(backend.base_url)}/v1/messages", headers(backend.api_key), body)


def build_models_request(backend: BackendConfig) -> HttpRequest:
    return HttpRequest("GET", f"{api_root(backend.base_url)}/v1/models?limit={MODELS_PAGE}", headers(backend.api_key))


def parse_models(payload: object) -> list[str] | None:
    """Model ids from {"data": [{"id": ...}], "has_more": ...}."""
    return names(payload, "data", "id")


class AnthropicStreamParser(BaseStreamParser[ServerSentEvent]):
    """message_start (input tokens), content_block_delta (text, or thinking in a thinking block),
    message_delta (stop reason, output tokens), message_stop (the end marker); ping, block start/stop
    and the thinking's `signature_delta` carry nothing we show (thinking is never sent back, so its
    signature is not kept); error fails."""

    def __init__(self) -> None:
        super().__init__(SSEDecoder())
        self._input_tokens: int | None = None

    def _handle(self, item: ServerSentEvent) -> list[Event]:
        message = json_object(parse_json(item.data))
        if isinstance(message, StreamError):
            return [message]
        match message.get("type"):
            case "message_start":
                usage = mapping(mapping(message.get("message")).get("usage"))
                self._input_tokens = count(usage.get("input_tokens"))
            case "content_block_delta":
                # text_delta has `text`, thinking_delta `thinking`; tool input, citations deltas have other fields.
                delta = mapping(message.get("delta"))
                if content := text(delta.get("text")):
                    return [TextDelta(content)]
                if thinking := text(delta.get("thinking")):
                    return [ReasoningDelta(thinking)]
            case "message_delta":
                return self._message_delta(message)
            case "message_stop":
                self._over = True
        return []

    def _message_delta(self, message: dict[str, object]) -> list[Event]:
        usage = mapping(message.get("usage"))
        prompt_tokens = count(usage.get("input_tokens"))
        events = usage_events(
            self._input_tokens if prompt_tokens is None else prompt_tokens, count(usage.get("output_tokens"))
        )
        if reason := text(mapping(message.get("delta")).get("stop_reason")):
            events.append(Finished(STOP_REASONS.get(reason, reason)))
        return events


PROVIDER = Provider(
    kind=BackendKind("anthropic"),
    labels={"en": "Anthropic", "de": "Anthropic"},
    default_url="https://api.anthropic.com",
    build_chat_request=build_chat_request,
    build_models_request=build_models_request,
    parse_models=parse_models,
    stream_parser=AnthropicStreamParser,
)
