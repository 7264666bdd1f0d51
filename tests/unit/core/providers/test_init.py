"""The provider registry and the package's public names."""

from __future__ import annotations

from urllib.parse import urlsplit

from plauder.core import i18n, providers
from plauder.core.providers import PROVIDERS, anthropic, models_from, ollama, openai, provider_for
from plauder.core.records import BackendKind, ErrorInfo


def test_every_backend_kind_has_its_provider() -> None:
    """Each kind maps to the module of that kind, under the name its stored backends carry."""
    assert {kind: provider_for(kind) for kind in PROVIDERS} == {
        BackendKind("openai"): openai.PROVIDER,
        BackendKind("ollama"): ollama.PROVIDER,
        BackendKind("anthropic"): anthropic.PROVIDER,
    }


def test_every_kind_says_how_the_settings_offer_it() -> None:
    """A name in every UI language, and an http(s) URL a new backend starts with."""
    for provider in PROVIDERS.values():
        assert set(provider.labels) == set(i18n.languages()) and all(provider.labels.values())
        assert urlsplit(provider.default_url).scheme in {"http", "https"}


def test_each_request_gets_a_fresh_parser() -> None:
    """stream_parser() makes a new parser each time: a finished stream's state cannot leak into the next."""
    for provider in PROVIDERS.values():
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
    assert all(hasattr(providers, name) for name in providers.__all__)


def test_model_list_is_read_per_kind() -> None:
    """/v1/models and /api/tags answers give their names; anything else says it could not be read."""
    assert models_from(BackendKind("openai"), '{"data": [{"id": "a"}, {"id": "b"}]}') == ["a", "b"]
    assert models_from(BackendKind("ollama"), '{"models": [{"name": "llama3:8b"}]}') == ["llama3:8b"]
    unreadable = models_from(BackendKind("openai"), "<html>sk-secret</html>", api_key="sk-secret")
    assert isinstance(unreadable, ErrorInfo) and unreadable.kind == "malformed"
    assert "sk-secret" not in unreadable.server_message
