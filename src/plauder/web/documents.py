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

from typing import Any

from plauder.core.attachments import Refusal
from plauder.core.attachments.documents import outcome_of
from plauder.core.records import Attachment
from plauder.web.worker_calls import Calls, TookTooLong
from plauder.web.workers import ModuleWorker

# A 20 MB PDF of a few thousand pages reads in well under a minute once the worker runs, and a cold start
# takes seconds; a file still unread after this has caught its parser in a loop.
READ_SECONDS = 180
IDLE_SECONDS = 300  # a worker no file came to for this long is stopped: its Python's memory goes back


class DocumentReader:
    def __init__(self) -> None:
        self._calls = Calls(
            lambda calls: ModuleWorker(calls, "documents-worker", "document reader"), READ_SECONDS, IDLE_SECONDS
        )

    async def read(self, name: str, media_type: str, buffer: Any) -> Attachment | Refusal:
        """The document in `buffer` (an ArrayBuffer, handed over to the worker) read to its text, or refused."""
        try:
            answer = await self._calls.ask({"name": name, "type": media_type, "bytes": buffer}, [buffer])
        except TookTooLong:
            return Refusal(name, "attach.read_too_long", {"seconds": READ_SECONDS})
        return Refusal(name, "attach.reader_failed") if answer is None else outcome_of(answer)
