"""Answers that once froze the page: the render benchmarks' worst cases (importable by a browser bench too).

Each case is text a model could send; before the limits in `plauder.render.limits`, most made one render
call take seconds (issue 13). tests/unit/render/test_worst_cases.py renders each and checks what it falls
back to.
"""

from __future__ import annotations

FENCE = "```"

# (name, answer text)
WORST_CASES: tuple[tuple[str, str], ...] = (
    ("systemd fence, 1,500 spaces then x", f"{FENCE}systemd\n{' ' * 1500}x\n{FENCE}\n"),
    ("fan fence, 8,000 a then !", f"{FENCE}fan\n{'a' * 8000}!\n{FENCE}\n"),
    ("easytrieve fence, 2,000 tabs", f"{FENCE}easytrieve\n{chr(9) * 2000}\n{FENCE}\n"),
    ("python fence, 200 KB", f"{FENCE}python\n" + "total = compute(x, y)  # sum\n" * 7000 + f"{FENCE}\n"),
    ("c fence, 1,900 newlines then #", f"{FENCE}c\n" + "\n" * 1900 + f"#\n{FENCE}\n"),
    ("unlabelled fence, 20,000 blank lines", f"{FENCE}\n" + "\n" * 20000 + f"{FENCE}\n"),
    ("math, 900 nested braces", "$$" + "{" * 900 + "x" + "}" * 900 + "$$\n"),
    ("math, 20,000 inline formulas", "$a$ " * 20000),
    ("200 KB of *_ pairs", "*_" * 100000),
    ("www.a.b 25,000 times", "www.a.b " * 25000),
    ("table of 10,000 columns", "|" + "a|" * 10000 + "\n|" + "-|" * 10000 + "\n|" + "b|" * 10000 + "\n"),
    ("list of 5,000 items", "- item with a few words in it\n" * 5000),
    ("a: 16,000 times (32 KB)", "a:" * 16000),
    ("\\( 16,000 times (32 KB)", "\\(" * 16000),
    ("list items opening $$, 32 KB", "- $$a\n" * 5333),
)
