#!/usr/bin/env python3
"""Boot benchmark: how fast the shell paints and Python becomes ready, against bare Pyodide.

    .venv/bin/python bench/boot.py [--runs 5]

Builds the site, serves it under /plauder/ with the project's server, and measures in
headless Debian chromium (medians of --runs runs):
- first paint of the shell, Python-ready cold (a new browser profile each run) and warm
  (reloads in one profile, so the HTTP cache is warm), and the bytes a cold load transfers;
- the same vendored Pyodide booted bare (`loadPyodide()` and nothing else), cold and warm,
  in the same run, and the ratio of our Python-ready time to it;
- build time, and the build's size raw and as transferred with gzip.
Targets (issue 2, on a 2-core machine): paint <= 300 ms, ready warm <= 1.5 s and cold <= 3.0 s,
ours <= 1.3x bare.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import BrowserContext, sync_playwright

from plauder_build import runtime
from plauder_build.server import make_server
from plauder_build.site import Project, plan_site, write_site
from tests.chromium import launch

BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module" src="./bare.js"></script>"""
BARE_SCRIPT = """import { loadPyodide } from "./{pyodide_mjs}";
await loadPyodide();
performance.mark("plauder:ready");
document.documentElement.dataset.boot = "ready";
"""
READY = "html[data-boot=ready]"
TIMINGS = """() => ({
  ready: performance.getEntriesByName("plauder:ready")[0].startTime,
  paint: (performance.getEntriesByName("first-contentful-paint")[0] || {startTime: NaN}).startTime,
  bytes: [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
           .reduce((sum, entry) => sum + entry.transferSize, 0),
})"""


def load(context: BrowserContext, url: str) -> dict[str, float]:
    page = context.new_page()
    page.goto(url)
    page.locator(READY).wait_for(state="attached", timeout=60_000)
    timings = page.evaluate(TIMINGS)
    page.close()
    return timings


def cold(browser: object, url: str, runs: int) -> list[dict[str, float]]:
    results = []
    for _ in range(runs):
        context = browser.new_context()  # type: ignore[attr-defined]
        results.append(load(context, url))
        context.close()
    return results


def warm(browser: object, url: str, runs: int) -> list[dict[str, float]]:
    context = browser.new_context()  # type: ignore[attr-defined]
    load(context, url)
    results = [load(context, url) for _ in range(runs)]
    context.close()
    return results


def median(results: list[dict[str, float]], key: str) -> float:
    return statistics.median(result[key] for result in results)


def build_figures(project: Project, out: Path, runs: int) -> tuple[float, int, int]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        write_site(plan_site(project), out)
        seconds.append(time.perf_counter() - started)
    files = [p for p in out.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files if p.suffix != ".gz")
    twins = {p.with_suffix("") for p in files if p.suffix == ".gz"}
    gzipped = sum((p.with_name(p.name + ".gz") if p in twins else p).stat().st_size for p in files if p.suffix != ".gz")
    return statistics.median(seconds), raw, gzipped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    project = Project(ROOT)
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "build"
        build_seconds, raw, gzipped = build_figures(project, out, args.runs)
        pyodide_mjs = runtime.pyodide(project.node_modules).url_of("pyodide.mjs")
        (out / "bare.html").write_text(BARE_PAGE)
        (out / "bare.js").write_text(BARE_SCRIPT.replace("{pyodide_mjs}", pyodide_mjs))
        server = make_server(out, "127.0.0.1", 0, "/plauder/")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = launch(playwright)
            ours_cold = cold(browser, server.url, args.runs)
            ours_warm = warm(browser, server.url, args.runs)
            bare_cold = cold(browser, server.url + "bare.html", args.runs)
            bare_warm = warm(browser, server.url + "bare.html", args.runs)
            browser.close()
        server.shutdown()

    rows = [
        ("first paint of the shell (cold)", f"{median(ours_cold, 'paint'):.0f} ms", "<= 300 ms"),
        ("Python-ready, cold", f"{median(ours_cold, 'ready'):.0f} ms", "<= 3000 ms"),
        ("Python-ready, warm", f"{median(ours_warm, 'ready'):.0f} ms", "<= 1500 ms"),
        ("bare loadPyodide(), cold", f"{median(bare_cold, 'ready'):.0f} ms", ""),
        ("bare loadPyodide(), warm", f"{median(bare_warm, 'ready'):.0f} ms", ""),
        ("ours / bare, cold", f"{median(ours_cold, 'ready') / median(bare_cold, 'ready'):.2f}x", "<= 1.3x"),
        ("ours / bare, warm", f"{median(ours_warm, 'ready') / median(bare_warm, 'ready'):.2f}x", "<= 1.3x"),
        ("bytes transferred, cold", f"{median(ours_cold, 'bytes') / 1e6:.2f} MB", ""),
        ("bytes transferred, warm", f"{median(ours_warm, 'bytes') / 1e6:.3f} MB", ""),
        ("build time", f"{build_seconds:.2f} s", ""),
        ("build size, raw", f"{raw / 1e6:.2f} MB", ""),
        ("build size, as sent with gzip", f"{gzipped / 1e6:.2f} MB", ""),
    ]
    print(f"boot benchmark: medians of {args.runs} runs, headless chromium, site served under /plauder/")
    for name, value, target in rows:
        print(f"  {name:<34} {value:>10}   {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
