"""The servers people commonly run or pay for, each with the kind of backend it speaks and its usual URL.

A newcomer picks "LM Studio", not "OpenAI-compatible at http://localhost:1234/v1": the first run and the
settings offer these by name, and a pick adds a backend filled in with the server's usual address,
which the user can still change. The URLs are the servers' documented defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from plauder.core.backend_form import new_backend
from plauder.core.records import Backend, BackendKind


@dataclass(frozen=True)
class KnownServer:
    id: str
    name: str  # a product's name, the same in every language; "" for the catch-all (see OTHER)
    kind: BackendKind
    url: str
    needs_key: bool


OTHER = "other"  # any other OpenAI-compatible server: offered as i18n "servers.other", named by its kind

KNOWN_SERVERS: tuple[KnownServer, ...] = (
    KnownServer("openai", "OpenAI", BackendKind("openai"), "https://api.openai.com/v1", True),
    KnownServer("anthropic", "Anthropic", BackendKind("anthropic"), "https://api.anthropic.com", True),
    KnownServer("ollama", "Ollama", BackendKind("ollama"), "http://localhost:11434", False),
    KnownServer("llamacpp", "llama.cpp", BackendKind("openai"), "http://localhost:8080/v1", False),
    KnownServer("lmstudio", "LM Studio", BackendKind("openai"), "http://localhost:1234/v1", False),
    KnownServer("vllm", "vLLM", BackendKind("openai"), "http://localhost:8000/v1", False),
    KnownServer("litellm", "LiteLLM", BackendKind("openai"), "http://localhost:4000/v1", True),
    KnownServer(OTHER, "", BackendKind("openai"), "http://localhost:8080/v1", False),
)


def known_server(server_id: str) -> KnownServer | None:
    return next((server for server in KNOWN_SERVERS if server.id == server_id), None)


def backend_for(server: KnownServer, backend_id: str) -> Backend:
    """A new backend for `server`, named after it (the catch-all after its kind), at the server's usual URL."""
    backend = new_backend(backend_id, server.kind)
    return replace(backend, name=server.name or backend.name, base_url=server.url)
