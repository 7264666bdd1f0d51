"""The Run button of a Python code block: its code runs in the code worker (src/templates/code-worker.js), what it
prints shows under the block as it comes, and the run is kept with its answer (core/running/runs.py).

The worker starts at the first Run, never with the app, and its Python takes seconds to start: that start has
START_SECONDS and is not counted against the run's time limit (Settings, Python code). One run at a time, in the
order pressed: a block pressed while another runs waits for it. A run past its limit, or one the user stops (its
button reads Stop while it runs), stops the worker with it; the next run starts a new one. The page's own thread
only posts the code and shows what comes back, so it stays responsive whatever the code does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from plauder.core.records import CodeRun, RunOutcome
from plauder.core.running import OUTPUT_CHARS, code_key
from plauder.core.running.runs import Phase, cut_short, finished, live_view, ran, run_view, time_limit
from plauder.web.chat_view import ChatView
from plauder.web.dom import now_ms
from plauder.web.shell import Shell
from plauder.web.worker_calls import Calls, TookTooLong
from plauder.web.workers import ModuleWorker

# A cold start (Pyodide, then the app wheel) took 3-12 s on the busy 2-core test machine; one still not done after
# this is taken as failed.
START_SECONDS = 120
IDLE_SECONDS = 300  # a worker no block ran in for this long is stopped: its Python's memory goes back


@dataclass
class _Run:
    """A run asked for and not yet ended."""

    message_id: str
    key: str
    code: str
    phase: Phase = Phase.WAITING
    printed: list[tuple[str, str]] = field(default_factory=list)  # (stream, text) as reported
    kept: int = 0
    cut: int = 0
    started: float = 0.0  # time.perf_counter() when the code was posted
    stopping: bool = False  # the user pressed Stop

    def text(self, stream: str) -> str:
        return "".join(text for name, text in self.printed if name == stream)

    def add(self, stream: str, text: str) -> None:
        """What the worker reported it printed, kept up to OUTPUT_CHARS like the worker's own record."""
        kept = text[: max(0, OUTPUT_CHARS - self.kept)]
        self.kept += len(kept)
        self.cut += len(text) - len(kept)
        if kept:
            self.printed.append((stream, kept))


class CodeRunner:
    def __init__(self, shell: Shell, chat: ChatView, language: Callable[[], str]) -> None:
        self._shell = shell
        self._chat = chat
        self._language = language
        self._calls = Calls(
            lambda calls: ModuleWorker(calls, "code-worker", "code runner", self._output), START_SECONDS, IDLE_SECONDS
        )
        self._runs: dict[tuple[str, str], _Run] = {}  # asked for and not yet ended, by answer and block
        self._running: _Run | None = None  # the one whose code the worker runs now
        self._turn = asyncio.Lock()

    def pressed(self, message_id: str, code: str) -> None:
        """A Run button was pressed: run its block, or stop it if it runs (or waits) already."""
        run = self._runs.get((message_id, code_key(code)))
        if run is None:
            asyncio.ensure_future(self.run(message_id, code))
        elif run.phase is Phase.WAITING:  # it never ran: off the queue at once, and the block shows what it kept
            run.stopping = True
            del self._runs[(message_id, run.key)]
            self._chat.end_live_run(message_id, run.key, "")
        elif not run.stopping:
            run.stopping = True
            if run is self._running:
                self._calls.failed()  # the worker stops, and the call ends with None

    async def run(self, message_id: str, code: str) -> None:
        """Run `code`, a block of the answer `message_id`, when the runs pressed before it have ended; keep what it
        printed with the answer (a run stopped before its code ran keeps nothing: the block's last run stays)."""
        run = _Run(message_id, code_key(code), code)
        self._runs[(message_id, run.key)] = run
        self._show(run)
        outcome: CodeRun | None = None
        try:
            async with self._turn:
                if not run.stopping:
                    outcome = await self._run(run)
            if outcome is not None:
                await self._shell.run(ran, message_id, outcome)
        finally:
            if self._runs.get((message_id, run.key)) is run:  # one stopped while waiting has left already
                del self._runs[(message_id, run.key)]
                said = run_view(self._language(), outcome).status if outcome is not None else ""
                self._chat.end_live_run(message_id, run.key, said)

    async def _run(self, run: _Run) -> CodeRun | None:
        """The run of `run`'s code; None when it was stopped before its code was sent (nothing ran)."""
        run.phase = Phase.RUNNING if self._calls.started else Phase.STARTING
        self._show(run)
        self._running = run
        try:
            started = await self._calls.ask({"kind": "start"}, [])
            if started != "ready":
                self._calls.failed()  # a worker whose Python did not start is of no use (stopped, if not yet)
                return None if run.stopping else self._cut_short(run, RunOutcome.FAILED)
            run.phase, run.started = Phase.RUNNING, time.perf_counter()
            self._show(run)
            limit = time_limit(self._shell.state.settings)
            try:
                answer = await self._calls.ask({"kind": "run", "code": run.code}, [], seconds=limit)
            except TookTooLong:
                return cut_short(
                    run.key, RunOutcome.TIMEOUT, limit, now_ms(), run.text("stdout"), run.text("stderr"), run.cut
                )
            if answer is None:
                return self._cut_short(run, RunOutcome.STOPPED if run.stopping else RunOutcome.FAILED)
            return finished(run.key, answer, now_ms())
        except TookTooLong:  # its Python did not start in time
            return self._cut_short(run, RunOutcome.FAILED)
        finally:
            self._running = None

    def _cut_short(self, run: _Run, outcome: RunOutcome) -> CodeRun:
        seconds = time.perf_counter() - run.started if run.started else 0.0
        return cut_short(run.key, outcome, seconds, now_ms(), run.text("stdout"), run.text("stderr"), run.cut)

    def _output(self, _call: int, output: list[str]) -> None:
        """What the code printed, as the worker reports it while the code runs."""
        run = self._running
        if run is None or len(output) != 2:
            return
        run.add(output[0], output[1])
        self._show(run)

    def _show(self, run: _Run) -> None:
        view = live_view(self._language(), run.key, run.phase, run.text("stdout"), run.text("stderr"), run.cut)
        self._chat.show_live_run(run.message_id, view)
