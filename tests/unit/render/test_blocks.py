"""Streaming: growing prefixes end in the HTML of a full render, and finished blocks are never redone."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from plauder.render import RenderUpdate, StreamRenderer, render
from plauder.render.limits import (
    CODE_ANSWER_PIECES_MAX,
    CODE_BLOCK_PIECES_MAX,
    STREAMING_CODE_PIECES_MAX,
    TAIL_CHARS_MAX,
    TAIL_LINES_MAX,
    TAIL_TOKENS_MAX,
)
from tests.unit.render.labels import LABELS

SAMPLES = [
    "# Plan\n\nFirst *step*, then **second**.\nSame paragraph.\n\n- one\n- two\n\n- three, loose\n\nDone.",
    "Intro:\n\n```python\ndef f(x):\n    return x\n```\n\nAfter the code.\n\n```\nunterminated fence\nstill code",
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |\n\nTable above, math: $x^2$ and \\(y\\).\n\n$$\n\\frac{1}{2}\n$$\n\nEnd",
    "> quote\nlazy line\n\n1. first\n2. second\n   continued\n\n    indented code\n\nText\n***\nMore ***bold*** text",
    "See [the docs][d] and <https://example.org>.\n\n[d]: https://docs.example.org\n\nLater [d] again.\n\n- [ ] task\n- [x] done",
    "Heading\n=======\n\nPara with trailing spaces  \nbreak.\n\n\\[\na+b\n\\]\n\n![pic](https://img.example.org/p.png) www.example.org\n",
    "Windows\r\nline ends\r\n\r\n- a\r\n- b\r\n\r\nend\r\n",
    "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n~~gone~~ `code` and a price of $5.",
]


def spy_parses(monkeypatch: pytest.MonkeyPatch, record: Callable[[str, list[Token]], object]) -> None:
    """Call `record` with the source and tokens of every parse a StreamRenderer makes."""
    original = StreamRenderer._parse

    def spy(renderer: StreamRenderer, src: str, env: dict[str, Any]) -> tuple[list[Token], bool]:
        tokens, oversized = original(renderer, src, env)
        record(src, tokens)
        return tokens, oversized

    monkeypatch.setattr(StreamRenderer, "_parse", spy)


def stream(text: str, cuts: list[int]) -> tuple[StreamRenderer, str]:
    """Feed the prefixes ending at `cuts` and then the whole text; the HTML the DOM would then show."""
    renderer = StreamRenderer(LABELS)
    shown: list[str] = []
    update = RenderUpdate((), "")
    for cut in [*cuts, len(text)]:
        update = renderer.update(text[:cut])
        shown.extend(update.finished)
    assert len(shown) == renderer.finished_blocks
    return renderer, "".join(shown) + update.tail


@pytest.mark.parametrize("text", SAMPLES)
def test_character_by_character_ends_like_a_full_render(text: str) -> None:
    """Fed one character at a time, the blocks and tail together equal the full render."""
    assert stream(text, list(range(len(text))))[1] == render(text, LABELS)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), index=st.integers(0, len(SAMPLES) - 1))
def test_random_prefixes_end_like_a_full_render(data: st.DataObject, index: int) -> None:
    """However the stream is cut into chunks, the result equals the full render."""
    text = SAMPLES[index]
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=30)))
    assert stream(text, cuts)[1] == render(text, LABELS)


@pytest.mark.parametrize("text", SAMPLES)
def test_finished_blocks_are_never_parsed_again(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each update parses only the text after the finished blocks: their rendering is done once."""
    parsed: list[str] = []
    spy_parses(monkeypatch, lambda src, _tokens: parsed.append(src))
    renderer = StreamRenderer(LABELS)
    normalized = text.replace("\r\n", "\n")
    for cut in range(1, len(normalized) + 1):
        unfinished = normalized[len(renderer.finished_text) : cut]
        before = len(parsed)
        renderer.update(normalized[:cut])
        assert parsed[before:] in ([], [unfinished])  # at most one parse, of the unfinished part only
    assert renderer.finished_blocks > 0


def test_plain_words_grow_the_tail_without_a_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """A token of plain words extends the paragraph being written; anything else is parsed again."""
    parsed: list[str] = []
    spy_parses(monkeypatch, lambda src, _tokens: parsed.append(src))
    renderer = StreamRenderer(LABELS)
    renderer.update("Done.\n\nThe answer")
    parsed.clear()
    assert renderer.update("Done.\n\nThe answer is, in short").tail.endswith("<p>The answer is, in short</p>\n")
    assert renderer.update("Done.\n\nThe answer is, in short, yes.").tail.endswith(
        "<p>The answer is, in short, yes.</p>\n"
    )
    assert parsed == []
    assert renderer.update("Done.\n\nThe answer is, in short, yes. *Really*").tail.endswith("<em>Really</em></p>\n")
    assert len(parsed) == 1


def test_unterminated_fence_stays_in_the_tail() -> None:
    """An open code fence runs to the end of the text: it is the tail until it closes and a block follows."""
    renderer = StreamRenderer(LABELS)
    update = renderer.update("Text\n\n```python\nx = 1\n\nmore = 2\n")
    assert update.finished == ("<p>Text</p>\n",)
    assert update.tail.startswith('<div class="code-block">') and "more" in update.tail
    closed = renderer.update("Text\n\n```python\nx = 1\n\nmore = 2\n```\n\nAfter\n")
    assert closed.finished[0].startswith('<div class="code-block">') and closed.tail == "<p>After</p>\n"


