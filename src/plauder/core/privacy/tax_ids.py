"""German tax ids (steuerliche Identifikationsnummer), confirmed by their check digit and the rule for
repeated digits (`checksums.tax_id_valid`), which about one run of 11 digits in 300 passes by chance.

Written as one run of 11 digits or in the groups of the tax office's letters (12 345 678 901); a run
that goes on (more digits, or another group after a space, dot, slash or hyphen) is some other number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from plauder.core.privacy.checksums import tax_id_valid
from plauder.core.privacy.findings import Finding, Kind

# Starts at a digit, so the search skips prose quickly (see `scanning`); the lookbehinds keep a
# number's tail (a phone number's +49..., the last groups of 1 000 000) from being a candidate.
_TAX_ID = re.compile(r"\d(?<![\w+]\d)(?<!\d[ ./-]\d)(?:\d{10}|\d(?: \d{3}){3})(?!\w|[ ./-]\d)")


def tax_ids(text: str) -> Iterator[Finding]:
    for match in _TAX_ID.finditer(text):
        if tax_id_valid(match.group().replace(" ", "")):
            yield Finding(match.start(), match.end(), Kind.TAX_ID)
