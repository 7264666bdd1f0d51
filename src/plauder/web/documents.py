"""The document worker, seen from the page: started at the first document attached, asked per file.

Reading a document never runs on the page's thread (core/attachments/documents says why): its bytes go to
the worker (src/templates/documents-worker.js), which boots a Python of its own once, loads each type's
library at the first file of that type, and answers with the text or the reason it has none. Before the
first document nothing of it loads: not the worker, not Pyodide a second time, not a wheel.

A worker that fails (its script cannot load, or its Python cannot start) refuses the files it was given
with "could not start the document reader", and is started anew for the next document.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import js
from pyodide.ffi import create_proxy, to_js

from plauder.core.attachments import Refusal
from plauder.core.attachments.documents import outcome_of
from plauder.core.records import Attachment
from plauder.web.dom import element


class DocumentReader:
    def __init__(self) -> None:
        self._worker: Any = None
        self._pending: dict[int, asyncio.Future[str | None]] = {}  # by id: the answer, None when the worker failed
        self._next_id = 0
        self._on_message = create_proxy(self._answered)  # (kept for the page's life: a worker started anew reuses them)
        self._on_error = create_proxy(self._failed)

    def _start(self) -> Any:
        url = json.loads(element("documents-worker").textContent)
        options = to_js({"type": "module", "name": "plauder-documents"}, dict_converter=js.Object.fromEntries)
        worker = js.Worker.new(url, options)
        worker.addEventListener("message", self._on_message)
        worker.addEventListener("error", self._on_error)
        return worker

    async def read(self, name: str, media_type: str, buffer: Any) -> Attachment | Refusal:
        """The document in `buffer` (an ArrayBuffer, handed over to the worker) read to its text, or refused."""
        if self._worker is None:
            self._worker = self._start()
        self._next_id += 1
        answer: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self._pending[self._next_id] = answer
        message = {"id": self._next_id, "name": name, "type": media_type, "bytes": buffer}
        self._worker.postMessage(to_js(message, dict_converter=js.Object.fromEntries), to_js([buffer]))
        text = await answer
        return Refusal(name, "attach.reader_failed") if text is None else outcome_of(text)

    def _answered(self, event: Any) -> None:
        data = event.data
        waiting = self._pending.pop(int(data.id), None)
        if waiting is None or waiting.done():
            return
        answer = getattr(data, "answer", None)
        if isinstance(answer, str):
            waiting.set_result(answer)
        else:  # Python could not start there: this worker is of no more use
            js.console.warn(f"document reader: {getattr(data, 'error', '')}")
            waiting.set_result(None)
            self._stop()

    def _failed(self, event: Any) -> None:
        """The worker's script did not load or threw outside a message: every file it holds is refused."""
        event.preventDefault()  # told to the user per file, not as an error on the page
        js.console.warn(f"document reader: {getattr(event, 'message', '') or 'the worker failed'}")
        self._stop()

    def _stop(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.terminate()
        pending, self._pending = self._pending, {}
        for answer in pending.values():
            if not answer.done():
                answer.set_result(None)
