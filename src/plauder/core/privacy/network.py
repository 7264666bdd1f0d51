"""IP addresses and URLs that carry a user name and password.

Every IPv4 and IPv6 address is a finding (a private one maps the company's network), except the
loopback and unspecified ones that every piece of documentation shows. A candidate IPv6 address is
confirmed by `ipaddress`, so times (12:30:45) and C++ scopes (std::vector) are not taken for one.
A URL with credentials is replaced whole: its host tells where the password works.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from plauder.core.privacy.findings import Finding, Kind

# Candidates: four numbers with dots; an IPv6 address around its first ":x:" or "::", read from the
# first character that can belong to it; a URL around its "://". Each starts with a digit or a
# literal, so the search skips prose quickly (see `scanning`).
_IPV4 = re.compile(r"\d(?<![\w.]\d)\d{0,2}(?:\.\d{1,3}){3}(?!\w|\.\d)")
_IPV6_MARK = re.compile(r":[0-9A-Fa-f]{0,4}:")
_IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])")
_IPV6_CHARS = frozenset("0123456789abcdefABCDEF:")
_SCHEME = re.compile(r"(?<![\w+.-])[A-Za-z][\w+.-]*\Z")  # searched in the 32 characters before "://"
_CREDENTIALS = re.compile(r"://[^\s/?#@:\"'<>]+:[^\s/?#@\"'<>]*@[^\s\"'<>]+")


def ip_addresses(text: str) -> Iterator[Finding]:
    for match in (*_IPV4.finditer(text), *_ipv6_candidates(text)):
        try:
            address = ipaddress.ip_address(match.group())
        except ValueError:
            continue
        if not (address.is_loopback or address.is_unspecified):
            yield Finding(match.start(), match.end(), Kind.IP)


def _ipv6_candidates(text: str) -> Iterator[re.Match[str]]:
    done = 0
    for mark in _IPV6_MARK.finditer(text):
        if mark.start() < done:
            continue
        start = mark.start()
        while start > max(0, mark.start() - 4) and text[start - 1] in _IPV6_CHARS:
            start -= 1
        match = _IPV6.match(text, start)
        if match:
            done = match.end()
            yield match


def urls_with_credentials(text: str) -> Iterator[Finding]:
    for match in _CREDENTIALS.finditer(text):
        scheme = _SCHEME.search(text, max(0, match.start() - 32), match.start())
        if scheme:
            yield Finding(scheme.start(), match.end() - _trailing_punctuation(match.group()), Kind.URL)


def _trailing_punctuation(url: str) -> int:
    """How many characters at the end of `url` are the sentence's, not the URL's (a full stop, a bracket)."""
    return len(url) - len(url.rstrip(".,;:!?)]}"))
