"""What the request builders share: base-URL clean-up, auth header, JSON bodies, optional parameters."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from plauder.core.providers.types import ChatMessage, ChatRequest, HttpRequest


def trimmed(base_url: str) -> str:
    """Without surrounding blanks and trailing slashes: ` http://h:8080/ ` -> `http://h:8080`."""
    return base_url.strip().rstrip("/")


def server_root(base_url: str, *mounts: str) -> str:
    """The server's root, for APIs whose paths start there: a trailing mount point that the user
    pasted along with the host (`/v1`, `/api`) is dropped."""
    url = trimmed(base_url)
    path = urlsplit(url).path
    return next((url.removesuffix(mount) for mount in mounts if path.endswith(mount)), url)


def bearer(api_key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {api_key}"} if api_key else {}


def present(**values: object) -> dict[str, Any]:
    """The parameters that are set: None means "the server's default" and is left out."""
    return {name: value for name, value in values.items() if value is not None}


# How a provider writes one message; each writes a message without pictures as role and content.
Shape = Callable[[ChatMessage], dict[str, Any]]


def plain(message: ChatMessage) -> dict[str, Any]:
    return {"role": str(message.role), "content": message.content}


def messages(chat: ChatRequest, shape: Shape = plain) -> list[dict[str, Any]]:
    """The conversation as role/content objects."""
    return [shape(m) for m in chat.messages]


def messages_with_system(chat: ChatRequest, shape: Shape = plain) -> list[dict[str, Any]]:
    """The conversation with the system prompt (if any) as its first message."""
    system = [{"role": "system", "content": chat.system_prompt}] if chat.system_prompt else []
    return system + messages(chat, shape)


def post_json(url: str, headers: dict[str, str], body: dict[str, Any]) -> HttpRequest:
    headers = {"content-type": "application/json", **headers}
    return HttpRequest("POST", url, headers, json.dumps(body, ensure_ascii=False))
