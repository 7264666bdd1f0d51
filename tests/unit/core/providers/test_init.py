"""The provider registry and the package's public names."""

from __future__ import annotations

from plauder.core import providers
from plauder.core.providers import anthropic, models_from, ollama, openai, provider_for
from plauder.core.records import BackendKind, ErrorInfo


def test_every_backend_kind_has_its_provider() -> None:
    """Each kind the settings offer maps to the module of that kind."""
    assert {kind: provider_for(kind) for kind in BackendKind} == {
        BackendKind.OPENAI: openai.PROVIDER,
        BackendKind.OLLAMA: ollama.PROVIDER,
        BackendKind.ANTHROPIC: anthropic.PROVIDER,
    }


def test_each_request_gets_a_fresh_parser() -> None:
    """stream_parser() makes a new parser each time: a finished stream's state cannot leak into the next."""
    for kind in BackendKind:
        provider = provider_for(kind)
        assert provider.stream_parser() is not provider.stream_parser()


def test_public_names_are_pinned() -> None:
    """Exactly these names are public, and each one exists."""
    assert sorted(providers.__all__) == [
        "BackendConfig",
        "ChatMessage",
        "ChatRequest",
        "Event",
        "Finished",
        "HttpRequest",
        "PROVIDERS",
        "Provider",
        "StreamError",
        "StreamParser",
        "TextDelta",
        "Usage",
        "models_from",
        "provider_for",
    ]
    assert all(hasattr(providers, name) for name in providers.__all__)


def test_model_list_is_read_per_kind() -> None:
    """/v1/models and /api/tags answers give their names; anything else says it could not be read."""
    assert models_from(BackendKind.OPENAI, '{"data": [{"id": "a"}, {"id": "b"}]}') == ["a", "b"]
    assert models_from(BackendKind.OLLAMA, '{"models": [{"name": "llama3:8b"}]}') == ["llama3:8b"]
    unreadable = models_from(BackendKind.OPENAI, "<html>sk-secret</html>", api_key="sk-secret")
    assert isinstance(unreadable, ErrorInfo) and unreadable.kind == "malformed"
    assert "sk-secret" not in unreadable.server_message
