"""Exported Markdown is inert in any viewer: no raw HTML, no image, while code and ordinary Markdown stay."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath import texmath_plugin

from plauder.core.exchange.safe_markdown import inert_line, inert_markdown

# CommonMark with raw HTML on, as GitHub-like viewers read it, and with the math plugins that read
# $$ and \[ as display math: each may pair backticks and fences differently.
VIEWERS = {
    "commonmark": MarkdownIt("commonmark", {"html": True}),
    "gfm tables": MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]),
    "dollar math": MarkdownIt("commonmark", {"html": True}).enable("table").use(dollarmath_plugin),
    "bracket math": MarkdownIt("commonmark", {"html": True}).use(texmath_plugin, delimiters="brackets"),
}
EVIL = ("<x-evil", "<img", "<!--")


def rendered_unsafe(markdown: str) -> list[str]:
    """The viewers that would render raw HTML or an image from `markdown`."""
    return [name for name, md in VIEWERS.items() if any(tag in md.render(markdown) for tag in EVIL)]


@pytest.mark.parametrize(
    ("text", "inert"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"),
        (
            "a <b>bold</b> <!-- c --> <?php ?> <https://x.example>",
            "a &lt;b>bold&lt;/b> &lt;!-- c --> &lt;?php ?> &lt;https://x.example>",
        ),
        (
            "![tracker](https://x.example/p.png) and ![ref][r]",
            "&#33;[tracker](https://x.example/p.png) and &#33;[ref][r]",
        ),
        ("a < b, x<5, <= and <- stay", "a < b, x<5, <= and <- stay"),
        ("`<img src=x>` stays code", "`<img src=x>` stays code"),
        ("`code`{=html} is not raw HTML", "`code`&#123;=html} is not raw HTML"),
    ],
)
def test_html_and_images_outside_code_are_escaped(text: str, inert: str) -> None:
    assert inert_markdown(text) == inert
    assert not rendered_unsafe(inert_markdown(text))


def test_code_blocks_and_ordinary_markdown_stay_as_written() -> None:
    """Headings, lists, tables, quotes, links, emphasis and fenced code (HTML inside included) are unchanged."""
    text = (
        "## Steps\n\n1. Run *this*\n2. See [docs](https://x.example)\n\n> quoted `a<b>`\n\n"
        "| a | b |\n|---|---|\n| `x<y>` | 2 |\n\n```html\n<script>alert(1)</script>\n```\n\nDone."
    )
    assert inert_markdown(text) == text


@pytest.mark.parametrize(
    ("text", "inert"),
    [
        ("```py\nx = '<b>'\n", "```py\nx = '<b>'\n```"),  # left open: closed, the last line break dropped
        ("~~~\n```\n<b>\n~~~", "````\n```\n<b>\n````"),  # a longer fence than the backticks inside
        (
            "text\n  ```js onload=<b>\n  a<b>\n  ```",
            "text\n\n```js\na<b>\n```",
        ),  # at the line start, after a blank line
        ("```{=html}\n<img src=x>\n```", "```\n<img src=x>\n```"),  # Pandoc's raw block: no plain language name
        ("$$\n<b> x\n```\n$$\n<i>", "````math\n<b> x\n```\n````\n&lt;i>"),  # display math, as GitHub reads it
    ],
)
def test_code_blocks_are_written_with_a_fence_no_viewer_misreads(text: str, inert: str) -> None:
    assert inert_markdown(text) == inert
    assert not rendered_unsafe(inert_markdown(text))


@pytest.mark.parametrize(
    "text",
    [
        "`a\nb` <img src=x onerror=alert(1)> `c`",  # a code span across lines pairs differently per viewer
        "[a](u`) <img src=x> `x`",  # the link's address swallows the backtick
        "$a`b$ <img src=x> `c`",  # so does math
        "| `a | <img src=x> ` |\n|---|\n| x |",  # a table cell ends at the pipe
        "\\`<img src=x>`",  # an escaped backtick opens nothing
        "www.x.example/`a <img src=x> `b`",  # a bare URL runs over the backtick
        "$$\n```\n$$\n<img src=x onerror=alert(1)>\n```",  # math read as a fence or not
    ],
)
def test_code_spans_that_viewers_could_pair_otherwise_are_escaped(text: str) -> None:
    assert "<img" not in inert_markdown(text)
    assert not rendered_unsafe(inert_markdown(text))


def test_a_title_is_one_inert_line() -> None:
    assert inert_line("Fix `Vec<T>` in <img src=x>") == "Fix `Vec<T>` in &lt;img src=x>"
    assert inert_line("```<script>alert(1)</script>` `<b>`") == "```&lt;script>alert(1)&lt;/script>` `&lt;b>`"
    assert inert_line("![x](http://t.example/p.png) <img src=x>") == "&#33;[x](http://t.example/p.png) &lt;img src=x>"


MARKDOWN_PIECES = st.sampled_from(
    [
        *["`", "``", "```", "~~~", "```py", "\n", "\n\n", " ", "    ", "\t", "|", "\\", "$", "$$", "\\[", "\\]"],
        *["[a](", "](", ")", "[[", "- ", "> ", "# ", "1. ", "---", "www.a.b/", "http://a/", "{=html}", "'", '"'],
        *["<x-evil>", "<img src=x>", "![a](u)", "<!--", "-->", "<", "a", "*", "\\begin{align}", "\r"],
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKDOWN_PIECES, max_size=30))
def test_no_viewer_renders_html_or_images_from_any_text(pieces: list[str]) -> None:
    """Whatever the text, inert Markdown renders to no raw HTML and no image in any of the viewers."""
    assert rendered_unsafe(inert_markdown("".join(pieces))) == []
