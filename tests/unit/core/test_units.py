from __future__ import annotations

import pytest

from plauder.core.units import human_size


@pytest.mark.parametrize(
    ("size", "english", "german"),
    [
        (0, "0 B", "0 B"),
        (999, "999 B", "999 B"),
        (1500, "1.5 KB", "1,5 KB"),
        (2_345_678, "2.3 MB", "2,3 MB"),
        (7.5e9, "7.5 GB", "7,5 GB"),
        (3e15, "3000.0 TB", "3000,0 TB"),
    ],
)
def test_sizes_read_naturally_in_both_languages(size: float, english: str, german: str) -> None:
    assert human_size(size, "en") == english
    assert human_size(size, "de") == german
