"""Parsing in time linear in the answer: plugin rules kept to what they need to read, and blocks that
would cost too much left as text.

- The GFM autolink rules copied the rest of the paragraph at every `:` and `@`, and searched all the text
  since the last markup for a protocol name (16,000 `a:` took 7.3 s): they now see AUTOLINK_CHARS_MAX
  characters ahead and, for the protocol, the last few characters behind.
- The `$$` block rule looked for its closing line past the end of its list item, for each item that
  opened one (5,300 items took 3.8 s): it now stops at the first blank line or line outside the item.
- A table wider than TABLE_COLUMNS_MAX stays a paragraph (one of 10,000 columns froze the page for
  0.8 s), and a paragraph, heading or cell with more than INLINE_STOPS_MAX stops is plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from markdown_it import MarkdownIt
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from plauder.render.limits import AUTOLINK_CHARS_MAX, INLINE_STOPS_MAX, TABLE_COLUMNS_MAX

InlineRule = Callable[[StateInline, bool], bool]
BlockRule = Callable[[StateBlock, int, int, bool], bool]
Rule = TypeVar("Rule", bound=Callable[..., Any])

# Each autolink rule of the plugin, and what the text must start with for it to match.
AUTOLINK_RULES = {"gfm_autolink_www": "www.", "gfm_autolink_protocol": ":", "gfm_autolink_email": "@"}
PROTOCOLS = ("http", "https", "mailto", "xmpp")
# The protocol rule reads back this far through the pending text: the longest name and one more character.
PROTOCOL_SCAN_BACK = len("mailto") + 1


def guard(md: MarkdownIt) -> None:
    """Bound the rules of `md` (with the GFM autolink, dollarmath and table rules enabled) as described above."""
    _replace(md.inline.ruler, "gfm_autolink_protocol", _after_protocol_name)
    for name, start in AUTOLINK_RULES.items():
        _replace(md.inline.ruler, name, partial(_within_window, start=start))
    _replace(md.block.ruler, "math_block", _dollars_within_container)
    _replace(md.block.ruler, "table", _not_too_wide)
    md.core.ruler.at("inline", _inline_or_plain)


def stops(md: MarkdownIt, text: str) -> int:
    """How many times the inline parser stops in `text` to try its rules: the measure of its work."""
    return len(md.inline.terminator_re.findall(text))


def _replace(ruler: Ruler[Rule], name: str, bound: Callable[[Rule], Rule]) -> None:
    """Replace a rule by `bound(rule)`, keeping the chains it may end (`at` would forget them)."""
    rule = next(rule for rule in ruler.__rules__ if rule.name == name)
    ruler.at(name, bound(rule.fn), {"alt": rule.alt})


def _within_window(rule: InlineRule, *, start: str) -> InlineRule:
    """The rule is asked only where the text starts with `start`, and sees at most AUTOLINK_CHARS_MAX
    characters ahead. The autolink rules never match when silent (a link label being skipped), so
    they are not asked then."""

    def bounded(state: StateInline, silent: bool) -> bool:
        if silent or not state.src.startswith(start, state.pos):
            return False
        end = state.posMax
        state.posMax = min(end, state.pos + AUTOLINK_CHARS_MAX)
        try:
            return rule(state, silent)
        finally:
            state.posMax = end

    return bounded


def _after_protocol_name(rule: InlineRule) -> InlineRule:
    """The protocol rule is asked only right after a protocol name, and reads only the last characters
    of the pending text: the rest is flushed to a text token first (adjacent text tokens are joined
    again by markdown-it's `fragments_join`). `_within_window` asks this only at a `:`, never silent."""

    def bounded(state: StateInline, silent: bool) -> bool:
        pending = state.pending
        if not pending.endswith(PROTOCOLS):
            return False
        if len(pending) > PROTOCOL_SCAN_BACK:
            state.pending = pending[:-PROTOCOL_SCAN_BACK]
            state.pushPending()
            state.pending = pending[-PROTOCOL_SCAN_BACK:]
        return rule(state, silent)

    return bounded


def _dollars_within_container(rule: BlockRule) -> BlockRule:
    """The `$$` rule looks for its closing line up to the first blank line or line outside the current
    container only (dollarmath is told to allow no blank line inside `$$` anyway)."""

    def bounded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if not state.src.startswith("$$", state.bMarks[start_line] + state.tShift[start_line]):
            return False
        last = start_line + 1
        while last < end_line and not state.isEmpty(last) and state.sCount[last] >= state.blkIndent:
            last += 1
        return rule(state, start_line, last, silent)

    return bounded


def _not_too_wide(rule: BlockRule) -> BlockRule:
    """A table whose header line has more than TABLE_COLUMNS_MAX cells is not parsed as a table."""

    def bounded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        header = state.src.count("|", state.bMarks[start_line], state.eMarks[start_line])
        return header <= TABLE_COLUMNS_MAX + 1 and rule(state, start_line, end_line, silent)

    return bounded


def _inline_or_plain(state: StateCore) -> None:
    """markdown-it's `inline` core rule, except that content with too many stops becomes one text token."""
    md = state.md
    for token in state.tokens:
        if token.type != "inline":
            continue
        token.children = token.children or []
        if stops(md, token.content) > INLINE_STOPS_MAX:
            text = Token("text", "", 0)
            text.content = token.content
            token.children.append(text)
        else:
            md.inline.parse(token.content, md, state.env, token.children)
