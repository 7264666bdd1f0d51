#!/usr/bin/env python3
"""Export benchmark: "Export all" of a big history, in headless chromium.

    .venv/bin/python bench/export.py [--runs 3]

Seeds IndexedDB with bench/scale.py's history (1,001 conversations, 20,700 messages), then per run
(medians of --runs) presses Settings > Export all and measures:
- from the click to the file handed to the browser's download;
- the longest main-thread task meanwhile (long-task observer, bench/attachments.OBSERVE);
- the file's size.
Target (the rule that nothing blocks the page for more than 100 ms): longest task <= 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import Page, sync_playwright

from bench.attachments import OBSERVE
from bench.scale import SEED, seed_data
from plauder_build.server import make_server
from plauder_build.site import Project, plan_site, write_site
from tests.chromium import launch

READY = "html[data-boot=ready]"
SETTLE_MS = 8000  # after a start: the search index and the renderer are built in the background
LONGEST_SINCE = """(since) => Math.max(0, ...window.__longTasks
  .filter(([start, duration]) => start + duration >= since).map(([, duration]) => duration))"""


def export_once(page: Page) -> tuple[float, float, int]:
    """(ms from the click to the download, the longest task meanwhile, the file's bytes)."""
    page.locator("#open-settings").click()
    since = float(page.evaluate("performance.now()"))
    with page.expect_download(timeout=300_000) as download:
        page.locator("#export-all").click()
    took = float(page.evaluate("performance.now()")) - since
    page.wait_for_timeout(500)  # a task still running when the download began is counted whole
    longest = float(page.evaluate(LONGEST_SINCE, since))
    size = Path(download.value.path()).stat().st_size
    page.keyboard.press("Escape")
    return took, longest, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    conversations, messages = seed_data()
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "build"
        write_site(plan_site(Project(ROOT)), out)
        server = make_server(out, "127.0.0.1", 0, "/plauder/")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_context(accept_downloads=True).new_page()
            page.add_init_script(script=OBSERVE)
            page.goto(server.url)
            page.locator(READY).wait_for(state="attached", timeout=120_000)
            page.evaluate(SEED, {"conversations": conversations, "messages": messages})
            page.reload()
            page.locator(READY).wait_for(state="attached", timeout=120_000)
            page.wait_for_timeout(SETTLE_MS)
            results = [export_once(page) for _ in range(args.runs)]
            browser.close()
        server.shutdown()

    print(f"export benchmark: {len(messages):,} messages, medians of {args.runs} runs, headless chromium")
    rows = [
        ("click to download", f"{statistics.median(r[0] for r in results):.0f} ms", ""),
        ("longest main-thread task", f"{statistics.median(r[1] for r in results):.0f} ms", "<= 100 ms"),
        ("file size", f"{statistics.median(r[2] for r in results) / 1e6:.1f} MB", ""),
    ]
    for name, value, target in rows:
        print(f"  {name:<28} {value:>10}   {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
