#!/usr/bin/env python3
"""Documents benchmark (issue 15): reading a 100-page text PDF, a 50-page DOCX and a 10,000-row XLSX in the
browser, scaling a 12-megapixel photo down to a vision model's limit, the longest main-thread task while
each is done, and what the feature costs the start.

    .venv/bin/python bench/attachments.py [--runs 3]

The built app runs in headless Debian chromium (2 cores here), served under /plauder/ by the project's own
server. A long-task observer runs from page start. Each run is a fresh page (a cold document worker):
- boot: time to html[data-boot=ready], which of the feature's files (the document worker, its wheels) the
  page fetched before the first attachment (it must be none), and how much of the app wheel the page does
  load at its start is the readers' code (they run only in the worker, but ship in the one app wheel);
- per file, given to the paperclip's input in the order PDF, DOCX, XLSX: the time from the pick to
  its chip (read, in the draft), cold (the first PDF starts the worker's Python and loads pypdf; the XLSX
  loads openpyxl) and warm (the same file again, the worker ready); and the longest main-thread task from
  the pick until the page is still again, against the 100 ms target (0: none over 50 ms, the least the browser
  reports);
- the same for a 4,000 x 3,000 JPEG photo, from the pick until its thumbnail shows, scaled to 2,048 px and
  encoded again (cold: the first picture of the page).
The documents are made here (tests/sample_documents.py), the photo in the page before the runs (a
gradient with grain, JPEG at 92%, about the size a phone's photo has). Medians of --runs.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import Browser, Page, sync_playwright

from plauder_build.server import make_server
from plauder_build.site import Project, plan_site, write_site
from tests.chromium import launch
from tests.e2e.chat_ui import wait_for_renderer
from tests.sample_documents import ledger_xlsx, pdf, prose_pages, report_docx

TARGET_MS = 100
SETTLE_MS = 500
READ_TIMEOUT_MS = 120_000
SAMPLES = (
    ("100-page PDF", "report.pdf", "application/pdf", lambda: pdf(prose_pages(100))),
    ("50-page DOCX", "report.docx", "application/octet-stream", lambda: report_docx(50)),
    ("10,000-row XLSX", "ledger.xlsx", "application/octet-stream", lambda: ledger_xlsx(10_000)),
)
FEATURE_FILES = ("documents-worker", "pypdf-", "openpyxl-", "et_xmlfile-")
PHOTO = ("12-megapixel JPEG", "photo.jpg")

OBSERVE = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
"""
# The moment the file's chip is in the draft, read (a chip being read has no button to open it).
ATTACHED = """(name) => [...document.querySelectorAll('#attachments .chip-open[data-attachment] .chip-name')]
  .some((node) => node.textContent === name) && performance.now()"""
# The moment the picture's thumbnail in the draft has drawn its scaled image.
PICTURED = """() => [...document.querySelectorAll('#attachments .thumb img')]
  .some((image) => image.complete && image.naturalWidth > 0) && performance.now()"""
MAKE_PHOTO = """async (name) => {
  const [width, height] = [4000, 3000];
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d");
  const gradient = context.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, "#2a6f97");
  gradient.addColorStop(0.5, "#e9c46a");
  gradient.addColorStop(1, "#264653");
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height);
  let seed = 18;
  for (let i = 0; i < pixels.data.length; i += 4) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const grain = (seed % 48) - 24;
    for (let channel = 0; channel < 3; channel++) pixels.data[i + channel] += grain;
  }
  context.putImageData(pixels, 0, 0);
  const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.92 });
  (window.__samples ??= {})[name] = new File([blob], name, { type: "image/jpeg" });
  return blob.size;
}"""
LONGEST_SINCE = """(since) => Math.max(0, ...window.__longTasks
  .filter(([start, duration]) => start + duration >= since).map(([, duration]) => duration))"""


# The paperclip's input given a file the page already holds, as the file picker gives it: Playwright's own
# set_input_files delivers the bytes to the page in a task of its own (54 ms for the PDF here), which a
# person picking a file never causes.
LOAD = """async ([name, type]) => {
  const bytes = await (await fetch("./samples/" + name)).arrayBuffer();
  (window.__samples ??= {})[name] = new File([bytes], name, { type });
}"""
PICK = """(name) => {
  const transfer = new DataTransfer();
  transfer.items.add(window.__samples[name]);
  const input = document.getElementById("attach-input");
  const started = performance.now();
  input.files = transfer.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
  return started;
}"""


