"""Properties over random databases: export then import gives back the same, merges never duplicate."""

from __future__ import annotations

from hypothesis import given, settings

from plauder.core.exchange import Changes, Snapshot, export_json, parse_export
from plauder.core.exchange.merge import merge
from plauder.core.exchange.snapshot import check_integrity
from tests.unit.fixtures.snapshots import snapshots


@settings(max_examples=1000, deadline=None)
@given(snapshots())
def test_export_then_import_gives_back_the_same_database(snapshot: Snapshot) -> None:
    """1,000 random databases (nested folders, branched trees) survive export and import unchanged; merging one into itself changes nothing."""
    text = export_json(snapshot, include_keys=True, exported_at_ms=1.0)
    assert parse_export(text) == snapshot
    assert merge(snapshot, snapshot).snapshot == snapshot


@settings(max_examples=200, deadline=None)
@given(snapshots(), snapshots())
def test_merging_twice_changes_nothing_more(current: Snapshot, incoming: Snapshot) -> None:
    """With ids clashing at random, a merge is whole and consistent, and repeating it adds nothing."""
    once = merge(current, incoming).snapshot
    check_integrity(once)
    again = merge(once, incoming)
    assert again.snapshot == once and again.changes == Changes() and not again.settings_changed
    assert len(once.conversations) >= len(current.conversations)


@settings(max_examples=200, deadline=None)
@given(snapshots(), snapshots())
def test_what_a_merge_adds_is_what_the_database_gains(current: Snapshot, incoming: Snapshot) -> None:
    """The merged database is this one followed by `added`, whose records are all new here and counted, and
    whose pictures' and originals' bytes belong to messages that show them, under ids not taken here."""
    result = merge(current, incoming)
    added = result.added
    assert result.snapshot == Snapshot(
        added.settings,
        (*current.folders, *added.folders),
        (*current.conversations, *added.conversations),
        (*current.messages, *added.messages),
        (*current.files, *added.files),
    )
    shown = {file.id: m.id for m in (*current.messages, *added.messages) for file in m.stored_files}
    assert all(shown.get(file.id) == file.message_id for file in added.files)  # the bytes follow their picture or file
    assert not {f.id for f in added.files} & {f.id for f in current.files}
    for new, old in ((added.folders, current.folders), (added.conversations, current.conversations)):
        assert not {record.id for record in new} & {record.id for record in old}
    assert not {m.id for m in added.messages} & {m.id for m in current.messages}
    assert (result.changes.folders, result.changes.conversations, result.changes.messages) == (
        len(added.folders),
        len(added.conversations),
        len(added.messages),
    )
    assert result.settings_changed == (added.settings != current.settings)


@settings(max_examples=100, deadline=None)
@given(snapshots())
def test_merging_into_an_empty_database_gives_the_file(snapshot: Snapshot) -> None:
    """Importing into a fresh browser by merge yields exactly what the file holds."""
    assert merge(Snapshot(), snapshot).snapshot == snapshot
