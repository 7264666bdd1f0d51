#!/usr/bin/env python3
"""Search benchmark: building the index and querying 20,000 messages, under CPython.

    .venv/bin/python bench/search_core.py [--messages 20000] [--runs 15]

Messages are 50-800 characters of generated English and German words (Zipf-like frequencies,
umlauts included) in conversations of 50 messages. Each query kind prints its median time and
hit count; the target is a median at most 150 ms in Pyodide, about 30 ms here (3-5x faster).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from plauder.core.records import Conversation, Message, Role
from plauder.core.search import SearchIndex

COMMON = [
    "the",
    "and",
    "to",
    "of",
    "a",
    "in",
    "is",
    "that",
    "for",
    "it",
    "you",
    "with",
    "on",
    "this",
    "be",
    "are",
    "as",
    "can",
    "not",
    "or",
    "your",
    "have",
    "der",
    "die",
    "und",
    "das",
    "ist",
    "nicht",
    "ich",
    "sie",
    "mit",
    "zu",
    "den",
    "ein",
    "es",
    "auf",
    "für",
    "von",
    "wir",
    "auch",
    "eine",
]
REAL = [
    "python",
    "function",
    "error",
    "server",
    "request",
    "answer",
    "model",
    "token",
    "stream",
    "folder",
    "branch",
    "search",
    "Änderung",
    "Größe",
    "Übersicht",
    "müssen",
    "Straße",
    "schön",
    "café",
    "naïve",
    "résumé",
    "Datenbank",
    "Schlüssel",
    "Anfrage",
]
QUERIES = {
    "common word": "the",
    "rare word": "zebrafisch",
    "two words": "python error",
    "fragment": "anfr",
    "accents": "uber grosse",
    "common + rare": "the zebrafisch",
    "no match": "qqqxqqq",
}
PER_CONVERSATION = 50


def vocabulary(rng: random.Random) -> list[str]:
    syllables = [
        "ka",
        "lo",
        "mi",
        "ne",
        "ru",
        "ta",
        "sch",
        "ver",
        "ung",
        "ent",
        "ber",
        "tion",
        "pre",
        "con",
        "al",
        "ex",
    ]
    made = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(5000)}
    return [*COMMON, *REAL, *sorted(made)]


def messages(count: int, seed: int = 4) -> tuple[list[Conversation], dict[str, list[Message]]]:
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    conversations: list[Conversation] = []
    by_conversation: dict[str, list[Message]] = {}
    for number in range(count):
        if number % PER_CONVERSATION == 0:
            conversation = Conversation(f"c{number}", " ".join(rng.choices(words, weights, k=4)), number, number)
            conversations.append(conversation)
        length = rng.randint(50, 800)
        text = ""
        while len(text) < length:
            text += " ".join(rng.choices(words, weights, k=12)) + ". "
        text = text[:length] + (" Der Zebrafisch schwimmt." if number == count // 3 else "")
        role = Role.USER if number % 2 == 0 else Role.ASSISTANT
        message = Message(f"m{number}", conversation.id, None, role, text, float(number))
        by_conversation.setdefault(conversation.id, []).append(message)
    return conversations, by_conversation


def timed_ms(action: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    conversations, by_conversation = messages(args.messages)
    chars = sum(len(m.content) for ms in by_conversation.values() for m in ms)
    print(f"{args.messages} messages, {chars / 1e6:.1f} M characters, {len(conversations)} conversations")
    build_ms, index = timed_ms(lambda: SearchIndex.build(conversations, by_conversation))
    first_ms, _ = timed_ms(lambda: index.query("the"))  # type: ignore[attr-defined]
    print(f"build: {build_ms:.0f} ms; first query (joins the texts): {first_ms:.1f} ms")
    medians = []
    for kind, query in QUERIES.items():
        times = [timed_ms(lambda q=query: index.query(q))[0] for _ in range(args.runs)]  # type: ignore[attr-defined]
        hits = len(index.query(query))  # type: ignore[attr-defined]
        medians.append(statistics.median(times))
        print(f"  {kind:<14} {query!r:<18} median {medians[-1]:6.2f} ms  max {max(times):6.2f} ms  {hits} hits")
    print(f"median over query kinds: {statistics.median(medians):.2f} ms; worst kind: {max(medians):.2f} ms")


if __name__ == "__main__":
    main()
