"""How much work one answer may cause: every limit of the renderer in one place.

The page may not block for more than 100 ms per task, Pyodide is several times slower than CPython,
and a model can send anything. Past a limit the renderer shows text instead of markup: code without
colours, a formula's source as code, a paragraph without emphasis or links. The figures behind each
limit come from `bench/render.py` (worst cases) and `bench/lexer_sweep.py`, under CPython.

The inline parser of markdown-it stops at every character that may start markup (`*`, `[`, `:`, a
newline, ...) and tries each of its rules there; plain text between stops costs next to nothing. So
parsing work is counted in stops: about 1 in 17 characters of prose, every character of `*_*_*_`;
a stop costs 2-20 us under CPython.
"""

from __future__ import annotations

from dataclasses import dataclass

# A paragraph, heading or table cell with more stops is shown as its plain text (about 34 KB of prose).
INLINE_STOPS_MAX = 2000
# A streamed answer's unfinished last block with more stops is shown as plain text from then on, until the
# final render: each update parses only what follows it (about 8 KB of prose, a list of 250 items).
TAIL_STOPS_MAX = 500
# A wider table stays a paragraph: each cell is parsed, rendered and laid out (10,000 columns: 0.3 s).
TABLE_COLUMNS_MAX = 64
# An autolink (www., http:, mail address) is looked for in this many characters from where it starts;
# the plugin's rules copied the rest of the paragraph at every `:` and `@`. Longer URLs are cut here.
AUTOLINK_CHARS_MAX = 2048

# Pygments takes 1-5 us per character for the listed languages; larger blocks are shown without colours,
CODE_BLOCK_CHARS_MAX = 10_000
# ... and so is a code block still being streamed (it is highlighted again at every update) ...
STREAMING_CODE_CHARS_MAX = 3_000
# ... and every block after this much highlighted code in one answer.
CODE_ANSWER_CHARS_MAX = 20_000
# Many lexers take time quadratic in the length of a run (`runs`): the lexer sees a unit of up to
# RUN_UNIT_CHARS characters repeated at most RUN_REPEATS_MAX times, and at most RUN_WHITESPACE_CHARS of
# whitespace in a row (indentation after a newline stays whole).
RUN_UNIT_CHARS = 4
RUN_REPEATS_MAX = 16
RUN_WHITESPACE_CHARS = 24

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

    code_chars: int = CODE_ANSWER_CHARS_MAX
    math_chars: int = MATH_ANSWER_CHARS_MAX
    code_block_chars: int = CODE_BLOCK_CHARS_MAX  # the largest block highlighted: less in a stream's tail

    def spend_code(self, size: int) -> bool:
        """Whether a code block of `size` characters may be highlighted; if so, it is paid for."""
        if size > min(self.code_block_chars, self.code_chars):
            return False
        self.code_chars -= size
        return True

    def spend_math(self, size: int) -> bool:
        """Whether a formula of `size` characters may still be converted; if so, it is paid for."""
        cost = max(size, MATH_FORMULA_CHARS)
        if cost > self.math_chars:
            return False
        self.math_chars -= cost
        return True
