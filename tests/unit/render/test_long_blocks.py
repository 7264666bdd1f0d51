"""A list or table past the tail limits renders in a finished answer, in bounded steps, as a whole parse would."""

from __future__ import annotations

import pytest
from markdown_it.parser_inline import ParserInline

from plauder.render.answer import SlicedRender, _parser
from plauder.render.blocks import StreamRenderer
from plauder.render.limits import LONG_BLOCK_GROUP_CHARS, LONG_BLOCK_LINES_MAX, TAIL_LINES_MAX, Budget
from plauder.render.long_blocks import long_block
from plauder.render.markdown import BUDGET
from plauder.render.sanitize import sanitize
from tests.unit.render.labels import LABELS

WORDS = "some *words*, [x] and `code` "
LONG_LIST = "".join(f"{i}. item {i}: {WORDS * 8}\n" for i in range(1, 301))  # 300 lines, 60 KB
LONG_TABLE = (
    "| a \ue000 | b | c |\n|:--|--:|---|\n" + f"| {WORDS * 3}| {WORDS * 2}| $x^2$ |\n" * 250
)  # a private-use character in its header, as the mark where the rows go
LOOSE_LIST = "".join(f"- item {i} {WORDS}\n\n" for i in range(TAIL_LINES_MAX * 3 // 4))  # 300 lines


def steps(text: str) -> tuple[str, list[int]]:
    """The HTML of a sliced render, and the characters of inline content each step parsed."""
    sliced, parsed = SlicedRender(text, LABELS), []
    original = ParserInline.parse

    def spy(parser: ParserInline, src: str, *args: object) -> None:
        parsed[-1] += len(src)
        original(parser, src, *args)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ParserInline, "parse", spy)
        while sliced.html is None:
            parsed.append(0)
            sliced.step()
    return sliced.html, parsed


@pytest.mark.parametrize("block", [LONG_LIST, LONG_TABLE, LOOSE_LIST], ids=["list", "table", "loose list"])
@pytest.mark.parametrize(
    ("before", "after"), [("", ""), ("[x]: https://a.example\n\nIntro [x].\n\n", "\nAfter [x].\n")]
)
def test_a_long_list_or_table_renders_as_a_whole_parse_in_bounded_steps(block: str, before: str, after: str) -> None:
    text = before + block + after
    html, parsed = steps(text)
    assert html == sanitize(_parser(LABELS).render(text, {BUDGET: Budget()}))
    assert 'class="plain-source"' not in html
    # The step that finds the block's end parses no inline content; each after it a group and one item more at most.
    assert max(parsed[parsed.index(0) :]) < LONG_BLOCK_GROUP_CHARS + 1000


def test_a_block_running_on_past_the_window_is_shown_as_a_stream_shows_it_and_a_later_table_rendered() -> None:
    text = "- item\n" * (LONG_BLOCK_LINES_MAX + 10) + "\nText.\n\n" + LONG_TABLE
    html, _ = steps(text)
    assert 'class="plain-source"' in html and "<table>" in html and html.count("<tr>") == 251


def test_a_long_code_block_is_passed_over_and_a_table_after_it_rendered() -> None:
    """A long block that is no list or table is looked at once and stays the stream's; what follows is looked at."""
    text = "```\n" + "code line\n" * 800 + "```\n\n" + LONG_TABLE
    html, _ = steps(text)
    assert html == sanitize(_parser(LABELS).render(text, {BUDGET: Budget()}))


def test_a_table_without_rows_or_a_paragraph_is_no_long_block() -> None:
    for text in ("| a | b |\n|---|---|\n", "Just words.\n"):
        assert long_block(_parser(LABELS), text, 0, StreamRenderer(LABELS).env()) == (None, len(text))
