"""What a detector reports, and how findings that overlap are settled.

A finding is a span of the text and the kind of thing in it. Detectors run independently and may
claim the same characters (a password that is also an API key, an email address inside a URL with
credentials); `settled` keeps, of any two that overlap, the longer one, and of two equally long the
more specific kind (the order of `Kind`), so every character is replaced at most once.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """Kinds of findings, most specific first; the value is the placeholder's stem ([EMAIL_1])."""

    PRIVATE_KEY = "PRIVATE_KEY"
    JWT = "JWT"
    API_KEY = "API_KEY"
    URL = "URL"
    IBAN = "IBAN"
    CARD = "CARD"
    TAX_ID = "TAX_ID"
    VAT_ID = "VAT_ID"
    EMAIL = "EMAIL"
    IP = "IP"
    PHONE = "PHONE"
    PASSWORD = "PASSWORD"
    TOKEN = "TOKEN"
    NAME = "NAME"


RANK = {kind: rank for rank, kind in enumerate(Kind)}


@dataclass(frozen=True, order=True)
class Finding:
    """`text[start:end]` holds something of `kind`."""

    start: int
    end: int
    kind: Kind


def settled(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The findings that overlap no stronger one (longer, or as long and more specific), in text order."""
    starts: list[int] = []
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start - f.end, RANK[f.kind], f.start)):
        at = bisect_left(starts, finding.start)
        if at > 0 and kept[at - 1].end > finding.start or at < len(kept) and kept[at].start < finding.end:
            continue
        starts.insert(at, finding.start)
        kept.insert(at, finding)
    return tuple(kept)
