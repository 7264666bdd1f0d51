"""The UI speaks English and German completely, with matching placeholders."""

from __future__ import annotations

import string

import pytest

from plauder.core import i18n


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_are_present() -> None:
    """English and German are the product's languages; English is the default."""
    assert set(i18n.languages()) == {"en", "de"}
    assert i18n.DEFAULT_LANGUAGE == "en"


def test_every_key_exists_in_every_language() -> None:
    """A text missing in either language fails here, naming the key."""
    keys = {language: set(catalog) for language, catalog in i18n.MESSAGES.items()}
    every = set().union(*keys.values())
    assert {language: sorted(every - present) for language, present in keys.items()} == {"en": [], "de": []}


@pytest.mark.parametrize("key", sorted(i18n.MESSAGES["en"]))
def test_translations_take_the_same_placeholders(key: str) -> None:
    """A German text must fill exactly the {placeholders} its English text fills."""
    assert placeholders(i18n.MESSAGES["de"][key]) == placeholders(i18n.MESSAGES["en"][key])


def test_no_translation_is_empty() -> None:
    """No text is left empty in either language."""
    assert [
        (lang, k) for lang, catalog in i18n.MESSAGES.items() for k, text in catalog.items() if not text.strip()
    ] == []


def test_translate_fills_placeholders_and_falls_back_to_english() -> None:
    """translate() formats parameters; an unknown language gets English rather than an error."""
    assert "HTTP 404" in i18n.translate("de", "boot.fail_missing_file", url="x.wasm", status=404)
    assert i18n.translate("fr", "shell.send") == "Send"


def test_catalog_for_selects_by_prefix_unformatted() -> None:
    """The boot script receives all boot texts, still with their placeholders."""
    boot = i18n.catalog_for("de", "boot.")
    assert boot and all(key.startswith("boot.") for key in boot)
    assert "{url}" in boot["boot.fail_missing_file"]


def test_an_unknown_key_or_missing_parameter_gives_a_general_sentence_not_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A crafted import can carry any message key: the thread is still drawn, and the key is logged."""
    assert i18n.translate("de", "error.no_such_key") == i18n.translate("de", i18n.UNKNOWN_TEXT)
    assert i18n.translate("en", "error.server", code=1) == i18n.translate("en", i18n.UNKNOWN_TEXT)  # no {status}
    assert "error.no_such_key" in caplog.text
