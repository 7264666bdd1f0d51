"""How much work one answer may cause: every limit of the renderer in one place.

The page may not block for more than 100 ms per task, Pyodide is several times slower than CPython,
and a model can send anything. Past a limit the renderer shows text instead of markup: code without
colours, a formula's source as code, a paragraph without emphasis or links. The figures behind each
limit come from `bench/render.py` (worst cases) and `bench/lexer_sweep.py`, under CPython.

The inline parser of markdown-it stops at every character that may start markup (`*`, `[`, `:`, a
newline, ...) and tries each of its rules there; plain text between stops costs next to nothing. So
the work of parsing a paragraph is foretold by its stops: about 1 in 17 characters of prose, every
character of `*_*_*_`; a stop costs 2-20 us under CPython, 60 us where it makes a link.
"""

from __future__ import annotations

from dataclasses import dataclass

# A paragraph, heading or table cell with more stops is shown as its plain text (about 17 KB of prose).
INLINE_STOPS_MAX = 1000
# A stream parses its unfinished last block again at every update. Once that block has more tokens than
# this (10-20 us each to make, render and sanitize; a list of 200 items, a table of 370 cells), more
# lines (the block parser spends 10-40 us on each) or more characters, it is shown as plain text, final
# until the stream ends, and parsing starts after it.
TAIL_TOKENS_MAX = 1500
TAIL_LINES_MAX = 200
TAIL_CHARS_MAX = 32_000
# A finished answer longer than this is rendered as a stream (`answer.SlicedRender`): a step at a time, each
# parsing at most twice its unfinished last block or this many characters more, so that no step has more
# to parse than a stream's update (a page can draw between steps), and the total stays linear.
SLICE_CHARS = 1024
# A list or table past the tail limits is still rendered in a finished answer (`long_blocks`) if the block
# parser finds its end within this many lines and characters (300 list items of 200 characters, 250 table
# rows: 10-15 ms under CPython for the search, the largest step) ...
LONG_BLOCK_LINES_MAX = 320
LONG_BLOCK_CHARS_MAX = 80_000
# ... a step parsing, rendering and sanitizing items of this many characters of inline content or a little more.
LONG_BLOCK_GROUP_CHARS = 4_000
# It is looked for once a block is still unfinished after this many characters (a stream would parse it again).
LONG_FROM_CHARS = 4 * SLICE_CHARS
# A wider table stays a paragraph: each cell is parsed, rendered and laid out (10,000 columns: 0.3 s).
TABLE_COLUMNS_MAX = 64
# An autolink (www., http:, mail address) is looked for in this many characters from where it starts;
# the plugin's rules copied the rest of the paragraph at every `:` and `@`. Longer URLs are cut here.
AUTOLINK_CHARS_MAX = 2048

# Pygments' time goes by tokens: 4-12 us each under CPython, lexed, formatted and sanitized. So code is
# measured in pieces (`highlight.pieces`: words, runs of blanks, newlines and other characters one by
# one; about 2.5 characters of code each), and shown without colours past a limit: a block of more ...
CODE_BLOCK_PIECES_MAX = 2_000
# ... or more characters (a piece may be a long word; some lexers allow less: `lexers.SMALLER_BLOCKS`) ...
CODE_BLOCK_CHARS_MAX = 6_000
# ... a block still being streamed (it is highlighted again at every update) of more pieces ...
STREAMING_CODE_PIECES_MAX = 800
# ... and every block after this many highlighted pieces in one answer.
CODE_ANSWER_PIECES_MAX = 6_000
# Code shown plain is split into groups of this many lines that the browser lays out only when they come
# into view (`.code-lines` in app.css): one `<pre>` of 200 KB took 55-184 ms to lay out, in groups 1 ms.
PLAIN_CODE_GROUP_LINES = 100
# Many lexers take time quadratic in the length of a run or of a line (`runs`): the lexer sees a unit of
# up to RUN_UNIT_CHARS characters repeated at most RUN_REPEATS_MAX times, at most RUN_WHITESPACE_CHARS of
# whitespace in a row (indentation after a newline stays whole) and lines of at most LINE_CHARS_MAX.
RUN_UNIT_CHARS = 4
RUN_REPEATS_MAX = 16
RUN_WHITESPACE_CHARS = 24
LINE_CHARS_MAX = 200

# latex2mathml takes about 30 us per formula plus 10 us per character of TeX. A formula past a limit
# is shown as its source: longer than this ...
MATH_CHARS_MAX = 2_000
# ... or after this much converted TeX in one answer (each formula counts at least MATH_FORMULA_CHARS) ...
MATH_ANSWER_CHARS_MAX = 8_000
MATH_FORMULA_CHARS = 4
# ... or nested deeper than Chromium lays out in time (500 levels: 3.1 s per layout; real formulas stay
# below 15): groups in the source (`{`, `\left`, `\begin`), checked before converting, ...
MATH_NESTING_MAX = 16
# ... and elements in the MathML (`\sqrt\sqrt\sqrt x` nests without braces).
MATHML_DEPTH_MAX = 32


@dataclass
class Budget:
    """What the rest of one answer may still spend on highlighting and math, in document order.

    A full render starts with a fresh budget; a stream keeps what its finished blocks left, so that
    both give each block the same treatment.
    """

    code_pieces: int = CODE_ANSWER_PIECES_MAX
    math_chars: int = MATH_ANSWER_CHARS_MAX
    code_block_pieces: int = CODE_BLOCK_PIECES_MAX  # the largest block highlighted: less in a stream's tail

    def spend_code(self, pieces: int) -> bool:
        """Whether a code block of so many pieces may be highlighted; if so, it is paid for."""
        if pieces > min(self.code_block_pieces, self.code_pieces):
            return False
        self.code_pieces -= pieces
        return True

    def spend_math(self, size: int) -> bool:
        """Whether a formula of `size` characters may still be converted; if so, it is paid for."""
        cost = max(size, MATH_FORMULA_CHARS)
        if cost > self.math_chars:
            return False
        self.math_chars -= cost
        return True
