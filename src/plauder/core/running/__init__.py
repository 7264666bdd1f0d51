"""Python code blocks that run: an answer's ```python block has a Run button, and its code runs in the browser.

The code runs in a worker with a Python of its own (src/templates/code-worker.js, started at the first Run,
never at the start of the app): no network (the worker's fetch, XMLHttpRequest, WebSocket and the like are
removed once its Python has loaded), no page (a worker has none), no IndexedDB, no keys (it is sent nothing but
the code), at most TIME_LIMIT seconds (then the worker is stopped and the next Run starts a new one) and at most
MEMORY_MB of memory for its Python. `runner` runs a block in the worker; `runs` keeps what it printed with the
answer (records.CodeRun) and says what the thread shows of it.

Only the standard library here: the worker imports `runner`, and with it this package.
"""

from __future__ import annotations

DEFAULT_SECONDS = 10  # the time limit unless the user set another (Settings, Python)
MAX_SECONDS = 600
# The most memory the worker's Python may grow to (its WebAssembly memory; code-worker.js refuses more, and the
# code gets a MemoryError). Its Python takes about 30 MB once started.
MEMORY_MB = 512
# What a run keeps of its output: printed text (stdout and stderr together), the last expression's repr and the
# traceback each up to so many characters; the rest is counted, not kept (a loop may print for ever).
OUTPUT_CHARS = 50_000
RESULT_CHARS = 10_000
TRACEBACK_CHARS = 10_000


def code_key(code: str) -> str:
    """Which block of an answer a run belongs to: a digest of its code (trailing blank lines and spaces aside),
    the same for the code the renderer showed and the code read back from the page."""
    import hashlib  # here: the app's start (which imports this package) does not need it, and it costs in Pyodide

    return hashlib.sha256(code.rstrip().encode()).hexdigest()[:16]
