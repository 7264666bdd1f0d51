"""Which backends get redacted requests (those the header marks external, and only those), and with which names."""

from __future__ import annotations

import pytest

from plauder.core.admin import AdminPreset, PresetBackend
from plauder.core.privacy.policy import Guard, guard
from plauder.core.records import Backend, BackendKind, Settings

OPENAI = BackendKind("openai")


def backend(url: str, backend_id: str = "b1") -> Backend:
    return Backend(backend_id, "B", OPENAI, url)


@pytest.mark.parametrize(
    "url", ["https://api.openai.com/v1", "https://api.example.com", "http://93.184.216.34:8080/v1"]
)
def test_external_backends_are_redacted(url: str) -> None:
    assert guard(backend(url), Settings(), AdminPreset()) == Guard()


@pytest.mark.parametrize(
    "url",
    ["http://localhost:11434", "http://127.0.0.1:8080/v1", "http://10.0.0.7/v1", "http://gpu01.corp/v1", "http://llm"],
)
def test_internal_backends_are_not(url: str) -> None:
    assert guard(backend(url), Settings(), AdminPreset()) is None


def test_a_backend_the_admin_set_up_counts_as_internal() -> None:
    """An admin's backend is in-house by the admin's word (core/destination.py), wherever it is."""
    preset = AdminPreset(backends=(PresetBackend("admin-eu", "EU", OPENAI, "https://llm.example.eu/v1"),))
    assert guard(backend("https://llm.example.eu/v1", "admin-eu"), Settings(), preset) is None
    assert guard(backend("https://llm.example.eu/v1", "mine"), Settings(), preset) is not None


def test_the_admin_s_names_and_the_user_s_are_both_found() -> None:
    preset = AdminPreset(privacy_names=("ACME Corp",))
    settings = Settings(privacy_names=("Anna Schmidt",))
    rule = guard(backend("https://api.example.com"), settings, preset)
    assert rule == Guard(names=("ACME Corp", "Anna Schmidt"))
