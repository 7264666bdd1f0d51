#!/usr/bin/env python3
"""Boot benchmark: how fast the shell paints and Python becomes ready, against bare Pyodide.

    .venv/bin/python bench/boot.py [--runs 5]

Builds the site, serves it under /plauder/ with the project's server, and measures in
headless Debian chromium (medians of --runs runs; ours and bare are loaded in turns, so that a
machine busy with other work weighs on both alike):
- first paint of the shell, Python-ready cold (a new browser profile each run) and warm
  (loads in one profile, so the HTTP cache is warm, each after its service worker was stopped, as
  Chromium stops it when idle): warm from the start-up snapshot (the
  profile keeps the one made after its first start) and warm without one (deleted after each
  load), and the bytes a cold load transfers;
- the same vendored Pyodide booted bare (`loadPyodide()` and nothing else), cold and warm,
  in the same run, and the ratio of our Python-ready time to it;
- when a warm start has painted the user's past conversations (12 stored, one open) from the copy the
  app keeps (web/first_paint.py), before Python is ready;
- the floor of a warm start from the snapshot: a page of the same profile that reads the snapshot and
  restores Python from it, nothing else (what Pyodide itself needs, before PyScript and the app);
- the snapshot: its size, the time its worker took to make it and to write it, and the part of
  a warm start spent restoring it;
- where warm (from the snapshot) and cold starts spend their time, stage by stage, from the
  performance marks the page sets (STAGES);
- the longest main-thread task from Python-ready until the answer renderer is in (its wheels installed and
  its modules imported, web/import_slices.py), warm and cold;
- build time, and the build's size raw and as transferred with gzip.
Targets (issues 2 and 18, on a 2-core machine): paint <= 300 ms, ready cold <= 3.0 s and
<= 1.3x bare, ready warm from the snapshot <= 600 ms and <= 0.35x bare, past conversations painted
warm <= 250 ms.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import Browser, BrowserContext, sync_playwright

from bench.attachments import OBSERVE
from bench.scale import SEED, conversation_records
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
# The floor of a warm start from the snapshot: a page that reads the snapshot the app stored and restores
# Python from it, and nothing else (no PyScript, no app files, no check of its hash).
RESTORE_SCRIPT = """import { loadPyodide } from "./{pyodide_mjs}";
const record = await new Promise((resolve, reject) => {
  const opening = indexedDB.open("plauder-snapshots", 1);
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const reading = opening.result.transaction("snapshots").objectStore("snapshots").get({scope});
    reading.onsuccess = () => resolve(reading.result);
  };
});
const bytes = new Uint8Array(await record.contents.arrayBuffer());
const python = await loadPyodide({ _loadSnapshot: bytes.subarray(0, record.snapshotSize), stdLibURL: "./{stdlib}" });
performance.mark("plauder:ready");
document.documentElement.dataset.boot = python.runPython("1 + 1") === 2 ? "ready" : "wrong";
"""
READY = "html[data-boot=ready]"
PAST_CONVERSATIONS = 12
SNAPSHOT_SAVED = "html[data-snapshot-save=made], html[data-snapshot-save=failed]"
TIMINGS = """() => ({
  ready: performance.getEntriesByName("plauder:ready")[0].startTime,
  paint: (performance.getEntriesByName("first-contentful-paint")[0] || {startTime: NaN}).startTime,
  bytes: [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
           .reduce((sum, entry) => sum + entry.transferSize, 0),
  snapshot: document.documentElement.dataset.snapshot || "",
  restore: (performance.getEntriesByName("plauder:snapshot-restore")[0] || {duration: NaN}).duration,
  past: (performance.getEntriesByName("plauder:first-paint")[0] || {startTime: NaN}).startTime,
  marks: Object.fromEntries(performance.getEntriesByType("mark").map((mark) => [mark.name, mark.startTime])),
})"""
# Where a start spends its time: from the mark before (the navigation for the first) to each of these.
STAGES = (
    ("PyScript loaded (start.js ran)", "plauder:pyscript-loaded"),
    ("PyScript asks for Python", "plauder:python-load"),
    ("Python started (restored or not)", "plauder:python-started"),
    ("PyScript's hooks ready", "plauder:pyscript-ready"),
    ("import pyscript, then main() runs", "plauder:app-start"),
    ("settings and list read", "plauder:stored-read"),
    ("shell drawn", "plauder:drawn"),
    ("ready", "plauder:ready"),
)
SNAPSHOT_FIGURES = """() => {
  const [make] = performance.getEntriesByName("plauder:snapshot-make");
  const [write] = performance.getEntriesByName("plauder:snapshot-write");
  return {bytes: make.detail.bytes, make: make.duration, write: write.duration};
}"""
DELETE_SNAPSHOTS = """() => new Promise((resolve) => {
  const deleting = indexedDB.deleteDatabase("plauder-snapshots");
  deleting.onsuccess = deleting.onerror = deleting.onblocked = () => resolve();
})"""
# The tasks that start after Python-ready (the one that sets it ends after it, and is the start's own).
LONGEST_AFTER_READY = """() => Math.max(0, ...window.__longTasks
  .filter(([start]) => start >= performance.getEntriesByName("plauder:ready")[0].startTime)
  .map(([, duration]) => duration))"""
RENDERER_IN = "html[data-renderer=ready]"
SETTLE_MS = 500  # after the renderer is in, the thread is drawn with it
WORKERS_STOP_MS = 300  # before a load: the stopped service worker's thread is gone
Timings = dict[str, Any]


def load(context: BrowserContext, url: str, then: str = "", renderer: bool = False) -> Timings:
    """Open `url` in a new tab of `context`, wait for Python-ready, read the timings, run `then`. With `renderer`,
    wait until the answer renderer is in, and add the longest task from Python-ready until then.

    The profile's service worker is stopped first, as Chromium stops it 30 s after its last use: a user who
    opens Plauder again has not had it open a moment before."""
    page = context.new_page()
    workers = context.new_cdp_session(page)
    workers.send("ServiceWorker.enable")
    workers.send("ServiceWorker.stopAllWorkers")
    workers.detach()
    page.wait_for_timeout(WORKERS_STOP_MS)
    if renderer:
        page.add_init_script(script=OBSERVE)
    page.goto(url)
    page.locator(READY).wait_for(state="attached", timeout=120_000)
    timings: Timings = page.evaluate(TIMINGS)
    if renderer:
        page.locator(RENDERER_IN).wait_for(state="attached", timeout=120_000)
        page.wait_for_timeout(SETTLE_MS)
        timings["after_ready"] = page.evaluate(LONGEST_AFTER_READY)
    if then:
        page.evaluate(then)
    page.close()
    return timings


def first_start_with_snapshot(context: BrowserContext, url: str) -> Timings:
    """A first start in `context`, left open until its snapshot is made; the snapshot's figures."""
    page = context.new_page()
    page.goto(url)
    page.locator(SNAPSHOT_SAVED).wait_for(state="attached", timeout=180_000)
    assert page.evaluate("document.documentElement.dataset.snapshotSave") == "made", "no snapshot was made"
    figures: Timings = page.evaluate(SNAPSHOT_FIGURES)
    page.close()
    return figures


def seed_past_conversations(context: BrowserContext, url: str) -> None:
    """Twelve stored conversations (the issue's case), one of them left open: what a warm start paints first."""
    rng = random.Random(18)
    records = [conversation_records(number, 6, rng, branched=False) for number in range(PAST_CONVERSATIONS)]
    page = context.new_page()
    page.goto(url)
    page.locator(READY).wait_for(state="attached", timeout=120_000)
    page.evaluate(SEED, {"conversations": [c for c, _ in records], "messages": [m for _, ms in records for m in ms]})
    page.reload()
    page.locator(READY).wait_for(state="attached", timeout=120_000)
    page.locator("#conversations button.conversation").first.click()
    page.locator("#messages article").first.wait_for()
    page.close()  # the page keeps what it shows as it goes


def cold(browser: Browser, ours: str, bare: str, runs: int) -> tuple[list[Timings], list[Timings]]:
    """Each run in new profiles: ours, then bare."""
    results: tuple[list[Timings], list[Timings]] = ([], [])
    for _ in range(runs):
        for url, into in zip((ours, bare), results, strict=True):
            context = browser.new_context()
            into.append(load(context, url, renderer=url == ours))
            context.close()
    return results


Reloads = list[Timings]


def warm(
    browser: Browser, ours: str, bare: str, restore: str, runs: int
) -> tuple[Timings, Reloads, Reloads, Reloads, Reloads]:
    """Reloads in three primed profiles, in turns: ours from the snapshot, the bare restore of that snapshot, ours
    without one, bare.

    Returns the snapshot's figures, then the timings of each kind of reload."""
    with_snapshot, without_snapshot, bare_profile = (browser.new_context() for _ in range(3))
    snapshot = first_start_with_snapshot(with_snapshot, ours)
    seed_past_conversations(with_snapshot, ours)
    load(without_snapshot, ours, then=DELETE_SNAPSHOTS)
    load(bare_profile, bare)
    results: tuple[Reloads, Reloads, Reloads, Reloads] = ([], [], [], [])
    for _ in range(runs):
        results[0].append(load(with_snapshot, ours, renderer=True))
        results[1].append(load(with_snapshot, restore))
        results[2].append(load(without_snapshot, ours, then=DELETE_SNAPSHOTS))
        results[3].append(load(bare_profile, bare))
    for context in (with_snapshot, without_snapshot, bare_profile):
        context.close()
    return (snapshot, *results)


def median(results: list[Timings], key: str) -> float:
    return statistics.median(result[key] for result in results)


def stage_rows(results: list[Timings], kind: str) -> list[tuple[str, str, str]]:
    """The median time of each start stage in `results`, from the stage before."""
    rows = []
    before = ""
    for name, mark in STAGES:
        spans = [r["marks"][mark] - (r["marks"][before] if before else 0) for r in results]
        rows.append((f"  {kind}: {name}", f"{statistics.median(spans):.0f} ms", ""))
        before = mark
    return rows


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
        vendored = runtime.pyodide(project.node_modules)
        pyodide_mjs = vendored.url_of("pyodide.mjs")
        # Bare Pyodide loads the standard library Pyodide ships; the floor restores the app's snapshot, which was
        # made with the build's compiled copy (plauder_build/bytecode.py).
        stdlib = next(out.glob("vendor/pyodide-*/python_stdlib.*.zip")).relative_to(out).as_posix()
        shutil.copyfile(
            project.node_modules / "pyodide" / "python_stdlib.zip", out / vendored.url_of("python_stdlib.zip")
        )
        (out / "bare.html").write_text(BARE_PAGE)
        (out / "bare.js").write_text(BARE_SCRIPT.replace("{pyodide_mjs}", pyodide_mjs))
        (out / "restore.html").write_text(BARE_PAGE.replace("./bare.js", "./restore.js"))
        restore_script = (
            RESTORE_SCRIPT.replace("{pyodide_mjs}", pyodide_mjs)
            .replace("{scope}", '"/plauder/"')
            .replace("{stdlib}", stdlib)
        )
        (out / "restore.js").write_text(restore_script)
        server = make_server(out, "127.0.0.1", 0, "/plauder/")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = launch(playwright)
            ours, bare = server.url, server.url + "bare.html"
            ours_cold, bare_cold = cold(browser, ours, bare, args.runs)
            warm_results = warm(browser, ours, bare, server.url + "restore.html", args.runs)
            snapshot, ours_warm, restore_warm, ours_warm_plain, bare_warm = warm_results
            browser.close()
        server.shutdown()

    restored = [result["snapshot"] for result in ours_warm]
    assert set(restored) == {"restored"}, f"warm starts that did not restore the snapshot: {restored}"
    cold_ready, bare_cold_ready = median(ours_cold, "ready"), median(bare_cold, "ready")
    warm_ready, floor, plain_ready, bare_warm_ready = (
        median(r, "ready") for r in (ours_warm, restore_warm, ours_warm_plain, bare_warm)
    )
    rows = [
        ("first paint of the shell (cold)", f"{median(ours_cold, 'paint'):.0f} ms", "<= 300 ms"),
        ("Python-ready, cold", f"{cold_ready:.0f} ms", "<= 3000 ms"),
        ("Python-ready, warm (snapshot)", f"{warm_ready:.0f} ms", "<= 600 ms"),
        ("  its floor: a page that only restores it", f"{floor:.0f} ms", ""),
        ("past conversations painted, warm", f"{median(ours_warm, 'past'):.0f} ms", "<= 250 ms"),
        ("Python-ready, warm (no snapshot)", f"{plain_ready:.0f} ms", ""),
        ("bare loadPyodide(), cold", f"{bare_cold_ready:.0f} ms", ""),
        ("bare loadPyodide(), warm", f"{bare_warm_ready:.0f} ms", ""),
        ("ours / bare, cold", f"{cold_ready / bare_cold_ready:.2f}x", "<= 1.3x"),
        ("ours / bare, warm (snapshot)", f"{warm_ready / bare_warm_ready:.2f}x", "<= 0.35x"),
        ("  the floor / bare", f"{floor / bare_warm_ready:.2f}x", ""),
        ("ours / bare, warm (no snapshot)", f"{plain_ready / bare_warm_ready:.2f}x", ""),
        ("longest task, ready to renderer in, warm", f"{median(ours_warm, 'after_ready'):.0f} ms", "<= 100 ms"),
        ("longest task, ready to renderer in, cold", f"{median(ours_cold, 'after_ready'):.0f} ms", "<= 100 ms"),
        ("snapshot restore, part of warm", f"{median(ours_warm, 'restore'):.0f} ms", ""),
        *stage_rows(ours_warm, "warm"),
        *stage_rows(ours_cold, "cold"),
        ("snapshot size", f"{snapshot['bytes'] / 1e6:.1f} MB", ""),
        ("snapshot made (in its worker)", f"{snapshot['make']:.0f} ms", ""),
        ("snapshot written (in its worker)", f"{snapshot['write']:.0f} ms", ""),
        ("bytes transferred, cold", f"{median(ours_cold, 'bytes') / 1e6:.2f} MB", ""),
        ("bytes transferred, warm", f"{median(ours_warm, 'bytes') / 1e6:.3f} MB", ""),
        ("build time", f"{build_seconds:.2f} s", ""),
        ("build size, raw", f"{raw / 1e6:.2f} MB", ""),
        ("build size, as sent with gzip", f"{gzipped / 1e6:.2f} MB", ""),
    ]
    print(f"boot benchmark: medians of {args.runs} runs, headless chromium, site served under /plauder/")
    for name, value, target in rows:
        print(f"  {name:<44} {value:>10}   {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
