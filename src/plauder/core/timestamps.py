"""When a message was written, as the thread shows it: the time alone for today, the date too for older ones.

Only the browser knows the user's time zone and how their language writes dates, so the caller passes
`day_of` (a stored time to its local date, as for the sidebar's headings) and `write` (a stored time in
one of the forms below, worded in the UI's language). This module decides which form goes where.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from plauder.core.recency import DayOf


class StampForm(StrEnum):
    TIME = "time"  # written today (or ahead of the clock): "14:05"
    DAY = "day"  # earlier this year: "3 Mar, 14:05"
    DATE = "date"  # an earlier year: "3 Mar 2023, 14:05"
    FULL = "full"  # the tooltip, whatever the age: weekday, date with year, time


Write = Callable[[float, StampForm], str]  # a stored time (ms) in a form, as the user reads it


@dataclass(frozen=True)
class Stamp:
    iso: str  # machine-readable (UTC), for <time datetime>
    text: str
    title: str


def iso_utc(ms: float) -> str | None:
    """`ms` as an ISO 8601 UTC time, or None for a value no clock gives (an imported record may hold one)."""
    if not math.isfinite(ms):
        return None
    try:
        moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def stamp_form(written_ms: float, now_ms: float, day_of: DayOf) -> StampForm:
    """Which form the thread shows for a message written at `written_ms`, seen at `now_ms`."""
    written, today = day_of(written_ms), day_of(now_ms)
    if written >= today:
        return StampForm.TIME
    return StampForm.DAY if written.year == today.year else StampForm.DATE


def stamp(written_ms: float, now_ms: float, day_of: DayOf, write: Write) -> Stamp | None:
    """The message's time, short for the header and full for its tooltip; None when the value is no time."""
    iso = iso_utc(written_ms)
    if iso is None:
        return None
    return Stamp(iso, write(written_ms, stamp_form(written_ms, now_ms, day_of)), write(written_ms, StampForm.FULL))
