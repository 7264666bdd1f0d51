#!/usr/bin/env python3
"""Privacy guard figures (issue 16): recall per kind on a labelled corpus, false positives on clean text.

    .venv/bin/python bench/redact.py [--per-kind 1000] [--seed 16] [--misses 3] [--browser]

The labelled corpus (tests/privacy_corpus.py) holds --per-kind values of every kind, made by Faker
(de_DE, en_US) or in the vendors' formats, in German and English sentences. Recall counts a value
found with its exact span and kind; "covered" counts it replaced whole all the same (by any finding).
Clean text: README.md, docs/, src/, the XSS corpus and Faker's prose; every finding there is a false
positive but for the real values listed in TRUE_IN_CLEAN. Targets: 99% for IBAN and cards, 97% for
emails, phones, IPs and key formats; at most 1 false positive per 10,000 clean words.

With --browser the labelled corpus is searched again in Pyodide in headless chromium (the app's own
wheel, as the page runs it: Python 3.14's `re` there, 3.11's here), and the recall is counted from those
findings: the same figures, or the kinds where they differ. The time to redact 10,000 words in the
browser (target: 50 ms) is bench/privacy.py --browser's figure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from plauder.core.privacy import Finding, Kind
from tests import privacy_corpus as pc

TARGETS = {"IBAN": 99, "CARD": 99, "TAX_ID": 99, "VAT_ID": 99} | dict.fromkeys(
    ("EMAIL", "PHONE", "IP", "API_KEY", "JWT", "PRIVATE_KEY", "TOKEN", "URL"), 97
)


# Every text's findings, as [start, end, kind] lists by the text's index, and the time the search took.
IN_PYODIDE = """
import json, time
import js
from plauder.core.privacy import detect
texts, names = list(js.benchTexts.to_py()), tuple(js.benchNames.to_py())
started = time.perf_counter()
found = [[[f.start, f.end, f.kind.value] for f in detect(text, names)] for text in texts]
json.dumps({"found": found, "ms": (time.perf_counter() - started) * 1000})
"""


def found_in_pyodide(samples: list[pc.Labelled], names: tuple[str, ...]) -> dict[str, tuple[Finding, ...]]:
    """The findings Pyodide's detect makes in each of the corpus's texts, by text."""
    from bench.in_pyodide import run_in_pyodide

    texts = list(dict.fromkeys(sample.text for sample in samples))
    results = run_in_pyodide(ROOT, IN_PYODIDE, {"benchTexts": texts, "benchNames": names})
    characters = sum(map(len, texts))
    print(f"Pyodide: {len(texts):,} texts ({characters:,} characters) searched in {results['ms']:,.0f} ms")
    return {
        text: tuple(Finding(start, end, Kind(kind)) for start, end, kind in found)
        for text, found in zip(texts, results["found"], strict=True)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=pc.SEED)
    parser.add_argument("--misses", type=int, default=3, help="examples of misses shown per kind")
    parser.add_argument("--browser", action="store_true", help="count the recall from Pyodide's findings too")
    args = parser.parse_args()

    samples = pc.labelled(args.per_kind, args.seed)
    figures = pc.recall(list(pc.outcomes(samples, pc.terms(args.seed))))
    print(f"labelled corpus: {len(samples):,} values, {args.per_kind} per kind, seed {args.seed}")
    print(f"  {'kind':<22} {'found':>11} {'recall':>8} {'covered':>8} {'target':>7}")
    for kind, figure in sorted(figures.items()):
        target = TARGETS.get(kind)
        mark = "" if target is None else ("  ok" if figure.rate * 100 >= target else "  MISSED")
        print(
            f"  {kind:<22} {figure.exact:>5}/{figure.total:<5} {figure.rate:8.1%} {figure.covered / figure.total:8.1%}"
            f" {f'{target}%' if target else '-':>7}{mark}"
        )
        for miss in figure.misses[: args.misses]:
            found = [(miss.sample.text[f.start : f.end], f.kind.value) for f in miss.found]
            print(f"      miss ({miss.sample.form}): {miss.sample.value[:60]!r} found {found}")
    stray = pc.unlabelled(samples, pc.terms(args.seed))
    print(f"  findings outside the labelled values: {len(stray)}")
    if args.browser:
        names = pc.terms(args.seed)
        found = found_in_pyodide(samples, names)
        same = sum(findings == pc.detect(text, names) for text, findings in found.items())
        print(f"  findings the same as CPython's in {same:,} of {len(found):,} texts")
        in_browser = pc.recall(list(pc.outcomes(samples, names, found)))
        differ = {
            k: (figures[k].exact, in_browser[k].exact) for k in figures if figures[k].exact != in_browser[k].exact
        }
        print(f"  recall in Pyodide: {'the same for every kind' if not differ else differ}")

    texts = pc.clean_texts(seed=args.seed)
    words = pc.words(texts)
    false = pc.false_positives(texts)
    print(f"clean text: {words:,} words in {len(texts)} sources ({len(pc.TRUE_IN_CLEAN)} real values listed apart)")
    print(f"  false positives: {len(false)}, {len(false) * 10_000 / words:.2f} per 10,000 words (target <= 1)")
    for source, value, finding in false:
        print(f"      {finding.kind.value:<9} {value[:60]!r} in {source}")


if __name__ == "__main__":
    main()
