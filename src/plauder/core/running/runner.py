"""Runs one code block, in the code worker (src/templates/code-worker.js): what it printed, the value of its last
expression and the traceback of an exception that ended it, as the JSON text the page reads back
(core/running/runs.py).

Each run gets a fresh `__main__` namespace (a block does not see the names of the one run before; modules imported
stay imported), an empty stdin (`input()` raises EOFError) and its own stdout and stderr, which keep OUTPUT_CHARS
characters together and count the rest. What is printed is also reported as it comes, at most every
FLUSH_SECONDS, so the page shows it while the code runs, and still has it when the code is stopped at the time
limit. As in an interactive session, a last statement that is an expression shows its value's repr (None shows
nothing), and as in Python's asyncio REPL the code may `await` at its top level. A traceback starts at the block's
own code, with its lines.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import io
import json
import linecache
import sys
import time
import traceback
from collections.abc import Callable
from types import CodeType, TracebackType
from typing import Any

from plauder.core.running import OUTPUT_CHARS, RESULT_CHARS, TRACEBACK_CHARS

SOURCE = "<code>"  # the file name tracebacks give the block
FLUSH_SECONDS = 0.1
Report = Callable[[str, str], object]  # (stream: "stdout" or "stderr", text) as it is printed


def readable(text: str) -> str:
    """`text` without lone surrogates (`print("\\ud800")`), which have no UTF-8: written as their escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class Output:
    """What a run printed, on stdout and stderr in turn: OUTPUT_CHARS characters kept, the rest counted in `cut`."""

    def __init__(self, report: Report | None = None) -> None:
        self.parts: list[tuple[str, str]] = []
        self.kept = 0
        self.cut = 0
        self._report = report
        self._pending: list[tuple[str, str]] = []
        self._flushed = -FLUSH_SECONDS

    def write(self, stream: str, text: str) -> None:
        kept = text[: max(0, OUTPUT_CHARS - self.kept)]
        self.cut += len(text) - len(kept)
        if not kept:
            return
        self.kept += len(kept)
        self.parts.append((stream, kept))
        self._pending.append((stream, kept))
        if self._report is not None and time.monotonic() - self._flushed >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Report what was printed since the last report, a stream's consecutive pieces as one."""
        self._flushed = time.monotonic()
        if self._report is None:
            return
        for stream, text in _joined(self._pending):
            self._report(stream, readable(text))
        self._pending.clear()

    def text(self, stream: str) -> str:
        return readable("".join(text for name, text in self.parts if name == stream))


def _joined(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    joined: list[tuple[str, str]] = []
    for stream, text in parts:
        if joined and joined[-1][0] == stream:
            joined[-1] = (stream, joined[-1][1] + text)
        else:
            joined.append((stream, text))
    return joined


class _Stream(io.TextIOBase):
    """sys.stdout or sys.stderr during a run."""

    encoding = "utf-8"

    def __init__(self, output: Output, name: str) -> None:
        super().__init__()
        self._output = output
        self._name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._output.write(self._name, text)
        return len(text)


async def _execute(code: str, namespace: dict[str, Any]) -> Any:
    """Run `code` in `namespace`; the value of its last statement when that is an expression, else None. The code
    may `await` at its top level, as in Python's asyncio REPL (`await asyncio.sleep(1)`)."""
    tree = ast.parse(code, SOURCE, "exec")
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr):
        last = None
    else:
        tree.body.pop()
    await _evaluated(compile(tree, SOURCE, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT), namespace)
    if last is None:
        return None
    expression = ast.Expression(last.value)
    return await _evaluated(compile(expression, SOURCE, "eval", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT), namespace)


async def _evaluated(compiled: CodeType, namespace: dict[str, Any]) -> Any:
    """What `compiled` comes to (running the user's code is the point), awaited when it awaits at its top level."""
    value = eval(compiled, namespace)
    return await value if compiled.co_flags & inspect.CO_COROUTINE else value


def _own_frames(trace: TracebackType | None) -> TracebackType | None:
    """The traceback from the first frame of the block's own code on (this module's frames left out)."""
    while trace is not None and trace.tb_frame.f_code.co_filename != SOURCE:
        trace = trace.tb_next
    return trace


def formatted(exception: BaseException) -> str:
    """The traceback as Python prints it, from the block's own code; its last TRACEBACK_CHARS characters."""
    text = "".join(traceback.format_exception(type(exception), exception, _own_frames(exception.__traceback__)))
    return readable(text[-TRACEBACK_CHARS:])


async def run(code: str, report: Report | None = None) -> str:
    """Run `code` as a fresh `__main__`; the JSON text of {stdout, stderr, result, error, seconds, cut}."""
    output = Output(report)
    result = error = ""
    linecache.cache[SOURCE] = (len(code), None, code.splitlines(keepends=True), SOURCE)
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
    streams = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = _Stream(output, "stdout"), _Stream(output, "stderr"), io.StringIO()
    started = time.perf_counter()
    try:
        value = await _execute(code, namespace)
        if value is not None:
            shown = repr(value)
            result = readable(shown[:RESULT_CHARS])
            output.cut += max(0, len(shown) - RESULT_CHARS)
    except SystemExit as ended:
        if ended.code not in (None, 0):
            error = formatted(ended)
    except BaseException as exception:  # noqa: BLE001 - whatever the code raised is its output
        error = formatted(exception)
    finally:
        seconds = time.perf_counter() - started
        sys.stdout, sys.stderr, sys.stdin = streams
    output.flush()
    return json.dumps(
        {
            "stdout": output.text("stdout"),
            "stderr": output.text("stderr"),
            "result": result,
            "error": error,
            "seconds": round(seconds, 4),
            "cut": output.cut,
        },
        ensure_ascii=False,
    )
