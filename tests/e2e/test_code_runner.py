"""Python code blocks that run (issue 17), on one page: an answer's Python blocks get a Run button (a bash block
none), the code runs in the code worker, which loads nothing before the first Run; its output, stderr and the value
of its last line show under the block. An endless loop is stopped at the time limit (2 s here, set in Settings),
the page answering all the while, and the next run works in a new worker, which Stop stops too. `js.fetch` and
`pyfetch` fail inside it, and no request leaves; more memory than its Python may have is a MemoryError. The outputs
are kept over a reload; axe-core finds nothing with them shown, and a 320 px screen scrolls no sideways. The longest
main-thread task while code runs is printed (issue 17: none over 50 ms; bench/code_runner.py measures it)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from plauder.core.running import MEMORY_MB
from tests.e2e.chat_ui import add_backend, choose_model, close_settings, last_answer, send, wait_for_answer
from tests.e2e.conftest import BOOT_TIMEOUT_MS, Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_screens import axe_violations, page_width

LIMIT_SECONDS = 2
START_TIMEOUT_MS = 90_000  # the worker's own Python starts at the first Run: seconds on a busy 2-core machine
LEAKS = ("/leak-fetch", "/leak-pyfetch")
WAITING = "Waiting for the run before it…"
STOPPED_BY_HAND = re.compile(r"^Stopped after (\d+ ms|\d+\.\d\d s)$")
ANSWER = """Run this:

```python
import sys
print("hello from Python")
print("a warning", file=sys.stderr)
sum(range(10))
```

This one never ends:

```python
while True:
    pass
```

```bash
echo "not Python: no Run button"
```

```py
import js
js.fetch("{url}/leak-fetch")
```

```python3
from pyodide.http import pyfetch
await pyfetch("{url}/leak-pyfetch")
```

