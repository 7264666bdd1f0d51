#!/usr/bin/env python3
"""Side-by-side benchmark: what three answers streaming at once cost per token, against one.

    .venv/bin/python bench/compare.py [--runs 5]

The test suite's fault server (not the llama.cpp server: its pace is the model's, not the app's) streams
bench/stream.py's 2,000-token answer (`long`: llama.cpp's chunk format, one network write per token, no
pause) to headless Debian chromium. It is added as three backends, so the Compare dialog offers `long`
three times. Per run (medians of --runs), for one stream and for three at once:
- bare: fetches in the page that read the same streams to their end, and nothing else;
- app: from pressing Send to the last answer drawn and stored (one `plauder:answer-done` mark each);
- per token: app time / all tokens streamed, and the app's overhead per token, (app - bare) / all tokens;
- the longest main-thread task during the app's streams (long-task observer).
Three streams share one main thread, so the time per token stays near one stream's when the app's work per
token does not grow with the number of streams: the ratio 3 : 1 says how far it does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import Page, sync_playwright

from bench.attachments import served
from bench.stream import LONGEST_TASK, MODEL, READY, TOKENS, WATCH_LONG_TASKS
from tests.chromium import launch
from tests.e2e.chat_ui import add_backend, choose_model, close_settings, header_action
from tests.e2e.fault_server import FaultServer

STREAMS = 3
BARE_FETCHES = """async ({url, body, count}) => {
  const read = async () => {
    const response = await fetch(url, {method: "POST", headers: {"content-type": "application/json"}, body});
    const reader = response.body.getReader();
    for (;;) if ((await reader.read()).done) return;
  };
  const started = performance.now();
  await Promise.all(Array.from({length: count}, read));
  return performance.now() - started;
}"""
APP_SEND = """({count}) => new Promise((resolve) => {
  const before = performance.getEntriesByName("plauder:answer-done").length;
  const started = performance.now();
  const poll = () => {
    const marks = performance.getEntriesByName("plauder:answer-done");
    if (marks.length >= before + count) resolve({start: started, end: marks[marks.length - 1].startTime});
    else setTimeout(poll, 5);
  };
  document.getElementById("send").click();
  poll();
})"""


def bare_run(page: Page, url: str, count: int) -> float:
    body = json.dumps({"model": MODEL, "messages": [{"role": "user", "content": "Go."}], "stream": True})
    return float(page.evaluate(BARE_FETCHES, {"url": f"{url}/v1/chat/completions", "body": body, "count": count}))


def app_run(page: Page, count: int) -> tuple[float, float]:
    """Milliseconds from Send to the last of `count` answers stored and drawn; and the longest task meanwhile."""
    page.locator("#new-chat").click()
    page.locator("#prompt").fill("Go.")
    span = page.evaluate(APP_SEND, {"count": count})
    answers = page.locator('#messages article[data-role="assistant"] .content').all_inner_texts()
    if len(answers) != count or any(len(text.split()) != TOKENS for text in answers):
        raise RuntimeError(f"expected {count} answers of {TOKENS} words, got {[len(t.split()) for t in answers]}")
    return span["end"] - span["start"], float(page.evaluate(LONGEST_TASK, span))


def compare_all(page: Page) -> None:
    """Check `long` under every backend in the Compare dialog."""
    header_action(page, "#open-compare").click()
    for box in page.locator("#compare-models label", has_text=MODEL).locator("input").all():
        box.check()
    page.locator("#compare-apply").click()


def measure(page: Page, url: str, count: int, runs: int) -> tuple[float, float, float]:
    """Medians of bare and app milliseconds for `count` streams, and the longest task over all runs."""
    bare_run(page, url, count)  # warm-up: connections, JIT
    app_run(page, count)
    bare = [bare_run(page, url, count) for _ in range(runs)]
    app = [app_run(page, count) for _ in range(runs)]
    return statistics.median(bare), statistics.median(ms for ms, _ in app), max(task for _, task in app)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    backend = FaultServer().start()
    with served({}) as (url, _files), sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url)
        page.locator(READY).wait_for(state="attached", timeout=60_000)
        for _ in range(STREAMS):
            add_backend(page, "openai", f"{backend.url}/v1")
        close_settings(page)
        choose_model(page, MODEL)
        page.evaluate(WATCH_LONG_TASKS)
        one = measure(page, backend.url, 1, args.runs)
        compare_all(page)
        three = measure(page, backend.url, STREAMS, args.runs)
        browser.close()
    backend.close()

    print(
        f"side-by-side benchmark: {TOKENS}-token answers, fault server, medians of {args.runs} runs, headless chromium"
    )
    print(f"  {'':<40} {'1 stream':>10} {f'{STREAMS} streams':>10} {'ratio':>7}")
    per_token = [app / (count * TOKENS) for count, (_, app, _) in ((1, one), (STREAMS, three))]
    overhead = [(app - bare) / (count * TOKENS) for count, (bare, app, _) in ((1, one), (STREAMS, three))]
    rows = [
        ("bare fetches read the streams (ms)", one[0], three[0], ".0f"),
        ("app: Send to last answer stored (ms)", one[1], three[1], ".0f"),
        ("app time per token streamed (ms)", per_token[0], per_token[1], ".3f"),
        ("app overhead per token (ms)", overhead[0], overhead[1], ".3f"),
        ("longest main-thread task (ms)", one[2], three[2], ".0f"),
    ]
    for name, single, several, form in rows:
        ratio = f"{several / single:.2f}x" if single else "-"
        print(f"  {name:<40} {single:>10{form}} {several:>10{form}} {ratio:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
