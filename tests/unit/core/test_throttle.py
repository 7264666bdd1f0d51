"""Streaming answers are stored in steps, not on every token."""

from plauder.core.throttle import Throttle


def test_due_at_most_once_per_interval() -> None:
    """The first call is due; later ones only after the interval has passed."""
    throttle = Throttle(1000)
    assert [throttle.due(t) for t in (0, 10, 999, 1000, 1500, 2100)] == [True, False, False, True, False, True]
