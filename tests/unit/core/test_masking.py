"""API keys masked in any text: in other case, spaced out, broken over lines, but never in ordinary words."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plauder.core.masking import MAX_GAP, MIN_SECRET_CHARS, Secrets

KEY = "sk-proj-Abc123Def456Ghi789"


def hide(text: str, *keys: str) -> str:
    return Secrets.of(keys or (KEY,)).hide(text)


@pytest.mark.parametrize(
    "echoed",
    [
        KEY,
        KEY.lower(),
        KEY.upper(),
        " ".join(KEY),  # a space between every two characters
        f"{KEY[:13]}\n{KEY[13:]}",  # broken over two lines
        f"{KEY[:13]}\n        {KEY[13:]}",  # ... and indented
        "\u200b".join(KEY),  # zero-width spaces
        f"{KEY[:5]}\u00ad{KEY[5:9]}\u2060{KEY[9:20]}\ufeff{KEY[20:]}",  # soft hyphen, word joiner, BOM
        f"{KEY[:4]}\t \r\n{KEY[4:]}",
    ],
)
def test_a_key_is_masked_however_it_is_echoed(echoed: str) -> None:
    """Case and fillers (whitespace, invisible characters) between the key's characters do not hide it."""
    assert hide(f"Invalid key: {echoed}.") == "Invalid key: •••."


def test_every_occurrence_is_masked_and_the_text_around_stays() -> None:
    assert hide(f"{KEY}{KEY.lower()} and {KEY}!") == "•••••• and •••!"


def test_a_key_scattered_over_long_gaps_is_not_assembled() -> None:
    """Fillers longer than MAX_GAP end a match: a key is not put together from characters far apart."""
    scattered = (" " * (MAX_GAP + 1)).join(KEY)
    assert hide(scattered) == scattered
    assert hide((" " * MAX_GAP).join(KEY)) == "•••"


def test_short_keys_are_not_masked() -> None:
    """A key shorter than MIN_SECRET_CHARS (local servers take "ollama" or "none") would mask ordinary words."""
    short = "x" * (MIN_SECRET_CHARS - 1)
    assert not Secrets.of(["", "ollama", "none", short, " o l l a m a "])
    assert hide("Ask ollama for none of it", "ollama", "none") == "Ask ollama for none of it"
    assert hide("x" * (MIN_SECRET_CHARS + 3), "x" * MIN_SECRET_CHARS) == "•••xxx"


def test_several_keys_are_masked_and_the_mask_is_no_key_character() -> None:
    """A key that holds the bullet gets a mask of another character, which cannot form a key with its neighbours."""
    odd = "••••••••ab"
    secrets = Secrets.of([KEY, odd])
    assert "•" not in secrets.mask
    assert secrets.hide(f"{odd} {KEY}") == f"{secrets.mask} {secrets.mask}"


def test_keys_are_masked_in_every_string_of_a_document() -> None:
    """Names and values, at any depth; numbers and the rest stay as they are."""
    document = {"a": [KEY.lower(), 3, None, {KEY: {"b": f"x {KEY} y"}}], "n": 1.5}
    assert Secrets.of([KEY]).hide_in(document) == {"a": ["•••", 3, None, {"•••": {"b": "x ••• y"}}], "n": 1.5}


def test_a_growing_text_is_masked_from_its_tail() -> None:
    """hide_after masks what the new text completes, looking back no further than one key can reach."""
    secrets = Secrets.of([KEY])
    text = "y" * 5000 + KEY[:10]
    assert secrets.hide_after(text + KEY[10:] + " z", len(text)) == "y" * 5000 + "••• z"


def test_case_folding_keeps_one_character_for_one() -> None:
    """Positions in the folded text are positions in the text: İ, whose lower case is two characters, folds to one."""
    key = "İSTANBUL-key-123"
    assert hide(f"İİ <{key}> İ after", key) == "İİ <•••> İ after"


pieces = st.sampled_from([KEY[:6], KEY[6:14], KEY[14:], KEY.lower()[3:11], " ", "\n", "\u200b", "•", "x", "-"])


@given(st.lists(pieces, max_size=30))
def test_no_key_survives_masking(parts: list[str]) -> None:
    """Whatever the text is made of, masked once it holds no key: masking again changes nothing,
    and the key is not in it in any case."""
    masked = hide("".join(parts))
    assert hide(masked) == masked
    assert KEY.lower() not in masked.lower()


def test_masking_a_large_text_without_key_returns_it_unchanged() -> None:
    """The common case: a long text holding no key comes back as it is (one pass of str methods)."""
    text = json.dumps([{"content": "word " * 2000, "title": KEY[:-1]}] * 50)
    assert hide(text) == text
