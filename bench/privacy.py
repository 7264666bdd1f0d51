#!/usr/bin/env python3
"""Privacy guard benchmark: the time to redact 20 pages (about 10,000 words) of mixed text with findings.

    .venv/bin/python bench/privacy.py [--runs 20] [--words 10000] [--browser]

The text mixes prose, code and Markdown with about one finding per 40 words (email addresses, phone
numbers, IBANs, card numbers, IP addresses, keys, passwords, listed names). Prints the median and
the fastest of --runs under CPython, and with --browser the same in Pyodide in headless chromium
(the app's own wheel, loaded the way bench/render_browser.py loads it). Target (issue 16): <= 50 ms
in the browser.

Under CPython it also times what a turn with an external backend adds: building the redacted request
(listed names included) for a history of 20 messages (HISTORY_WORDS words each, the same mix) with
the mapping the earlier turns stored (every turn but the first) and with none (the first turn); and
restoring a streamed answer that echoes placeholders, chunk by chunk, as the shell does (RestoredAnswer:
only what is new at each chunk).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from plauder.core.privacy import Redactions, redact
from plauder.core.privacy.outgoing import RestoredAnswer, outgoing
from plauder.core.privacy.policy import Guard
from plauder.core.records import Conversation, Message, MessageStatus, Role

TARGET_MS = 50.0
HISTORY_MESSAGES = 20
HISTORY_WORDS = 150  # a question or an answer of middling length
ANSWER_CHUNKS = 500  # the chunks a streamed answer arrives in
TERMS = ("Anna Schmidt", "Müller GmbH", "Projekt Falke", "Jörg Weber")
PROSE = [
    "the",
    "report",
    "shows",
    "that",
    "our",
    "quarterly",
    "numbers",
    "for",
    "the",
    "new",
    "region",
    "were",
    "better",
    "than",
    "expected",
    "and",
    "der",
    "Kunde",
    "hat",
    "die",
    "Rechnung",
    "noch",
    "nicht",
    "bezahlt",
    "weil",
    "die",
    "Lieferung",
    "unvollständig",
    "war,",
    "please",
    "check",
    "def",
    "total(items):",
    "return",
    "sum(item.price",
    "for",
    "item",
    "in",
    "items)",
    "if",
    "items",
    "else",
    "0",
    "|",
    "table",
    "|",
    "cell",
    "|",
    "version",
    "2.4.1",
    "released",
    "on",
    "2024-05-12",
    "at",
    "12:30:45",
    "with",
    "std::vector",
    "and",
    "**bold**",
    "text",
    "`code`",
]
FINDINGS = (
    "max.mustermann@example.com",
    "j.weber+news@firma.de",
    "+49 30 1234567",
    "030 98765432",
    "0171 2345678",
    "DE89 3704 0044 0532 0130 00",
    "GB82WEST12345698765432",
    "4111 1111 1111 1111",
    "10.20.30.40",
    "2001:db8::8a2e:370:7334",
    "https://admin:hunter2@db.example.com/x",
    "sk-proj-abcdefghijklmnopqrstuvwxyz0123",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "password=Sommer2024!",
    "Anna Schmidt",
    "Müller GmbH",
)


def sample_text(words: int, seed: int = 16) -> str:
    """`words` words of prose and code with a finding about every 40 words, the same for every run."""
    rng = random.Random(seed)
    out = [rng.choice(FINDINGS) if rng.random() < 0.025 else rng.choice(PROSE) for _ in range(words)]
    return " ".join(out[i] + ("\n" if i % 12 == 11 else "") for i in range(words))


def time_cpython(text: str, runs: int) -> tuple[float, float, int]:
    redact(text, Redactions(), TERMS)  # warm-up: compiled patterns
    times, found = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        found = len(redact(text, Redactions(), TERMS).findings)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), found


def history(messages: int, words: int) -> list[Message]:
    """`messages` questions and answers with findings, then the empty answer the request is for."""
    thread = [
        Message(f"m{n}", "c", f"m{n - 1}" if n else None, (Role.USER, Role.ASSISTANT)[n % 2], sample_text(words, n), n)
        for n in range(messages)
    ]
    return [*thread, Message("a", "c", thread[-1].id, Role.ASSISTANT, "", 0.0, MessageStatus.STREAMING)]


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """The median and fastest of `runs` calls, in ms, after one to warm up."""
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def time_turn(runs: int) -> None:
    """Print what a turn with an external backend adds: the redacted request, and restoring its answer."""
    thread = history(HISTORY_MESSAGES, HISTORY_WORDS)
    first = Conversation("c", "t", 0.0, 0.0, model="m")
    listed = Guard(names=TERMS)  # the names of the user's and the admin's lists
    mapping = outgoing(first, thread, False, listed).redactions
    later = replace(first, redactions=mapping)
    characters = sum(len(m.content) for m in thread)
    print(f"  request of {HISTORY_MESSAGES} messages, {HISTORY_WORDS} words each ({characters:,} characters)")
    for label, conversation, rule in (
        ("redacted, mapping stored", later, listed),
        ("redacted, first turn", first, listed),
        ("not redacted", first, None),
    ):
        median, fastest = timed(lambda: outgoing(conversation, thread, False, rule), runs)  # noqa: B023
        print(f"    {label:<25} median {median:6.2f} ms   min {fastest:6.2f} ms")
    echo = " ".join(f"[EMAIL_1] {word}" if i % 20 == 0 else word for i, word in enumerate(sample_text(500).split()))
    size = -(-len(echo) // ANSWER_CHUNKS)
    chunks = [echo[i : i + size] for i in range(0, len(echo), size)]

    def stream() -> None:
        raw, restored = thread[-1], RestoredAnswer(mapping)
        for chunk in chunks:
            raw = replace(raw, content=raw.content + chunk)
            restored(raw)

    median, fastest = timed(stream, runs)
    print(
        f"  restoring a streamed answer ({len(echo):,} characters, {len(chunks)} chunks, each restoring what is new):"
        f" median {median:6.2f} ms in all   min {fastest:6.2f} ms"
    )


BENCH = """
import json, statistics, time
import js
from plauder.core.privacy import Redactions, redact
text, terms, runs = str(js.benchText), list(js.benchTerms.to_py()), int(js.benchRuns)
redact(text, Redactions(), terms)
times = []
for _ in range(runs):
    started = time.perf_counter()
    redact(text, Redactions(), terms)
    times.append((time.perf_counter() - started) * 1000)
json.dumps({"median": statistics.median(times), "min": min(times)})
"""


def time_pyodide(text: str, runs: int) -> dict[str, float]:
    from bench.in_pyodide import run_in_pyodide

    results: dict[str, float] = run_in_pyodide(ROOT, BENCH, {"benchText": text, "benchTerms": TERMS, "benchRuns": runs})
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--browser", action="store_true", help="also time it in Pyodide in headless chromium")
    args = parser.parse_args()
    text = sample_text(args.words)
    median, fastest, found = time_cpython(text, args.runs)
    print(f"privacy benchmark: redact {args.words:,} words ({len(text):,} characters, {found} findings)")
    print(f"  CPython  median {median:7.1f} ms   min {fastest:6.1f} ms   {median / TARGET_MS:.2f} x the 50 ms target")
    time_turn(args.runs)
    if args.browser:
        results = time_pyodide(text, args.runs)
        print(
            f"  Pyodide  median {results['median']:7.1f} ms   min {results['min']:6.1f} ms"
            f"   {results['median'] / TARGET_MS:.2f} x the 50 ms target"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
