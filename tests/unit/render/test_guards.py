"""Parsing stays linear: plugin rules read only what they need, and blocks too costly to parse stay text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import index as dollarmath
from mdit_py_plugins.gfm_autolink import index as gfm_autolink

from plauder.render import render, sanitize
from plauder.render.answer import _parser
from plauder.render.guards import PROTOCOL_SCAN_BACK
from plauder.render.limits import AUTOLINK_CHARS_MAX, INLINE_STOPS_MAX, TABLE_COLUMNS_MAX, Budget
from plauder.render.markdown import BUDGET, make_parser
from tests.unit.render.labels import LABELS


def html_of(text: str) -> str:
    """Rendered with a parser made now, so that rules patched by a test are the ones used."""
    return make_parser(LABELS).render(text, {BUDGET: Budget()})


@pytest.mark.parametrize("name", ["_www_inline_rule", "_protocol_rule", "_email_rule"])
def test_autolink_rules_read_a_window_ahead_and_a_few_characters_back(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plugin's rules copied the rest of the paragraph at each `:` and `@`, and the protocol rule
    searched all pending text: 16,000 `a:` took 7.3 s. Each sees a bounded part of the text now."""
    seen: list[tuple[int, int]] = []
    rule: Callable[[StateInline, bool], bool] = getattr(gfm_autolink, name)

    def spy(state: StateInline, silent: bool) -> bool:
        seen.append((state.posMax - state.pos, len(state.pending)))
        return rule(state, silent)

    monkeypatch.setattr(gfm_autolink, name, spy)
    text = ("see http: and mailto: or a@b and www. " * 100 + "x" * 5000 + "\n\n") * 2
    html_of(text)
    assert seen and max(ahead for ahead, _ in seen) <= AUTOLINK_CHARS_MAX
    if name == "_protocol_rule":
        assert max(behind for _, behind in seen) <= PROTOCOL_SCAN_BACK


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("text " * 3000 + "at https://example.org/a.", "https://example.org/a"),
        ("text " * 3000 + "mailto:me@example.org now", "mailto:me@example.org"),
        ("x:" * 900 + " www.example.org", "http://www.example.org"),
    ],
)
def test_autolinks_after_long_text_are_found_and_the_text_kept(text: str, link: str) -> None:
    """Flushing the pending text before the protocol rule changes nothing in the output."""
    out = render(text, LABELS)
    assert f'<a href="{link}"' in out
    assert out.startswith("<p>" + text[:100])


def test_a_url_is_linked_up_to_the_window() -> None:
    """A URL longer than AUTOLINK_CHARS_MAX after its `:` is cut there; the rest stays text."""
    url = "https://example.org/" + "a" * (2 * AUTOLINK_CHARS_MAX)
    out = render(url, LABELS)
    linked = url[: len("https") + AUTOLINK_CHARS_MAX]
    assert out.startswith(f'<p><a href="{linked}"') and out.endswith(f"</a>{url[len(linked) :]}</p>\n")


def test_a_math_block_looks_for_its_end_only_within_its_list_item(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every item opening `$$` scanned to the end of the list for a closing line: 5,300 took 3.8 s."""
    spans: list[int] = []
    make_rule = dollarmath.math_block_dollar

    def spying_rule(*args: Any, **kwargs: Any) -> Callable[[StateBlock, int, int, bool], bool]:
        rule = make_rule(*args, **kwargs)

        def spy(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
            spans.append(end_line - start_line)
            return rule(state, start_line, end_line, silent)

        return spy

    monkeypatch.setattr(dollarmath, "math_block_dollar", spying_rule)
    out = html_of("- $$a\n" * 500 + "\n$$\nx\n$$\n")
    assert out.count("<li>") == 500 and '<div class="math-block"><math' in out
    assert max(spans) == 3  # the block at the end; each item saw its own line only


def test_a_table_wider_than_the_limit_stays_a_paragraph() -> None:
    """Each cell is parsed, rendered and laid out: 10,000 columns took 0.3 s to parse alone."""

    def table(columns: int) -> str:
        return "|" + "a|" * columns + "\n|" + "-|" * columns + "\n|" + "b|" * columns + "\n"

    assert "<table>" in render(table(TABLE_COLUMNS_MAX), LABELS)
    wide = render(table(TABLE_COLUMNS_MAX + 1), LABELS)
    assert "<table>" not in wide and wide.startswith("<p>|a|a|")


def whole(text: str) -> str:
    return sanitize(_parser(LABELS).render(text, {BUDGET: Budget()}))


@pytest.mark.parametrize("shape", ["{}", "# {}", "| a |\n|---|\n| {} |"])
def test_inline_content_with_too_many_stops_is_plain_text(shape: str) -> None:
    """A paragraph, heading or cell past INLINE_STOPS_MAX stops is its text: 200 KB of `*_` took 2.7 s.
    (Parsed whole: an answer this long renders in slices, where the tail limits come first.)"""
    within = "*a* " * (INLINE_STOPS_MAX // 2)
    beyond = within + "*a*"
    assert "<em>a</em>" in whole(shape.format(within))
    out = whole(shape.format(beyond))
    assert "<em>" not in out and "*a* *a* *a*" in out
