"""Identifiers that are unique forever: never reused after a delete, never shared across tabs.

Random 128-bit ids need no counter, so two tabs creating records at once, or a deleted
record's successor, can never collide. They come from `os.urandom`, as uuid4's do, without
importing the uuid module at every start. A millisecond time prefix keeps them roughly
sortable by creation, which helps when reading raw storage.

Ids from elsewhere (an import file, an admin's configuration) must be sane before they are
stored: they become IndexedDB keys, `data-id` attributes and CSS selectors in the page.
"""

from __future__ import annotations

import os
import re

MAX_ID_CHARS = 200
# Whitespace splits attribute lists (aria-labelledby); quotes, backslashes and angle brackets end
# attributes, selectors and strings written by hand.
_UNSAFE = re.compile(r"[\s\"'`\\<>]")


def new_id(now_ms: float) -> str:
    return f"{int(now_ms):012x}-{os.urandom(16).hex()}"


def is_sane_id(value: str) -> bool:
    """1 to MAX_ID_CHARS printable characters, none of them whitespace, a quote, a backslash or an angle bracket.

    That admits every id Plauder writes (`new_id`, derived ids, UUIDs, "admin-" names) and keeps out
    what breaks markup or hides in it: control characters, invisible format characters, line breaks.
    """
    return 0 < len(value) <= MAX_ID_CHARS and value.isprintable() and not _UNSAFE.search(value)
