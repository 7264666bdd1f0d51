"""OpenAI's Chat Completions API and every server that copies it: llama.cpp, vLLM, LM Studio,
LiteLLM, Ollama's /v1, company gateways.

Base URL rule: the API root is the base URL without trailing slashes; a bare host
(`http://host:8080`) gets `/v1` appended, any other path is used as it is
(`https://api.openai.com/v1`, `https://gateway/api/v1`, `.../v1beta/openai`). Requests go to
`<root>/chat/completions` and `<root>/models`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from plauder.core.providers.building import bearer, messages_with_system, plain, post_json, present, trimmed
from plauder.core.providers.parser import BaseStreamParser, json_object, usage_events
from plauder.core.providers.reading import count, items, mapping, names, text
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

END_MARKER = "[DONE]"


def api_root(base_url: str) -> str:
    url = trimmed(base_url)
    return url if urlsplit(url).path else f"{url}/v1"


def message(chat_message: ChatMessage) -> dict[str, Any]:
    """A message with pictures has a list of parts as its content: its text, then each picture as a data URL."""
    if not chat_message.images:
        return plain(chat_message)
    text = [{"type": "text", "text": chat_message.content}] if chat_message.content else []
    pictures = [
        {"type": "image_url", "image_url": {"url": f"data:{image.media_type};base64,{image.data}"}}
        for image in chat_message.images
    ]
    return {"role": str(chat_message.role), "content": text + pictures}


def build_chat_request(backend: BackendConfig, chat: ChatRequest) -> HttpRequest:
    body = {
        "model": chat.model,
        "messages": messages_with_system(chat, message),
        "stream": True,
        "stream_options": {"include_usage": True},  # token counts in a last chunk with empty `choices`
        **present(temperature=chat.temperature, max_tokens=chat.max_tokens),
    }
    return post_json(f"{api_root(backend.base_url)}/chat/completions", bearer(backend.api_key), body)


def build_models_request(backend: BackendConfig) -> HttpRequest:
    return HttpRequest("GET", f"{api_root(backend.base_url)}/models", bearer(backend.api_key))


def parse_models(payload: object) -> list[str] | None:
    """Model ids from {"data": [{"id": ...}]}."""
    return names(payload, "data", "id")


def parse_contexts(payload: object) -> dict[str, int]:
    """The context size per model id that servers add to the list: llama.cpp in `meta.n_ctx` (what the server
    was started with), vLLM in `max_model_len`, OpenRouter in `context_length`. OpenAI itself says nothing."""
    contexts = {}
    for entry in map(mapping, items(mapping(payload).get("data"))):
        sizes = (mapping(entry.get("meta")).get("n_ctx"), entry.get("max_model_len"), entry.get("context_length"))
        size = next((size for size in map(count, sizes) if size), None)
        if (model := text(entry.get("id"))) and size:
            contexts[model] = size
    return contexts


class OpenAIStreamParser(BaseStreamParser[ServerSentEvent]):
    """`data: {chunk}` events ended by `data: [DONE]`.

    Chunks vary by server: llama.cpp's first carries only the role (content null) and its last an
    empty delta (plus `timings`); Ollama repeats the role in every chunk; the usage chunk has empty
    `choices`; a proxy may send `data: {"error": ...}` and close without [DONE]. Thinking comes in
    `reasoning_content` (DeepSeek, llama.cpp, older vLLM) or `reasoning` (newer vLLM, OpenRouter), or
    as `<think>` in the content.
    """

    def __init__(self) -> None:
        super().__init__(SSEDecoder(), think_tags=True)

    def _handle(self, item: ServerSentEvent) -> list[Event]:
        if item.data == END_MARKER:
            self._over = True
            return []
        chunk = json_object(parse_json(item.data))
        if isinstance(chunk, StreamError):
            return [chunk]
        events: list[Event] = []
        for choice in map(mapping, items(chunk.get("choices"))):  # one choice: we never ask for n > 1
            delta = mapping(choice.get("delta"))
            if thinking := text(delta.get("reasoning_content")) or text(delta.get("reasoning")):
                events.append(ReasoningDelta(thinking))
            if content := text(delta.get("content")):
                events.append(TextDelta(content))
            if reason := text(choice.get("finish_reason")):
                events.append(Finished(reason))
        if usage := mapping(chunk.get("usage")):
            events += usage_events(count(usage.get("prompt_tokens")), count(usage.get("completion_tokens")))
        return events


PROVIDER = Provider(
    kind=BackendKind("openai"),
    labels={"en": "OpenAI-compatible", "de": "OpenAI-kompatibel"},
    default_url="https://api.openai.com/v1",
    build_chat_request=build_chat_request,
    build_models_request=build_models_request,
    parse_models=parse_models,
    stream_parser=OpenAIStreamParser,
    parse_contexts=parse_contexts,
)
