"""Variables in prompts: which are asked, in which order, with which defaults, and what filling them makes."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from plauder.core.prompt_vars import Variable, fill, variables

NOW = {"date": "Monday, 30 November 2026", "time": "14:05", "language": "English"}


def test_names_and_defaults_are_asked_once_in_order_of_first_use() -> None:
    text = "Write to {{ person }} about {{topic:the budget}}; sign as {{person:me}}, {{topic:other}}."
    assert variables(text) == (Variable("person", "me"), Variable("topic", "the budget"))


def test_the_first_default_given_stands_and_an_empty_one_counts() -> None:
    assert variables("{{a}} {{a:x}} {{a:y}}") == (Variable("a", "x"),)
    assert variables("{{a:}} {{a:x}}") == (Variable("a", ""),)


def test_a_default_may_hold_colons_and_loses_its_outer_spaces() -> None:
    assert variables("{{url: https://example.com:8080 }}") == (Variable("url", "https://example.com:8080"),)


def test_built_ins_are_filled_not_asked_and_their_defaults_are_ignored() -> None:
    text = "On {{date}} at {{time:noon}}, answer in {{language}}."
    assert variables(text) == ()
    assert fill(text, {}, NOW) == "On Monday, 30 November 2026 at 14:05, answer in English."


def test_what_is_not_a_variable_stays_text() -> None:
    """Template syntax a prompt talks about is left alone: nothing here is asked or changed."""
    for text in ("{{", "a {{ b", "{{}}", "{{1st}}", "{{two words}}", "{{a\n}}", "{{a:\n}}", "}} {{", "{x}", "{{{"):
        assert variables(text) == ()
        assert fill(text, {}, NOW) == text


def test_a_backslash_writes_braces_that_are_never_a_variable() -> None:
    text = r"Jinja writes \{{ name }}, we ask {{name}}."
    assert variables(text) == (Variable("name"),)
    assert fill(text, {"name": "Ada"}, NOW) == "Jinja writes {{ name }}, we ask Ada."


def test_values_replace_every_use_and_defaults_fill_what_was_not_given() -> None:
    text = "{{who}} meets {{who:x}} in {{place:Berlin}} on {{day}}"
    assert fill(text, {"who": "Ada"}, NOW) == "Ada meets Ada in Berlin on "


def test_a_value_holding_braces_goes_in_as_text() -> None:
    assert fill("{{a}} {{b}}", {"a": "{{b}}", "b": "B"}, NOW) == "{{b}} B"


def test_names_may_be_unicode_words_with_hyphens() -> None:
    assert variables("{{Empfänger}} {{reply-to}} {{_x2}}") == (
        Variable("Empfänger"),
        Variable("reply-to"),
        Variable("_x2"),
    )


NAMES = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True).filter(lambda n: n not in ("date", "time", "language"))
PLAIN = st.text(st.characters(blacklist_characters="{}\\"), max_size=12)


@given(
    st.lists(st.tuples(PLAIN, NAMES, st.one_of(st.none(), PLAIN.filter(lambda d: "\n" not in d))), max_size=6), PLAIN
)
def test_filling_with_values_leaves_no_variable_and_keeps_the_text_between(
    parts: list[tuple[str, str, str | None]], tail: str
) -> None:
    """Any text built of plain pieces and variables: each name asked once, and filled text is the pieces joined
    with the values."""
    text = "".join(f"{plain}{{{{{name}{'' if default is None else ':' + default}}}}}" for plain, name, default in parts)
    text += tail
    names = list(dict.fromkeys(name for _, name, _ in parts))
    assert [v.name for v in variables(text)] == names
    values = {name: f"<{name}>" for name in names}
    assert fill(text, values, NOW) == "".join(f"{plain}<{name}>" for plain, name, _ in parts) + tail


@given(st.text(max_size=40))
def test_any_text_fills_without_error_and_text_without_braces_is_unchanged(text: str) -> None:
    filled = fill(text, {}, NOW)
    if not re.search(r"[{]", text):
        assert filled == text