def test_list_with_blank_lines_is_one_unfinished_block() -> None:
    """Items separated by blank lines belong to one list, which stays the tail while it grows."""
    renderer = StreamRenderer(LABELS)
    assert renderer.update("- a\n\n- b\n\n- c").finished == ()
    assert renderer.finished_blocks == 0


def test_a_block_start_still_being_written_does_not_finish_the_block_before() -> None:
    """`***` is a rule only until it grows into `***bold***`, which continues the paragraph."""
    renderer = StreamRenderer(LABELS)
    assert renderer.update("Para\n***").finished == ()
    assert renderer.update("Para\n***bold*** on").tail == "<p>Para\n<em><strong>bold</strong></em> on</p>\n"


def test_text_must_grow() -> None:
    """A different text is a different answer: the caller must start a new renderer."""
    renderer = StreamRenderer(LABELS)
    renderer.update("One\n\nTwo\n\nThree")
    with pytest.raises(ValueError, match="no longer starts"):
        renderer.update("Other\n\nText")


def test_reference_defined_after_a_finished_block_needs_the_final_render() -> None:
    """Documented limit: a finished block does not learn of a later definition; render() gets it right."""
    text = "See [d].\n\nMore.\n\n[d]: https://example.org\n"
    streamed = stream(text, list(range(len(text))))[1]
    assert "<a" not in streamed
    assert '<a href="https://example.org"' in render(text, LABELS)


def weight(tokens: list[Token]) -> int:
    return sum(1 + len(token.children or ()) for token in tokens)


@pytest.mark.parametrize(
    ("text", "chunk"),
    [
        ("Intro.\n\n" + "- *a*\n" * 600 + "\nAfter\n", 16),
        ("Intro.\n\n" + ("x" * 99 + " ") * 400 + "\n\nAfter\n", 1000),
        ("Intro.\n\n[" + "\n_" * 1000 + "\n\nAfter\n", 64),
        ("Intro.\n\nSee [x].\n\n" + "[x]: http://a\n" * 500 + "\nAfter\n", 64),  # definitions make no token
    ],
    ids=["many tokens", "many characters", "many lines", "many link definitions"],
)
def test_a_last_block_past_the_limit_is_shown_as_plain_text_and_parsing_starts_after_it(
    text: str, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unfinished block was parsed again at every update, whatever its size (a long list: 0.4 s each):
    what is parsed now never holds much more than TAIL_TOKENS_MAX tokens, TAIL_LINES_MAX lines or
    TAIL_CHARS_MAX characters, and what the block held is shown as it was written."""
    parsed: list[tuple[int, int, int]] = []
    spy_parses(monkeypatch, lambda src, tokens: parsed.append((weight(tokens), src.count("\n"), len(src))))
    shown = stream(text, list(range(0, len(text), chunk)))[1]
    assert max(tokens for tokens, _, _ in parsed) <= TAIL_TOKENS_MAX + 2 * chunk
    assert max(lines for _, lines, _ in parsed) <= TAIL_LINES_MAX + chunk
    assert max(chars for _, _, chars in parsed) <= TAIL_CHARS_MAX + chunk
    assert shown.startswith("<p>Intro.</p>\n") and shown.endswith("<p>After</p>\n")
    plain = [unescape(part) for part in re.findall(r'<div class="plain-source">(.*?)</div>', shown, re.DOTALL)]
    assert plain and all(part in text for part in plain)


def test_code_being_written_is_highlighted_up_to_a_size_then_once_it_is_finished() -> None:
    """The unfinished code block is highlighted again at every update: not past STREAMING_CODE_PIECES_MAX."""
    code = "```python\n" + "x = 1\n" * (STREAMING_CODE_PIECES_MAX // 6 + 1)  # 6 pieces a line
    renderer = StreamRenderer(LABELS)
    assert 'language-python">' in renderer.update(code[:200]).tail
    assert 'language-text">x = 1' in renderer.update(code).tail
    closed = renderer.update(code + "```\n\nAfter\n")
    assert 'language-python">' in closed.finished[0] and closed.tail == "<p>After</p>\n"


def test_the_answer_budget_carries_over_from_finished_blocks() -> None:
    """Blocks past the answer's highlighting budget are plain in a stream exactly as in a full render."""
    lines = CODE_BLOCK_PIECES_MAX // 6  # 6 pieces a line
    fitting = CODE_ANSWER_PIECES_MAX // (6 * lines)
    text = ("```python\n" + "x = 1\n" * lines + "```\n\n") * (fitting + 1) + "After\n"
    shown = stream(text, list(range(0, len(text), 997)))[1]
    assert shown == render(text, LABELS)
    assert shown.count('language-python">') == fitting and shown.count('language-text">') == 1


def test_a_block_past_the_limit_by_its_lines_has_its_inline_content_left_unparsed() -> None:
    """Its blocks alone show it too long: it becomes plain text, so the larger part of the work is saved."""
    tokens, oversized = StreamRenderer(LABELS)._parse("Intro *a*.\n\n" + "- *a*\n" * (TAIL_LINES_MAX + 1), {})
    inline = [token for token in tokens if token.type == "inline"]
    assert oversized
    assert inline[0].children and not any(token.children for token in inline[1:])
