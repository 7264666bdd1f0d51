#!/usr/bin/env python3
"""Code runner benchmark (issue 17): Python code blocks run in the code worker, and the page's main thread meanwhile.

    .venv/bin/python bench/code_runner.py [--runs 3]

The built app runs in headless Debian chromium (2 cores here), served under /plauder/ by the project's own server,
the fault server (tests/e2e/fault_server.py) answering with four Python blocks. A long-task observer runs from page
start. Each run is a fresh page (a cold code worker):
- boot: which of the feature's files (the code worker's script) the page fetched before the first Run (it must be
  none);
- per block, pressed in turn: the time from the click to its output, and the longest main-thread task from the
  click until the page is still again, against the 50 ms target. "cold" starts the worker's Python (Pyodide and the
  app wheel); "warm" runs the same block again; "printing" prints 200 lines over about a second (its output is
  reported to the page as it comes); "endless" loops until the time limit (2 s here) stops it and the worker;
  "after the limit" runs the first block again in the new worker.
Medians of --runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import Browser, Page, sync_playwright

from bench.attachments import LONGEST_SINCE, OBSERVE, SETTLE_MS, served
from tests.chromium import launch
from tests.e2e.chat_ui import add_backend, choose_model, close_settings, send, wait_for_answer, wait_for_renderer
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_code_runner import blocks, set_time_limit

TARGET_MS = 50
LIMIT_SECONDS = 2
RUN_TIMEOUT_MS = 120_000
ANSWER = """```python
sum(range(10**6))
```

```python
import time
for line in range(200):
    print(f"line {line}")
    time.sleep(0.005)
```

```python
while True:
    pass
```
"""
# (label, block, what its output says when it is done)
STEPS = (
    ("cold", 0, ".result"),
    ("warm", 0, ".result"),
    ("printing", 1, ".code-status:not(:empty)"),
    ("endless", 2, ".code-status"),
    ("after the limit", 0, ".result"),
)
CLICK = """(index) => {
  const block = [...document.querySelectorAll('#messages article[data-role="assistant"] .code-block')][index];
  block.querySelector(".code-output")?.remove();
  const started = performance.now();
  block.querySelector(".run-code").click();
  return started;
}"""
DONE = """([index, selector]) => {
  const block = [...document.querySelectorAll('#messages article[data-role="assistant"] .code-block')][index];
  const output = block.querySelector(".code-output:not(.running)");
  return output !== null && output.querySelector(selector) !== null && performance.now();
}"""


def press(page: Page, index: int, selector: str) -> tuple[float, float]:
    """Run block `index`; (ms until its output is done, longest main-thread task meanwhile)."""
    started = float(page.evaluate(CLICK, index))
    done = float(
        page.wait_for_function(DONE, arg=[index, selector], polling="raf", timeout=RUN_TIMEOUT_MS).json_value()
    )
    page.wait_for_timeout(SETTLE_MS)
    return done - started, float(page.evaluate(LONGEST_SINCE, started))


def one_run(browser: Browser, url: str, fault_server: FaultServer) -> dict[str, float]:
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.add_init_script(OBSERVE)
    page.goto(url)
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    wait_for_renderer(page)
    add_backend(page, "other", f"{fault_server.url}/v1")
    set_time_limit(page, LIMIT_SECONDS)
    close_settings(page)
    choose_model(page, "scripted")
    fault_server.queue_answer(ANSWER)
    send(page, "Some Python, please")
    wait_for_answer(page)
    assert blocks(page).count() == 3
    page.wait_for_timeout(3 * SETTLE_MS)  # the title, the search index: the answer's own work is done
    figures = {"worker fetched before": float(sum("code-worker" in u for u in fetched))}
    for label, index, selector in STEPS:
        figures[label], figures[f"{label} task"] = press(page, index, selector)
    context.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    fault_server = FaultServer().start()
    with served({}) as (url, _build), sync_playwright() as playwright:
        browser = launch(playwright)
        runs = [one_run(browser, url, fault_server) for _ in range(args.runs)]
        browser.close()
    fault_server.close()

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"code runner benchmark: medians of {args.runs} runs, headless chromium, load average {load}")
    print(f"  the code worker's files fetched before the first Run: {median('worker fetched before'):.0f}")
    print(f"  {'run':<16} {'to output':>10} {'longest task':>13} {'/50ms':>6}  (all runs' longest)")
    for label, _index, _selector in STEPS:
        longest = median(f"{label} task")
        worst = max(run[f"{label} task"] for run in runs)
        print(
            f"  {label:<16} {median(label):>7.0f} ms {longest:>10.0f} ms {longest / TARGET_MS:>5.2f}x  ({worst:.0f} ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
