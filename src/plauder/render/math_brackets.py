"""LaTeX's own math delimiters: `\\(...\\)` inline, and `\\[ ... \\]` starting a block, in linear time.

mdit_py_plugins' texmath matched these with a regular expression over a copy of the whole rest of the
paragraph (or document) at every `\\(` and `\\[`, and without a closing delimiter it scanned to the end:
16,000 `\\(` took 3.2 s. Here an inline formula is looked for within MATH_CHARS_MAX characters (a longer
one stays text), and a block formula ends on the first line that ends with `\\]`, with no blank line and
no line outside its container in between, like a `$$` block of the dollarmath plugin. The tokens are
dollarmath's (`math_inline`, `math_block`), so one render rule serves both.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from plauder.render.limits import MATH_CHARS_MAX

OPEN_INLINE, CLOSE_INLINE = "\\(", "\\)"
OPEN_BLOCK, CLOSE_BLOCK = "\\[", "\\]"


def math_brackets_plugin(md: MarkdownIt) -> None:
    """Parse `\\(...\\)` and `\\[ ... \\]` as math (before `\\(` is taken for an escaped parenthesis)."""
    md.inline.ruler.before("escape", "math_inline_brackets", _inline)
    md.block.ruler.before("fence", "math_block_brackets", _block)


def _inline(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith(OPEN_INLINE, start):
        return False
    limit = min(state.posMax, start + len(OPEN_INLINE) + MATH_CHARS_MAX + len(CLOSE_INLINE))
    end = state.src.find(CLOSE_INLINE, start + len(OPEN_INLINE) + 1, limit)  # at least one character inside
    if end < 0:
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = state.src[start + len(OPEN_INLINE) : end]
        token.markup = OPEN_INLINE
    state.pos = end + len(CLOSE_INLINE)
    return True


def _block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if state.sCount[start_line] - state.blkIndent >= 4 or not state.src.startswith(OPEN_BLOCK, begin):
        return False
    lines = [state.src[begin + len(OPEN_BLOCK) : state.eMarks[start_line]]]
    line = start_line
    while not lines[-1].rstrip().endswith(CLOSE_BLOCK):
        line += 1
        if line >= end_line or state.isEmpty(line) or state.sCount[line] < state.blkIndent:
            return False
        lines.append(state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]])
    content = "\n".join(lines).rstrip()[: -len(CLOSE_BLOCK)]
    if not content.strip():
        return False
    if not silent:
        token = state.push("math_block", "math", 0)
        token.block = True
        token.content = content
        token.markup = OPEN_BLOCK
        token.map = [start_line, line + 1]
    state.line = line + 1
    return True
