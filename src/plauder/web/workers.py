"""A module worker of the build (plauder_build/workers.py) seen from the page: started from the URL its JSON script
in the page names, answering the calls of web/worker_calls.py by id. What it sends before an answer (the code
runner's output as it is printed) goes to `on_output`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import js
from pyodide.ffi import create_proxy, to_js

from plauder.web.dom import element
from plauder.web.worker_calls import Calls


class ModuleWorker:
    """The worker whose URL the page's JSON script `script` holds, reporting to `calls`; `who` names it in the
    console."""

    def __init__(
        self, calls: Calls, script: str, who: str, on_output: Callable[[int, list[str]], None] | None = None
    ) -> None:
        url = json.loads(element(script).textContent)
        options = to_js({"type": "module", "name": f"plauder-{script}"}, dict_converter=js.Object.fromEntries)
        self._worker = js.Worker.new(url, options)
        self._calls = calls
        self._who = who
        self._on_output = on_output
        self._proxies = [create_proxy(self._message), create_proxy(self._error)]
        self._worker.addEventListener("message", self._proxies[0])
        self._worker.addEventListener("error", self._proxies[1])

    def post(self, message: Mapping[str, object], transfer: list[object]) -> None:
        self._worker.postMessage(to_js(dict(message), dict_converter=js.Object.fromEntries), to_js(transfer))

    def terminate(self) -> None:
        self._worker.terminate()  # (its listeners stay: a call from inside one must not destroy it)

    def _message(self, event: Any) -> None:
        output = getattr(event.data, "output", None)
        if output is not None:
            if self._on_output is not None:
                self._on_output(int(event.data.id), [str(part) for part in output])
            return
        answer = getattr(event.data, "answer", None)
        if not isinstance(answer, str):
            js.console.warn(f"{self._who}: {getattr(event.data, 'error', '')}")
        self._calls.answered(int(event.data.id), answer if isinstance(answer, str) else None)

    def _error(self, event: Any) -> None:
        """The worker's script did not load, or threw outside a message."""
        event.preventDefault()  # told to the user where it matters, not as an error on the page
        js.console.warn(f"{self._who}: {getattr(event, 'message', '') or 'the worker failed'}")
        self._calls.failed()
