"""Bank account and card numbers: IBANs and payment card numbers, each confirmed by its check digits.

A pattern only proposes a candidate (a run of characters shaped like one); the check digits decide.
An IBAN must also have its country's length, and a card number an issuer's first digits, so a
random run of digits is neither.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from plauder.core.privacy.checksums import IBAN_LENGTHS, iban_valid, luhn_valid
from plauder.core.privacy.findings import Finding, Kind

# From the check digits (the country code before them), then up to 30 letters or digits, one space
# allowed before each. Starting at a digit makes the search skip prose quickly (see `scanning`).
_IBAN = re.compile(r"\d(?<=(?<![^\W_])[A-Za-z]{2}\d)\d(?: ?[A-Za-z0-9]){11,30}")
_IBAN_LEAD = 2
# 12 to 19 digits, one space or hyphen allowed between two, the first four together (as every
# issuer prints them), so a run of single digits is no candidate at every digit.
_CARD = re.compile(r"\d(?<![\w+]\d)\d{3}(?:[ -]?\d){8,15}")
# Maestro's own issuer numbers, the only ones taken with 12 digits: a 12-digit run with any other
# start is more likely a ticket or order number (1234-5678-9012). 0604, which some lists add, is left
# to the phone numbers: it is a German area code.
_MAESTRO = ("5018", "5020", "5038", "56", "57", "58", "6304", "6390", "6759", "6761", "6762", "6763")
# A group of digits just before or after a card number: it is part of a longer number.
_GROUP_BEFORE, _GROUP_AFTER = re.compile(r"\d[ -]"), re.compile(r"[ -]\d")


def ibans(text: str) -> Iterator[Finding]:
    return _confirmed(_IBAN, _IBAN_LEAD, text, Kind.IBAN, _iban_end)


def cards(text: str) -> Iterator[Finding]:
    """Card numbers; a 12-digit one (Maestro's shortest) only where it is not a part of a longer
    grouped number (in 1234-5678-9012-3456, the last three groups pass Luhn)."""
    for finding in _confirmed(_CARD, 0, text, Kind.CARD, _card_end):
        number = text[finding.start : finding.end]
        if sum(char.isdigit() for char in number) > 12 or not _in_a_longer_number(text, finding):
            yield finding


def _confirmed(
    pattern: re.Pattern[str], lead: int, text: str, kind: Kind, end_of: Callable[[str], int | None]
) -> Iterator[Finding]:
    """Findings where `end_of` confirms a candidate (giving its length); a candidate starts `lead`
    characters before its match. It runs on greedily, maybe into the next number, so after one
    that is not confirmed the search goes on inside it."""
    match = pattern.search(text)
    while match:
        start = match.start() - lead
        end = end_of(text[start : match.end()])
        if end is not None and not _word_goes_on(text, start + end):
            yield Finding(start, start + end, kind)
            match = pattern.search(text, start + end)
        else:
            match = pattern.search(text, match.start() + 1)


def _iban_end(candidate: str) -> int | None:
    """The length of the IBAN that `candidate` starts with: its country's count of characters, spaces not counted."""
    length = IBAN_LENGTHS.get(candidate[:2].upper())
    end = None if length is None else _end_of_chars(candidate, length)
    return end if end is not None and iban_valid(candidate[:end].replace(" ", "").upper()) else None


def _card_end(candidate: str) -> int | None:
    """The length of the longest card number, ending where a group ends, that `candidate` starts with."""
    separators = set(candidate) - set("0123456789")
    if len(separators) > 1:
        return None
    ends = [i for i, char in enumerate(candidate) if char in separators] + [len(candidate)]
    digits = candidate.replace(" ", "").replace("-", "")
    for end in reversed(ends):
        count = end - candidate.count(next(iter(separators), " "), 0, end)
        if 12 <= count <= 19 and _issued(digits[:count]) and luhn_valid(digits[:count]):
            return end
    return None


def _issued(digits: str) -> bool:
    """True when the first digits and the length are those of a card issuer: Visa, Mastercard, Amex,
    Diners, JCB (also its older 15-digit 1800 and 2131), Discover, UnionPay, Maestro (from 12 digits)."""
    first, length = digits[:2], len(digits)
    if length == 12:
        return digits.startswith(_MAESTRO)
    if digits[:4] in ("1800", "2131"):
        return length == 15
    if first[0] == "4":
        return length in (13, 16, 19)
    if first in ("34", "37"):
        return length == 15
    if first[0] == "2" or "51" <= first <= "55":
        return length == 16 and ("51" <= first <= "55" or "2221" <= digits[:4] <= "2720")
    return first[0] in "356" and first not in ("31", "32", "33", "59") and length >= 14


def _end_of_chars(candidate: str, count: int) -> int | None:
    """The index just past the `count`-th non-space character of `candidate`, if it has that many."""
    seen = 0
    for index, char in enumerate(candidate):
        seen += char != " "
        if seen == count:
            return index + 1
    return None


def _in_a_longer_number(text: str, finding: Finding) -> bool:
    before, after = text[max(0, finding.start - 2) : finding.start], text[finding.end : finding.end + 2]
    return _GROUP_BEFORE.fullmatch(before) is not None or _GROUP_AFTER.fullmatch(after) is not None


def _word_goes_on(text: str, end: int) -> bool:
    return end < len(text) and (text[end].isalnum() or text[end] == "_")
