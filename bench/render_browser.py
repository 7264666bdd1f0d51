#!/usr/bin/env python3
"""Render benchmark in the browser: the renderer as the app runs it, in Pyodide inside headless chromium.

    .venv/bin/python bench/render_browser.py [--runs 20] [--tokens 4000]

Builds the site, serves it, and opens a bench page that boots the vendored Pyodide with the build's own
wheels (the pinned renderer and the app), then times in Python, with the same sample as bench/render.py:
- full: `render()` of the whole answer from scratch (no cache), median of --runs;
- stream: `StreamRenderer.update()` once per token (the worst case), and once per animation frame at
  250 and 1,000 tokens/s (what the app does: it draws at most once a frame).
- worst cases (bench/render_worst.py): the whole render, its longest step as the app runs it (one task
  each, `SlicedRender.step`), and the longest update while it streams in 2,000-character pieces.
Targets (issue 5): full <= 30 ms median; streaming <= 0.5 ms of render time per token; issue 13: no task
over 100 ms.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.in_pyodide import run_in_pyodide
from bench.render_sample import sample_answer, tokens
from bench.render_worst import WORST_CASES

BENCH = """
import json, statistics, time
import js
from plauder.render import RenderLabels, SlicedRender, StreamRenderer, render
from plauder.render import answer

labels = RenderLabels(copy="Copy", remote_image="Image from {host}")
text = str(js.benchText)
chunks = list(js.benchChunks.to_py())
runs = int(js.benchRuns)

def full_ms():
    answer._parser.cache_clear()  # from scratch: no parser kept from an earlier run
    started = time.perf_counter()
    render(text, labels)
    return (time.perf_counter() - started) * 1000

def stream_ms(batch):
    renderer = StreamRenderer(labels)
    so_far, total, longest = "", 0.0, 0.0
    for start in range(0, len(chunks), batch):
        so_far += "".join(chunks[start:start + batch])
        started = time.perf_counter()
        renderer.update(so_far)
        spent = (time.perf_counter() - started) * 1000
        total, longest = total + spent, max(longest, spent)
    return total, longest

def timed(call):
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000

def worst(case):
    sliced, steps = SlicedRender(case, labels), []
    while sliced.html is None:
        steps.append(timed(sliced.step))
    renderer = StreamRenderer(labels)
    streamed = max(timed(lambda: renderer.update(case[:end])) for end in range(2000, len(case) + 2000, 2000))
    return {"full": sum(steps), "step": max(steps), "steps": len(steps), "stream": streamed}

full_ms()  # warm-up: imports and lexers
fulls = [full_ms() for _ in range(runs)]
streams = {batch: stream_ms(batch) for batch in (1, 4, 16)}
worst_cases = {name: worst(case) for name, case in js.benchWorst.to_py()}
json.dumps({"full": statistics.median(fulls), "full_min": min(fulls), "streams": {str(b): s for b, s in streams.items()},
            "worst": worst_cases})
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--tokens", type=int, default=4000)
    args = parser.parse_args()
    text = sample_answer(args.tokens)
    chunks = tokens(text)
    inputs = {"benchText": text, "benchChunks": chunks, "benchRuns": args.runs, "benchWorst": WORST_CASES}
    results = run_in_pyodide(ROOT, BENCH, inputs, deferred=True)

    count = len(chunks)
    print(f"render benchmark in chromium (Pyodide): {count}-token answer ({len(text):,} characters)")
    print(f"  {'full render, median':<40} {results['full']:>8.1f} ms   min {results['full_min']:.1f} ms; <= 30 ms")
    for batch, label in (
        ("1", "an update per token"),
        ("4", "a frame at 250 tokens/s"),
        ("16", "a frame at 1000 tokens/s"),
    ):
        total, longest = results["streams"][batch]
        print(
            f"  {'stream, ' + label:<40} {total / count:>8.3f} ms/token   total {total:.0f} ms,"
            f" longest update {longest:.1f} ms; <= 0.5 ms/token"
        )
    print("worst cases: whole render (the sum of its steps), its longest step, longest update streamed 2,000 at a time")
    for name, figures in results["worst"].items():
        print(
            f"  {name:<38} full {figures['full']:8.1f} ms in {figures['steps']:>3} steps, longest {figures['step']:6.1f} ms;"
            f" stream {figures['stream']:6.1f} ms; <= 100 ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
