"""Code highlighting: cheap language guesses and stylesheet rules that need no inline style."""

from __future__ import annotations

import re
import time
from html import unescape

import pytest

from plauder.render import highlight_css, render
from plauder.render.highlight import DARK_STYLE, LIGHT_STYLE, code_block, guess_language, pieces, plain_code
from plauder.render.lexers import block_chars_max
from plauder.render.limits import CODE_ANSWER_PIECES_MAX, CODE_BLOCK_PIECES_MAX, PLAIN_CODE_GROUP_LINES, Budget
from tests.unit.render.labels import LABELS


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("#!/bin/bash\necho hi\n", "bash"),
        ("$ pip install plauder\n", "bash"),
        ("import os\n\ndef main():\n    pass\n", "python"),
        ('package main\n\nimport "fmt"\n', "go"),
        ("fn main() {\n    let mut x = 1;\n}\n", "rust"),
        ("#include <iostream>\nint main() { std::cout << 1; }\n", "cpp"),
        ("#include <stdio.h>\nint main(void) { return 0; }\n", "c"),
        ("public class A {\n}\n", "java"),
        ("interface A {\n  b: string;\n}\n", "typescript"),
        ("const x = () => 1;\n", "javascript"),
        ("<!DOCTYPE html>\n<html></html>\n", "html"),
        ("body {\n  color: red;\n}\n", "css"),
        ("SELECT name FROM users WHERE id = 1;\n", "sql"),
        ('{\n  "a": 1\n}\n', "json"),
        ("name: plauder\nversion: 1\n", "yaml"),
        ("Just some words.\n", None),
    ],
)
def test_guess_language_from_signatures(code: str, language: str | None) -> None:
    """Common languages are recognised from a few signatures; prose is not taken for code."""
    assert guess_language(code) == language


def test_highlighted_code_uses_classes_only() -> None:
    """The CSP forbids style attributes: tokens carry classes, the colours come from highlight_css."""
    out = code_block('x = "<b>"\n', "python", "Copy", Budget())
    assert 'class="s2"' in out and "&lt;b&gt;" in out and "style=" not in out


def test_unlabelled_prose_code_is_plain_text() -> None:
    """No language and no signature: the label says text and nothing is highlighted."""
    out = code_block("hello\n", "", "Copy", Budget())
    assert (
        '<span class="code-lang">text</span>' in out and '<code class="highlight language-text">hello\n</code>' in out
    )


def test_css_has_light_rules_and_dark_rules_for_system_and_explicit_theme() -> None:
    """Light by default; dark under prefers-color-scheme (unless light is chosen) and under data-theme=dark."""
    css = highlight_css()
    assert LIGHT_STYLE in css and DARK_STYLE in css
    assert ".highlight .k {" in css
    media = css.index("@media (prefers-color-scheme: dark) {")
    assert css.index(":root:not([data-theme=light]) .code-block { background: #0d1117") > media
    assert "[data-theme=dark] .highlight .k {" in css
    assert css.count("{") == css.count("}")


def test_blocks_past_the_size_cap_or_the_answer_budget_are_plain_under_their_label() -> None:
    """A block over CODE_BLOCK_PIECES_MAX, and every block once the answer's budget is spent, is plain text."""
    budget = Budget()
    line = "x = 1\n"
    assert pieces(line, 100) == 6
    big = line * (CODE_BLOCK_PIECES_MAX // 6 + 1)
    assert 'language-text"><span class="code-lines">x = 1' in code_block(big, "python", "Copy", budget)
    assert budget.code_pieces == CODE_ANSWER_PIECES_MAX
    block = line * (CODE_BLOCK_PIECES_MAX // 6)
    fitting = CODE_ANSWER_PIECES_MAX // pieces(block, CODE_BLOCK_PIECES_MAX)
    shown = [code_block(block, "py", "Copy", budget) for _ in range(fitting + 1)]
    assert all('class="language-python"' not in out for out in shown)
    assert ['language-python">' in out for out in shown] == [True] * (len(shown) - 1) + [False]
    assert all('<span class="code-lang">py</span>' in out for out in shown)


def test_a_lexer_with_a_smaller_block_shows_larger_ones_plain() -> None:
    """Java lexes 10 KB of one-word lines in 249 ms: its blocks are smaller than the others'."""
    code = "counter10;\n" * (block_chars_max("java") // 11 + 1)  # 3 pieces a line: within the piece limit
    assert 'language-text">' in code_block(code, "java", "Copy", Budget())
    assert 'language-java">' in code_block(code[:-11], "java", "Copy", Budget())


def test_long_runs_are_highlighted_quickly_and_shown_whole() -> None:
    """2,000 newlines and a `#` took the C lexer 0.8 s (quadratic): the lexer now sees a short run."""
    code = "int x;\n" + "\n" * 1900 + "#define A 1\n"
    started = time.process_time()
    out = code_block(code, "c", "Copy", Budget())
    assert time.process_time() - started < 0.3  # about 10 ms; lexing the run as it is takes 0.7 s
    assert 'language-c">' in out and '<span class="cp">' in out
    shown = re.search(r"<code[^>]*>(.*)</code>", out, re.DOTALL)
    assert shown is not None and unescape(re.sub(r"<[^>]+>", "", shown[1])) == code


def test_guessing_is_linear_in_the_code() -> None:
    """Signatures never scan across lines from each line start: 20,000 blank lines took 60 s to guess."""
    started = time.process_time()
    for code in ["\n" * 20_000, "\t\n" * 10_000, "a:" + " " * 20_000, "def a(" + ")" * 20_000]:
        guess_language(code)
    assert time.process_time() - started < 0.5  # about 30 ms in all


def test_long_plain_code_comes_in_groups_of_lines_that_keep_the_text() -> None:
    """One <pre> of 200 KB took Chromium 55-184 ms to lay out: long plain code comes in whole groups of
    PLAIN_CODE_GROUP_LINES lines (laid out only in view), the rest as text; the text shown is the code."""
    short = "a < b\n" * PLAIN_CODE_GROUP_LINES
    assert plain_code(short) == short.replace("<", "&lt;")
    code = "".join(f"line {n} & <tag>\r\n" for n in range(3 * PLAIN_CODE_GROUP_LINES + 7)) + "no newline"
    out = plain_code(code)
    assert out.count('<span class="code-lines">') == 3
    assert out.endswith("no newline") and "<tag>" not in out
    assert unescape(re.sub(r"<[^>]+>", "", out)) == code
    block = code_block(code, "unknown-language", "Copy", Budget())
    assert '<code class="highlight language-text"><span class="code-lines">line 0 &amp; &lt;tag&gt;' in block
    assert render("```\n" + code + "\n```", LABELS).count('<span class="code-lines">') == 3  # kept by sanitize
