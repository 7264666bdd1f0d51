"""Where a link goes, said so that its text cannot hide it.

A link's text is the model's to choose: `[https://bank.example](http://evil.example)`, a host with a
Cyrillic `а` among Latin letters, or a U+202E that shows `gnp.exe` as `exe.png`. So the renderer notes
the target's host beside any link whose text does not already name it (`link_note`), shows a host in
Unicode only when it cannot pass for another (one script per label, not made only of letters that look
Latin), strips bidi controls from link text (`strip_bidi`), and the page asks before following a link
whose text looks like an address elsewhere (`misleading_link`).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the marks U+200E, U+200F.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
# Scripts whose letters mix within one name as a matter of course (Japanese, Korean with Han).
_SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}
# Cyrillic and Greek letters that look like Latin ones: a label of only these passes for a Latin name.
_LATIN_LOOKALIKES = frozenset("аеорсухіјѕԁһӏԛԝүѵαικνορτυχ")
# A link text that is an address: a URL (with or without a scheme) or a mail address, and nothing else.
_WRITTEN_URL = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://)?(?:[^\s/?#@]+@)?([^\s/?#@:]+)(?::\d*)?(?:[/?#]\S*)?", re.IGNORECASE
)
_WRITTEN_MAIL = re.compile(r"(?:mailto:)?[^\s@/:]+@([^\s@/?#:]+)", re.IGNORECASE)
_TOP_LEVEL = re.compile(r"[^\W\d_]{2,}")
# Without a scheme, `main.py` names a file, not Paraguay: these endings make no address of a bare name.
_FILE_ENDINGS = frozenset({"py", "js", "ts", "md", "sh", "rs", "go", "rb", "pl", "cs"})


def strip_bidi(text: str) -> str:
    """`text` without the characters that reorder how the text around them is displayed."""
    return _BIDI.sub("", text)


def target_host(href: str) -> str | None:
    """The host an http(s) link or the domain a mailto link leads to, as in the href (ASCII, lower case)."""
    lowered = href.lower()
    if lowered.startswith("mailto:"):
        address = unquote(href[len("mailto:") :]).split("?", 1)[0]
        domain = address.rpartition("@")[2]
        return _ascii(domain) if "@" in address and domain else None
    if not lowered.startswith(("http://", "https://")):
        return None
    try:
        return urlsplit(href).hostname or None
    except ValueError:  # a malformed authority, e.g. an unclosed IPv6 bracket
        return None


def shown_host(host: str) -> str:
    """How to show an ASCII host: its Unicode form when no label of it could pass for another name."""
    labels = [_unicode_label(label) for label in host.split(".")]
    if any(label is None or not _unmistakable(label) for label in labels):
        return host
    return ".".join(label for label in labels if label is not None)


def link_note(text: str, href: str) -> str | None:
    """The host to show beside a link, or None when its text names that host (or it has none to show)."""
    host = target_host(href)
    if host is None:
        return None
    shown = shown_host(host)
    return None if written_host(text) == shown else shown


def misleading_link(text: str, href: str) -> str | None:
    """The host `href` leads to when `text` reads as an address on another host (www. aside), else None."""
    written, host = written_host(text), target_host(href)
    if written is None or host is None:
        return None
    return None if _site(_ascii(written)) == _site(host) else shown_host(host)


def written_host(text: str) -> str | None:
    """The host (lower case, as written) of a link text that is a URL, a bare domain or a mail address."""
    text = strip_bidi(text).strip()
    if match := _WRITTEN_MAIL.fullmatch(text) or _WRITTEN_URL.fullmatch(text):
        host = match.group(1).lower().rstrip(".")
        top = host.rpartition(".")[2]
        bare_name = _TOP_LEVEL.fullmatch(top) and top not in _FILE_ENDINGS
        if "." in host and ("://" in text or "@" in text or bare_name):
            return host
    return None


def _site(host: str) -> str:
    return host.removeprefix("www.")


def _ascii(host: str) -> str:
    """A host as it goes on the wire: lower case, international labels in punycode (xn--)."""
    try:
        return host.lower().encode("idna").decode("ascii")
    except UnicodeError:
        return host.lower()


def _unicode_label(label: str) -> str | None:
    """A label decoded from punycode, or None when it is not valid punycode of a non-ASCII name."""
    if not label.startswith("xn--"):
        return label
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return None
    return None if decoded.isascii() else decoded


def _unmistakable(label: str) -> bool:
    """Whether a label shows as itself: letters, digits and hyphens of one script, not only Latin lookalikes."""
    if label.isascii():
        return True
    if not all(char.isalnum() or char == "-" for char in label):
        return False
    scripts = {_script(char) for char in label if char.isalpha()}
    return len(scripts) == 1 and not all(char in _LATIN_LOOKALIKES for char in label if char.isalpha())


def _script(char: str) -> str:
    """The script of a letter, from its Unicode name (`CYRILLIC SMALL LETTER A` -> `CYRILLIC`)."""
    script = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_FAMILIES.get(script, script)
