"""Two consecutive messages' texts as one: how a merge (core/tree.merge_with_next) joins the pieces.

Pieces of one answer cut off (a length limit, Stop, a broken stream) or cut inside a code block are joined
where the cut is, so a word or a line of code runs on; a continuation that opens the cut code block again
(models answering "continue" often repeat its ``` line) loses that repeated line, so the block stays one.
Anything else (two questions, two whole answers) is joined as paragraphs, with one blank line between.
"""

from __future__ import annotations

import re

from plauder.core.records import Message
from plauder.core.thread import can_continue

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")  # a code fence's line, as CommonMark reads one


def open_fence(text: str) -> str | None:
    """The fence (e.g. "```") of a code block that `text` ends inside, or None when every block is closed.

    A block closes at a line holding only a fence of the same character, at least as long as its opening.
    """
    opened: str | None = None
    for line in text.split("\n"):
        match = FENCE.match(line)
        if match is None:
            continue
        fence = match.group(1)
        if opened is None:
            opened = fence
        elif fence[0] == opened[0] and len(fence) >= len(opened) and line.strip() == fence:
            opened = None
    return opened


def _reopens(line: str, fence: str) -> bool:
    """`line` opens a code block with the same character as `fence` (a repeated opening, info string or not)."""
    match = FENCE.match(line)
    return match is not None and match.group(1)[0] == fence[0]


def joined_text(first: Message, second: Message) -> str:
    """The text of `first` followed by that of `second`, joined as the module docstring says."""
    if not first.content or not second.content:
        return first.content + second.content
    fence = open_fence(first.content)
    if fence is not None:
        head, newline, rest = second.content.partition("\n")
        if newline and _reopens(head, fence):
            return first.content + ("" if first.content.endswith("\n") else "\n") + rest
        return first.content + second.content
    if can_continue(first):
        return first.content + second.content
    return first.content.rstrip("\n") + "\n\n" + second.content.lstrip("\n")
