"""API keys kept out of every text Plauder shows, stores or exports, even when a server or a model
echoes one back changed: in other letter case, or with spaces, line breaks or invisible characters
put between its characters.

How a key is found, in time linear in the text:

- The text is normalized: every run of at most MAX_GAP fillers (whitespace, control and invisible
  format characters) is dropped, and the rest folded to lower case, one character for one. A longer
  run stays, and as a key holds no fillers it ends any match: a key split by a line break is found,
  one spelled out across a page of blank lines is not.
- The key, normalized the same way, is looked up in that with `str.find` (linear in the worst case
  since Python 3.10).
- Only a text that holds one is mapped back, run of fillers by run, to mask each occurrence from
  its first character to its last.

Most texts hold no key. A quicker test tells them first: the key looked up with every filler
dropped, however long the run (for ASCII text by `str.translate`, ten times faster than the
normalization); a text failing it cannot hold the key.

A key shorter than MIN_SECRET_CHARS (fillers not counted) is never masked: it would mask ordinary
words (local servers take keys like "ollama" or "none"), and it is no secret worth the name.

The mask is three times a character that no key holds and that is no filler, so it cannot join
with its neighbours into a key again, and one pass leaves no key behind.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import count
from typing import Any

MIN_SECRET_CHARS = 8
MAX_GAP = 16  # fillers between two characters of a key that still count as a split key
MASK_FROM = 0x2022  # "•", or the first character after it that no key holds

_FILLER = (
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    r"\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_FILLERS = re.compile(f"{_FILLER}+")
_ASCII_FILLERS = dict.fromkeys([*range(0x21), 0x7F])  # the fillers of ASCII text, for str.translate
_SHORT_GAP = re.compile(f"(?<!{_FILLER}){_FILLER}{{1,{MAX_GAP}}}(?!{_FILLER})")


def _fold(text: str) -> str:
    """Lower case, one character for one: U+0130 (İ) is the only character whose lower case is longer."""
    return text.replace("\u0130", "i").lower()


def _normalized(text: str) -> str:
    return _fold(_SHORT_GAP.sub("", text))


def _reach(chars: int) -> int:
    """The most characters `chars` characters of a key can take in a text, with a full gap between each two."""
    return chars + (chars - 1) * MAX_GAP


def _key_form(key: str) -> str:
    return _fold(_FILLERS.sub("", key))


@dataclass(frozen=True)
class Secrets:
    """The keys to mask, each normalized once, longest first, and the one mask for all of them."""

    keys: tuple[str, ...] = ()
    mask: str = chr(MASK_FROM) * 3

    @classmethod
    def of(cls, keys: Iterable[str]) -> Secrets:
        """The keys long enough to mask; empty and short ones are left out."""
        forms = {_key_form(key) for key in keys}
        kept = tuple(sorted((form for form in forms if len(form) >= MIN_SECRET_CHARS), key=lambda k: (-len(k), k)))
        held = set("".join(kept))
        mask = next(c for c in map(chr, count(MASK_FROM)) if c not in held and not _FILLERS.match(c))
        return cls(kept, mask * 3)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def hide(self, text: str) -> str:
        """`text` with every occurrence of every key masked."""
        if not self.keys or len(text) < len(self.keys[-1]) or not self._may_hold(text):
            return text
        normalized = _normalized(text)
        for key in self.keys:
            if key in normalized:
                text = self._hide_one(text, normalized, key)
                normalized = _normalized(text)
        return text

    def hide_in(self, value: Any) -> Any:
        """Decoded JSON (a whole export) with the keys masked in every string, names of members included."""
        if isinstance(value, str):
            return self.hide(value)
        if isinstance(value, list):
            return [self.hide_in(item) for item in value]
        if isinstance(value, dict):
            return {self.hide(name): self.hide_in(item) for name, item in value.items()}
        return value

    def hide_after(self, text: str, since: int) -> str:
        """`text`, whose first `since` characters were masked already (a growing answer), masked whole.

        A key not wholly in those characters ends after them: its last character is among the new
        ones, and its last few in the short tail they can reach back into. Most updates end at these
        two tests; only when both pass is the tail a whole key can reach read. An update costs the
        same however long the answer grows.
        """
        new = _fold(text[since:])
        if not any(key[-1] in new for key in self.keys):
            return text
        near = _normalized(text[max(0, since - _reach(MIN_SECRET_CHARS) + 1) :])
        if not any(key[-MIN_SECRET_CHARS:] in near for key in self.keys):
            return text
        start = max(0, since - _reach(len(self.keys[0])) + 1)
        return text[:start] + self.hide(text[start:])

    def _may_hold(self, text: str) -> bool:
        """False for a text that holds no key: a quick test (for ASCII text ten times quicker than
        normalizing), which drops every filler, however long the run, so passes every text that does."""
        squeezed = text.translate(_ASCII_FILLERS) if text.isascii() else _FILLERS.sub("", text)
        folded = _fold(squeezed)
        return any(key in folded for key in self.keys)

    def _hide_one(self, text: str, normalized: str, key: str) -> str:
        # Runs of fillers dropped before each normalized position: (normalized position after the run, dropped so far).
        after, dropped = [0], [0]
        for gap in _SHORT_GAP.finditer(text):
            dropped.append(dropped[-1] + gap.end() - gap.start())
            after.append(gap.end() - dropped[-1])

        def raw(position: int) -> int:
            return position + dropped[bisect_right(after, position) - 1]

        pieces: list[str] = []
        done = 0
        found = normalized.find(key)
        while found >= 0:
            start, end = raw(found), raw(found + len(key) - 1) + 1
            pieces += (text[done:start], self.mask)
            done = end
            found = normalized.find(key, found + len(key))
        return "".join(pieces) + text[done:]
