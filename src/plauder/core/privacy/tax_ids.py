"""German tax ids and VAT ids, each confirmed by its check digit (`checksums`).

A tax id (steuerliche Identifikationsnummer) is 11 digits, written as one run or in the groups of the
tax office's letters (12 345 678 901); its check digit and the rule for repeated digits
(`checksums.tax_id_valid`) pass about one random run of 11 digits in 300. A run that goes on (more
digits, or another group after a space, dot, slash or hyphen) is some other number.

A VAT id (Umsatzsteuer-Identifikationsnummer) is DE and 9 digits, maybe a space between; a sole
trader's names a person as much as a tax id does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from plauder.core.privacy.checksums import tax_id_valid, vat_id_valid
from plauder.core.privacy.findings import Finding, Kind

# Each starts at a digit or a letter of "DE", so the search skips prose quickly (see `scanning`); the
# lookbehinds keep a number's tail (a phone number's +49..., the last groups of 1 000 000) or a word's
# end (ABCDE123456789) from being a candidate.
_TAX_ID = re.compile(r"\d(?<![\w+]\d)(?<!\d[ ./-]\d)(?:\d{10}|\d(?: \d{3}){3})(?!\w|[ ./-]\d)")
_VAT_ID = re.compile(r"[Dd](?<!\w[Dd])[Ee] ?(\d{9})(?!\w)")


def tax_ids(text: str) -> Iterator[Finding]:
    for match in _TAX_ID.finditer(text):
        if tax_id_valid(match.group().replace(" ", "")):
            yield Finding(match.start(), match.end(), Kind.TAX_ID)


def vat_ids(text: str) -> Iterator[Finding]:
    for match in _VAT_ID.finditer(text):
        if vat_id_valid(match.group(1)):
            yield Finding(match.start(), match.end(), Kind.VAT_ID)
