"""The document worker, seen from the page: started at the first document attached, asked per file.

Reading a document never runs on the page's thread (core/attachments/documents says why): its bytes go to
the worker (src/templates/documents-worker.js), which boots a Python of its own once, loads each type's
library at the first file of that type, and answers with the text or the reason it has none. Before the
first document nothing of it loads: not the worker, not Pyodide a second time, not a wheel.

A worker that fails (its script cannot load, its Python cannot start) or takes longer than READ_SECONDS
for one file is stopped (web/worker_calls.py): the files it held are refused with the reason, and the next
document starts a new one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import js
from pyodide.ffi import create_proxy, to_js

from plauder.core.attachments import Refusal
from plauder.core.attachments.documents import outcome_of
from plauder.core.records import Attachment
from plauder.web.dom import element
from plauder.web.worker_calls import Calls, TookTooLong

# A 20 MB PDF of a few thousand pages reads in well under a minute once the worker runs, and a cold start
# takes seconds; a file still unread after this has caught its parser in a loop.
READ_SECONDS = 180


class _BrowserWorker:
    """A module worker running documents-worker.js, reporting to `calls`."""

    def __init__(self, calls: Calls) -> None:
        url = json.loads(element("documents-worker").textContent)
        options = to_js({"type": "module", "name": "plauder-documents"}, dict_converter=js.Object.fromEntries)
        self._worker = js.Worker.new(url, options)
        self._calls = calls
        self._proxies = [create_proxy(self._message), create_proxy(self._error)]
        self._worker.addEventListener("message", self._proxies[0])
        self._worker.addEventListener("error", self._proxies[1])

    def post(self, message: Mapping[str, object], transfer: list[object]) -> None:
        self._worker.postMessage(to_js(dict(message), dict_converter=js.Object.fromEntries), to_js(transfer))

    def terminate(self) -> None:
        self._worker.terminate()  # (its listeners stay: a call from inside one must not destroy it)

    def _message(self, event: Any) -> None:
        answer = getattr(event.data, "answer", None)
        if not isinstance(answer, str):
            js.console.warn(f"document reader: {getattr(event.data, 'error', '')}")
        self._calls.answered(int(event.data.id), answer if isinstance(answer, str) else None)

    def _error(self, event: Any) -> None:
        """The worker's script did not load, or threw outside a message."""
        event.preventDefault()  # told to the user per file, not as an error on the page
        js.console.warn(f"document reader: {getattr(event, 'message', '') or 'the worker failed'}")
        self._calls.failed()


class DocumentReader:
    def __init__(self) -> None:
        self._calls = Calls(_BrowserWorker, READ_SECONDS)

    async def read(self, name: str, media_type: str, buffer: Any) -> Attachment | Refusal:
        """The document in `buffer` (an ArrayBuffer, handed over to the worker) read to its text, or refused."""
        try:
            answer = await self._calls.ask({"name": name, "type": media_type, "bytes": buffer}, [buffer])
        except TookTooLong:
            return Refusal(name, "attach.read_too_long", {"seconds": READ_SECONDS})
        return Refusal(name, "attach.reader_failed") if answer is None else outcome_of(answer)
