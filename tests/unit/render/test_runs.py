"""Long lines and runs cut short for the lexer come back whole: the code shown is the code written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from plauder.render.limits import LINE_CHARS_MAX, RUN_REPEATS_MAX, RUN_UNIT_CHARS, RUN_WHITESPACE_CHARS
from plauder.render.runs import lexed

# Few characters, so that runs of one unit, of mixed whitespace and long lines are common.
CODE = st.lists(
    st.sampled_from(["a", "b", "ab", '"\\', " ", "\n", "\t", "==", "a" * 20, "\n" * 30, "x y " * 40]), max_size=60
)


class FakeLexer:
    """Stands in for a Pygments lexer: keeps the text it is given and cuts it into tokens at `cuts`
    (or loses its last `lost` characters, as a faulty lexer might)."""

    def __init__(self, cuts: list[int], lost: int = 0) -> None:
        self.cuts = cuts
        self.lost = lost
        self.seen = ""

    def get_tokens(self, text: str) -> Iterator[tuple[str, str]]:
        self.seen = text
        text = text[: len(text) - self.lost]
        bounds = [0, *sorted(cut % (len(text) + 1) for cut in self.cuts), len(text)]
        return (("t", text[a:b]) for a, b in pairwise(bounds))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(parts=CODE, cuts=st.lists(st.integers(0, 10_000), max_size=12))
def test_the_tokens_spell_the_code_wherever_the_lexer_cuts(parts: list[str], cuts: list[int]) -> None:
    """Wherever the lexer puts its token boundaries, the tokens given back spell the code exactly."""
    code = "".join(parts)
    assert "".join(value for _, value in lexed(code, FakeLexer(cuts))) == code


@settings(max_examples=200, deadline=None, derandomize=True)
@given(parts=CODE)
def test_the_lexer_sees_no_long_line_or_run(parts: list[str]) -> None:
    """No line over LINE_CHARS_MAX, no whitespace over RUN_WHITESPACE_CHARS (and the end of a kept run
    before it), no other unit repeated more than RUN_REPEATS_MAX times."""
    lexer = FakeLexer([])
    list(lexed("".join(parts), lexer))
    seen = lexer.seen
    assert max(map(len, seen.split("\n"))) <= LINE_CHARS_MAX
    assert max(map(len, re.findall(r"\s+", seen)), default=0) <= RUN_WHITESPACE_CHARS + RUN_UNIT_CHARS
    for size in range(1, RUN_UNIT_CHARS + 1):
        for start in range(len(seen) - size):
            unit = seen[start : start + size]
            assert unit.isspace() or not seen.startswith(unit * (RUN_REPEATS_MAX + 1), start)


def test_a_run_keeps_its_first_repeats_and_the_rest_goes_back_into_their_token() -> None:
    """The lexer sees RUN_REPEATS_MAX repeats; the token holding the last of them gets the rest."""
    code = "x = '" + "ab" * 40 + "'\n"
    lexer = FakeLexer([4, 5 + 2 * RUN_REPEATS_MAX + 1])
    tokens = list(lexed(code, lexer))
    assert lexer.seen == "x = '" + "ab" * RUN_REPEATS_MAX + "'\n"
    assert tokens == [("t", "x = "), ("t", "'" + "ab" * 40 + "'"), ("t", "\n")]


def test_text_a_lexer_lost_still_shows() -> None:
    """Should a lexer lose the end of its input, what was cut from there is shown all the same."""
    code = "x" + "\n" * 100
    assert "".join(value for _, value in lexed(code, FakeLexer([], lost=1))) == code[:-1]
    assert "".join(value for _, value in lexed(code + "y", FakeLexer([], lost=1))) == code
