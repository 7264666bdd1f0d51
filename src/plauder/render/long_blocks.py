"""A list or table too long for a stream's tail, rendered in a finished answer a group of items at a time.

A stream shows such a block as plain text (`blocks`): it cannot parse it again at every update. A finished
answer can do better, as its text is whole: the block parser alone (a third of a full parse) finds where the
block ends, then its items (list items, table rows) get their inline content parsed, rendered and sanitized
LONG_BLOCK_GROUP_CHARS at a time, so that each step is bounded like a stream's update. The markup around
the items (a table's header) is rendered and sanitized once, with a mark where they go. A block that runs
on past the window searched, or is neither list nor table, stays plain text.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from plauder.render.blocks import block_starts, line_offset, run_core
from plauder.render.limits import LONG_BLOCK_CHARS_MAX, LONG_BLOCK_GROUP_CHARS, LONG_BLOCK_LINES_MAX, Budget
from plauder.render.markdown import BUDGET
from plauder.render.sanitize import sanitize

_MARK = "\ue000"  # a private-use character: where the items go in the sanitized markup around them
# A block's first token -> the first token of each of its items, and that token's level.
_ITEMS = {
    "bullet_list_open": ("list_item_open", 1),
    "ordered_list_open": ("list_item_open", 1),
    "table_open": ("tr_open", 2),  # after tbody_open: the header's row is part of what surrounds the items
}


def long_block(md: MarkdownIt, text: str, start: int, env: dict[str, Any]) -> tuple[LongBlock | None, int]:
    """The block starting at `start` of `text` as a job if it is a list or table, and the offset where it ends;
    None and the end of the window searched (LONG_BLOCK_LINES_MAX lines, LONG_BLOCK_CHARS_MAX characters)
    when it runs on past it."""
    window = text[start : start + LONG_BLOCK_CHARS_MAX]
    if start + len(window) < len(text):
        window = window[: window.rfind("\n") + 1]  # whole lines: a block seen to end there has ended
    if window.count("\n") > LONG_BLOCK_LINES_MAX:
        window = window[: line_offset(window, LONG_BLOCK_LINES_MAX)]
    state = StateCore(window, md, env)
    run_core(md, state, block=True)
    starts = block_starts(state.tokens)
    if len(starts) > 1:
        end, tokens = start + line_offset(window, starts[1][0]), state.tokens[: starts[1][1]]
    elif start + len(window) == len(text):
        end, tokens = len(text), state.tokens
    else:
        return None, start + len(window)
    parts = _parts(tokens)
    return (LongBlock(md, parts, env) if parts else None), end


def _parts(tokens: list[Token]) -> tuple[list[Token], list[list[Token]], list[Token]] | None:
    """A list's or table's tokens as what comes before its items, the items, and what comes after them."""
    kind, level = _ITEMS.get(tokens[0].type, ("", 0)) if tokens else ("", 0)
    body = 1 if level == 1 else next((i + 1 for i, token in enumerate(tokens) if token.type == "tbody_open"), None)
    if not kind or body is None:  # no list or table, or a table with no rows under its header
        return None
    starts = [i for i in range(body, len(tokens)) if tokens[i].level == level and tokens[i].type == kind]
    end = next(i for i in range(body, len(tokens)) if tokens[i].level < level)
    return tokens[:body], [tokens[a:b] for a, b in pairwise([*starts, end])], tokens[end:]


class LongBlock:
    """One list or table from the block parser (`_parts`): call `step` until `html` is set; `budget` is what
    it left."""

    def __init__(
        self, md: MarkdownIt, parts: tuple[list[Token], list[list[Token]], list[Token]], env: dict[str, Any]
    ) -> None:
        self._md = md
        self._env = env
        head, self._items, tail = parts
        self._around = (head, tail)
        self._next = 0  # the first item not yet rendered
        self._parts: list[str] = []
        self.html: str | None = None

    @property
    def budget(self) -> Budget:
        spent: Budget = self._env[BUDGET]
        return spent

    def step(self) -> None:
        """Render the next group of items; the last step sets `html`."""
        if self.html is not None:
            return
        if not self._parts:
            head, tail = self._around
            self._parts.append(self._html([*head, Token("text", "", 0, content=_MARK), *tail]))
        group: list[Token] = []
        chars = 0
        while self._next < len(self._items) and chars < LONG_BLOCK_GROUP_CHARS:
            group.extend(self._items[self._next])
            chars += sum(len(token.content) for token in self._items[self._next])
            self._next += 1
        self._parts.append(self._html(group))
        if self._next == len(self._items):
            opening, _, closing = self._parts[0].rpartition(_MARK)  # what follows the items holds no text
            self.html = "".join([opening, *self._parts[1:], closing])

    def _html(self, tokens: list[Token]) -> str:
        state = StateCore("", self._md, self._env)
        state.tokens = tokens
        run_core(self._md, state, block=False)
        return sanitize(self._md.renderer.render(tokens, self._md.options, self._env))
