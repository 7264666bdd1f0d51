"""Bringing an imported snapshot into the database: merged without duplicates, or as a full restore.

Merge rules (documented for users in docs/export-format.md):

- Records are matched by id. The same id with the same content is already here: nothing changes,
  so importing the same file twice changes nothing the second time.
- A conversation is compared whole: its metadata and every message of its tree. If a conversation
  with the same id differs in anything (say it was continued since the export), the incoming one
  is added as a copy under a fresh id, with fresh message ids; nothing here is overwritten or lost.
  The same goes for a folder with the same id but another name or place.
- A folder that is not here under its id but has the name and the place (the same parent) of a
  folder here is that folder: what the file puts in it goes into the one here. Folders made by
  hand and the same folders in another app's backup (which has its own ids) are not doubled.
- Fresh ids are derived from the incoming content (`derived_ids`), so a copy made by one import is
  recognised, not copied again, by the next import of the same file.
- References in what is added (a folder's parent, a conversation's folder, a message's parent,
  the current leaf) follow the records they point to to their fresh ids. A copied message's pictures
  and attachments with an original get fresh ids too (their bytes are stored under that id, one
  message's each), and their bytes in the file follow their messages.
- Pictures' bytes and originals: those of added messages come with them; for a message here unchanged,
  the file's bytes of a picture or original that has none here are added (a version-1 import left them
  missing).
- Settings: backends, presets and saved prompts with new ids are added (a prompt only if no prompt here has
  its name); those here stay as they are, keys and
  defaults included. A database without any backend takes the incoming settings whole.

A restore replaces everything with the incoming snapshot, except that a backend whose incoming API
key is empty (exported without keys) keeps the key it has here under the same backend id.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from plauder.core.exchange.derived_ids import derived_id
from plauder.core.exchange.picture_files import PictureFile
from plauder.core.exchange.snapshot import Snapshot
from plauder.core.exchange.steps import Steps, finished
from plauder.core.lock import keys_of, with_keys
from plauder.core.privacy.terms import listed
from plauder.core.records import Conversation, Folder, Message, Settings
from plauder.core.thread import by_id


@dataclass(frozen=True)
class Changes:
    """What a merge would add, for the user to confirm before anything is written."""

    folders: int = 0
    conversations: int = 0  # copies included
    messages: int = 0
    backends: int = 0
    copies: int = 0  # conversations that differ from the one here with the same id
    pictures: int = 0  # pictures and originals whose bytes are added (of added messages, or missing here)


@dataclass(frozen=True)
class Merged:
    """A merge, planned once: the database after it, and what it adds (the records to write)."""

    snapshot: Snapshot  # everything: the database here followed by what was added
    added: Snapshot  # only the new folders, conversations and messages, with the settings after the merge
    changes: Changes  # the counts, for the confirmation before anything is written
    settings_changed: bool  # backends or presets joined, or an empty database took the file's settings


@dataclass(frozen=True)
class _Added:
    conversations: tuple[Conversation, ...]
    messages: tuple[Message, ...]
    files: tuple[PictureFile, ...]
    copies: int


def _parents_first(folders: Sequence[Folder]) -> list[Folder]:
    """Folders ordered so that each comes after its parent (the `in chain` test only guards loops)."""
    by_id = {f.id: f for f in folders}
    ordered: dict[str, Folder] = {}
    for folder in folders:
        chain: list[Folder] = []
        node: Folder | None = folder
        while node is not None and node.id not in ordered and node not in chain:
            chain.append(node)
            node = by_id.get(node.parent_id) if node.parent_id else None
        ordered.update((item.id, item) for item in reversed(chain))
    return list(ordered.values())


def _merge_folders(current: Iterable[Folder], incoming: Sequence[Folder]) -> tuple[list[Folder], dict[str, str]]:
    """The folders to add (in incoming order) and where each incoming folder id ends up."""
    existing = {f.id: f for f in current}
    by_place: dict[tuple[str | None, str], str] = {}  # (parent id, name) of each folder here: its id
    for here in existing.values():
        by_place.setdefault((here.parent_id, here.name), here.id)
    position = {f.id: index for index, f in enumerate(incoming)}
    moved_to: dict[str, str] = {}
    added: list[tuple[int, Folder]] = []
    for folder in _parents_first(incoming):
        moved = replace(folder, parent_id=moved_to.get(folder.parent_id or "", folder.parent_id))
        copy = replace(moved, id=derived_id(moved.created_at, "folder copy", moved.to_record()))
        same_place = by_place.get((moved.parent_id, moved.name))
        if existing.get(moved.id) != moved and existing.get(copy.id) == copy:
            moved_to[folder.id] = copy.id  # copied by an earlier import of this file: that copy, again
            continue
        if existing.get(moved.id) != moved and same_place is not None:
            moved_to[folder.id] = same_place
            continue
        if existing.get(moved.id, moved) != moved:
            moved = copy
        moved_to[folder.id] = moved.id
        if moved.id not in existing:
            existing[moved.id] = moved
            added.append((position[folder.id], moved))
    return [folder for _, folder in sorted(added, key=lambda pair: pair[0])], moved_to


def _as_copy(conversation: Conversation, messages: Sequence[Message]) -> tuple[Conversation, list[Message]]:
    """The conversation under an id derived from its content, its messages and references following."""
    content = [conversation.to_record(), sorted((m.to_record() for m in messages), key=lambda r: r["id"])]
    copy_id = derived_id(conversation.created_at, "conversation copy", content)
    new_ids = {m.id: derived_id(m.created_at, copy_id, m.id) for m in messages}
    copied = [
        replace(
            m,
            id=new_ids[m.id],
            conversation_id=copy_id,
            parent_id=new_ids.get(m.parent_id or "", m.parent_id),
            images=tuple(replace(image, id=derived_id(m.created_at, copy_id, image.id)) for image in m.images),
            attachments=tuple(
                replace(file, id=derived_id(m.created_at, copy_id, file.id)) if file.id else file
                for file in m.attachments
            ),
        )
        for m in messages
    ]
    leaf = new_ids.get(conversation.current_leaf or "", conversation.current_leaf)
    return replace(conversation, id=copy_id, current_leaf=leaf), copied


def _files_following(
    originals: Sequence[Message], added: Sequence[Message], files: Mapping[str, PictureFile]
) -> list[PictureFile]:
    """The bytes of the pictures and originals of `originals`, under the ids of the same in `added` (copies or the
    same), once per id (messages may share one: core/exchange/picture_files.files_of)."""
    following: dict[str, PictureFile] = {}
    for original, message in zip(originals, added, strict=True):
        for old, new in zip(original.stored_files, message.stored_files, strict=True):
            if old.id in files:
                following.setdefault(new.id, replace(files[old.id], id=new.id, message_id=message.id))
    return list(following.values())


def _merge_conversations(
    current: Snapshot, incoming: Snapshot, folder_moved_to: Mapping[str, str], pictures_here: Collection[str]
) -> Steps[_Added]:
    """The conversations to add, one per step."""
    existing = {c.id: c for c in current.conversations}
    here_messages = current.messages_by_conversation()
    taken = {m.id for m in current.messages}
    incoming_files = {f.id: f for f in incoming.files}
    conversations: list[Conversation] = []
    messages: list[Message] = []
    files: dict[str, PictureFile] = {}  # by id: a fork shares its files with the conversation it came from
    copies = 0

    def add_files(following: list[PictureFile]) -> None:
        for file in following:
            if file.id not in pictures_here:
                files.setdefault(file.id, file)

    for conversation, originals in _with_messages(incoming):
        yield None
        its_messages = originals
        moved = replace(
            conversation, folder_id=folder_moved_to.get(conversation.folder_id or "", conversation.folder_id)
        )
        here = existing.get(moved.id)
        if here == moved and by_id(here_messages.get(moved.id, [])) == by_id(its_messages):
            add_files(_files_following(its_messages, its_messages, incoming_files))
            continue
        if here is not None or any(m.id in taken for m in its_messages):
            moved, its_messages = _as_copy(moved, its_messages)
            if moved.id in existing:
                continue  # copied by an earlier import of the same file
            copies += 1
        existing[moved.id] = moved
        taken.update(m.id for m in its_messages)
        conversations.append(moved)
        messages += its_messages
        add_files(_files_following(originals, its_messages, incoming_files))
    return _Added(tuple(conversations), tuple(messages), tuple(files.values()), copies)


def _with_messages(snapshot: Snapshot) -> list[tuple[Conversation, list[Message]]]:
    grouped = snapshot.messages_by_conversation()
    return [(c, grouped.get(c.id, [])) for c in snapshot.conversations]


def _merge_settings(current: Settings, incoming: Settings) -> Settings:
    """Backends, presets and prompts with new ids join (a prompt only if its name is free too), and names the
    privacy guard lists; a database without backends takes the incoming settings whole."""
    if current.backends:
        known = {b.id for b in current.backends}
        merged = replace(current, backends=(*current.backends, *(b for b in incoming.backends if b.id not in known)))
    else:
        merged = replace(incoming, presets=current.presets, prompts=current.prompts)
    known_presets = {p.id for p in current.presets}
    for preset in incoming.presets:
        if preset.id not in known_presets:
            merged = merged.with_preset(preset)
    known_prompts, names = {p.id for p in current.prompts}, {p.name.casefold() for p in current.prompts}
    for prompt in incoming.prompts:  # a name stays with the prompt here (names are unique)
        if prompt.id not in known_prompts and prompt.name.casefold() not in names:
            merged = merged.with_prompt(prompt)
    return replace(merged, privacy_names=listed("\n".join((*current.privacy_names, *incoming.privacy_names))))


def _here(current: Snapshot, pictures_here: Collection[str] | None) -> Collection[str]:
    return {f.id for f in current.files} if pictures_here is None else pictures_here


def merge(current: Snapshot, incoming: Snapshot, pictures_here: Collection[str] | None = None) -> Merged:
    """`incoming` merged into the database by the rules above; merging the same snapshot again adds nothing.

    `pictures_here`: the ids of the pictures and originals whose bytes are here, by default those of
    `current.files` (the shell names them without reading the bytes).
    """
    return finished(merging(current, incoming, pictures_here))


def merging(current: Snapshot, incoming: Snapshot, pictures_here: Collection[str] | None = None) -> Steps[Merged]:
    """`merge` in steps, one incoming conversation at a time (the page draws between them)."""
    folders, moved_to = _merge_folders(current.folders, incoming.folders)
    added = yield from _merge_conversations(current, incoming, moved_to, _here(current, pictures_here))
    settings = _merge_settings(current.settings, incoming.settings)
    new = Snapshot(settings, tuple(folders), added.conversations, added.messages, added.files)
    merged = Snapshot(
        settings,
        (*current.folders, *new.folders),
        (*current.conversations, *new.conversations),
        (*current.messages, *new.messages),
        (*current.files, *new.files),
    )
    changes = Changes(
        folders=len(new.folders),
        conversations=len(new.conversations),
        messages=len(new.messages),
        backends=len(settings.backends) - len(current.settings.backends),
        copies=added.copies,
        pictures=len(new.files),
    )
    return Merged(merged, new, changes, settings != current.settings)


@dataclass(frozen=True)
class ImportOffer:
    """What an import can do, for the user to choose before anything is written."""

    changes: Changes  # what a merge adds
    merge: bool  # a merge would change anything (records, or settings)
    restore: bool  # a full restore is possible (only from Plauder's own file) and would change anything


def import_offer(
    current: Snapshot, incoming: Snapshot, restorable: bool, pictures_here: Collection[str] | None = None
) -> ImportOffer:
    """Offer only what changes something: re-importing one's own export offers nothing to do."""
    return finished(offering(current, incoming, restorable, pictures_here))


def offering(
    current: Snapshot, incoming: Snapshot, restorable: bool, pictures_here: Collection[str] | None = None
) -> Steps[ImportOffer]:
    """`import_offer` in steps, as `merging` takes them."""
    merged = yield from merging(current, incoming, pictures_here)
    adds = merged.changes != Changes() or merged.settings_changed
    here = _here(current, pictures_here)
    brings = any(f.id not in here for f in incoming.files)
    return ImportOffer(merged.changes, adds, restorable and (brings or not _same(restore(current, incoming), current)))


def _same(one: Snapshot, other: Snapshot) -> bool:
    """The same settings and records, in whatever order they were read."""
    return one.settings == other.settings and all(
        {r.id: r for r in mine} == {r.id: r for r in theirs}
        for mine, theirs in (
            (one.folders, other.folders),
            (one.conversations, other.conversations),
            (one.messages, other.messages),
        )
    )


def restore(current: Snapshot, incoming: Snapshot) -> Snapshot:
    """`incoming` in place of everything; backends exported without a key keep the key they have here."""
    keys = {**keys_of(current.settings), **keys_of(incoming.settings)}
    return replace(incoming, settings=with_keys(incoming.settings, keys))
