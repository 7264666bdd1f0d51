#!/usr/bin/env python3
"""Scale benchmark: Plauder with a big history, in headless chromium.

    .venv/bin/python bench/scale.py [--runs 5]

Seeds IndexedDB with 1,000 conversations of 20 messages (20,000 messages of 50 to 800 characters,
every fifth conversation with a regenerated answer, so branched) plus one conversation of 500
messages, and measures (medians of --runs):
- boot to a listed sidebar (Python ready; the sidebar is drawn before that), seeded against empty,
  warm HTTP cache both;
- opening the 500-message conversation: click to its thread drawn;
- a full-text search: when the index, built in the background after the start, is ready; then
  queries (input to results);
- the JS heap after boot (Chromium's JSHeapUsedSize; Pyodide's WebAssembly memory is not in it).
Targets (issue 4): boot at most 300 ms more than empty; opening at most 200 ms; query median at most 150 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from playwright.sync_api import BrowserContext, Page, sync_playwright

from plauder.core.records import Conversation, Message, Role
from plauder_build.server import make_server
from plauder_build.site import Project, plan_site, write_site
from tests.chromium import launch

READY = "html[data-boot=ready]"
_VOCABULARY = """
the model answers questions about databases invoices travel plans code reviews recipes contracts and
meeting notes while the team compares options measures latency and writes summaries for the weekly
report Straße Übersicht naïve café résumé
"""
WORDS = tuple(_VOCABULARY.split())
QUERIES = ("invoices latency", "weekly report", "strasse", "cafe summaries", "contracts", "zebra", "code reviews plans")

SEED = """async ({conversations, messages}) => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open("plauder"); r.onsuccess = () => ok(r.result);
                                             r.onerror = () => no(r.error); });
  const transaction = db.transaction(["conversations", "messages"], "readwrite");
  for (const record of conversations) transaction.objectStore("conversations").put(record);
  for (const record of messages) transaction.objectStore("messages").put(record);
  await new Promise((ok, no) => { transaction.oncomplete = ok; transaction.onerror = () => no(transaction.error); });
  db.close();
}"""

OPEN_CONVERSATION = """async (id) => {
  const box = document.getElementById("messages");
  const started = performance.now();
  document.querySelector(`#conversations button.conversation[data-id="${id}"]`).click();
  await new Promise((ok) => {
    const done = () => box.querySelectorAll("article").length >= 500;
    if (done()) return ok();
    new MutationObserver((_, observer) => { if (done()) { observer.disconnect(); ok(); } })
      .observe(box, { childList: true });
  });
  return performance.now() - started;
}"""

SEARCH_READY = """async () => {
  const built = () => performance.getEntriesByName("plauder:search-ready");
  await new Promise((ok) => { const poll = () => built().length ? ok() : setTimeout(poll, 10); poll(); });
  return built()[0].startTime - performance.getEntriesByName("plauder:ready")[0].startTime;
}"""

QUERY = """(text) => {
  const input = document.getElementById("search-input");
  input.value = text;
  const started = performance.now();
  input.dispatchEvent(new Event("input"));  // Python's handler runs inside the dispatch and draws the results
  return [performance.now() - started, document.querySelectorAll("#search-results button.hit").length];
}"""


def text(rng: random.Random) -> str:
    length = rng.randint(50, 800)
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words)[:length]


def conversation_records(number: int, messages: int, rng: random.Random, branched: bool) -> tuple[dict, list[dict]]:
    cid = f"bench-{number:05d}"
    now = 1_700_000_000_000 + number * 60_000.0
    records, parent = [], None
    for index in range(messages):
        role = Role.USER if index % 2 == 0 else Role.ASSISTANT
        message = Message(f"{cid}-{index:04d}", cid, parent, role, text(rng), now + index)
        records.append(message)
        parent = message.id
    if branched:  # a regenerated last answer: the first one stays as a sibling
        old = records[-1]
        records.append(Message(f"{cid}-alt", cid, old.parent_id, Role.ASSISTANT, text(rng), now + messages))
    title = records[0].content[:40]
    conversation = Conversation(cid, title, now, now + messages, "bench-backend", "bench-model", current_leaf=parent)
    return conversation.to_record(), [m.to_record() for m in records]


def seed_data() -> tuple[list[dict], list[dict]]:
    rng = random.Random(20261128)
    conversations, messages = [], []
    for number in range(1000):
        conversation, records = conversation_records(number, 20, rng, branched=number % 5 == 0)
        conversations.append(conversation)
        messages.extend(records)
    big, records = conversation_records(1000, 500, rng, branched=False)
    conversations.append(big)
    messages.extend(records)
    return conversations, messages


def booted(context: BrowserContext, url: str) -> tuple[Page, float]:
    page = context.new_page()
    page.goto(url)
    page.locator(READY).wait_for(state="attached", timeout=120_000)
    ready = page.evaluate("performance.getEntriesByName('plauder:ready')[0].startTime")
    return page, ready


def heap_mb(page: Page) -> float:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    cdp.detach()
    return metrics["JSHeapUsedSize"] / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    conversations, messages = seed_data()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "build"
        write_site(plan_site(Project(ROOT)), out)
        server = make_server(out, "127.0.0.1", 0, "/plauder/")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = server.url
        with sync_playwright() as playwright:
            browser = launch(playwright)
            empty, seeded = browser.new_context(), browser.new_context()
            page, _ = booted(seeded, url)  # creates the database with the current schema
            page.evaluate(SEED, {"conversations": conversations, "messages": messages})
            page.close()
            boots: dict[str, list[float]] = {"boot_empty": [], "boot_seeded": []}
            pairs = [("boot_empty", empty), ("boot_seeded", seeded)]
            for run in range(args.runs + 1):  # interleaved in turns, so both see the same machine; run 0 warms
                for key, context in pairs if run % 2 else pairs[::-1]:
                    page, ready = booted(context, url)
                    boots[key].append(ready)
                    page.close()
            results |= {key: statistics.median(times[1:]) for key, times in boots.items()}
            page, _ = booted(empty, url)
            results["heap_empty"] = heap_mb(page)
            empty.close()
            page, _ = booted(seeded, url)
            results["listed"] = page.locator("#conversations button.conversation").count()
            results["heap_seeded"] = heap_mb(page)
            results["index"] = page.evaluate(SEARCH_READY)
            opens = []
            for _ in range(args.runs):
                opens.append(page.evaluate(OPEN_CONVERSATION, "bench-01000"))
                page.locator("#new-chat").click()
            results["open"] = statistics.median(opens)
            page.locator("#open-search").click()
            timings = [page.evaluate(QUERY, query) for query in QUERIES * args.runs]
            results["query"] = statistics.median(ms for ms, _ in timings)
            results["query_max"] = max(ms for ms, _ in timings)
            results["hits"] = {query: hits for query, (_, hits) in zip(QUERIES, timings, strict=False)}
            browser.close()
        server.shutdown()

    extra = results["boot_seeded"] - results["boot_empty"]
    print(f"scale benchmark: {len(conversations)} conversations, {len(messages):,} messages; medians of {args.runs}")
    rows = [
        ("boot to listed sidebar, empty", f"{results['boot_empty']:.0f} ms", ""),
        ("boot to listed sidebar, seeded", f"{results['boot_seeded']:.0f} ms", f"{results['listed']} listed"),
        ("  seeded - empty", f"{extra:+.0f} ms", "<= +300 ms"),
        ("open a 500-message conversation", f"{results['open']:.0f} ms", "<= 200 ms"),
        ("search: index ready after the start", f"{results['index']:.0f} ms", "built in the background, in slices"),
        ("search: query, median", f"{results['query']:.1f} ms", f"<= 150 ms; slowest {results['query_max']:.1f} ms"),
        ("JS heap after boot, empty", f"{results['heap_empty']:.1f} MB", ""),
        ("JS heap after boot, seeded", f"{results['heap_seeded']:.1f} MB", ""),
    ]
    for name, value, note in rows:
        print(f"  {name:<38} {value:>10}   {note}")
    print(f"  hits per query: {results['hits']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
