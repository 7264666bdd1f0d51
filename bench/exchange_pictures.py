#!/usr/bin/env python3
"""Export and import of pictures in the browser (issue 15): an export of 20 pictures of about 2 MB each, chosen
in the import, restored, then exported again; the time of each step and the longest main-thread task meanwhile.

    .venv/bin/python bench/exchange_pictures.py [--runs 3] [--pictures 20]

The built app runs in headless Debian chromium, served under /plauder/ with the file beside it (made here: one
conversation whose questions each carry a PNG of random pixels, which no compression shrinks). The page holds
the file as a File before the timing starts, so Playwright's own transfer of the bytes is not counted. Steps:
- read: from the pick in Settings, Import until the page says what the file holds;
- restore: from the click on Replace everything until the page says it is restored;
- export: from the click on Export everything until the download starts.
A long-task observer runs from page start; the target is no task over 100 ms. Medians of --runs.
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import Browser, Page, sync_playwright

from bench.attachments import LONGEST_SINCE, OBSERVE, SETTLE_MS, TARGET_MS, served
from plauder.core.exchange import Snapshot, export_json
from plauder.core.exchange.picture_files import PictureFile
from plauder.core.records import Conversation, Image, Message, Role
from tests.chromium import launch
from tests.e2e.png import noise_png

T0 = 1_767_225_600_000.0
SIDE = 816  # a noise PNG of 816 x 816 is 2.0 MB
TIMEOUT_MS = 600_000

LOAD = """async (name) => {
  const bytes = await (await fetch("./samples/" + name)).arrayBuffer();
  window.__export = new File([bytes], name, { type: "application/json" });
}"""
PICK = """() => {
  const transfer = new DataTransfer();
  transfer.items.add(window.__export);
  const input = document.getElementById("import-file");
  const started = performance.now();
  input.files = transfer.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
  return started;
}"""
SHOWS = """([selector, text]) => (document.querySelector(selector).textContent.includes(text) && performance.now())"""


def export_file(count: int) -> bytes:
    """A Plauder export of one conversation whose `count` questions each carry one noise PNG."""
    messages, files = [], []
    for index in range(count):
        data = noise_png(SIDE, SIDE, seed=index)
        image = Image(f"i{index}", f"noise-{index}.png", "image/png", SIDE, SIDE, len(data))
        parent = f"m{index - 1}" if index else None
        messages.append(Message(f"m{index}", "c1", parent, Role.USER, f"Picture {index}", T0 + index, images=(image,)))
        files.append(PictureFile(image.id, f"m{index}", "image/png", base64.b64encode(data).decode("ascii")))
    conversation = Conversation("c1", "Pictures", T0, T0 + count, current_leaf=f"m{count - 1}")
    snapshot = Snapshot(conversations=(conversation,), messages=tuple(messages), files=tuple(files))
    return export_json(snapshot, include_keys=False, exported_at_ms=T0).encode()


def until(page: Page, selector: str, text: str) -> float:
    return float(page.wait_for_function(SHOWS, arg=[selector, text], polling="raf", timeout=TIMEOUT_MS).json_value())


def step(page: Page, started: float, done: float) -> tuple[float, float]:
    page.wait_for_timeout(SETTLE_MS)
    return done - started, float(page.evaluate(LONGEST_SINCE, started))


def one_run(browser: Browser, url: str) -> dict[str, float]:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.add_init_script(OBSERVE)
    page.goto(url)
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    page.evaluate(LOAD, "export.json")
    page.locator("#open-settings").click()
    page.wait_for_timeout(SETTLE_MS)
    figures: dict[str, float] = {}
    started = float(page.evaluate(PICK))
    figures["read"], figures["read task"] = step(page, started, until(page, "#import-found", "Found"))
    page.locator("#import-restore").click()
    started = float(page.evaluate("performance.now()"))
    page.locator("#import-restore-apply").click()
    figures["restore"], figures["restore task"] = step(page, started, until(page, "#exchange-status", "Restored"))
    started = float(page.evaluate("performance.now()"))
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.locator("#export-all").click()
    done = float(page.evaluate("performance.now()"))
    figures["exported bytes"] = float(Path(download.value.path()).stat().st_size)
    figures["export"], figures["export task"] = step(page, started, done)
    context.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pictures", type=int, default=20)
    args = parser.parse_args()
    data = export_file(args.pictures)
    with served({"export.json": data}) as (url, _build), sync_playwright() as playwright:
        browser = launch(playwright)
        runs = [one_run(browser, url) for _ in range(args.runs)]
        browser.close()

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"pictures through export and import: medians of {args.runs} runs, headless chromium, load average {load}")
    print(
        f"  the file: {args.pictures} pictures, {len(data) / 1e6:.1f} MB (exported again: {median('exported bytes') / 1e6:.1f} MB)"
    )
    print(f"  {'step':<8} {'time':>9} {'longest task':>13} {'/100ms':>7}")
    for name in ("read", "restore", "export"):
        task = median(f"{name} task")
        print(f"  {name:<8} {median(name):>6.0f} ms {task:>10.0f} ms {task / TARGET_MS:>6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
