"""A Python block's Run button (issue 17): only where the fence names python, py or python3, beside a note that the
code runs in the browser; kept by the sanitizer; the code shown is the code whose run is kept (core/running)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from plauder.core.running import code_key
from plauder.render import RenderLabels, StreamRenderer, render, sanitize
from plauder.render.highlight import code_block
from plauder.render.limits import Budget

LABELS = RenderLabels(
    copy="Copy", remote_image="Image from {host}", run="Run", run_note="Runs in your browser, offline"
)
RUN = '<span class="run-note">Runs in your browser, offline</span><button type="button" class="run-code">Run</button>'
CODE = 'import math\nprint("<b>", math.pi)\n\n'


def fenced(language: str, code: str = CODE) -> str:
    return f"Try this:\n\n```{language}\n{code}```\n"


@pytest.mark.parametrize("language", ["python", "py", "python3", "Python", "PY"])
def test_a_block_fenced_as_python_has_a_run_button_beside_its_note(language: str) -> None:
    html = render(fenced(language), LABELS)
    assert html.count(RUN) == 1
    assert html.index('class="code-lang"') < html.index(RUN) < html.index('class="copy-code"')


@pytest.mark.parametrize("language", ["", "bash", "pycon", "ipython", "javascript", "text"])
def test_no_other_block_has_one_not_even_python_that_was_only_guessed(language: str) -> None:
    html = render(fenced(language, "def main():\n    print(1)\n"), LABELS)
    assert 'class="code-block"' in html and "run-code" not in html and "run-note" not in html


def test_an_indented_block_and_labels_without_a_run_text_have_none() -> None:
    assert "run-code" not in render("Code:\n\n    print(1)\n", LABELS)
    assert "run-code" not in render(fenced("python"), RenderLabels(copy="Copy", remote_image="Image from {host}"))


def test_the_sanitizer_keeps_the_button_and_its_note() -> None:
    block = code_block(CODE, "python", "Copy", Budget(), "Run", "Runs in your browser, offline")
    assert RUN in block and sanitize(block) == block


def test_the_labels_are_escaped() -> None:
    block = code_block("x = 1\n", "py", "Copy", Budget(), "<Run>", '"here" & now')
    assert "&lt;Run&gt;" in block and "&quot;here&quot; &amp; now" in block


def test_the_code_shown_is_known_by_the_key_of_the_code_written() -> None:
    """The page reads the block's code back from its <pre> to find its run: it must come to the same key."""
    update = StreamRenderer(LABELS).update(fenced("python"), final=True)
    streamed = "".join([*update.finished, update.tail])
    for html in (render(fenced("python"), LABELS), streamed):
        pre = re.search(r"<pre>(.*?)</pre>", html, re.DOTALL)
        assert pre is not None
        shown = unescape(re.sub(r"<[^>]+>", "", pre.group(1)))
        assert shown == CODE and code_key(shown) == code_key(CODE)
