"""Which backends take messages outside the user's own networks."""

from __future__ import annotations

import pytest

from plauder.core.admin import AdminPreset, PresetBackend
from plauder.core.destination import Destination, destination, is_private_host
from plauder.core.records import Backend, BackendKind


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.20",
        "[::1]",
        "fd12::1",
        "fe80::1",
        "llm",
        "gpu01.corp",
        "ollama.local",
        "gateway.internal",
        "box.home.arpa",
        "LLM.Intranet.",
    ],
)
def test_in_house_hosts(host: str) -> None:
    assert is_private_host(host)


@pytest.mark.parametrize("host", ["api.openai.com", "8.8.8.8", "172.32.0.1", "2001:4860::8888", "internal.example.com"])
def test_external_hosts(host: str) -> None:
    assert not is_private_host(host)


def test_destination_names_the_host_and_trusts_the_admin() -> None:
    """The header shows host and port; an admin's backend is never marked external, a user's public one is."""
    own = Backend("b", "OpenAI", BackendKind("openai"), "https://user:pw@api.openai.com:443/v1")
    assert destination(own, AdminPreset()) == Destination("api.openai.com:443", external=True)
    managed = Backend("admin-oai", "OpenAI", BackendKind("openai"), "https://api.openai.com/v1")
    preset = AdminPreset(
        backends=(PresetBackend("admin-oai", "OpenAI", BackendKind("openai"), "https://api.openai.com/v1"),)
    )
    assert not destination(managed, preset).external
    assert not destination(
        Backend("l", "llama", BackendKind("openai"), "http://127.0.0.1:8080"), AdminPreset()
    ).external
