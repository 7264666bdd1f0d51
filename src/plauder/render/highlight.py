"""Code blocks highlighted by Pygments, with a language label and a copy button; a Python block (its fence names
python, py or python3) also has a Run button, with a note that it runs in the browser (web/code_runner.py).

Only CSS classes are written (the page's CSP forbids style attributes); `highlight_css` gives the rules.
Without a language on the fence the language is guessed from a few signatures of common languages:
Pygments' own `guess_lexer` imports every lexer module, far too slow in Pyodide, and the `analyse_text`
of most lexers returns 0 (or takes any `import "fmt"` for Python).
Only the languages in `lexers` are highlighted, and only within the answer's `Budget`; any other block
is plain text under the same label.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from itertools import islice

import pygments
from pygments.formatters import HtmlFormatter

from plauder.render.lexers import block_chars_max, language_name, lexer_for
from plauder.render.limits import CODE_BLOCK_CHARS_MAX, PLAIN_CODE_GROUP_LINES, Budget
from plauder.render.runs import lexed

LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"

# (Pygments alias, signature); the first signature found anywhere in the code wins. Every pattern runs in
# time linear in the code: no `\s` running across lines from each line start (20,000 blank lines took
# 60 s) and no two repeats that can split the same characters between them.
_SIGNATURES = [
    (name, re.compile(pattern, re.MULTILINE))
    for name, pattern in [
        ("bash", r"\A#!.*\b(ba|z)?sh\b|^[ \t]*(\$ |sudo |apt(-get)? |pip3? |npm |cd |echo |export )"),
        ("python", r"\A#!.*python|^[ \t]*(def \w+\(.*:[ \t]*$|class \w+.*:|from [\w.]+ import |import \w+$|print\()"),
        ("go", r"^package \w+$|^func \w*\(|:= "),
        ("rust", r"^[ \t]*(pub )?fn \w+|\blet mut\b|^use \w+::"),
        ("cpp", r"#include <(iostream|vector|string|memory)>|\bstd::"),
        ("c", r"^#include [<\"]"),
        ("java", r"\bpublic (static |final )*(class|void|interface)\b"),
        ("typescript", r"^[ \t]*(interface \w+|type \w+ =)|: (string|number|boolean)\b"),
        ("javascript", r"^[ \t]*(const|let|var|function|import|export) |=> |console\.log\("),
        ("html", r"(?i)\A\s*<(!doctype|html|head|body|div|p|span)\b"),
        ("css", r"^[\w.#:\[\]*>, -]+\{[ \t]*$|^[ \t]*[\w-]+:[^;{\n]+;[ \t]*$"),
        ("sql", r"(?i)^[ \t]*(select .+ from|insert into|update \w+ set|create table|delete from)\b"),
        ("json", r"\A\s*[\[{]\s*(\"|\]|\}|$)"),
        ("yaml", r"\A(---\s*$|[\w-]+:( |$))"),
    ]
]

_FORMATTER = HtmlFormatter(nowrap=True)
# The fence languages whose blocks can be run (in the browser's own Python): named so, never guessed.
RUNNABLE = frozenset({"python", "py", "python3"})
_PIECE = re.compile(r"\w+|[^\S\n]+|\n|[^\w\s]")


def guess_language(code: str) -> str | None:
    """The Pygments alias of the first language whose signature `code` shows, or None."""
    return next((name for name, signature in _SIGNATURES if signature.search(code)), None)


def code_block(
    code: str, language: str, copy_label: str, budget: Budget, run_label: str = "", run_note: str = ""
) -> str:
    """A highlighted block: head with language label and copy button, then the code in `<pre><code>`.

    `language` is the fence's first word; empty means guess. A name not on the list, or a block past
    the budget, keeps its label and shows the code plain. With a `run_label`, a block whose fence names
    a RUNNABLE language has a Run button too, after `run_note`.
    """
    size = pieces(code, budget.code_block_pieces)
    small = size <= budget.code_block_pieces and len(code) <= CODE_BLOCK_CHARS_MAX  # else plain: no need to guess
    named = language or (small and guess_language(code)) or ""
    listed = language_name(named)
    if listed and small and len(code) <= block_chars_max(listed) and budget.spend_code(size):
        css_name, body = listed, _highlighted(code, listed)
    else:
        css_name, body = "text", plain_code(code)
    return (
        '<div class="code-block"><div class="code-head">'
        f'<span class="code-lang">{escape(named or "text")}</span>'
        f"{_run(run_label, run_note) if run_label and language.lower() in RUNNABLE else ''}"
        f'<button type="button" class="copy-code">{escape(copy_label)}</button></div>'
        f'<pre><code class="highlight language-{css_name}">{body}</code></pre></div>\n'
    )


def _run(label: str, note: str) -> str:
    return (
        f'<span class="run-note">{escape(note)}</span><button type="button" class="run-code">{escape(label)}</button>'
    )


def plain_code(code: str) -> str:
    """`code` escaped; past PLAIN_CODE_GROUP_LINES lines, each whole group of so many lines in a span that
    the browser lays out only in view (its height known before: 100 lines), the rest after it as text."""
    lines = code.splitlines(keepends=True)
    whole = len(lines) - len(lines) % PLAIN_CODE_GROUP_LINES
    if whole <= PLAIN_CODE_GROUP_LINES:
        return escape(code, quote=False)
    groups = (
        escape("".join(lines[at : at + PLAIN_CODE_GROUP_LINES]), quote=False)
        for at in range(0, whole, PLAIN_CODE_GROUP_LINES)
    )
    return "".join(f'<span class="code-lines">{group}</span>' for group in groups) + escape(
        "".join(lines[whole:]), quote=False
    )


def pieces(code: str, most: int) -> int:
    """How many pieces `code` has (about one Pygments token each), counted no further than `most` + 1."""
    return sum(1 for _ in islice(_PIECE.finditer(code), most + 1))


@lru_cache(maxsize=32)
def _highlighted(code: str, first_alias: str) -> str:
    """Lexed with its long lines and runs cut short (`runs`). Cached: the final render of a stream
    highlights again the blocks its updates highlighted."""
    html: str = pygments.format(lexed(code, lexer_for(first_alias)), _FORMATTER)
    return html


def highlight_css() -> str:
    """Stylesheet rules for highlighted code: light by default, dark for the system setting or `data-theme=dark`."""
    light = HtmlFormatter(style=LIGHT_STYLE)
    dark = HtmlFormatter(style=DARK_STYLE)
    system_dark = ":root:not([data-theme=light])"
    return "\n".join(
        [
            f"/* Pygments styles {LIGHT_STYLE!r} (light) and {DARK_STYLE!r} (dark), from plauder.render.highlight_css */",
            *_rules(light, ""),
            "@media (prefers-color-scheme: dark) {",
            *_rules(dark, system_dark + " "),
            "}",
            *_rules(dark, "[data-theme=dark] "),
        ]
    )


def _rules(formatter: HtmlFormatter, scope: str) -> list[str]:
    """Background of the whole block, then the token colours, under `scope`."""
    return [
        *formatter.get_background_style_defs(f"{scope}.code-block"),
        *formatter.get_token_style_defs(f"{scope}.highlight"),
    ]
