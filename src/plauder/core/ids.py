"""Identifiers that are unique forever: never reused after a delete, never shared across tabs.

Random 128-bit ids (uuid4) need no counter, so two tabs creating records at once, or a
deleted record's successor, can never collide. A millisecond time prefix keeps them roughly
sortable by creation, which helps when reading raw storage.
"""

from __future__ import annotations

import uuid


def new_id(now_ms: float) -> str:
    return f"{int(now_ms):012x}-{uuid.uuid4().hex}"
