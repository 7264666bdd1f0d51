"""Properties over random databases: export then import gives back the same, merges never duplicate."""

from __future__ import annotations

from hypothesis import given, settings

from plauder.core.exchange import Snapshot, export_json, merge, parse_export
from plauder.core.exchange.snapshot import check_integrity
from tests.unit.fixtures.snapshots import snapshots


@settings(max_examples=1000, deadline=None)
@given(snapshots())
def test_export_then_import_gives_back_the_same_database(snapshot: Snapshot) -> None:
    """1,000 random databases (nested folders, branched trees) survive export and import unchanged; merging one into itself changes nothing."""
    text = export_json(snapshot, include_keys=True, exported_at_ms=1.0)
    assert parse_export(text) == snapshot
    assert merge(snapshot, snapshot) == snapshot


@settings(max_examples=200, deadline=None)
@given(snapshots(), snapshots())
def test_merging_twice_changes_nothing_more(current: Snapshot, incoming: Snapshot) -> None:
    """With ids clashing at random, a merge is whole and consistent, and repeating it adds nothing."""
    once = merge(current, incoming)
    check_integrity(once)
    assert merge(once, incoming) == once
    assert len(once.conversations) >= len(current.conversations)


@settings(max_examples=100, deadline=None)
@given(snapshots())
def test_merging_into_an_empty_database_gives_the_file(snapshot: Snapshot) -> None:
    """Importing into a fresh browser by merge yields exactly what the file holds."""
    assert merge(Snapshot(), snapshot) == snapshot
