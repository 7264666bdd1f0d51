"""Ids computed from content instead of drawn at random, so importing the same file twice
yields the same ids, and the second import finds everything already there.

They look like `ids.new_id`'s (a millisecond prefix and 32 hex digits), so both kinds sort and
read alike in storage.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def derived_id(time_ms: float, *parts: Any) -> str:
    """A stable id for `parts` (any JSON-ready values), prefixed like `new_id` with `time_ms`."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"{max(int(time_ms), 0):012x}-{digest[:32]}"