```python
too_much = bytearray({too_much_mb} * 1024 * 1024)
```
"""
OBSERVE_LONG_TASKS = """() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: "longtask", buffered: true });
}"""
LONGEST_SINCE = """(since) => Math.max(0, ...window.__longTasks
  .filter(([start, duration]) => start + duration >= since).map(([, duration]) => duration))"""


def blocks(page: Page) -> Locator:
    return last_answer(page).locator(".code-block")


def output(page: Page, index: int) -> Locator:
    return blocks(page).nth(index).locator(".code-output")


def run(page: Page, index: int) -> None:
    blocks(page).nth(index).get_by_role("button", name="Run").click()


def set_time_limit(page: Page, seconds: int) -> None:
    page.locator('.settings-nav button[data-section="code-section"]').click()
    expect(page.locator("#code-hint")).to_contain_text("runs in your browser, offline")
    page.locator("#code-seconds").fill(str(seconds))
    page.locator("#save-code-seconds").click()
    expect(page.locator("#code-status")).to_have_text(f"Saved: a run is stopped after {seconds} s.")


def test_python_blocks_run_offline_in_a_worker_of_their_own(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session = open_session(bypass_csp=True)  # axe-core is injected
    page = session.page
    session.boot(app_url)
    page.evaluate(OBSERVE_LONG_TASKS)
    add_backend(page, "other", f"{fault_server.url}/v1")
    set_time_limit(page, LIMIT_SECONDS)
    close_settings(page)
    choose_model(page, "scripted")
    fault_server.queue_answer(ANSWER.format(url=fault_server.url, too_much_mb=MEMORY_MB + 100))
    send(page, "Show me some Python")
    wait_for_answer(page)
    page.locator("html[data-renderer=ready]").wait_for(state="attached")

    expect(blocks(page)).to_have_count(6)
    expect(last_answer(page).locator(".run-code")).to_have_count(5)
    expect(blocks(page).nth(2).locator(".run-code")).to_have_count(0)  # bash
    expect(blocks(page).first.locator(".run-note")).to_have_text("Runs in your browser, offline")
    assert not [url for url in session.record.requests if "code-worker" in url]  # nothing before the first Run

    started = page.evaluate("performance.now()")
    run(page, 0)
    expect(output(page, 0).locator(".code-status")).to_have_text("Starting Python in your browser…")
    expect(output(page, 0).locator(".stdout")).to_have_text("hello from Python", timeout=START_TIMEOUT_MS)
    expect(output(page, 0).locator(".stderr")).to_have_text("a warning")
    expect(output(page, 0).locator(".result")).to_have_text("45")
    expect(output(page, 0).locator(".code-status")).to_contain_text("Ran in your browser, offline, in ")
    assert [url for url in session.record.requests if "code-worker" in url]

    loop_started = page.evaluate("performance.now()")
    run(page, 1)
    stop = blocks(page).nth(1).locator(".run-code")
    expect(stop).to_have_text("Stop")
    expect(output(page, 1).locator(".code-status")).to_have_text("Running in your browser, offline…")
    clock = time.monotonic()
    page.locator("#prompt").fill("The page still answers")  # while the loop runs
    expect(page.locator("#prompt")).to_have_value("The page still answers")
    assert time.monotonic() - clock < 1
    expect(output(page, 1).locator(".code-status")).to_have_text(
        f"Stopped after {LIMIT_SECONDS} s, the time limit (Settings, Python code)", timeout=15_000
    )
    expect(stop).to_have_text("Run")
    loop_ms = page.evaluate("performance.now()") - loop_started
    assert loop_ms >= LIMIT_SECONDS * 1000

    page.locator("#open-settings").click()  # a limit the loop does not reach while another block waits
    set_time_limit(page, 600)
    close_settings(page)
    run(page, 1)  # again, in a new worker (the one that ran the loop is gone), and stopped by hand this time
    expect(output(page, 1).locator(".code-status")).to_have_text(
        "Running in your browser, offline…", timeout=START_TIMEOUT_MS
    )
    run(page, 0)  # waits for the loop; stopped before its turn, it leaves the queue at once
    expect(output(page, 0).locator(".code-status")).to_have_text(WAITING)
    blocks(page).first.locator(".run-code").click()
    expect(output(page, 0).locator(".code-status")).to_contain_text("Ran in your browser, offline, in ")
    expect(blocks(page).first.locator(".run-code")).to_have_text("Run")
    expect(stop).to_have_text("Stop")  # the loop still runs
    stop.click()
    expect(output(page, 1).locator(".code-status")).to_have_text(STOPPED_BY_HAND)

    run(page, 3)  # in a new worker again
    traceback = output(page, 3).locator(".traceback")
    expect(traceback).to_contain_text("AttributeError: fetch", timeout=START_TIMEOUT_MS)
    run(page, 4)
    expect(output(page, 4).locator(".traceback")).to_contain_text("Traceback (most recent call last)")
    run(page, 5)  # past the memory its Python may have
    expect(output(page, 5).locator(".traceback")).to_contain_text("MemoryError")
    run(page, 0)  # the same block again: its output replaced, still one
    expect(output(page, 0)).to_have_count(1)
    expect(output(page, 0).locator(".result")).to_have_text("45")
    longest = page.evaluate(LONGEST_SINCE, started)
    print(f"\nlongest main-thread task while code ran: {longest:.0f} ms (target: none over 50 ms)")
    assert longest < 1000  # (a loop on the page's own thread would hold it for the whole limit; bench/code_runner.py)
    for path in LEAKS:
        assert fault_server.requests(path=path) == []
        assert not [url for url in session.record.requests if path in url]

    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)
    page.locator("html[data-renderer=ready]").wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)
    expect(output(page, 0).locator(".stdout")).to_have_text("hello from Python")
    expect(output(page, 1).locator(".code-status")).to_have_text(STOPPED_BY_HAND)
    expect(output(page, 3).locator(".traceback")).to_contain_text("AttributeError: fetch")
    expect(last_answer(page).locator(".code-output")).to_have_count(5)
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 320, "height": 700})
    expect(output(page, 0)).to_be_visible()
    assert page_width(page) <= 320
    session.assert_clean()
