"""The sidebar's headings by date: Pinned, Today, Yesterday, Previous 7 days, Previous 30 days, then
one heading per month.

Days are calendar days where the user is, which only the browser knows: the caller passes `day_of`,
turning a stored time (milliseconds since the epoch) into the local date. So the rules run, and are
tested, under CPython in any time zone, daylight saving included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from plauder.core.i18n import Translate
from plauder.core.records import Conversation

DayOf = Callable[[float], date]  # a stored time (ms) to the date it was where the user is


class Span(StrEnum):
    PINNED = "pinned"
    TODAY = "today"  # also times ahead of the clock (another device's clock ran fast)
    YESTERDAY = "yesterday"
    WEEK = "week"  # 2 to 7 days ago
    MONTH = "month"  # 8 to 30 days ago
    EARLIER = "earlier"  # older: one heading per calendar month


@dataclass(frozen=True)
class Period:
    """One heading; `year` and `month` only for EARLIER."""

    span: Span
    year: int = 0
    month: int = 0

    @property
    def key(self) -> str:
        """A name for the heading in the page's markup (unique within the sidebar)."""
        return f"{self.span}-{self.year}-{self.month:02d}" if self.span is Span.EARLIER else str(self.span)


PINNED = Period(Span.PINNED)


def period_of(day: date, today: date) -> Period:
    """The heading a conversation last active on `day` goes under, seen on `today`."""
    days = (today - day).days
    if days <= 0:
        return Period(Span.TODAY)
    if days == 1:
        return Period(Span.YESTERDAY)
    if days <= 7:
        return Period(Span.WEEK)
    if days <= 30:
        return Period(Span.MONTH)
    return Period(Span.EARLIER, day.year, day.month)


def recency_order(conversation: Conversation) -> tuple[bool, float, str]:
    """Sort key of a list of conversations: pinned ones first, then the most recently active."""
    return not conversation.pinned, -conversation.updated_at, conversation.id


def grouped(
    conversations: Iterable[Conversation], today: date, day_of: DayOf
) -> list[tuple[Period, list[Conversation]]]:
    """The conversations under their headings, the headings in the order above, each list most recent first."""
    groups: dict[Period, list[Conversation]] = {}
    for conversation in sorted(conversations, key=recency_order):
        period = PINNED if conversation.pinned else period_of(day_of(conversation.updated_at), today)
        groups.setdefault(period, []).append(conversation)
    return list(groups.items())


def heading(period: Period, t: Translate) -> str:
    """The heading's text in the language shown."""
    if period.span is Span.EARLIER:
        return t("sidebar.month_year", month=t(f"month.{period.month}"), year=period.year)
    return t(f"sidebar.{period.span}")
