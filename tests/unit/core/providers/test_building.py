"""The shared request pieces: base-URL clean-up, auth header, optional parameters, messages."""

from __future__ import annotations

from plauder.core.providers.building import bearer, messages_with_system, present, server_root, trimmed
from plauder.core.providers.types import ChatMessage, ChatRequest
from plauder.core.records import Role


def test_trimmed() -> None:
    """Blanks around and slashes at the end go; nothing else changes."""
    assert trimmed("  http://h:1/a//  ") == "http://h:1/a"
    assert trimmed("http://h:1") == "http://h:1"


def test_server_root_drops_only_a_whole_trailing_mount() -> None:
    """A trailing /v1 path segment is dropped; a host or segment merely ending in "v1" is not."""
    assert server_root("http://h/v1/", "/v1") == "http://h"
    assert server_root("https://v1", "/v1") == "https://v1"
    assert server_root("http://h/apiv1", "/v1") == "http://h/apiv1"
    assert server_root("http://h/api", "/api", "/v1") == "http://h"


def test_bearer_only_with_a_key() -> None:
    """A key gives an Authorization header; no key, no header."""
    assert bearer("k") == {"authorization": "Bearer k"}
    assert bearer("") == {}


def test_present_leaves_out_none_only() -> None:
    """None is left out; zero and empty values are real choices and stay."""
    assert present(a=None, b=0, c=0.0, d="") == {"b": 0, "c": 0.0, "d": ""}


def test_messages_with_system_first() -> None:
    """The system prompt leads when set and is absent when empty."""
    chat = ChatRequest("m", (ChatMessage(Role.USER, "q"),), system_prompt="s")
    assert messages_with_system(chat) == [{"role": "system", "content": "s"}, {"role": "user", "content": "q"}]
    assert messages_with_system(ChatRequest("m", (ChatMessage(Role.USER, "q"),))) == [{"role": "user", "content": "q"}]
