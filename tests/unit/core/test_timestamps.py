"""When a message was written, as the thread shows it: which form for which age, in the user's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from plauder.core.recency import DayOf
from plauder.core.timestamps import Stamp, StampForm, iso_utc, stamp, stamp_form

NOW = datetime(2025, 3, 15, 9, 30, tzinfo=UTC)


def day_in(offset_hours: float) -> DayOf:
    """The local date in a zone `offset_hours` from UTC (the browser passes its own, daylight saving included)."""
    return lambda ms: (datetime.fromtimestamp(ms / 1000, UTC) + timedelta(hours=offset_hours)).date()


def ms(moment: datetime) -> float:
    return moment.timestamp() * 1000


def written(moment: datetime, now: datetime = NOW, offset_hours: float = 0) -> StampForm:
    return stamp_form(ms(moment), ms(now), day_in(offset_hours))


@pytest.mark.parametrize(
    ("moment", "form"),
    [
        (NOW + timedelta(days=2), StampForm.TIME),  # another device's clock ran fast
        (NOW, StampForm.TIME),
        (datetime(2025, 3, 15, 0, 0, tzinfo=UTC), StampForm.TIME),  # the first minute of today
        (datetime(2025, 3, 14, 23, 59, tzinfo=UTC), StampForm.DAY),  # the last of yesterday
        (datetime(2025, 1, 1, 0, 0, tzinfo=UTC), StampForm.DAY),
        (datetime(2024, 12, 31, 23, 59, tzinfo=UTC), StampForm.DATE),
        (datetime(1999, 6, 1, tzinfo=UTC), StampForm.DATE),
    ],
)
def test_today_shows_the_time_this_year_the_day_and_earlier_years_the_date(moment: datetime, form: StampForm) -> None:
    assert written(moment) == form


def test_days_are_the_users_calendar_days_not_utc() -> None:
    """23:30 UTC yesterday is already today in Auckland (UTC+13) and still yesterday in New York (UTC-5)."""
    late = datetime(2025, 3, 14, 23, 30, tzinfo=UTC)
    assert written(late, offset_hours=13) == StampForm.TIME
    assert written(late, offset_hours=-5) == StampForm.DAY
    new_year = datetime(2024, 12, 31, 20, 0, tzinfo=UTC)  # New Year's Day in Auckland, New Year's Eve in UTC
    seen = datetime(2025, 1, 2, 1, 0, tzinfo=UTC)
    assert written(new_year, seen, offset_hours=13) == StampForm.DAY
    assert written(new_year, seen, offset_hours=0) == StampForm.DATE


def test_a_stamp_asks_for_the_short_form_and_the_full_one_for_its_title() -> None:
    """The wording is the browser's: `write` gets the time and the form, and its words go in unchanged."""
    asked: list[tuple[float, StampForm]] = []

    def write(at: float, form: StampForm) -> str:
        asked.append((at, form))
        return f"{form}:{at:.0f}"

    moment = ms(datetime(2025, 2, 1, 13, 5, 7, 250_000, tzinfo=UTC))
    assert stamp(moment, ms(NOW), day_in(0), write) == Stamp(
        "2025-02-01T13:05:07.250Z", f"day:{moment:.0f}", f"full:{moment:.0f}"
    )
    assert asked == [(moment, StampForm.DAY), (moment, StampForm.FULL)]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1e300, 1e300])
def test_a_stored_value_that_is_no_time_gets_no_stamp(value: float) -> None:
    """An imported record may hold anything: no stamp rather than an error or a made-up date."""

    def write(at: float, form: StampForm) -> str:
        raise AssertionError("nothing to write")

    assert iso_utc(value) is None
    assert stamp(value, ms(NOW), day_in(0), write) is None


def test_iso_times_are_utc_with_milliseconds() -> None:
    assert iso_utc(0) == "1970-01-01T00:00:00.000Z"
    assert iso_utc(ms(NOW)) == "2025-03-15T09:30:00.000Z"
