"""The prompt library: the user's prompts over the admin's by name, found by `/` and a name in any case."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plauder.core.prompt_library import Entry, library, lookup, matching, prompt_from_form, slash_query
from plauder.core.records import Prompt, Settings

ADMIN = (Prompt("admin-summary", "summary", "Summarize {{text}}"), Prompt("admin-mail", "Mail", "Reply to {{who}}"))
OWN = (Prompt("p1", "SUMMARY", "My summary of {{text}}"), Prompt("p2", "translate", "Translate to {{lang:German}}"))


def test_the_user_s_prompt_stands_over_the_admin_s_of_the_same_name_in_any_case() -> None:
    entries = library(ADMIN, OWN)
    assert entries == (Entry(ADMIN[1], managed=True), Entry(OWN[0]), Entry(OWN[1]))


def test_lookup_ignores_letter_case() -> None:
    entries = library(ADMIN, OWN)
    assert lookup(entries, "mail") == Entry(ADMIN[1], managed=True)
    assert lookup(entries, "Summary") == Entry(OWN[0])
    assert lookup(entries, "sum") is None


def test_the_menu_offers_names_starting_with_what_was_typed() -> None:
    entries = library(ADMIN, OWN)
    assert [e.prompt.name for e in matching(entries, "")] == ["Mail", "SUMMARY", "translate"]
    assert [e.prompt.name for e in matching(entries, "Su")] == ["SUMMARY"]
    assert matching(entries, "x") == ()


def test_the_menu_has_a_query_only_for_a_slash_and_one_word_at_the_start() -> None:
    assert slash_query("/") == ""
    assert slash_query("/sum") == "sum"
    assert slash_query("/reply-mail") == "reply-mail"
    for box in ("", "sum", " /sum", "/sum ", "/sum\n", "a /sum", "//", "/a/b"):
        assert slash_query(box) is None


def test_the_editor_takes_a_one_word_name_not_used_by_another_of_the_user_s_prompts() -> None:
    assert prompt_from_form("p3", " /Notes ", "Note {{x}}", OWN) == Prompt("p3", "Notes", "Note {{x}}")
    assert prompt_from_form("p3", "", "text", OWN) == "prompts.name_missing"
    assert prompt_from_form("p3", "two words", "text", OWN) == "prompts.name_invalid"
    assert prompt_from_form("p3", "x" * 61, "text", OWN) == "prompts.name_invalid"
    assert prompt_from_form("p3", "Translate", "text", OWN) == "prompts.name_taken"
    assert prompt_from_form("p2", "Translate", "text", OWN) == Prompt("p2", "Translate", "text")  # its own name
    assert prompt_from_form("p3", "mail", "  ", OWN) == "prompts.text_missing"
    assert prompt_from_form("p3", "mail", "Mine", OWN) == Prompt("p3", "mail", "Mine")  # over the admin's


def test_saved_prompts_are_kept_sorted_and_survive_the_settings_record() -> None:
    settings = Settings().with_prompt(OWN[1]).with_prompt(OWN[0])
    assert settings.prompts == (OWN[0], OWN[1])
    assert Settings.from_record(settings.to_record()) == settings
    assert settings.without_prompt("p1").prompts == (OWN[1],)
    assert "prompts" not in Settings().to_record()  # records stay as they were for users without prompts


@given(st.lists(st.from_regex(r"[A-Za-z][a-z0-9_-]{0,5}", fullmatch=True), max_size=8), st.text(max_size=3))
def test_the_menu_is_the_library_filtered_and_every_name_appears_once(names: list[str], query: str) -> None:
    admin = [Prompt(f"a{i}", name) for i, name in enumerate(names[::2])]
    own = [Prompt(f"u{i}", name) for i, name in enumerate(names[1::2])]
    entries = library(admin, own)
    keys = [e.prompt.name.casefold() for e in entries]
    assert keys == sorted(set(keys))
    assert set(keys) == {name.casefold() for name in names}
    assert all(not e.managed for e in entries if e.prompt.name.casefold() in {p.name.casefold() for p in own})
    shown = matching(entries, query)
    assert shown == tuple(e for e in entries if e.prompt.name.casefold().startswith(query.casefold()))
    for entry in shown:
        assert lookup(entries, entry.prompt.name.upper()) == entry
