#!/usr/bin/env python3
"""Long-task benchmark: the longest main-thread task the worst answers cause at their stream's end and
when their conversation is opened again (issue 13: nothing a model sends may block the page over 100 ms).

    .venv/bin/python bench/long_tasks.py [--runs 3] [--payload NAME ...]

The test suite's fault server streams each payload (bench/render_worst.py, plus normal-size long answers)
to headless Debian chromium in tokens of 2,000 characters 20 ms apart, each in a new conversation. A
long-task observer runs from page start. Per payload (medians of --runs):
- end: the longest task that ends after the answer stopped streaming, until its final render is done and
  the page has been still for SETTLE_MS (the first-paint copy is written a second after a draw);
- reopen: after a reload, the longest task from the click that opens its conversation until the same;
- each as a ratio to the 100 ms target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import Page, expect, sync_playwright

from bench.render_worst import WORST_CASES
from plauder_build.server import make_server
from plauder_build.site import Project, plan_site, write_site
from tests.chromium import launch
from tests.e2e.chat_ui import add_backend, choose_model, close_settings, send, wait_for_answer, wait_for_renderer
from tests.e2e.fault_server import FaultServer

TARGET_MS = 100
SETTLE_MS = 2500
RENDER_TIMEOUT_MS = 120_000
READY = "html[data-boot=ready]"
# Normal-size long answers whose one block is longer than a stream re-reads (render/limits.py: TAIL_*).
NORMAL_LONG = (
    ("list of 300 items, 60 KB", "Intro.\n\n" + "".join(f"- item {i}: {'some words ' * 18}\n" for i in range(300))),
    (
        "table of 250 rows, 60 KB",
        "| a | b | c |\n|---|---|---|\n" + f"| {'x ' * 40}| {'y ' * 40}| {'z ' * 35}|\n" * 250,
    ),
)
PAYLOADS = dict(
    [
        *(
            case
            for case in WORST_CASES
            if case[0]
            in {
                "math, 900 nested braces",
                "python fence, 200 KB",
                "200 KB of *_ pairs",
                "list of 5,000 items",
                "list items opening $$, 32 KB",
            }
        ),
        *NORMAL_LONG,
    ]
)

# Before any script of the page: every long task, and the moments an answer stops streaming.
OBSERVE = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
window.__streamEnds = [];
new MutationObserver((records) => {
  for (const record of records)
    if (/\\bstreaming\\b/.test(record.oldValue || "") && !record.target.classList.contains("streaming"))
      window.__streamEnds.push(performance.now());
}).observe(document, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ["class"] });
"""
# Every answer shown is rendered: none plain or still busy.
RENDERED = """() => {
  const answers = document.querySelectorAll('#messages article[data-role="assistant"] .content');
  return answers.length > 0 && [...answers].every((node) => !node.matches(".plain, [aria-busy]"));
}"""
LONGEST_SINCE = """(since) => Math.max(0, ...window.__longTasks
  .filter(([start, duration]) => start + duration >= since).map(([, duration]) => duration))"""


@contextmanager
def app_page(runs_dir: Path, model: str = "scripted") -> Iterator[tuple[Page, FaultServer]]:
    """The built app served under /plauder/ in headless chromium, with the fault server's `model` chosen and the
    long-task observer (OBSERVE) running."""
    out = runs_dir / "build"
    write_site(plan_site(Project(ROOT)), out)
    server = make_server(out, "127.0.0.1", 0, "/plauder/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    backend = FaultServer().start()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.context.add_init_script(OBSERVE)
        page.goto(server.url)
        page.locator(READY).wait_for(state="attached", timeout=60_000)
        wait_for_renderer(page)
        add_backend(page, "other", f"{backend.url}/v1")
        close_settings(page)
        choose_model(page, model)
        yield page, backend
        browser.close()
    backend.close()
    server.shutdown()


def settled_longest(page: Page, since: float) -> float:
    """Once every answer is rendered and the page has been still for SETTLE_MS: the longest task since `since`."""
    page.wait_for_function(RENDERED, timeout=RENDER_TIMEOUT_MS, polling=200)
    page.wait_for_timeout(SETTLE_MS)
    return float(page.evaluate(LONGEST_SINCE, since))


def stream_end(page: Page, backend: FaultServer, title: str, text: str) -> float:
    """Stream `text` as the answer in a new conversation titled `title`; the longest task after its end."""
    page.locator("#new-chat").click()
    backend.queue_answer(text, token_chars=2000, interval=0.02)
    send(page, title)
    wait_for_answer(page)
    return settled_longest(page, float(page.evaluate("window.__streamEnds.at(-1)")))


def reopen(page: Page, title: str) -> float:
    """Open the conversation titled `title`; the longest task from the click on."""
    clicked = float(page.evaluate("performance.now()"))
    page.locator("#conversations button.conversation", has_text=title).click()
    expect(page.locator("#chat-title")).to_have_text(title)
    return settled_longest(page, clicked)


def one_run(page: Page, backend: FaultServer, run: int, names: list[str]) -> dict[str, tuple[float, float]]:
    """Each payload streamed in its own conversation, then, after a reload with none open, each reopened."""
    titles = {name: f"run {run} case {number}" for number, name in enumerate(names, start=1)}
    ends = {name: stream_end(page, backend, titles[name], PAYLOADS[name]) for name in names}
    page.locator("#new-chat").click()
    page.wait_for_timeout(SETTLE_MS)  # the first-paint copy then holds no conversation: the start opens none
    page.reload()
    page.locator(READY).wait_for(state="attached", timeout=60_000)
    wait_for_renderer(page)
    return {name: (ends[name], reopen(page, titles[name])) for name in names}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--payload", action="append", choices=list(PAYLOADS), help="only these (default: all)")
    args = parser.parse_args()
    names = args.payload or list(PAYLOADS)
    with tempfile.TemporaryDirectory() as temp, app_page(Path(temp)) as (page, backend):
        results = [one_run(page, backend, run, names) for run in range(1, args.runs + 1)]

    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"long-task benchmark: medians of {args.runs} runs, headless chromium, load average {load}")
    print(f"  {'payload':<32} {'end':>8} {'/100ms':>7} {'reopen':>8} {'/100ms':>7}")
    for name in names:
        end = statistics.median(result[name][0] for result in results)
        opened = statistics.median(result[name][1] for result in results)
        print(f"  {name:<32} {end:>5.0f} ms {end / TARGET_MS:>6.2f}x {opened:>5.0f} ms {opened / TARGET_MS:>6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
