#!/usr/bin/env python3
"""Streaming benchmark: what Plauder adds per token to reading a streamed answer.

    .venv/bin/python bench/stream.py [--runs 5]

The test suite's fault server streams a 2,000-token answer (llama.cpp's chunk format, one
network write per token, no pause) to headless Debian chromium. Per run (medians of --runs):
- bare: a fetch in the page that reads the same stream to its end, and nothing else;
- app: from pressing Send to the answer fully drawn and stored in IndexedDB (the app's
  `plauder:answer-done` mark);
- overhead per token = (app - bare) / 2000, and the longest main-thread task during the app's
  streams (long-task observer).
Targets (issue 3, on a 2-core machine): overhead <= 0.5 ms per token; no task over 50 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import Page

from bench.long_tasks import app_page
from tests.e2e.fault_server import LONG_TOKENS

MODEL = "long"
TOKENS = len(LONG_TOKENS)
BARE_FETCH = """async ({url, body}) => {
  const started = performance.now();
  const response = await fetch(url, {method: "POST", headers: {"content-type": "application/json"}, body});
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    text += decoder.decode(value, {stream: true});
  }
  return {ms: performance.now() - started, chars: text.length};
}"""
APP_SEND = """() => new Promise((resolve) => {
  const before = performance.getEntriesByName("plauder:answer-done").length;
  const started = performance.now();
  const poll = () => {
    const marks = performance.getEntriesByName("plauder:answer-done");
    if (marks.length > before) resolve({start: started, end: marks[marks.length - 1].startTime});
    else setTimeout(poll, 5);
  };
  document.getElementById("send").click();
  poll();
})"""
LONGEST_TASK = """({start, end}) => Math.max(0, ...window.__longTasks
  .filter(([task, duration]) => task + duration >= start && task <= end).map(([, duration]) => duration))"""


def bare_run(page: Page, url: str) -> float:
    body = json.dumps({"model": MODEL, "messages": [{"role": "user", "content": "Go."}], "stream": True})
    result = page.evaluate(BARE_FETCH, {"url": f"{url}/v1/chat/completions", "body": body})
    return float(result["ms"])


def app_run(page: Page) -> tuple[float, float]:
    """Milliseconds from Send to the stored, drawn answer; and the longest task meanwhile."""
    page.locator("#new-chat").click()
    page.locator("#prompt").fill("Go.")
    span = page.evaluate(APP_SEND)
    answer = page.locator('#messages article[data-role="assistant"]').last.locator(".content").inner_text()
    if len(answer.split()) != TOKENS:
        raise RuntimeError(f"the answer holds {len(answer.split())} words, not {TOKENS}")
    return span["end"] - span["start"], float(page.evaluate(LONGEST_TASK, span))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp, app_page(Path(temp), MODEL) as (page, backend):
        bare_run(page, backend.url)  # warm-up: connection, JIT
        app_run(page)
        bare = [bare_run(page, backend.url) for _ in range(args.runs)]
        app = [app_run(page) for _ in range(args.runs)]

    bare_ms = statistics.median(bare)
    app_ms = statistics.median(ms for ms, _ in app)
    longest = max(task for _, task in app)
    rows = [
        ("bare fetch reads the stream", f"{bare_ms:.0f} ms", ""),
        ("app: Send to answer drawn and stored", f"{app_ms:.0f} ms", ""),
        ("app / bare", f"{app_ms / bare_ms:.2f}x", ""),
        ("overhead per token", f"{(app_ms - bare_ms) / TOKENS:.3f} ms", "<= 0.5 ms"),
        ("longest main-thread task (all runs)", f"{longest:.0f} ms", "<= 50 ms"),
    ]
    print(f"stream benchmark: {TOKENS}-token answer, medians of {args.runs} runs, headless chromium")
    for name, value, target in rows:
        print(f"  {name:<38} {value:>10}   {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
