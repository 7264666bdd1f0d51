"""Names from term lists: people, customers, projects that the admin or the user listed.

Free text holds names no pattern can tell from other words, so only listed names are found: each
as a whole word (or words), in any letter case, the longest listed name first where two overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from plauder.core.privacy.findings import Finding, Kind
from plauder.core.privacy.scanning import folded, word_before


def listed(text: str) -> tuple[str, ...]:
    """The names in a list typed one per line: spacing tidied, blank lines and repeats (in any letter case) left out."""
    names: dict[str, str] = {}
    for line in text.splitlines():
        name = " ".join(line.split())
        if name:
            names.setdefault(folded(name), name)
    return tuple(names.values())


def term_finder(terms: Iterable[str]) -> TermFinder:
    """A finder for these terms; empty and blank ones are left out, runs of spaces match any spacing."""
    return _finder(tuple(sorted({" ".join(term.split()) for term in terms if term.strip()})))


class TermFinder:
    def __init__(self, terms: tuple[str, ...]) -> None:
        self.terms = terms
        alternatives = "|".join(
            r"\s+".join(map(re.escape, folded(term).split())) for term in sorted(terms, key=len, reverse=True)
        )
        # Searched in the folded text, the start of the word checked apart (see `scanning`).
        self._pattern = re.compile(rf"(?:{alternatives})(?!\w)") if terms else None

    def __call__(self, text: str) -> Iterator[Finding]:
        if self._pattern is not None:
            for match in self._pattern.finditer(folded(text)):
                if not word_before(text, match.start()):
                    yield Finding(match.start(), match.end(), Kind.NAME)


@lru_cache(maxsize=8)
def _finder(terms: tuple[str, ...]) -> TermFinder:
    return TermFinder(terms)
