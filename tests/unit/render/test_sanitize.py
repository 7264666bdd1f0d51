"""The allowlist gate holds against hostile HTML, whatever the renderer before it let through."""

from __future__ import annotations

import pytest

from plauder.render import sanitize


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("<script>alert(1)</script>ok", "ok"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>ok", "ok"),
        ("<style>p{}</style>ok", "ok"),
        ("<iframe src=https://evil.example></iframe>ok", "ok"),
        ('<svg onload="alert(1)"><circle/><script>alert(1)</script></svg>ok', "ok"),
        ("<object data=x></object>ok", "ok"),
        ("<embed src=x>ok", "ok"),
        ('<img src=x onerror="alert(1)">ok', "ok"),
        ('<p onclick="alert(1)" onmouseover=alert(1)>ok</p>', "<p>ok</p>"),
        ('<p style="background:url(x)">ok</p>', "<p>ok</p>"),
        ('<p id="x" class="good bad<class 9no">ok</p>', '<p class="good">ok</p>'),
        ("<!-- <script>alert(1)</script> -->ok", "ok"),
        ("<!DOCTYPE html><?xml x?>ok", "ok"),
        # In HTML, "<![CDATA[" opens a bogus comment that ends at the first ">", as browsers parse it.
        ("<![CDATA[<script>alert(1)</script>]]>ok", "alert(1)]]&gt;ok"),
        ("<form action=x><input type=text name=a>ok</form>", "ok"),
        ('<input type="checkbox" checked onfocus="alert(1)" autofocus>', '<input type="checkbox" checked disabled>'),
        ('<button type="submit" formaction="x">b</button>', '<button type="button">b</button>'),
        ("<div><p>unclosed <em>tags", "<div><p>unclosed <em>tags</em></p></div>"),
        ("</div></p>stray ends", "stray ends"),
        ("<p>a</div>b</p>", "<p>ab</p>"),
        ("a < b > c & d", "a &lt; b &gt; c &amp; d"),
        ("&lt;script&gt;", "&lt;script&gt;"),
    ],
)
def test_hostile_html_is_reduced_to_the_allowlist(hostile: str, expected: str) -> None:
    """Code-carrying elements go with their content, other tags are unwrapped, attributes are checked."""
    assert sanitize(hostile) == expected


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&#09;ascript:alert(1)",
        "jav\tascript:alert(1)",
        " javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
        "java&NewLine;script:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "/relative",
        "//evil.example/",
        "https ://evil.example/",
        "https://evil.example/\x00",
    ],
)
def test_only_http_https_mailto_links_keep_their_href(href: str) -> None:
    """Entity, whitespace and case tricks do not smuggle a scheme past the href check."""
    assert sanitize(f'<a href="{href}" target="_self">x</a>') == "<a>x</a>"


@pytest.mark.parametrize("href", ["https://example.org/a?b=1&amp;c=2", "http://example.org", "mailto:a@example.org"])
def test_safe_links_open_in_a_new_tab_without_referrer(href: str) -> None:
    """Every kept link gets target and rel forced, whatever the input said."""
    assert sanitize(f'<a href="{href}" rel="opener" target="_top">x</a>') == (
        f'<a href="{href}" target="_blank" rel="noopener noreferrer">x</a>'
    )


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ('<math href="javascript:alert(1)"><mi>x</mi></math>', "<math><mi>x</mi></math>"),
        ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "<math><mi>x</mi></math>"),
        ('<math><mrow href="https://example.org">x</mrow></math>', "<math><mrow>x</mrow></math>"),
        ('<math><mi style="color:red" onclick="alert(1)">x</mi></math>', "<math><mi>x</mi></math>"),
        ('<math><mstyle mathcolor="url(javascript:1)">x</mstyle></math>', "<math><mstyle>x</mstyle></math>"),
        (
            '<math xmlns="x" display="block"><mi mathvariant="bold">x</mi></math>',
            '<math display="block"><mi mathvariant="bold">x</mi></math>',
        ),
        ("<math><maction actiontype=statusline><mi>x</mi></maction></math>", "<math><mi>x</mi></math>"),
        (
            "<math><annotation-xml><svg><script>1</script></svg></annotation-xml><mi>x</mi></math>",
            "<math><mi>x</mi></math>",
        ),
        (
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<math><mtext><table></table></mtext></math>",
        ),
    ],
)
def test_mathml_keeps_presentation_only(hostile: str, expected: str) -> None:
    """No href (Chromium follows it on MathML), no xlink, no style, no handlers, no unknown elements."""
    assert sanitize(hostile) == expected


@pytest.mark.parametrize("hostile", ["<p><!-->x", "<!--->x", "<!x>x", "<? x >x", "<p <script>x", "<a href='x'<b>x"])
def test_malformed_markup_never_reaches_the_output_as_markup(hostile: str) -> None:
    """Whatever html.parser makes of broken comments and tags, it comes out escaped or not at all."""
    out = sanitize(hostile)
    assert "<!" not in out and "<?" not in out and "<script" not in out and "<b" not in out


def test_output_is_stable_when_sanitized_again() -> None:
    """Sanitizing is idempotent: what passed once passes unchanged (so the browser sees what was checked)."""
    once = sanitize('<p class="a">x &amp; <a href="https://e.org/?a=&quot;">y</a><math><mi>z</mi></math></p>')
    assert sanitize(once) == once
