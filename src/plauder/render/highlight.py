"""Code blocks highlighted by Pygments, with a language label and a copy button.

Only CSS classes are written (the page's CSP forbids style attributes); `highlight_css` gives the rules.
Without a language on the fence the language is guessed from a few signatures of common languages:
Pygments' own `guess_lexer` imports every lexer module, far too slow in Pyodide, and the `analyse_text`
of most lexers returns 0 (or takes any `import "fmt"` for Python).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.util import ClassNotFound

LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"

# (Pygments alias, signature); the first signature found anywhere in the code wins.
_SIGNATURES = [
    (name, re.compile(pattern, re.MULTILINE))
    for name, pattern in [
        ("bash", r"\A#!.*\b(ba|z)?sh\b|^\s*(\$ |sudo |apt(-get)? |pip3? |npm |cd |echo |export )"),
        ("python", r"\A#!.*python|^\s*(def \w+\(.*\).*:|class \w+.*:|from [\w.]+ import |import \w+$|print\()"),
        ("go", r"^package \w+$|^func \w*\(|:= "),
        ("rust", r"^\s*(pub )?fn \w+|\blet mut\b|^use \w+::"),
        ("cpp", r"#include <(iostream|vector|string|memory)>|\bstd::"),
        ("c", r"^#include [<\"]"),
        ("java", r"\bpublic (static |final )*(class|void|interface)\b"),
        ("typescript", r"^\s*(interface \w+|type \w+ =)|: (string|number|boolean)\b"),
        ("javascript", r"^\s*(const|let|var|function|import|export) |=> |console\.log\("),
        ("html", r"(?i)\A\s*<(!doctype|html|head|body|div|p|span)\b"),
        ("css", r"^[\w.#:\[\]*>, -]+\{\s*$|^\s*[\w-]+:\s*[^;{]+;\s*$"),
        ("sql", r"(?i)^\s*(select .+ from|insert into|update \w+ set|create table|delete from)\b"),
        ("json", r"\A\s*[\[{]\s*(\"|\]|\}|$)"),
        ("yaml", r"\A(---\s*$|[\w-]+:( |$))"),
    ]
]

_FORMATTER = HtmlFormatter(nowrap=True)


@lru_cache(maxsize=64)
def _lexer(name: str) -> Lexer | None:
    """The lexer Pygments has for a fence name, or None; cached because the lookup scans plugin entry points."""
    try:
        return get_lexer_by_name(name, stripnl=False)
    except ClassNotFound:
        return None


def guess_language(code: str) -> str | None:
    """The Pygments alias of the first language whose signature `code` shows, or None."""
    return next((name for name, signature in _SIGNATURES if signature.search(code)), None)


def code_block(code: str, language: str, copy_label: str) -> str:
    """A highlighted block: head with language label and copy button, then the code in `<pre><code>`.

    `language` is the fence's first word; empty means guess. An unknown name is kept as the label and
    the code is shown plain.
    """
    named = language or guess_language(code) or ""
    lexer = _lexer(named) if named else None
    label = named or "text"
    css_name = lexer.aliases[0] if lexer else "text"
    body = highlight(code, lexer or TextLexer(stripnl=False), _FORMATTER)
    return (
        '<div class="code-block"><div class="code-head">'
        f'<span class="code-lang">{escape(label)}</span>'
        f'<button type="button" class="copy-code">{escape(copy_label)}</button></div>'
        f'<pre><code class="highlight language-{css_name}">{body}</code></pre></div>\n'
    )


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
