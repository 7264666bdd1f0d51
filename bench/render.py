#!/usr/bin/env python3
"""Render benchmark: the cost of turning a model's Markdown answer into safe HTML, under CPython.

    .venv/bin/python bench/render.py [--runs 20] [--tokens 4000]

- full: `render()` of the whole answer (the history path and the final render of a stream), median;
- stream: `StreamRenderer.update()` with the whole text so far, once per token, and once per 16 ms
  frame's worth of tokens at a few stream rates (the web layer draws at most once a frame);
- worst cases (bench/render_worst.py), in CPU time (a busy machine does not count): `render()` of the
  whole answer, the longest step of it as the page runs it (`SlicedRender.step`, one task each), and the
  longest `update()` while it streams in --chunk characters at a time; the page's budget is 100 ms per
  task, and Pyodide is several times slower than CPython.
Browser figures (Pyodide is several times slower than CPython) come from a browser bench that can
reuse bench/render_sample.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.render_sample import sample_answer, tokens
from bench.render_worst import WORST_CASES
from plauder.render import RenderLabels, StreamRenderer, render
from plauder.render.answer import SlicedRender

LABELS = RenderLabels(copy="Copy", remote_image="Image from {host}")
RATES = (250, 1000)  # tokens per second: 4 and 16 tokens per 16 ms frame


def full_ms(text: str) -> float:
    started = time.perf_counter()
    render(text, LABELS)
    return (time.perf_counter() - started) * 1000


def stream_ms(chunks: list[str], batch: int) -> tuple[float, float]:
    """Total milliseconds of updates fed `batch` tokens at a time, and the longest single update."""
    renderer = StreamRenderer(LABELS)
    text = ""
    total = longest = 0.0
    for start in range(0, len(chunks), batch):
        text += "".join(chunks[start : start + batch])
        started = time.perf_counter()
        renderer.update(text)
        spent = (time.perf_counter() - started) * 1000
        total += spent
        longest = max(longest, spent)
    return total, longest


def cpu_ms(call: Callable[[], object]) -> float:
    started = time.process_time()
    call()
    return (time.process_time() - started) * 1000


def worst_stream_ms(text: str, chunk: int) -> float:
    """The longest single update while `text` streams in `chunk` characters at a time."""
    renderer = StreamRenderer(LABELS)
    return max(cpu_ms(partial(renderer.update, text[:end])) for end in range(chunk, len(text) + chunk, chunk))


def longest_step_ms(text: str) -> float:
    """The longest step of rendering `text` a step at a time, as the page does."""
    sliced = SlicedRender(text, LABELS)
    longest = 0.0
    while sliced.html is None:
        longest = max(longest, cpu_ms(sliced.step))
    return longest


def print_worst_cases(chunk: int) -> None:
    print(
        f"worst cases in CPU time: full render, its longest step, longest update streamed {chunk} characters at a time"
    )
    for _, text in WORST_CASES:
        render(text[:200], LABELS)  # warm-up: each language's lexer is imported on first use
    for name, text in WORST_CASES:
        full = cpu_ms(partial(render, text, LABELS))
        step = longest_step_ms(text)
        streamed = worst_stream_ms(text, chunk)
        print(
            f"  {name:<38} {len(text):>9,} chars   full {full:7.1f} ms   step {step:6.1f} ms   stream {streamed:6.1f} ms",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--tokens", type=int, default=4000)
    parser.add_argument("--chunk", type=int, default=64, help="characters per streamed update of the worst cases")
    args = parser.parse_args()
    text = sample_answer(args.tokens)
    chunks = tokens(text)
    full_ms(text)  # warm-up: imports, parser construction, lexers
    full = statistics.median(full_ms(text) for _ in range(args.runs))
    rows = [("full render, median", f"{full:.1f} ms", "")]
    for rate in (None, *RATES):
        batch = round(rate * 0.016) if rate else 1
        total, longest = stream_ms(chunks, batch)
        updates = -(-len(chunks) // batch)
        name = f"stream, a frame at {rate} tokens/s" if rate else "stream, an update per token"
        rows.append(
            (
                name,
                f"{total:.0f} ms",
                f"{total / len(chunks):.3f} ms/token, {updates} updates, longest {longest:.1f} ms",
            )
        )
    print(f"render benchmark: {len(chunks)}-token answer ({len(text):,} characters), CPython {sys.version.split()[0]}")
    for name, value, note in rows:
        print(f"  {name:<34} {value:>10}   {note}")
    print_worst_cases(args.chunk)
    return 0


if __name__ == "__main__":
    sys.exit(main())
