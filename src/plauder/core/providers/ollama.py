"""Ollama's native API: POST /api/chat streams NDJSON, GET /api/tags lists the models.

Base URL rule: the server root without trailing slashes; a pasted `/api` or `/v1` is dropped.
"""

from __future__ import annotations

from typing import Any

from plauder.core.providers.building import bearer, messages_with_system, plain, post_json, present, server_root
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
from plauder.core.streams.ndjson import NDJSONDecoder


def api_root(base_url: str) -> str:
    return server_root(base_url, "/api", "/v1")


def message(chat_message: ChatMessage) -> dict[str, Any]:
    """Pictures go beside the text, in the message's `images`, as bare base64."""
    images = {"images": [image.data for image in chat_message.images]} if chat_message.images else {}
    return {**plain(chat_message), **images}


def build_chat_request(backend: BackendConfig, chat: ChatRequest) -> HttpRequest:
    options = present(temperature=chat.temperature, num_predict=chat.max_tokens)
    body = {
        "model": chat.model,
        "messages": messages_with_system(chat, message),
        "stream": True,
        **present(options=options or None),
    }
    return post_json(f"{api_root(backend.base_url)}/api/chat", bearer(backend.api_key), body)


def build_models_request(backend: BackendConfig) -> HttpRequest:
    return HttpRequest("GET", f"{api_root(backend.base_url)}/api/tags", bearer(backend.api_key))


def parse_models(payload: object) -> list[str] | None:
    """Model names from {"models": [{"name": ...}]}."""
    return names(payload, "models", "name")


class OllamaStreamParser(BaseStreamParser[object]):
    """Lines of {"message": {"content": ...}, "done": false}, ended by a line with `done: true`, the
    stop reason and token counts. A stream can end with HTTP 200 and no such line: then it was cut short.
    Thinking comes in the message's `thinking` (with `think` on), or as `<think>` in its content."""

    def __init__(self) -> None:
        super().__init__(NDJSONDecoder(), think_tags=True)

    def _handle(self, item: object) -> list[Event]:
        line = json_object(item)
        if isinstance(line, StreamError):
            return [line]
        events: list[Event] = []
        message = mapping(line.get("message"))
        if thinking := text(message.get("thinking")):
            events.append(ReasoningDelta(thinking))
        if content := text(message.get("content")):
            events.append(TextDelta(content))
        if line.get("done") is True:
            self._over = True
            events += usage_events(count(line.get("prompt_eval_count")), count(line.get("eval_count")))
            events.append(Finished(text(line.get("done_reason")) or "stop"))
        return events


PROVIDER = Provider(
    kind=BackendKind("ollama"),
    labels={"en": "Ollama", "de": "Ollama"},
    default_url="http://localhost:11434",
    build_chat_request=build_chat_request,
    build_models_request=build_models_request,
    parse_models=parse_models,
    stream_parser=OllamaStreamParser,
)
