"""Merge adds without duplicates and never overwrites; restore replaces but keeps keys left out of the file."""

from __future__ import annotations

from dataclasses import replace

from plauder.core.exchange import Changes, ImportOffer, Snapshot, import_offer, restore
from plauder.core.exchange.merge import merge
from plauder.core.exchange.snapshot import check_integrity
from plauder.core.lock import without_keys
from plauder.core.records import Folder, Message, Preset, Role, Settings
from tests.unit.fixtures.snapshots import T0, originals_snapshot, pictured_snapshot, sample_snapshot


def continued() -> Snapshot:
    """The sample after the user went on chatting in c1 and renamed folder f1."""
    sample = sample_snapshot()
    extra = Message("u2", "c1", "a2", Role.USER, "Go on", T0 + 50)
    conversations = (replace(sample.conversations[0], current_leaf="u2", updated_at=T0 + 50), sample.conversations[1])
    folders = (replace(sample.folders[0], name="Job"), sample.folders[1])
    return replace(sample, folders=folders, conversations=conversations, messages=(*sample.messages, extra))


def test_merging_the_same_snapshot_changes_nothing() -> None:
    sample = sample_snapshot()
    result = merge(sample, sample)
    assert result.snapshot == sample and result.changes == Changes()
    assert result.added == Snapshot(settings=sample.settings) and not result.settings_changed


def test_a_changed_conversation_is_added_as_a_copy_and_nothing_is_overwritten() -> None:
    """The old export's c1 differs from the continued one here: both stay, the old one under fresh ids."""
    here, old = continued(), sample_snapshot()
    result = merge(here, old)
    merged = result.snapshot
    check_integrity(merged)
    assert merged.conversations[:2] == here.conversations and merged.messages[:4] == here.messages
    copy = merged.conversations[2]
    assert copy.id != "c1" and copy.title == "Trees"
    copied = [m for m in merged.messages if m.conversation_id == copy.id]
    assert sorted(m.content for m in copied) == sorted(m.content for m in old.messages)
    assert copy.current_leaf in {m.id for m in copied}
    assert result.changes == Changes(folders=2, conversations=1, messages=3, copies=1)
    assert result.added.conversations == (copy,) and len(result.added.messages) == 3


def test_a_copied_message_keeps_its_pictures_under_fresh_ids() -> None:
    """The pictures' bytes are stored under the picture's id, one message's each: a copy of a question with a
    picture shows it under a fresh id, its bytes follow it there, and the original's stay as they are."""
    here, old = replace(continued(), files=pictured_snapshot().files), pictured_snapshot()
    here = replace(here, messages=(old.messages[0], *here.messages[1:]))
    result = merge(here, old)
    (question,) = [m for m in result.added.messages if m.images]
    (file,) = result.added.files
    assert question.id != "u1" and question.images[0].id not in ("i1", "")
    assert (file.id, file.message_id, file.data) == (question.images[0].id, question.id, old.files[0].data)
    assert result.snapshot.files == (*here.files, file)
    assert merge(result.snapshot, old).added.files == ()  # the copy is recognised: its bytes are not added again


def test_a_copied_message_keeps_its_attachments_originals_under_fresh_ids() -> None:
    """An attachment's original is stored like a picture, under its id: a copied question's attachment gets a fresh
    id and its bytes follow it, beside its picture's; merged again, nothing is added."""
    old = originals_snapshot()
    here = replace(continued(), messages=(old.messages[0], *continued().messages[1:]), files=old.files)
    result = merge(here, old)
    (question,) = [m for m in result.added.messages if m.attachments]
    (notes,) = question.attachments
    assert notes.id not in ("d1", "") and notes.text == "Hello"
    assert [(f.id, f.message_id, f.media_type) for f in result.added.files] == [
        (question.images[0].id, question.id, "image/png"),
        (notes.id, question.id, "text/plain"),
    ]
    assert result.added.files[1].data == old.files[1].data and result.changes.pictures == 2
    assert merge(result.snapshot, old).added.files == ()


