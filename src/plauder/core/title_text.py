"""The shape of a title, whoever wrote it (the first words of a question, or the model): one line, no
punctuation at its end, not shouted, and short enough for the sidebar and the header.
"""

from __future__ import annotations

TITLE_CHARS = 60
TRAILING = ".:;,!?-–—"


def _shouted(text: str) -> bool:
    """All in capitals, over more than one word: "MY TRIP TO ROME", not "NASA" or "How HTTP works"."""
    loud = [word for word in text.split() if sum(ch.isalpha() for ch in word) > 1]
    return len(loud) > 1 and text == text.upper()


def _shortened(text: str) -> str:
    """At most TITLE_CHARS, ending in an ellipsis when cut: after a whole word if one ends in the last third."""
    if len(text) <= TITLE_CHARS:
        return text
    cut = text[: TITLE_CHARS - 1]
    space = cut.rfind(" ")
    if space >= TITLE_CHARS * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(TRAILING + " ") + "…"


def shaped(text: str) -> str:
    """`text` as a title: its whitespace one space, no final punctuation, sentence case if it shouts, cut short."""
    text = " ".join(text.split()).rstrip(TRAILING + " ")
    if _shouted(text):
        lowered = text.lower()
        text = lowered[:1].upper() + lowered[1:]
    return _shortened(text)
