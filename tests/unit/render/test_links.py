"""Links say where they go: the target's host beside a text that does not name it, hosts that cannot pass
for others, no bidi controls, and the links whose text reads as another address found for the page to ask."""

from __future__ import annotations

import pytest

from plauder.render import render
from plauder.render.links import link_note, misleading_link, shown_host, strip_bidi, target_host, written_host
from tests.unit.render.labels import LABELS

CYRILLIC_A = "\u0430"


@pytest.mark.parametrize(
    ("text", "href", "note"),
    [
        ("https://bank.example/login", "http://evil.example/steal", "evil.example"),
        ("click here", "http://x.example", "x.example"),
        ("example.org/docs", "https://example.org/docs", None),
        ("https://Example.org", "https://example.org/", None),
        ("www.example.com", "http://www.example.com", None),
        (f"https://p{CYRILLIC_A}ypal.com/login", "https://xn--pypal-4ve.com/login", "xn--pypal-4ve.com"),
        ("https://exämple.de", "https://xn--exmple-cua.de", None),
        ("write to us", "mailto:team@mail.example", "mail.example"),
        ("team@mail.example", "mailto:team@mail.example", None),
        ("anything", "ftp://x.example", None),
    ],
)
def test_a_link_notes_its_host_unless_its_text_names_it(text: str, href: str, note: str | None) -> None:
    assert link_note(text, href) == note


@pytest.mark.parametrize(
    ("host", "shown"),
    [
        ("example.org", "example.org"),
        ("xn--exmple-cua.de", "exämple.de"),  # one script: shown as written
        ("xn--pypal-4ve.com", "xn--pypal-4ve.com"),  # Latin with a Cyrillic а
        ("xn--80ak6aa92e.com", "xn--80ak6aa92e.com"),  # all Cyrillic, every letter a Latin lookalike: "apple"
        ("xn--e1afmkfd.xn--p1ai", "пример.рф"),  # Cyrillic that looks like no Latin name
        ("xn--wgv71a119e.jp", "日本語.jp"),
        ("xn--garbage-.com", "xn--garbage-.com"),  # not valid punycode
        ("xn--ab-h4t.com", "xn--ab-h4t.com"),  # a bidi control decoded from punycode
    ],
)
def test_hosts_show_in_unicode_only_when_they_cannot_pass_for_another(host: str, shown: str) -> None:
    assert shown_host(host) == shown


def test_bidi_controls_are_stripped() -> None:
    assert strip_bidi("a\u202egnp.exe\u2066\u2069\u200e\u200f\u202a") == "agnp.exe"
    assert strip_bidi("plain עברית text") == "plain עברית text"  # right-to-left letters stay


def test_rendered_links_show_their_host_and_no_bidi_control() -> None:
    """The note sits inside the link (part of its accessible name); link text keeps no bidi control."""
    html = render("[https://bank.example/login](http://evil.example/steal)", LABELS)
    assert '>https://bank.example/login<span class="link-host"> (evil.example)</span></a>' in html
    html = render(f"see https://p{CYRILLIC_A}ypal.com/login now", LABELS)
    assert 'href="https://xn--pypal-4ve.com/login"' in html and "(xn--pypal-4ve.com)</span></a>" in html
    html = render("[report\u202egnp.exe](https://files.example/report.exe)", LABELS)
    assert "reportgnp.exe<" in html and "\u202e" not in html
    assert "(" not in render("<https://example.org/a>", LABELS)


def test_remote_images_name_their_host_the_same_way() -> None:
    assert "xn--pypal-4ve.com" in render(f"![logo](https://p{CYRILLIC_A}ypal.com/logo.png)", LABELS)


@pytest.mark.parametrize(
    ("text", "href", "asks"),
    [
        ("https://bank.example/login", "http://evil.example/steal", "evil.example"),
        ("bank.example", "https://evil.example", "evil.example"),
        ("support@bank.example", "mailto:x@evil.example", "evil.example"),
        (f"https://p{CYRILLIC_A}ypal.com", "https://paypal.com", "paypal.com"),
        ("click here", "https://evil.example", None),  # no address in the text: the note says it all
        ("www.example.org", "https://example.org/x", None),
        ("https://example.org/a", "https://example.org/b", None),
        ("version 3.14", "https://x.example", None),
        (f"https://p{CYRILLIC_A}ypal.com/login", "https://xn--pypal-4ve.com/login", None),  # where it says it goes
    ],
)
def test_a_text_reading_as_another_address_is_misleading(text: str, href: str, asks: str | None) -> None:
    assert misleading_link(text, href) == asks


@pytest.mark.parametrize("text", ["click here", "3.14", "a b.example", "file.py", ""])
def test_plain_words_name_no_host(text: str) -> None:
    assert written_host(text) is None


def test_malformed_targets_have_no_host() -> None:
    assert target_host("http://[::1") is None
    assert target_host("mailto:nobody") is None
