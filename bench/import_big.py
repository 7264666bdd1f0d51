#!/usr/bin/env python3
"""Importing a large Plauder export in the browser (issue 15): the time from the pick until the page says what the
file holds, then from "Add to my data" until it is stored, and the longest main-thread task during each, for files
of about 50 and 180 MB (the limit is 200 MB).

    .venv/bin/python bench/import_big.py [--runs 1] [--mb 50 180]

The file is text only: conversations of 40 messages of about 2 KB each (some with characters beyond Latin-1, as
real chats have), made here with core's own export. The page holds it as a File before the timing starts
(bench/exchange_pictures.py's steps). The target is no task over 100 ms; the figures list the longest tasks
(ms) so a regression shows which step it is. Medians of --runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import Browser, sync_playwright

from bench.attachments import OBSERVE, SETTLE_MS, TARGET_MS, served
from bench.exchange_pictures import LOAD, PICK, T0, step, until
from plauder.core.exchange import Snapshot, export_json
from plauder.core.records import Conversation, Message, Role
from tests.chromium import launch

MESSAGES = 40
WORDS = ("Plauder", "reads", "the", "file", "in", "steps", "so", "nothing", "freezes", "Bäume", "über", "naïve")
# The longest tasks since a moment, longest first.
LONGEST = """(since) => window.__longTasks.filter(([start, duration]) => start + duration >= since)
  .map(([, duration]) => Math.round(duration)).sort((a, b) => b - a).slice(0, 5)"""


def export_file(megabytes: int) -> bytes:
    """A Plauder export of about `megabytes` MB: conversations of MESSAGES messages of about 2 KB."""
    text = " ".join(WORDS[(i * 7) % len(WORDS)] for i in range(300))
    per_conversation = MESSAGES * (len(text) + 250)
    conversations, messages = [], []
    for c in range(megabytes * 1_000_000 // per_conversation):
        for m in range(MESSAGES):
            parent = f"c{c}m{m - 1}" if m else None
            role = Role.USER if m % 2 == 0 else Role.ASSISTANT
            content = f"{m}: {text}" + (" … → ✓" if m % 5 == 0 else "")
            messages.append(Message(f"c{c}m{m}", f"c{c}", parent, role, content, T0 + c * 100 + m))
        conversations.append(Conversation(f"c{c}", f"Chat {c}", T0 + c * 100, T0, current_leaf=f"c{c}m{MESSAGES - 1}"))
    snapshot = Snapshot(conversations=tuple(conversations), messages=tuple(messages))
    return export_json(snapshot, include_keys=False, exported_at_ms=T0).encode()


def one_run(browser: Browser, url: str, name: str) -> dict[str, float]:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(OBSERVE)
    page.goto(url)
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    page.evaluate(LOAD, name)
    page.locator("#open-settings").click()
    page.wait_for_timeout(SETTLE_MS)
    started = float(page.evaluate(PICK))
    read, task = step(page, started, until(page, "#import-found", "Found"))
    tasks = page.evaluate(LONGEST, started)
    found = page.locator("#import-found").text_content() or ""
    adding = float(page.evaluate("performance.now()"))
    page.locator("#import-merge").click()
    added, add_task = step(page, adding, until(page, "#exchange-status", "Imported"))
    add_tasks = page.evaluate(LONGEST, adding)
    context.close()
    return {
        "read": read,
        "task": task,
        "tasks": tasks,
        "found": found,
        "add": added,
        "add task": add_task,
        "add tasks": add_tasks,
    }  # type: ignore[dict-item]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--mb", type=int, nargs="+", default=[50, 180])
    args = parser.parse_args()
    files = {f"export-{mb}.json": export_file(mb) for mb in args.mb}
    with served(files) as (url, _build), sync_playwright() as playwright:
        browser = launch(playwright)
        runs = {name: [one_run(browser, url, name) for _ in range(args.runs)] for name in files}
        browser.close()
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"importing a large Plauder export: medians of {args.runs} runs, headless chromium, load average {load}")
    print(f"  {'file':>8} {'step':>5} {'time':>9} {'longest task':>13} {'/100ms':>7}  longest tasks (ms)")
    for name, results in runs.items():
        size = f"{len(files[name]) / 1e6:.0f} MB"
        for label, time_key, task_key, tasks_key in (
            ("read", "read", "task", "tasks"),
            ("add", "add", "add task", "add tasks"),
        ):
            took = statistics.median(float(run[time_key]) for run in results)
            task = statistics.median(float(run[task_key]) for run in results)
            print(
                f"  {size:>8} {label:>5} {took:>6.0f} ms {task:>10.0f} ms {task / TARGET_MS:>6.2f}x  "
                f"{results[-1][tasks_key]}"
            )
        print(f"           {' '.join(str(results[-1]['found']).split())[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