def readers_in_app_wheel(files: dict[str, bytes]) -> tuple[int, int]:
    """(bytes of the readers' modules, bytes of the whole app wheel), compressed as the page downloads them:
    the readers run only in the worker, but ship in the one app wheel the page loads at its start."""
    name = next(name for name in files if name.startswith("wheels/plauder-"))
    with zipfile.ZipFile(io.BytesIO(files[name])) as wheel:
        readers = [
            info.compress_size
            for info in wheel.infolist()
            if info.filename.startswith("plauder/core/attachments/documents/")
            and not info.filename.endswith("__init__.py")  # what the page itself uses of them
        ]
    return sum(readers), len(files[name])


@contextmanager
def served(samples: dict[str, bytes]) -> Iterator[tuple[str, dict[str, bytes]]]:
    """The build under /plauder/, with the sample files beside it in samples/; and the build's files."""
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "build"
        files = plan_site(Project(ROOT))
        write_site(files, out)
        (out / "samples").mkdir()
        for name, data in samples.items():
            (out / "samples" / name).write_bytes(data)
        server = make_server(out, "127.0.0.1", 0, "/plauder/")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield server.url, files
        finally:
            server.shutdown()


def attach(page: Page, name: str, done_when: str = ATTACHED) -> tuple[float, float]:
    """Pick the file with the paperclip's input; (ms until its chip is there, longest task meanwhile)."""
    started = float(page.evaluate(PICK, name))
    done = float(page.wait_for_function(done_when, arg=name, polling="raf", timeout=READ_TIMEOUT_MS).json_value())
    page.wait_for_timeout(SETTLE_MS)
    refused = page.locator("#attach-refused").text_content() or ""
    assert not refused.strip(), refused
    page.get_by_role("button", name=f"Remove {name}").click()  # the next pick starts from an empty draft
    page.locator("#attachments .chip").first.wait_for(state="detached")
    return done - started, float(page.evaluate(LONGEST_SINCE, started))


def one_run(browser: Browser, url: str) -> dict[str, float]:
    """One fresh page: the start, each document cold then warm, the photo cold then warm."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.add_init_script(OBSERVE)
    page.goto(url)
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    figures = {"ready": float(page.evaluate("performance.now()"))}
    wait_for_renderer(page)
    page.wait_for_timeout(SETTLE_MS)
    figures["feature files before"] = float(sum(any(part in u for part in FEATURE_FILES) for u in fetched))
    for _label, name, mime, _make in SAMPLES:
        page.evaluate(LOAD, [name, mime])
    photo_label, photo = PHOTO
    figures["photo bytes"] = float(page.evaluate(MAKE_PHOTO, photo))
    page.wait_for_timeout(SETTLE_MS)
    for label, name, _mime, _make in SAMPLES:
        figures[f"{label} cold"], figures[f"{label} cold task"] = attach(page, name)
    for label, name, _mime, _make in SAMPLES:
        figures[f"{label} warm"], figures[f"{label} warm task"] = attach(page, name)
    for warmth in ("cold", "warm"):
        figures[f"{photo_label} {warmth}"], figures[f"{photo_label} {warmth} task"] = attach(page, photo, PICTURED)
    figures["feature files after"] = float(sum(any(part in u for part in FEATURE_FILES) for u in fetched))
    context.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = {name: make() for _label, name, _mime, make in SAMPLES}
    with served(files) as (url, build), sync_playwright() as playwright:
        browser = launch(playwright)
        runs = [one_run(browser, url) for _ in range(args.runs)]
        browser.close()

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    readers, wheel = readers_in_app_wheel(build)
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"documents benchmark: medians of {args.runs} runs, headless chromium, load average {load}")
    print(
        f"  start: ready at {median('ready'):.0f} ms; the feature's files fetched before the first attachment: "
        f"{median('feature files before'):.0f} (after reading all three: {median('feature files after'):.0f})"
    )
    print(f"  the readers' modules in the app wheel the page loads: {readers / 1000:.1f} KB of {wheel / 1000:.0f} KB")
    print(f"  {'file':<17} {'size':>9} {'cold':>9} {'warm':>9} {'longest task':>13} {'/100ms':>7}")
    sizes = {label: len(files[name]) for label, name, _mime, _make in SAMPLES} | {PHOTO[0]: median("photo bytes")}
    for label, size in sizes.items():
        longest = max(median(f"{label} cold task"), median(f"{label} warm task"))
        print(
            f"  {label:<17} {size / 1000:>6.0f} KB {median(f'{label} cold'):>6.0f} ms "
            f"{median(f'{label} warm'):>6.0f} ms {longest:>10.0f} ms {longest / TARGET_MS:>6.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
