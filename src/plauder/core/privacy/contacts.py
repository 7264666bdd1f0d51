"""Email addresses and telephone numbers.

Phone numbers come from a pattern of our own, not from the phonenumbers library: its smallest
wheel (phonenumberslite 9.0.42, pure Python) is 473 KB, and its matcher took 155 ms under CPython
for 10,000 words, three times the whole budget for redacting them in the browser. The pattern
knows German numbers (an area code 0xx to 0xxxxx, or a mobile number 015x-017x, with or without
spaces) and international
ones (+NN or 00NN), and counts digits as E.164 does: 7 to 15.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from plauder.core.privacy.findings import Finding, Kind

# Each pattern starts with a literal or a digit, so the search skips prose quickly (see `scanning`).
_LOCAL_PART = re.compile(r"(?<![\w.%+-])[\w%+-]+(?:\.[\w%+-]+)*\Z")  # searched in the 64 characters before "@"
_DOMAIN = re.compile(r"@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}(?![\w-]|\.[^\W_])")
_INTERNATIONAL = re.compile(
    r"(?:\+(?<![\w+]\+)|0(?<![\w+]0)0)[1-9]\d{0,3}(?: ?\(0\))?(?:[ /-]?(?:\(\d+\)|\d+))(?:[ /-](?:\(\d+\)|\d+))*(?!\w)"
)
_GERMAN = re.compile(r"(?:\((?<![\w+/.-]\()0[1-9]\d{1,4}\)|0(?<![\w+/.-]0)[1-9]\d{1,4})(?:[ /-]\d+)+(?![\w/.-]\d|\w)")
# Written without spaces: a mobile number, or an area code and number of 9 to 12 digits in all.
_COMPACT = re.compile(r"0(?<![\w+/.-]0)(?:1[5-7]\d{8,9}|[2-9]\d{7,10})(?![\w/.-]\d|\w)")
_GROUP_BREAK = re.compile(r"[ /-](?=\(?\d)")  # where a number's next group of digits begins


def emails(text: str) -> Iterator[Finding]:
    for domain in _DOMAIN.finditer(text):
        at = domain.start()
        local = _LOCAL_PART.search(text, max(0, at - 64), at)
        if local:
            yield Finding(local.start(), domain.end(), Kind.EMAIL)


def phones(text: str) -> Iterator[Finding]:
    """Each number, and each shorter reading of it that ends at one of its group breaks: a match may run on
    into the next number's digits (a card number, another phone number), and where that longest reading
    loses to a stronger finding (findings.settled), a shorter one is still there to win."""
    for pattern, fewest in ((_INTERNATIONAL, 8), (_GERMAN, 7), (_COMPACT, 9)):
        for match in pattern.finditer(text):
            number = match.group()
            most = 15 + number.startswith("00") * 2
            ends = [len(number), *(brk.start() for brk in _GROUP_BREAK.finditer(number))]
            for end in ends:
                if fewest <= sum(char.isdigit() for char in number[:end]) <= most:
                    yield Finding(match.start(), match.start() + end, Kind.PHONE)
