"""What makes the detectors fast: each pattern starts with a literal or a rare character.

CPython's `re` skips ahead to a pattern's first literal or character set in C; a pattern that
starts with a lookbehind or ignores case is tried at every position, 5 to 20 times slower on
prose. So patterns start with "@", "://", a digit or a lower-case literal, matched in the folded
text, and the word boundary before a match is checked here instead.
"""

from __future__ import annotations


def folded(text: str) -> str:
    """`text` in lower case, one character for one, so positions in it are positions in `text`:
    U+0130 (İ) is the only character whose lower case is longer."""
    return text.replace("\u0130", "i").lower()


def word_before(text: str, index: int) -> bool:
    """True when the character before `index` is a letter, a digit or an underscore."""
    return index > 0 and (text[index - 1].isalnum() or text[index - 1] == "_")
