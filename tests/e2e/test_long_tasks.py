"""The answers that once froze the page leave no long task when their stream ends or their conversation
is opened from the history: a long-task observer runs from page start, and no task that ends after the
stream's end (or starts after the click that opens the conversation) may take more than LONG_TASK_MS."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from bench.render_worst import WORST_CASES
from tests.e2e.chat_ui import add_backend, choose_model, close_settings, send, wait_for_answer, wait_for_renderer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer

# Generous for shared machines: the 100 ms goal per task is the benchmarks' (bench/render.py, render_browser.py).
LONG_TASK_MS = 200
PAYLOADS = (
    "math, 900 nested braces",
    "python fence, 200 KB",
    "200 KB of *_ pairs",
    "list of 5,000 items",
    "list items opening $$, 32 KB",
)
RENDER_TIMEOUT_MS = 120_000

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
RENDERED = """() => {
  const answers = document.querySelectorAll('#messages article[data-role="assistant"] .content');
  return answers.length > 0 && [...answers].every((node) => !node.matches(".plain, [aria-busy]"));
}"""


def long_tasks_after(page: Page, since_ms: float) -> list[tuple[float, float]]:
    """Long tasks (start, duration) over LONG_TASK_MS that ended after `since_ms` (page time)."""
    tasks = page.evaluate("window.__longTasks")
    return [(start, duration) for start, duration in tasks if start + duration >= since_ms and duration > LONG_TASK_MS]


@pytest.mark.xfail(
    strict=False,
    reason="open: on a loaded 2-core machine, tasks of 140-380 ms follow the end of the 150 KB list's stream"
    " although every render step the app timed took under 40 ms (bench/render_browser.py: 70 ms at most);"
    " their source is not found yet",
)
def test_worst_answers_end_and_reopen_without_a_long_task(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session = open_session()
    page = session.page
    page.context.add_init_script(OBSERVE)
    session.boot(app_url)
    wait_for_renderer(page)
    add_backend(page, "other", f"{fault_server.url}/v1")
    close_settings(page)
    choose_model(page, "scripted")
    texts = dict(WORST_CASES)
    for number, name in enumerate(PAYLOADS, start=1):
        fault_server.queue_answer(texts[name], token_chars=2000, interval=0.02)
        send(page, name)
        expect(page.locator('#messages article[data-role="assistant"]')).to_have_count(number)
        expect(page.locator("#send")).to_be_visible(timeout=RENDER_TIMEOUT_MS)
        wait_for_answer(page)
        page.wait_for_function(RENDERED, timeout=RENDER_TIMEOUT_MS, polling=200)
        ended = page.evaluate("window.__streamEnds.at(-1)")
        assert long_tasks_after(page, ended) == [], f"{name}: the stream's end"

    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    wait_for_renderer(page)
    opened = page.evaluate("performance.now()")
    page.locator("#conversations button.conversation").first.click()
    expect(page.locator('#messages article[data-role="assistant"]')).to_have_count(len(PAYLOADS))
    page.wait_for_function(RENDERED, timeout=RENDER_TIMEOUT_MS, polling=200)
    assert long_tasks_after(page, opened) == [], "opened from the history"
    assert session.record.page_errors == []
