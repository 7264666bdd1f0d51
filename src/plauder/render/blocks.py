"""Streaming: render an answer as it grows, re-rendering only its unfinished tail.

An answer is a sequence of top-level blocks (paragraph, list, table, fenced code, ...). A block is
finished once the parse shows another top-level block starting after it on a complete line: Markdown
cannot join them again, whatever follows. (A line still being written can: `***` is a rule until it
grows into `***bold***`.) Finished blocks are rendered and sanitized once and never touched again;
each update parses only the text from the first unfinished block on.

The unfinished last block is parsed again at every update, so its size is bounded: past TAIL_TOKENS_MAX
tokens, TAIL_LINES_MAX lines or TAIL_CHARS_MAX characters, what it holds is shown as plain text, final,
and parsing starts afresh after it. A code block is the exception, as its text is not parsed: it is highlighted while it
has at most STREAMING_CODE_PIECES_MAX pieces, and shown plain after that (an update then costs about
0.13 us per character of the block under CPython).

Approximations, all repaired by rendering the whole answer with `render` when the stream ends:
a reference definition (`[x]: https://...`) written after a finished block that uses it does not make
that block's `[x]` a link, a tail that grew too large stays plain text, and a code block still being
written is not highlighted past STREAMING_CODE_PIECES_MAX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html import escape
from itertools import pairwise
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from plauder.render.labels import RenderLabels
from plauder.render.limits import (
    STREAMING_CODE_PIECES_MAX,
    TAIL_CHARS_MAX,
    TAIL_LINES_MAX,
    TAIL_TOKENS_MAX,
    Budget,
)
from plauder.render.markdown import BUDGET, make_parser
from plauder.render.sanitize import sanitize

# Letters, digits, spaces and the punctuation Markdown gives no meaning inside a paragraph.
_PLAIN_WORDS = re.compile(r"(?:[^\W_]|[ ,.;?])+")
_PARAGRAPH_END = "</p>\n"
_CODE = frozenset({"fence", "code_block"})
_BLOCK_RULES = ("normalize", "block")  # the core rules that find the blocks; the rest parse their inline content
PLAIN_CLASS = "plain-source"  # a tail that grew too large, as plain text (wants `white-space: pre-wrap`)


@dataclass(frozen=True)
class RenderUpdate:
    """The DOM change for one update: append `finished` (new final blocks, in order), then replace the tail."""

    finished: tuple[str, ...]
    tail: str


def normalized(text: str) -> str:
    """Line ends as the parser counts them, so that its line numbers map back to offsets in this text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class StreamRenderer:
    """Renders one growing answer; feed it the whole text so far each time."""

    def __init__(self, labels: RenderLabels) -> None:
        self._md = make_parser(labels)
        self._done = ""  # the text of the finished blocks, a prefix of every later text
        self._blocks = 0
        self._references: dict[str, Any] = {}
        self._budget = Budget()  # what the finished blocks left of the answer's budget
        self._text = ""  # the text of the last update, and the tail's HTML it gave
        self._tail = ""
        self.plain_from: int | None = None  # where the block the last update showed as plain text starts

    @property
    def finished_blocks(self) -> int:
        """How many blocks are final: the DOM keeps exactly this many before the tail."""
        return self._blocks

    @property
    def finished_text(self) -> str:
        """The source of the finished blocks; the next update parses only what follows it."""
        return self._done

    def update(self, text: str, final: bool = False) -> RenderUpdate:
        """The change since the last call; `text` must extend the text of the last call.

        With `final`, `text` is the whole answer: a code block being written is highlighted like any other.
        """
        text = normalized(text)
        if not text.startswith(self._done):
            raise ValueError("update() takes the whole answer so far: the text no longer starts as before")
        self.plain_from = None
        if not final and self._plain_append(text):
            return RenderUpdate((), self._tail)
        self._text = text
        rest = text[len(self._done) :]
        env = self.env()
        tokens, oversized = self._parse(rest, env)
        starts = block_starts(tokens)
        keep = len(starts) - 1
        last = rest[line_offset(rest, starts[keep][0]) :] if starts else rest  # (link definitions make no token)
        # Too large to parse again at every update: the blocks before it are final whatever it becomes.
        oversized = oversized or _oversized(tokens[starts[keep][1] :] if starts else tokens, last)
        if not oversized and keep > 0 and "\n" not in last:
            keep -= 1  # the next block's first line is still being written
        finished: tuple[str, ...] = ()
        tail = tokens
        if keep > 0:
            cut_line = starts[keep][0]
            cut = line_offset(rest, cut_line)
            finished = tuple(self._html(tokens[a:b], env) for (_, a), (_, b) in pairwise(starts[: keep + 1]))
            self._references.update(
                (label, ref)
                for label, ref in env["references"].items()
                if label not in self._references and ref["map"][1] <= cut_line
            )
            self._finish(rest[:cut], len(finished), env[BUDGET])
            rest, tail = rest[cut:], tokens[starts[keep][1] :]
        if oversized:
            self.plain_from = len(self._done)
            self._finish(rest, 1, env[BUDGET])
            self._tail = ""
            return RenderUpdate((*finished, sanitize(f'<div class="{PLAIN_CLASS}">{escape(rest)}</div>\n')), "")
        if not final:
            env[BUDGET] = replace(env[BUDGET], code_block_pieces=STREAMING_CODE_PIECES_MAX)
        self._tail = self._html(tail, env)
        return RenderUpdate(finished, self._tail)

    def _parse(self, rest: str, env: dict[str, Any]) -> tuple[list[Token], bool]:
        """`rest`'s tokens, and whether its last block is oversized already by its blocks alone (its source,
        its block tokens): its inline content, which it will show as plain text, is then not parsed. That
        half of the work or more is saved where a long list or table reaches the limits."""
        state = StateCore(rest, self._md, env)
        run_core(self._md, state, block=True)
        starts = block_starts(state.tokens)
        first = starts[-1][1] if starts else 0
        last = rest[line_offset(rest, starts[-1][0]) :] if starts else rest
        oversized = _oversized(state.tokens[first:], last)  # without inline children: fewer tokens, never more
        left = state.tokens[first:] if oversized else []
        state.tokens = state.tokens[: len(state.tokens) - len(left)]
        run_core(self._md, state, block=False)
        return [*state.tokens, *left], oversized

    def env(self) -> dict[str, Any]:
        """The parser's environment for what follows the finished blocks: their references, their budget's rest."""
        return {"references": dict(self._references), BUDGET: replace(self._budget)}

    def resume_after(self, source: str, left: Budget) -> None:
        """`source`, a longer prefix of the answer, was rendered elsewhere (leaving `left` of the budget):
        the next update parses what follows it."""
        if not source.startswith(self._done):
            raise ValueError("resume_after() takes a longer prefix of the answer")
        self._finish(source[len(self._done) :], 0, left)
        self._text, self._tail = source, ""

    def _finish(self, source: str, blocks: int, left: Budget) -> None:
        """`source`, rendered as `blocks` blocks that left `left` of the budget, is final."""
        self._done += source
        self._blocks += blocks
        self._budget = left

    def _plain_append(self, text: str) -> bool:
        """Most tokens add plain words to the paragraph being written: then the tail's HTML grows by
        the escaped words, without parsing the tail again. A token that could change any markup (a
        new line, or any character Markdown gives a meaning) takes the full path, which also repairs
        what a plain append cannot know yet (a "www." that becomes a link), and checks the tail's size."""
        if not self._text or not text.startswith(self._text) or self._text[-1].isspace():
            return False
        if len(text) - len(self._done) > TAIL_CHARS_MAX:
            return False
        delta = text[len(self._text) :]
        if not _PLAIN_WORDS.fullmatch(delta) or not self._tail.endswith(_PARAGRAPH_END):
            return False
        self._text = text
        self._tail = self._tail[: -len(_PARAGRAPH_END)] + escape(delta, quote=False) + _PARAGRAPH_END
        return True

    def _html(self, tokens: list[Token], env: dict[str, Any]) -> str:
        return sanitize(self._md.renderer.render(tokens, self._md.options, env))