def test_files_shared_by_messages_are_added_once() -> None:
    """A question sent again after an edit shares its original with the first: a new conversation brings the bytes
    once, and a copy of it gives each message's attachment an id of its own, each with the bytes."""
    old = originals_snapshot()
    resent = replace(old.messages[0], id="u2", created_at=T0 + 15, images=())
    shared = replace(old, messages=(*old.messages, resent))
    assert [f.id for f in merge(Snapshot(), shared).added.files] == ["i1", "d1"]
    here = replace(continued(), files=())
    copied = merge(here, shared).added
    ids = [f.id for f in copied.files]
    assert len(ids) == 3 and len(set(ids)) == 3 and "d1" not in ids
    assert {f.id for f in copied.files} == {file.id for m in copied.messages for file in m.stored_files}


def test_a_new_conversation_brings_its_pictures_and_a_restore_keeps_their_ids() -> None:
    """Into an empty database a merge adds the bytes as they are; a restore takes the file's as they are."""
    incoming = pictured_snapshot()
    assert merge(Snapshot(), incoming).added.files == incoming.files
    assert restore(sample_snapshot(), incoming).files == incoming.files


def test_the_missing_bytes_of_pictures_here_are_added_and_offered() -> None:
    """After a version-1 import the records are here without the bytes: the version-2 file adds just those (by
    merge or restore), and offers nothing once they are here."""
    incoming = pictured_snapshot()
    here = replace(incoming, files=())
    result = merge(here, incoming)
    assert result.added.files == incoming.files and result.changes == Changes(pictures=1)
    assert not result.added.messages and not result.added.conversations
    offer = import_offer(here, incoming, restorable=True)
    assert offer.merge and offer.restore and offer.changes.pictures == 1
    assert merge(here, incoming, pictures_here={"i1"}).added.files == ()
    assert import_offer(here, incoming, restorable=True, pictures_here={"i1"}) == ImportOffer(Changes(), False, False)


def test_a_renamed_folder_is_copied_and_the_copy_holds_the_copied_conversation() -> None:
    """Folder f1 ("Work" in the file, "Job" here) is added as a copy; its subfolder follows it, and so on down."""
    merged = merge(continued(), sample_snapshot()).snapshot
    work = next(f for f in merged.folders if f.name == "Work")
    reports_copy = next(f for f in merged.folders if f.name == "Reports" and f.id != "f2")
    assert reports_copy.parent_id == work.id
    assert merged.conversations[2].folder_id == reports_copy.id


def test_importing_the_same_file_twice_adds_the_copies_once() -> None:
    """Copies get ids derived from the incoming content, so the second import finds them already there."""
    here, old = continued(), sample_snapshot()
    once = merge(here, old).snapshot
    again = merge(once, old)
    assert again.snapshot == once and again.changes == Changes()


def test_new_records_are_added_in_order() -> None:
    """A conversation with a new id joins with its messages and its folder."""
    sample = sample_snapshot()
    more = Snapshot(
        folders=(Folder("f9", "New", "f1", T0),),
        conversations=(replace(sample.conversations[1], id="c9", folder_id="f9"),),
    )
    result = merge(sample, more)
    assert result.snapshot.folders[-1].id == "f9" and result.snapshot.conversations[-1].id == "c9"
    assert result.changes == Changes(folders=1, conversations=1)
    assert [f.id for f in result.added.folders] == ["f9"] and [c.id for c in result.added.conversations] == ["c9"]


def test_settings_keep_the_backends_here_and_add_new_ones() -> None:
    """Backends here win (keys included); backends with new ids join; an empty database takes the file's settings."""
    sample = sample_snapshot()
    incoming = replace(sample, settings=without_keys(sample.settings))
    assert merge(sample, incoming).snapshot.settings == sample.settings
    assert not merge(sample, incoming).settings_changed
    into_empty = merge(Snapshot(), sample)
    assert into_empty.snapshot.settings == sample.settings and into_empty.settings_changed


