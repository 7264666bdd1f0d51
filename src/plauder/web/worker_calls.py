"""Calls to a worker that answers by id: each call gets its answer once, None when the worker failed, or
TookTooLong when it had none in the time it has. Free of `js` (the worker is given as a small protocol), so the rules run
under CPython with a fake worker (tests/unit/web/test_worker_calls.py); web/documents.py and web/code_runner.py give
it the real one (web/workers.py).

A worker that failed or ran out of time is terminated (a parser caught in a loop on a crafted file stops
with it); every call it still held gets None, and the next call starts a new worker. One left idle for
`idle_seconds` is terminated too: its Python holds a hundred MB or more that the page no longer needs, and the
next call starts it again (seconds, once).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Protocol


class TookTooLong(Exception):
    """A call had no answer within the time it has (its worker is stopped)."""


class Worker(Protocol):
    def post(self, message: Mapping[str, object], transfer: list[object]) -> None: ...

    def terminate(self) -> None: ...


class Calls:
    def __init__(self, start: Callable[[Calls], Worker], seconds: float, idle_seconds: float) -> None:
        self._start = start  # makes a worker that tells this object what it answers (answered, failed)
        self._seconds = seconds
        self._idle_seconds = idle_seconds
        self._worker: Worker | None = None
        self._waiting: dict[int, asyncio.Future[str | None]] = {}
        self._last_id = 0
        self._idle: asyncio.TimerHandle | None = None  # stops the worker when no call came meanwhile

    @property
    def started(self) -> bool:
        """A worker runs (it answered a call, or is answering one): the next call does not wait for its start."""
        return self._worker is not None

    async def ask(
        self, message: Mapping[str, object], transfer: list[object], seconds: float | None = None
    ) -> str | None:
        """Post `message` (with its `id` added) and wait for its answer; None when the worker failed, and
        TookTooLong when it had none in time (`seconds`, or the time every call has)."""
        if self._idle is not None:
            self._idle.cancel()
        if self._worker is None:
            self._worker = self._start(self)
        self._last_id += 1
        call = self._last_id
        answer: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self._waiting[call] = answer
        self._worker.post({**message, "id": call}, transfer)
        try:
            return await asyncio.wait_for(answer, self._seconds if seconds is None else seconds)
        except TimeoutError:
            self.failed()
            raise TookTooLong from None
        finally:
            self._waiting.pop(call, None)
            if not self._waiting:
                self._idle = asyncio.get_running_loop().call_later(self._idle_seconds, self._stop_idle)

    def _stop_idle(self) -> None:
        if not self._waiting:
            self._stop()

    def _stop(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.terminate()

    def answered(self, call: int, answer: str | None) -> None:
        """The worker's answer to `call`; None when it could not do the work at all (then it is of no more use)."""
        waiting = self._waiting.get(call)
        if waiting is not None and not waiting.done():
            waiting.set_result(answer)
        if answer is None:
            self.failed()

    def failed(self) -> None:
        """The worker failed, or a call ran out of time: it stops, and every call waiting gets None."""
        self._stop()
        for waiting in self._waiting.values():
            if not waiting.done():
                waiting.set_result(None)