def _oversized(tokens: list[Token], source: str) -> bool:
    """Whether one block (its tokens and source) is too large to parse at every update; code never is."""
    if tokens and tokens[0].type in _CODE:
        return False
    if len(source) > TAIL_CHARS_MAX or source.count("\n") > TAIL_LINES_MAX:
        return True
    return sum(1 + len(token.children or ()) for token in tokens) > TAIL_TOKENS_MAX


def block_starts(tokens: list[Token]) -> list[tuple[int, int]]:
    """(first source line, first token index) of each top-level block.

    A block token without a line map (a plugin may set none) joins the block before it.
    """
    starts: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        if token.level == 0 and token.nesting >= 0 and (token.map or not starts):
            starts.append((token.map[0] if token.map else 0, index))
    return starts


def run_core(md: MarkdownIt, state: StateCore, block: bool) -> None:
    """Run the parser's core rules that find the blocks (`block`), or the others, which parse their inline content."""
    for name, rule in zip(md.core.ruler.get_active_rules(), md.core.ruler.getRules(""), strict=True):
        if (name in _BLOCK_RULES) == block:
            rule(state)


def line_offset(text: str, line: int) -> int:
    """Offset in `text` where line number `line` (0-based) starts."""
    offset = 0
    for _ in range(line):
        offset = text.index("\n", offset) + 1
    return offset
