"""Which fences are highlighted: listed languages by any alias, nothing else, and no lexer picks another."""

from __future__ import annotations

import pytest

from plauder.render.lexers import HIGHLIGHTED, SMALLER_BLOCKS, block_chars_max, language_name, lexer_for
from plauder.render.limits import CODE_BLOCK_CHARS_MAX


@pytest.mark.parametrize(
    ("name", "first_alias"),
    [("py", "python"), ("Python3", "python"), ("ts", "typescript"), ("JS", "javascript"), ("sh", "bash")]
    + [("zsh", "bash"), ("yml", "yaml"), ("C++", "cpp"), ("udiff", "diff"), ("rs", "rust")],
)
def test_aliases_resolve_to_the_listed_lexer(name: str, first_alias: str) -> None:
    """A fence may name its language by any Pygments alias, in any case."""
    assert language_name(name) == first_alias
    lexer = lexer_for(name)
    assert lexer is not None and lexer.aliases[0] == first_alias


@pytest.mark.parametrize(
    "name",
    ["systemd", "fan", "easytrieve", "ini", "make", "console", "postgresql", "rst", "klingon", ""]
    + ["cs", "scala", "css", "kotlin", "md"],
)
def test_other_names_have_no_lexer(name: str) -> None:
    """Lexers off the list (some take seconds on a few KB; C#, Scala, CSS, Kotlin and Markdown over 100 ms
    to build on their first use in Pyodide), and unknown names, give no lexer."""
    assert language_name(name) is None and lexer_for(name) is None


def test_every_listed_name_is_a_lexer_by_its_first_alias() -> None:
    """The list holds first aliases, so each resolves to itself (a typo would silently drop a language)."""
    assert {name for name in HIGHLIGHTED if language_name(name) == name} == HIGHLIGHTED


def test_no_lexer_hands_code_to_a_lexer_named_in_it() -> None:
    """Markdown's lexer would highlight a nested fence with any lexer it names, PostgreSQL's a function in
    the language it names: neither is listed."""
    assert {"markdown", "postgresql", "plpgsql"}.isdisjoint(HIGHLIGHTED)


def test_lexers_slow_on_large_blocks_get_smaller_ones() -> None:
    """A lexer quadratic in its block lexes only smaller ones; the others take the common limit."""
    assert set(SMALLER_BLOCKS) <= HIGHLIGHTED
    assert all(block_chars_max(name) < CODE_BLOCK_CHARS_MAX for name in SMALLER_BLOCKS)
    assert block_chars_max("python") == CODE_BLOCK_CHARS_MAX
