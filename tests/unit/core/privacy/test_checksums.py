"""The IBAN, Luhn and German tax and VAT id checks, against known numbers and every single-digit change."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plauder.core.privacy.checksums import (
    IBAN_LENGTHS,
    iban_valid,
    luhn_valid,
    mod_11_10_check_digit,
    tax_id_valid,
    vat_id_valid,
)

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


# Published examples: one digit twice (the first two), three times (the third, since 2016).
TAX_IDS = ["86095742719", "36574261809", "65929970489"]


def test_known_tax_ids_pass_and_changed_ones_fail() -> None:
    """Published example tax ids pass; changing any one digit breaks the check digit or the digit rule."""
    for tax_id in TAX_IDS:
        assert tax_id_valid(tax_id)
        for index, char in enumerate(tax_id):
            changed = tax_id[:index] + str((int(char) + 1) % 10) + tax_id[index + 1 :]
            assert not tax_id_valid(changed), changed


def test_tax_id_digit_rule() -> None:
    """No digit repeated, two repeated, one four times or three in a row: not a tax id, whatever the
    check digit; nor one starting with 0 or of another length."""
    for first in ("1234567890", "1123456677", "1211131456", "1234445678", "0123456789", "1123456789"[:9]):
        assert not tax_id_valid(first + mod_11_10_check_digit(first)), first
    assert tax_id_valid("1123456789" + mod_11_10_check_digit("1123456789"))


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_tax_id_has_at_most_one_check_digit(first: str) -> None:
    """ISO 7064 MOD 11,10: of the ten possible last digits, only the check digit can pass."""
    passing = [digit for digit in "0123456789" if tax_id_valid(first + digit)]
    assert passing in ([], [mod_11_10_check_digit(first)])


def test_known_vat_ids_pass_and_changed_ones_fail() -> None:
    """Published German VAT ids (their nine digits) pass; changing any one digit breaks the check digit;
    one starting with 0 or of another length does not pass."""
    for digits in ("136695976", "811569869", "129273398"):
        assert vat_id_valid(digits)
        for index, char in enumerate(digits[1:], start=1):
            assert not vat_id_valid(digits[:index] + str((int(char) + 1) % 10) + digits[index + 1 :])
    assert not vat_id_valid("01234567" + mod_11_10_check_digit("01234567"))
    assert not vat_id_valid("13669597")
