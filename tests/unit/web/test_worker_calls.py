"""Calls to the document worker (web/worker_calls.py) with a fake worker: answers go to their own call, a
worker that fails or keeps a call too long is stopped, its calls get their end, and the next call starts a
new worker; so does one left idle."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import ClassVar

import pytest

from plauder.web.worker_calls import Calls, TookTooLong
from tests.unit.web.fakes import run


class FakeWorker:
    """Answers each posted message by its name: "echo" at once, "silent" never, "broken" as a worker whose
    Python could not start."""

    started: ClassVar[list[FakeWorker]] = []

    def __init__(self, calls: Calls) -> None:
        self.calls = calls
        self.posted: list[tuple[Mapping[str, object], list[object]]] = []
        self.terminated = False
        FakeWorker.started.append(self)

    def post(self, message: Mapping[str, object], transfer: list[object]) -> None:
        self.posted.append((message, transfer))
        call = int(str(message["id"]))
        if message["name"] == "echo":
            asyncio.get_running_loop().call_soon(self.calls.answered, call, f"read {message['name']} #{call}")
        elif message["name"] == "broken":
            asyncio.get_running_loop().call_soon(self.calls.answered, call, None)

    def terminate(self) -> None:
        self.terminated = True


@pytest.fixture(autouse=True)
def fresh() -> None:
    FakeWorker.started = []


def test_each_call_gets_its_own_answer_from_one_worker_started_at_the_first() -> None:
    calls = Calls(FakeWorker, seconds=5, idle_seconds=60)
    assert FakeWorker.started == []  # nothing starts before a call

    async def both() -> list[str | None]:
        return list(await asyncio.gather(calls.ask({"name": "echo"}, ["buffer"]), calls.ask({"name": "echo"}, [])))

    assert run(both()) == ["read echo #1", "read echo #2"]
    [worker] = FakeWorker.started
    assert worker.posted[0] == ({"name": "echo", "id": 1}, ["buffer"])  # the bytes are handed over, not copied


def test_a_call_kept_too_long_stops_the_worker_and_the_next_call_starts_another() -> None:
    calls = Calls(FakeWorker, seconds=0.05, idle_seconds=60)

    async def scene() -> tuple[BaseException | str | None, ...]:
        silent = asyncio.ensure_future(calls.ask({"name": "silent"}, []))
        await asyncio.sleep(0.02)  # this one's time runs out later
        also_waiting = asyncio.ensure_future(calls.ask({"name": "silent"}, []))
        results = await asyncio.gather(silent, also_waiting, return_exceptions=True)
        return (*results, await calls.ask({"name": "echo"}, []))

    first, second, after = run(scene())
    assert isinstance(first, TookTooLong)
    assert second is None  # ended with the worker the first one stopped
    assert after == "read echo #3"
    assert [worker.terminated for worker in FakeWorker.started] == [True, False]


def test_a_worker_that_cannot_start_answers_none_and_is_replaced() -> None:
    calls = Calls(FakeWorker, seconds=5, idle_seconds=60)

    async def scene() -> tuple[str | None, str | None]:
        return await calls.ask({"name": "broken"}, []), await calls.ask({"name": "echo"}, [])

    assert run(scene()) == (None, "read echo #2")
    assert [worker.terminated for worker in FakeWorker.started] == [True, False]


def test_a_failing_worker_ends_every_call_it_holds() -> None:
    calls = Calls(FakeWorker, seconds=5, idle_seconds=60)

    async def scene() -> list[str | None]:
        waiting = [asyncio.ensure_future(calls.ask({"name": "silent"}, [])) for _ in range(2)]
        await asyncio.sleep(0)
        calls.failed()  # the worker's script did not load
        return list(await asyncio.gather(*waiting))

    assert run(scene()) == [None, None]


def test_a_call_may_have_a_time_of_its_own() -> None:
    """The code runner gives its worker's start minutes and each run the user's time limit (web/code_runner.py)."""
    calls = Calls(FakeWorker, seconds=60, idle_seconds=60)

    async def short() -> None:
        with pytest.raises(TookTooLong):
            await calls.ask({"name": "silent"}, [], seconds=0.05)

    run(short())
    assert FakeWorker.started[0].terminated


def test_a_worker_left_idle_is_stopped_and_the_next_call_starts_another() -> None:
    """Its Python's memory goes back to the page; a call in between keeps it, and one it holds is never cut."""
    calls = Calls(FakeWorker, seconds=5, idle_seconds=0.05)

    async def scene() -> list[str | None]:
        answers = [await calls.ask({"name": "echo"}, [])]
        await asyncio.sleep(0.03)
        answers.append(await calls.ask({"name": "echo"}, []))  # before the idle time: the same worker
        holding = asyncio.ensure_future(calls.ask({"name": "silent"}, [], seconds=0.2))
        await asyncio.sleep(0.1)  # longer than the idle time, but a call is held
        assert calls.started and not FakeWorker.started[0].terminated
        holding.cancel()
        await asyncio.sleep(0.1)
        assert not calls.started and FakeWorker.started[0].terminated
        answers.append(await calls.ask({"name": "echo"}, []))
        return answers

    assert run(scene()) == ["read echo #1", "read echo #2", "read echo #4"]
    assert [worker.terminated for worker in FakeWorker.started] == [True, False]
