"""Code highlighting: cheap language guesses and stylesheet rules that need no inline style."""

from __future__ import annotations

import pytest

from plauder.render import highlight_css
from plauder.render.highlight import DARK_STYLE, LIGHT_STYLE, code_block, guess_language
from plauder.render.limits import Budget


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