def test_names_the_privacy_guard_lists_join_once() -> None:
    here = replace(sample_snapshot(), settings=replace(sample_snapshot().settings, privacy_names=("Anna Schmidt",)))
    file = replace(here, settings=replace(here.settings, privacy_names=("anna schmidt", "ACME Corp")))
    assert merge(here, file).snapshot.settings.privacy_names == ("Anna Schmidt", "ACME Corp")


def test_restore_replaces_everything_but_keeps_keys_the_file_left_out() -> None:
    """A file exported without keys restores with the keys this browser holds for the same backends."""
    here = sample_snapshot()
    file = replace(Snapshot(), settings=without_keys(here.settings), conversations=(here.conversations[1],))
    restored = restore(here, file)
    assert restored.conversations == (here.conversations[1],) and restored.messages == ()
    assert restored.settings == here.settings
    with_own_key = replace(
        file, settings=here.settings.with_backend(replace(here.settings.backends[0], api_key="sk-new"))
    )
    assert restore(here, with_own_key).settings.backends[0].api_key == "sk-new"


def test_presets_with_new_ids_join_and_known_ones_stay() -> None:
    """A merge adds the file's new presets; a preset this browser has keeps its own version."""
    mine = Preset("p1", "Reviewer", "Review my code.")
    theirs = Preset("p1", "Reviewer (old)", "Review.")
    extra = Preset("p2", "Translator", "Translate to German.")
    current = Snapshot(settings=Settings(presets=(mine,)))
    result = merge(current, Snapshot(settings=Settings(presets=(theirs, extra))))
    assert result.snapshot.settings.presets == (mine, extra)  # sorted by name
    assert result.settings_changed and result.changes == Changes()
    assert merge(result.snapshot, result.snapshot).snapshot == result.snapshot


def test_a_folder_with_the_name_and_place_of_one_here_is_that_folder() -> None:
    """A backup from another app (its own ids) holding a folder "Work" fills the "Work" here, not a second one."""
    sample = sample_snapshot()
    backup = Snapshot(
        folders=(Folder("tl-work", "Work", None, 0.0), Folder("tl-notes", "Notes", "tl-work", 0.0)),
        conversations=(replace(sample.conversations[1], id="tl-c", folder_id="tl-notes"),),
    )
    result = merge(sample, backup)
    assert [f.name for f in result.snapshot.folders].count("Work") == 1
    assert result.added.folders == (Folder("tl-notes", "Notes", "f1", 0.0),)  # under the "Work" here (f1)
    assert result.added.conversations[0].folder_id == "tl-notes"
    assert result.changes == Changes(folders=1, conversations=1)
    assert merge(result.snapshot, backup).changes == Changes()


def test_a_same_named_folder_elsewhere_is_another_folder() -> None:
    """Only name and place together make a folder the same: "Work" inside "Reports" is a new folder."""
    sample = sample_snapshot()
    result = merge(sample, Snapshot(folders=(Folder("x", "Work", "f2", 0.0),)))
    assert result.added.folders == (Folder("x", "Work", "f2", 0.0),)


def test_an_import_offers_only_what_changes_something() -> None:
    """One's own export again: nothing to merge or restore. An older export: its copies merge, and a restore
    would replace. An export missing a conversation added since: nothing to merge, a restore would delete it.
    Other apps' files hold no settings to restore."""
    sample = sample_snapshot()
    again = import_offer(sample, sample, restorable=True)
    assert (again.merge, again.restore, again.changes) == (False, False, Changes())
    older = import_offer(continued(), sample, restorable=True)
    assert older.merge and older.restore and older.changes.copies == 1
    shorter = replace(sample, conversations=sample.conversations[:1])  # c2 has no messages
    missing = import_offer(sample, shorter, restorable=True)
    assert (missing.merge, missing.restore) == (False, True)
    assert not import_offer(sample, continued(), restorable=False).restore
    reordered = replace(sample, conversations=sample.conversations[::-1], messages=sample.messages[::-1])
    assert not import_offer(sample, reordered, restorable=True).restore
