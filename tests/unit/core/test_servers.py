"""The servers a newcomer picks by name: each becomes a backend of the kind it speaks, at its usual URL."""

from __future__ import annotations

from plauder.core.backend_form import usable_url
from plauder.core.providers import PROVIDERS
from plauder.core.servers import KNOWN_SERVERS, OTHER, backend_for, known_server


def test_every_server_speaks_a_known_kind_at_a_usable_url_and_ids_are_unique() -> None:
    assert len({server.id for server in KNOWN_SERVERS}) == len(KNOWN_SERVERS)
    for server in KNOWN_SERVERS:
        assert server.kind in PROVIDERS and usable_url(server.url), server


def test_the_servers_the_first_run_promises_are_there() -> None:
    names = {server.name for server in KNOWN_SERVERS}
    assert {"OpenAI", "Anthropic", "Ollama", "llama.cpp", "LM Studio", "vLLM", "LiteLLM"} <= names


def test_a_backend_for_a_server_is_named_after_it_and_points_at_its_usual_url() -> None:
    backend = backend_for(known_server("lmstudio"), "b1")  # type: ignore[arg-type]
    assert (backend.id, backend.name, backend.kind, backend.base_url) == (
        "b1",
        "LM Studio",
        "openai",
        "http://localhost:1234/v1",
    )
    assert backend.api_key == ""


def test_any_other_server_is_named_after_its_kind() -> None:
    backend = backend_for(known_server(OTHER), "b2")  # type: ignore[arg-type]
    assert backend.name == PROVIDERS[backend.kind].labels["en"]


def test_an_unknown_server_is_none() -> None:
    assert known_server("gopher") is None
