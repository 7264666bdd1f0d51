#!/usr/bin/env python3
"""What DOMPurify would cost as a second gate behind `plauder.render.sanitize`, in headless chromium.

    .venv/bin/python bench/sanitize_browser.py [--runs 30]

Renders typical answers (bench/render_sample.py) to about 1 KB, 20 KB and 150 KB of HTML under CPython,
then times in the browser, medians of --runs: `DOMPurify.sanitize` with our allowlist (tags, attributes,
http(s)/mailto links), the `innerHTML` assignment the app does anyway, and our own `sanitize` under CPython
for scale (Pyodide is several times slower). DOMPurify comes from node_modules (a devDependency, pinned).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import sync_playwright

from bench.render_sample import sample_answer
from plauder.render import RenderLabels, render, sanitize
from plauder.render.sanitize import ATTRIBUTES
from tests.chromium import launch

PURIFY = ROOT / "node_modules" / "dompurify" / "dist" / "purify.min.js"
SIZES = (1_000, 20_000, 150_000)
LABELS = RenderLabels(copy="Copy", remote_image="Image from {host}")
TIMED = """([html, config, runs]) => {
  const box = document.createElement("div");
  document.body.append(box);
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const purify = [], assign = [];
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    DOMPurify.sanitize(html, config);
    purify.push(performance.now() - started);
    started = performance.now();
    box.innerHTML = html;
    box.offsetHeight;  // the layout the app's assignment causes too
    assign.push(performance.now() - started);
  }
  return { purify: median(purify), assign: median(assign), same: DOMPurify.sanitize(html, config) === box.innerHTML };
}"""


def html_of_size(size: int) -> str:
    """The rendered HTML of a sample answer, grown until it holds about `size` characters."""
    tokens = 50
    while len(html := render(sample_answer(tokens), LABELS)) < size:
        tokens = int(tokens * 1.3) + 1
    return html


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    config = {
        "ALLOWED_TAGS": sorted(ATTRIBUTES),
        "ALLOWED_ATTR": sorted({"class", *(name for names in ATTRIBUTES.values() for name in names)}),
        "ALLOWED_URI_REGEXP": r"^(?:https?:|mailto:)",
    }
    print(
        f"DOMPurify {json.loads((PURIFY.parents[1] / 'package.json').read_text())['version']}:"
        f" {PURIFY.stat().st_size:,} bytes minified"
    )
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.set_content("<!doctype html><body></body>")
        page.add_script_tag(path=str(PURIFY))
        for size in SIZES:
            html = html_of_size(size)
            started = time.perf_counter()
            for _ in range(args.runs):
                sanitize(html)
            ours = (time.perf_counter() - started) * 1000 / args.runs
            result = page.evaluate(TIMED, [html, config, args.runs])
            print(
                f"  {len(html):>8,} chars of HTML: DOMPurify {result['purify']:6.2f} ms, innerHTML + layout"
                f" {result['assign']:6.2f} ms, our sanitize (CPython) {ours:6.2f} ms; unchanged by DOMPurify: {result['same']}"
            )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
