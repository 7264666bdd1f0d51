"""The check digits that tell a real IBAN, card number, German tax id or VAT id from any other run of digits.

Written here rather than taken from python-stdnum: its pure-Python wheel is 1.2 MB (3.3 MB
unpacked, hundreds of national formats) for the four short checks Plauder needs, and every
byte of a browser wheel is loaded by every user. The IBAN lengths per country are those of the
SWIFT IBAN registry (as python-stdnum 2.2 lists them).
"""

from __future__ import annotations

_IBAN_LENGTHS = (
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 "
    "EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 "
    "IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 "
    "NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 "
    "SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30"
)
IBAN_LENGTHS = {entry[:2]: int(entry[2:]) for entry in _IBAN_LENGTHS.split()}


def iban_valid(iban: str) -> bool:
    """True for an IBAN (upper case, no spaces) of its country's length whose mod-97 check holds (ISO 13616)."""
    if len(iban) != IBAN_LENGTHS.get(iban[:2]) or not iban.isascii() or not iban.isalnum():
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1


def luhn_valid(digits: str) -> bool:
    """True when the Luhn check digit (the last) of a string of ASCII digits is right."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def mod_11_10_check_digit(first: str) -> str:
    """The check digit (ISO 7064 MOD 11,10) of a German tax id's first ten digits or a VAT id's first eight."""
    product = 10
    for char in first:
        total = (int(char) + product) % 10 or 10
        product = total * 2 % 11
    return str((11 - product) % 10)


def tax_id_valid(digits: str) -> bool:
    """True for a German tax id (steuerliche Identifikationsnummer, 11 ASCII digits): the first not 0;
    of the first ten, one digit twice or three times (but not three in a row), each other at most once
    (the rule of the Steueridentifikationsnummerverordnung since 2016); the last the check digit."""
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit() or digits[0] == "0":
        return False
    first = digits[:10]
    repeated = [count for count in map(first.count, set(first)) if count > 1]
    if repeated not in ([2], [3]) or any(char * 3 in first for char in set(first)):
        return False
    return digits[10] == mod_11_10_check_digit(first)


def vat_id_valid(digits: str) -> bool:
    """True for the nine digits of a German VAT id (Umsatzsteuer-Identifikationsnummer, after "DE"): the
    first not 0, the last the ISO 7064 MOD 11,10 check digit of the others."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or digits[0] == "0":
        return False
    return digits[8] == mod_11_10_check_digit(digits[:8])
