"""The IBAN and Luhn checks, against known numbers and every single-digit change."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plauder.core.privacy.checksums import IBAN_LENGTHS, iban_valid, luhn_valid

IBANS = ["DE89370400440532013000", "GB82WEST12345698765432", "AT611904300234573201", "NO9386011117947"]


def test_known_ibans_pass_and_changed_ones_fail() -> None:
    """Published example IBANs pass; changing any one digit breaks mod 97."""
    for iban in IBANS:
        assert iban_valid(iban)
        for index, char in enumerate(iban[2:], start=2):
            if char.isdigit():
                changed = iban[:index] + str((int(char) + 1) % 10) + iban[index + 1 :]
                assert not iban_valid(changed), changed


def test_iban_needs_its_countrys_length_and_a_known_country() -> None:
    assert IBAN_LENGTHS["DE"] == 22 and IBAN_LENGTHS["NO"] == 15
    assert not iban_valid("DE89370400440532013000" + "0")
    assert not iban_valid("ZZ89370400440532013000")


@given(st.text(alphabet="0123456789", min_size=12, max_size=18))
def test_luhn_has_exactly_one_check_digit(body: str) -> None:
    """For any number, exactly one of the ten possible last digits passes Luhn."""
    assert sum(luhn_valid(body + digit) for digit in "0123456789") == 1


def test_known_card_numbers() -> None:
    assert luhn_valid("4111111111111111") and luhn_valid("378282246310005")
    assert not luhn_valid("4111111111111112")
