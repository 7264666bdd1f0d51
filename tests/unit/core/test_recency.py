"""The sidebar's headings by date: which heading a time goes under, in which order, in the user's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from plauder.core.i18n import MESSAGES, can_translate, translate
from plauder.core.recency import PINNED, DayOf, Period, Span, grouped, heading, period_of
from plauder.core.records import Conversation

TODAY = date(2025, 3, 15)


def day_in(offset_hours: float) -> DayOf:
    """The local date in a zone `offset_hours` from UTC (the browser passes its own, daylight saving included)."""
    return lambda ms: (datetime.fromtimestamp(ms / 1000, UTC) + timedelta(hours=offset_hours)).date()


def ms(moment: datetime) -> float:
    return moment.timestamp() * 1000


@pytest.mark.parametrize(
    ("day", "span"),
    [
        (date(2025, 3, 16), Span.TODAY),  # a clock that ran fast
        (date(2025, 3, 15), Span.TODAY),
        (date(2025, 3, 14), Span.YESTERDAY),
        (date(2025, 3, 13), Span.WEEK),
        (date(2025, 3, 8), Span.WEEK),
        (date(2025, 3, 7), Span.MONTH),
        (date(2025, 2, 13), Span.MONTH),
    ],
)
def test_recent_days_go_under_their_span(day: date, span: Span) -> None:
    """Calendar days back: 0 today, 1 yesterday, 2-7 the previous week, 8-30 the previous month."""
    assert period_of(day, TODAY) == Period(span)


def test_older_days_go_under_their_month() -> None:
    """Past 30 days, one heading per calendar month, the year named (last year's March is not this one's)."""
    assert period_of(date(2025, 2, 12), TODAY) == Period(Span.EARLIER, 2025, 2)
    assert period_of(date(2024, 3, 20), TODAY) == Period(Span.EARLIER, 2024, 3)
    assert Period(Span.EARLIER, 2024, 3).key == "earlier-2024-03" and Period(Span.TODAY).key == "today"


def test_days_are_counted_in_the_users_time_zone() -> None:
    """Late in the evening in Berlin is already tomorrow in UTC: the local date decides."""
    late = ms(datetime(2025, 3, 14, 23, 30, tzinfo=UTC))  # 00:30 on the 15th in UTC+1, still the 14th in UTC
    now = ms(datetime(2025, 3, 15, 12, 0, tzinfo=UTC))
    conversation = Conversation("c", "t", late, late)
    assert grouped([conversation], day_in(0)(now), day_in(0))[0][0] == Period(Span.YESTERDAY)
    assert grouped([conversation], day_in(1)(now), day_in(1))[0][0] == Period(Span.TODAY)
    assert grouped([conversation], day_in(-5)(now), day_in(-5))[0][0] == Period(Span.YESTERDAY)


def test_grouped_puts_pinned_first_then_headings_in_order_each_most_recent_first() -> None:
    """Pinned conversations lead, whatever their age; every other heading follows in time, none empty."""
    day = 86_400_000.0
    now = ms(datetime(2025, 3, 15, 12, 0, tzinfo=UTC))
    conversations = [
        Conversation("old", "t", 0, now - 100 * day),
        Conversation("today2", "t", 0, now - 1000),
        Conversation("pinned-old", "t", 0, now - 400 * day, pinned=True),
        Conversation("week", "t", 0, now - 3 * day),
        Conversation("today1", "t", 0, now),
        Conversation("pinned-new", "t", 0, now - 2 * day, pinned=True),
    ]
    groups = grouped(conversations, TODAY, day_in(0))
    assert [(period, [c.id for c in members]) for period, members in groups] == [
        (PINNED, ["pinned-new", "pinned-old"]),
        (Period(Span.TODAY), ["today1", "today2"]),
        (Period(Span.WEEK), ["week"]),
        (Period(Span.EARLIER, 2024, 12), ["old"]),
    ]
    assert grouped([], TODAY, day_in(0)) == []


@pytest.mark.parametrize("language", sorted(MESSAGES))
def test_every_heading_has_a_text_in_every_language(language: str) -> None:
    """Headings are looked up by names made at run time, which the key scan cannot see: each is checked here."""
    periods = [Period(span) for span in Span if span is not Span.EARLIER]
    periods += [Period(Span.EARLIER, 2024, month) for month in range(1, 13)]
    texts = [heading(period, lambda key, **params: translate(language, key, **params)) for period in periods]
    assert all(can_translate(f"sidebar.{span}", {}) for span in Span if span is not Span.EARLIER)
    assert len(set(texts)) == len(texts) and texts[-1].endswith(" 2024")
    assert heading(Period(Span.EARLIER, 2025, 3), lambda k, **p: translate("de", k, **p)) == "März 2025"
    assert heading(PINNED, lambda k, **p: translate("de", k, **p)) == "Angeheftet"
