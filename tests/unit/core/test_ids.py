"""New ids: a time prefix that sorts them by creation, then 128 random bits; never the same twice."""

from __future__ import annotations

import re

from plauder.core.ids import is_sane_id, new_id


def test_a_new_id_is_its_time_then_128_random_bits() -> None:
    made = new_id(1_764_500_000_123)
    assert re.fullmatch(r"019ad4654d7b-[0-9a-f]{32}", made), made
    assert is_sane_id(made)


def test_new_ids_differ_and_sort_by_their_time() -> None:
    ids = [new_id(1_764_500_000_000 + step) for step in range(1000)]
    assert len(set(ids)) == 1000
    assert sorted(ids) == ids
