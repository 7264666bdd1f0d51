"""What a run of a code block leaves, seen from the page: the record kept with its answer (records.CodeRun), the
step that stores it, the time limit in force, and the lines the thread shows under the block.

A message keeps the latest run of each of its blocks, by the block's code (core/running.code_key): a block whose
code is no longer in the answer (it was edited) shows nothing, and at most MAX_RUNS are kept, the latest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum

from plauder.core.i18n import translate
from plauder.core.records import CodeRun, Message, RunOutcome, Settings
from plauder.core.running import DEFAULT_SECONDS, MAX_SECONDS
from plauder.core.state import ChatState, Part, Step, Write, unchanged
from plauder.core.units import whole_number

MAX_RUNS = 50


class Phase(StrEnum):
    """Where a run is before it ends (shown while it lasts; never stored)."""

    WAITING = "waiting"  # another block runs first
    STARTING = "starting"  # the worker's Python starts (the first run, or the first after one was stopped)
    RUNNING = "running"


def time_limit(settings: Settings) -> int:
    """The seconds a run may take: the user's, from 1 to MAX_SECONDS, else DEFAULT_SECONDS."""
    seconds = settings.code_seconds
    return seconds if seconds is not None and 1 <= seconds <= MAX_SECONDS else DEFAULT_SECONDS


def typed_seconds(text: str) -> int | None:
    """The time limit typed in Settings: a whole number from 1 to MAX_SECONDS, DEFAULT_SECONDS for an empty box,
    else None (not readable)."""
    typed = text.strip()
    if not typed:
        return DEFAULT_SECONDS
    seconds = int(typed) if typed.isascii() and typed.isdigit() else 0
    return seconds if 1 <= seconds <= MAX_SECONDS else None


def with_time_limit(settings: Settings, seconds: int) -> Settings:
    """`settings` with the time limit `seconds` (the default is stored as none, so records stay as they were)."""
    return replace(settings, code_seconds=None if seconds == DEFAULT_SECONDS else seconds)


def finished(key: str, answer: str | None, now_ms: float) -> CodeRun:
    """The run of the block `key` from the worker's answer (core/running/runner.run's JSON); a missing or
    unreadable one means the worker could not run it."""
    try:
        fields = json.loads(answer) if answer is not None else None
    except ValueError:
        fields = None
    if not isinstance(fields, dict):
        return CodeRun(key, RunOutcome.FAILED, ran_at=now_ms)
    texts = {name: fields.get(name) for name in ("stdout", "stderr", "result", "error")}
    seconds, cut = fields.get("seconds"), fields.get("cut")
    return CodeRun(
        key,
        RunOutcome.DONE,
        **{name: value for name, value in texts.items() if isinstance(value, str)},
        seconds=float(seconds) if isinstance(seconds, int | float) and seconds >= 0 else 0.0,
        cut=cut if type(cut) is int and cut > 0 else 0,
        ran_at=now_ms,
    )


def cut_short(
    key: str, outcome: RunOutcome, seconds: float, now_ms: float, stdout: str = "", stderr: str = "", cut: int = 0
) -> CodeRun:
    """A run that did not end by itself (the time limit, the user's Stop, a broken worker), with what it had
    printed by then."""
    return CodeRun(key, outcome, stdout=stdout, stderr=stderr, seconds=seconds, cut=cut, ran_at=now_ms)


def with_run(message: Message, run: CodeRun) -> Message:
    """`message` keeping `run` as the latest of its block (the one before it replaced), MAX_RUNS at most."""
    others = tuple(kept for kept in message.runs if kept.code != run.code)
    return replace(message, runs=(*others, run)[-MAX_RUNS:])


def ran(state: ChatState, message_id: str, run: CodeRun) -> Step:
    """Keep `run` with its answer, when that is in the conversation open (another was opened meanwhile: the
    output is not kept)."""
    message = state.messages.get(message_id)
    if message is None:
        return unchanged(state)
    kept = with_run(message, run)
    return Step(
        replace(state, messages={**state.messages, message_id: kept}),
        write=Write(messages=(kept,)),
        draw=frozenset({Part.THREAD}),
    )


@dataclass(frozen=True)
class RunView:
    """What shows under a code block that ran, or runs now."""

    key: str  # the block's (core/running.code_key)
    status: str  # how and where it ran, or that it runs now
    stdout: str = ""
    stderr: str = ""
    result: str = ""
    error: str = ""
    cut: str = ""  # says how much output is not kept, or ""
    running: bool = False  # it runs now (or waits to): the block offers Stop
    problem: bool = False  # it did not end by itself, or ended with an exception


def duration(seconds: float, language: str) -> str:
    """How long a run took, as people read it: "4 ms", "1.25 s", "12.3 s", a whole "10 s" (German "1,25 s")."""
    if seconds < 1:
        return f"{max(1, round(seconds * 1000))} ms"
    if seconds == int(seconds) or seconds >= 100:
        text = f"{seconds:.0f}"
    else:
        text = f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}"
    return f"{text.replace('.', ',') if language == 'de' else text} s"


def _cut(language: str, count: int) -> str:
    return translate(language, "code.cut", count=whole_number(count, language)) if count else ""


STATUS_KEYS = {
    RunOutcome.DONE: "code.ran",
    RunOutcome.TIMEOUT: "code.timeout",
    RunOutcome.STOPPED: "code.stopped",
    RunOutcome.FAILED: "code.failed",
}


def run_view(language: str, run: CodeRun) -> RunView:
    status = translate(language, STATUS_KEYS[run.outcome], duration=duration(run.seconds, language))
    return RunView(
        key=run.code,
        status=status,
        stdout=run.stdout,
        stderr=run.stderr,
        result=run.result,
        error=run.error,
        cut=_cut(language, run.cut),
        problem=run.outcome is not RunOutcome.DONE or bool(run.error),
    )


def run_views(language: str, message: Message) -> tuple[RunView, ...]:
    return tuple(run_view(language, run) for run in message.runs)


def live_view(language: str, key: str, phase: Phase, stdout: str = "", stderr: str = "", cut: int = 0) -> RunView:
    """A run under way: where it is, and what it printed so far."""
    return RunView(
        key=key,
        status=translate(language, f"code.{phase}"),
        stdout=stdout,
        stderr=stderr,
        cut=_cut(language, cut),
        running=True,
    )
