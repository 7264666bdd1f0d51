"""Each Markdown construct a model writes becomes the expected safe HTML."""

from __future__ import annotations

import re

import pytest

from plauder.render import render
from tests.unit.render.labels import LABELS

NEW_TAB = 'target="_blank" rel="noopener noreferrer"'
NOTE = '<span class="link-host"> (example.org)</span>'  # the host, beside a text that does not name it


def html(text: str) -> str:
    return render(text, LABELS)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# Title", "<h1>Title</h1>\n"),
        ("Sub\n---", "<h2>Sub</h2>\n"),
        ("*em* **strong** ~~gone~~", "<p><em>em</em> <strong>strong</strong> <s>gone</s></p>\n"),
        ("use `x < y` here", "<p>use <code>x &lt; y</code> here</p>\n"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
        ("1. a\n2. b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n"),
        ("3. a", '<ol start="3">\n<li>a</li>\n</ol>\n'),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>\n"),
        ("a  \nb\n\n---", "<p>a<br>\nb</p>\n<hr>\n"),
    ],
)
def test_commonmark_constructs(markdown: str, expected: str) -> None:
    """Headings, emphasis, strikethrough, inline code, lists, quotes, breaks and rules render as CommonMark says."""
    assert html(markdown) == expected


def test_task_list_has_disabled_checkboxes() -> None:
    """GFM task items show a checkbox that reflects the state and cannot be clicked."""
    out = html("- [ ] open\n- [x] done")
    assert '<input class="task-list-item-checkbox" type="checkbox" disabled> open' in out
    assert '<input class="task-list-item-checkbox" type="checkbox" checked="" disabled> done' in out


def test_table_alignment_is_a_class_not_a_style() -> None:
    """The CSP forbids style attributes, so column alignment becomes a class."""
    out = html("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |")
    assert '<th class="align-left">a</th>' in out
    assert '<td class="align-center">2</td>' in out
    assert '<td class="align-right">3</td>' in out
    assert "style" not in out


@pytest.mark.parametrize(
    ("markdown", "href", "text"),
    [
        ("<https://example.org/a>", "https://example.org/a", "https://example.org/a"),
        ("see https://example.org/a.", "https://example.org/a", "https://example.org/a"),
        ("see www.example.org now", "http://www.example.org", "www.example.org"),
        ("[site](https://example.org/x?a=1&b=2)", "https://example.org/x?a=1&amp;b=2", f"site{NOTE}"),
        ("[mail](mailto:me@example.org)", "mailto:me@example.org", f"mail{NOTE}"),
        ("write to me@example.org", "mailto:me@example.org", "me@example.org"),
    ],
)
def test_links_open_in_a_new_tab_without_referrer(markdown: str, href: str, text: str) -> None:
    """Autolinks, bare URLs (GFM), inline links and mail addresses become links that cannot reach back."""
    assert f'<a href="{href}" {NEW_TAB}>{text}</a>' in html(markdown)


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](jav&#x09;ascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox(1))",
        "[x](file:///etc/passwd)",
        "[x](/relative/path)",
        "[x](//evil.example/)",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ],
)
def test_links_with_other_schemes_stay_text(markdown: str) -> None:
    """Only http, https and mailto become links; anything else is shown as the text that was written."""
    out = html(markdown)
    assert "<a" not in out
    assert out.startswith("<p>")


def test_raw_html_is_shown_as_text() -> None:
    """Tags in model output are displayed, never interpreted."""
    out = html('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)"> <b>bold</b>')
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out or "&lt;img src=x onerror=" in out
    assert "<script" not in out and "<img" not in out and "<b>" not in out


def test_remote_image_becomes_a_placeholder_link_naming_the_host() -> None:
    """An image is never fetched: a link in the reader's language names its host and opens it on a click."""
    out = html("![a *cat*](https://img.example.org/cat.png)")
    assert "<img" not in out
    assert out == (
        f'<p><a class="remote-image" href="https://img.example.org/cat.png" {NEW_TAB}>'
        'Bild von img.example.org öffnen <span class="remote-image-alt">a cat</span></a></p>\n'
    )


