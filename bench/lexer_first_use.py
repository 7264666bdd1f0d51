#!/usr/bin/env python3
"""Lexer first use: what the first code block of each highlighted language costs, in Pyodide in Chromium.

    .venv/bin/python bench/lexer_first_use.py [--runs 3]

`bench/lexer_sweep.py` times lexing; this times what comes before it, once per page: importing the
lexer's Pygments module and building the lexer (Pygments compiles all its regular expressions on the
first instance of a class). Both run on the main thread inside the render step that first highlights
a fence of that language, streamed or opened from the history. The lexers of `plauder.render.lexers`
are taken in alphabetical order in one Pyodide (as one page would meet them: a module shared by two
lexers is imported by the first), each with its import and its build timed apart; medians of --runs
fresh pages (a first use happens once per page, and one figure on a busy machine says little). Target (issue 13):
no task over 100 ms; each line over it is a freeze the first time a model writes that language.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.in_pyodide import run_in_pyodide

TARGET_MS = 100.0
BENCH = """
import json, time
from pygments.lexers import find_lexer_class_by_name
from plauder.render.lexers import HIGHLIGHTED
costs = {}
for name in sorted(HIGHLIGHTED):
    started = time.perf_counter()
    lexer_class = find_lexer_class_by_name(name)
    imported = time.perf_counter()
    lexer_class()
    costs[name] = [(imported - started) * 1000, (time.perf_counter() - imported) * 1000]
json.dumps(costs)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    runs: list[dict[str, list[float]]] = [
        run_in_pyodide(ROOT, BENCH, {}, deferred=True) for _ in range(parser.parse_args().runs)
    ]
    costs = {name: [statistics.median(run[name][part] for run in runs) for part in (0, 1)] for name in runs[0]}
    ranked = sorted(costs.items(), key=lambda item: -sum(item[1]))
    print(f"lexer first use in Pyodide (headless chromium, medians of {len(runs)} pages): import + build")
    for name, (imported, built) in ranked:
        total = imported + built
        print(f"  {name:<12} {imported:7.1f} + {built:7.1f} = {total:7.1f} ms   {total / TARGET_MS:5.2f}x")
    over = [name for name, parts in ranked if sum(parts) > TARGET_MS]
    total = sum(sum(parts) for parts in costs.values())
    print(
        f"  {len(over)} of {len(costs)} over {TARGET_MS:.0f} ms ({', '.join(over) or 'none'}); all together {total:,.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