@pytest.mark.parametrize("src", ["javascript:alert(1)", "data:image/png;base64,AAAA", "/local.png", "mailto:a@b.c"])
def test_image_with_other_source_shows_its_alt_text_only(src: str) -> None:
    """No placeholder link for anything but http(s): only the alt text (or the source as text) remains."""
    out = html(f"![alt]({src})")
    assert "<img" not in out and "<a" not in out
    assert "alt" in out


def test_fenced_code_with_language_is_highlighted_with_label_and_copy_button() -> None:
    """The fence's language picks the lexer; the head shows it and a translated copy button."""
    out = html("```python\ndef f(): return 1\n```")
    assert out.startswith(
        '<div class="code-block"><div class="code-head"><span class="code-lang">python</span>'
        '<button type="button" class="copy-code">Kopieren</button></div>'
        '<pre><code class="highlight language-python"><span class="k">def</span>'
    )
    assert out.endswith("</code></pre></div>\n")


def test_fenced_code_without_language_is_guessed() -> None:
    """No language on the fence: a cheap guess still highlights common languages."""
    out = html("```\nimport os\nprint(os.sep)\n```")
    assert '<span class="code-lang">python</span>' in out and "language-python" in out


def test_fenced_code_with_unknown_language_keeps_label_and_shows_plain_code() -> None:
    """An unknown language name stays visible as the label; the code is escaped, not highlighted."""
    out = html("```klingon\n<b>qapla'</b>\n```")
    assert '<span class="code-lang">klingon</span>' in out
    assert '<code class="highlight language-text">&lt;b&gt;qapla\'&lt;/b&gt;\n</code>' in out


def test_indented_code_is_a_code_block() -> None:
    """Indented code gets the same block as fenced code."""
    assert '<div class="code-block">' in html("text\n\n    plain code here\n")


@pytest.mark.parametrize(
    ("markdown", "display"),
    [
        ("inline $x^2$ math", "inline"),
        ("inline \\(x^2\\) math", "inline"),
        ("$$\nx^2\n$$", "block"),
        ("\\[\nx^2\n\\]", "block"),
        ("$$x^2$$", "block"),
    ],
)
def test_each_math_delimiter_becomes_mathml(markdown: str, display: str) -> None:
    """$...$ and \\(...\\) inline, $$...$$ and \\[...\\] as display math, all as MathML."""
    out = html(markdown)
    assert f'<math display="{display}"><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow></math>' in out


def test_display_math_on_its_own_lines_is_a_block() -> None:
    """A math block gets its own container so the stylesheet can centre and scroll it."""
    assert html("$$\na\n$$").startswith('<div class="math-block"><math display="block">')


def test_invalid_math_shows_its_source() -> None:
    """LaTeX that does not convert is shown as escaped source, marked as an error."""
    assert '<code class="math-error">a &lt; x^</code>' in html("bad $a < x^$ here")


def test_math_text_cannot_inject_markup() -> None:
    """latex2mathml writes \\text and \\href unescaped; the renderer escapes and the allowlist strips."""
    out = html("$\\text{<script>alert(1)</script>}$ and $\\href{javascript:alert(1)}{x}$ $\\style{color:red}{y}$")
    assert "<script" not in out and "href" not in out and "style" not in out
    assert "&lt;script&gt;" in out


def test_prices_are_not_math() -> None:
    """Dollar amounts next to digits stay text."""
    assert "<math" not in html("It costs $5 and $10.")


def test_every_tag_is_allowed() -> None:
    """Whatever the constructs, only allowlisted tags appear (the renderer and the gate agree)."""
    from plauder.render import ALLOWED_TAGS

    out = html("# a\n\n> b\n\n- [x] c\n\n| d |\n|---|\n| $e$ |\n\n```js\nlet f\n```\n\n![g](https://h.example/i)")
    assert set(re.findall(r"<([a-z0-9]+)", out)) <= ALLOWED_TAGS
