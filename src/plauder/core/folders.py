"""Nested folders of conversations, and the sidebar they make.

Folders nest by `Folder.parent_id`, conversations sit in one by `Conversation.folder_id`
(None = top level). Moves that would make a cycle are refused; deleting a folder either moves
its contents up or hands back the conversations to delete, so nothing disappears silently.
The sidebar still shows everything if stored data went wrong (two tabs moving folders into
each other at once): a folder whose parent is missing or that sits in a cycle is shown at the top.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from plauder.core.ids import new_id
from plauder.core.recency import DayOf, Period, grouped, recency_order
from plauder.core.records import Conversation, Folder


class FolderCycle(ValueError):
    """A folder cannot move into itself or into a folder below it."""


class DeleteMode(StrEnum):
    MOVE_UP = "move_up"  # sub-folders and conversations go to the deleted folder's parent
    DELETE_CONTENTS = "delete_contents"  # sub-folders go too; their conversations are handed back to delete


def _name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a folder needs a name")
    return cleaned


def create_folder(name: str, parent_id: str | None, now_ms: float) -> Folder:
    return Folder(new_id(now_ms), _name(name), parent_id, now_ms)


def rename_folder(folder: Folder, name: str) -> Folder:
    return replace(folder, name=_name(name))


def _children(folders: Iterable[Folder]) -> dict[str | None, list[Folder]]:
    children: dict[str | None, list[Folder]] = {}
    for folder in folders:
        children.setdefault(folder.parent_id, []).append(folder)
    return children


def descendants(folders: Iterable[Folder], folder_id: str) -> list[Folder]:
    """Every folder below `folder_id`, at any depth, parents before children (safe on cycles)."""
    children = _children(folders)
    found: list[Folder] = []
    seen = {folder_id}
    stack = list(children.get(folder_id, []))
    while stack:
        folder = stack.pop()
        if folder.id not in seen:
            seen.add(folder.id)
            found.append(folder)
            stack += children.get(folder.id, [])
    return found


def _require(folders: Mapping[str, Folder], folder_id: str | None) -> None:
    if folder_id is not None and folder_id not in folders:
        raise KeyError(f"no folder {folder_id}")


def move_folder(folders: Iterable[Folder], folder_id: str, parent_id: str | None) -> Folder:
    """The folder under its new parent; raises FolderCycle for a move into itself or below itself."""
    known = {folder.id: folder for folder in folders}
    _require(known, parent_id)
    if parent_id == folder_id or parent_id in {f.id for f in descendants(known.values(), folder_id)}:
        raise FolderCycle(f"folder {folder_id} cannot move into {parent_id}")
    return replace(known[folder_id], parent_id=parent_id)


def move_conversation(folders: Iterable[Folder], conversation: Conversation, folder_id: str | None) -> Conversation:
    """The conversation in another folder (None = top level); moving is not activity, `updated_at` stays."""
    _require({folder.id: folder for folder in folders}, folder_id)
    return replace(conversation, folder_id=folder_id)


def is_empty(folders: Iterable[Folder], conversations: Iterable[Conversation], folder_id: str) -> bool:
    """True when deleting the folder needs no question: it holds no folder and no conversation."""
    return not any(f.parent_id == folder_id for f in folders) and not any(
        c.folder_id == folder_id for c in conversations
    )


@dataclass(frozen=True)
class FolderRemoval:
    """The records a folder delete changes; `undo_removal` turns it back."""

    removed_folders: tuple[Folder, ...]  # delete these records (the folder first)
    moved_folders: tuple[Folder, ...]  # store these: they moved up
    moved_conversations: tuple[Conversation, ...]  # store these: they moved up
    doomed_conversations: tuple[Conversation, ...]  # delete these with their messages (records as they were)


def delete_folder(
    folders: Iterable[Folder], conversations: Iterable[Conversation], folder_id: str, mode: DeleteMode
) -> FolderRemoval:
    """What deleting `folder_id` changes; its contents move up or are handed back for deletion."""
    known = {folder.id: folder for folder in folders}
    folder = known[folder_id]
    if mode is DeleteMode.MOVE_UP:
        return FolderRemoval(
            (folder,),
            tuple(replace(f, parent_id=folder.parent_id) for f in known.values() if f.parent_id == folder_id),
            tuple(replace(c, folder_id=folder.parent_id) for c in conversations if c.folder_id == folder_id),
            (),
        )
    removed = (folder, *descendants(known.values(), folder_id))
    gone = {f.id for f in removed}
    return FolderRemoval(removed, (), (), tuple(c for c in conversations if c.folder_id in gone))


def undo_removal(removal: FolderRemoval) -> tuple[list[Folder], list[Conversation]]:
    """The folder and conversation records to store so that everything is as before the delete."""
    folder = removal.removed_folders[0]
    moved_back = [replace(f, parent_id=folder.id) for f in removal.moved_folders]
    conversations = [replace(c, folder_id=folder.id) for c in removal.moved_conversations]
    return [*removal.removed_folders, *moved_back], [*conversations, *removal.doomed_conversations]


@dataclass(frozen=True)
class SidebarRow:
    """One line of the sidebar: a folder, a conversation or a heading, indented by its depth."""

    kind: str  # "folder", "conversation" or "heading"
    id: str  # a heading's: its period's key
    label: str
    depth: int
    collapsed: bool = False  # folders only
    empty: bool = False  # folders only: deleting it needs no question
    pinned: bool = False  # conversations only
    period: Period | None = None  # headings only


def _tops(known: Mapping[str, Folder]) -> list[Folder]:
    """The folders shown at the top: those without a parent, those whose parent is missing, and one per cycle."""
    tops = [f for f in known.values() if f.parent_id is None or f.parent_id not in known]
    shown = {f.id for top in tops for f in (top, *descendants(known.values(), top.id))}
    for folder in sorted(known.values(), key=lambda f: f.id):
        if folder.id not in shown:  # only folders in a cycle are left: show it from here
            tops.append(folder)
            shown |= {f.id for f in (folder, *descendants(known.values(), folder.id))}
    return tops


def folder_tree(
    folders: Iterable[Folder], conversations: Iterable[Conversation], collapsed: Collection[str]
) -> list[SidebarRow]:
    """The sidebar: folders by name, then conversations (pinned first, then by last activity), nested;
    collapsed folders closed."""
    known = {folder.id: folder for folder in folders}
    children = _children(known.values())
    held: dict[str | None, list[Conversation]] = {}
    for conversation in conversations:
        held.setdefault(conversation.folder_id if conversation.folder_id in known else None, []).append(conversation)
    rows: list[SidebarRow] = []
    placed: set[str] = set()

    def add(parent_id: str | None, depth: int, sub_folders: list[Folder]) -> None:
        for folder in sorted(sub_folders, key=lambda f: (f.name.casefold(), f.id)):
            if folder.id in placed:  # met again through a cycle
                continue
            placed.add(folder.id)
            closed = folder.id in collapsed
            empty = not children.get(folder.id) and not held.get(folder.id)
            rows.append(SidebarRow("folder", folder.id, folder.name, depth, closed, empty))
            if not closed:
                add(folder.id, depth + 1, children.get(folder.id, []))
        rows.extend(_conversation_row(c, depth) for c in sorted(held.get(parent_id, []), key=recency_order))

    add(None, 0, _tops(known))
    return rows


def _conversation_row(conversation: Conversation, depth: int) -> SidebarRow:
    return SidebarRow("conversation", conversation.id, conversation.title, depth, pinned=conversation.pinned)


def dated_rows(conversations: Iterable[Conversation], today: date, day_of: DayOf) -> list[SidebarRow]:
    """Conversations outside folders under their headings (core/recency.py)."""
    rows: list[SidebarRow] = []
    for period, members in grouped(conversations, today, day_of):
        rows.append(SidebarRow("heading", period.key, "", 0, period=period))
        rows.extend(_conversation_row(c, 0) for c in members)
    return rows


@dataclass(frozen=True)
class SidebarLayout:
    rows: list[SidebarRow]
    parents: dict[str, str | None]  # every row's id -> the folder it sits in (None: the top level)
    targets: list[tuple[str, str, int]]  # what a "Move to…" menu offers: every folder as (id, name, depth)


def sidebar_layout(
    folders: Sequence[Folder],
    conversations: Sequence[Conversation],
    collapsed: Collection[str],
    now_ms: float,
    day_of: DayOf,
) -> SidebarLayout:
    """What the sidebar draws: the folders with their contents, then the other conversations by date; where
    each row sits (for drops), and where things can move."""
    known = {folder.id for folder in folders}
    parents: dict[str, str | None] = {f.id: f.parent_id if f.parent_id in known else None for f in folders}
    parents |= {c.id: c.folder_id if c.folder_id in known else None for c in conversations}
    targets = [(row.id, row.label, row.depth) for row in folder_tree(folders, (), ()) if row.kind == "folder"]
    filed = [c for c in conversations if parents[c.id] is not None]
    loose = [c for c in conversations if parents[c.id] is None]
    rows = folder_tree(folders, filed, collapsed) + dated_rows(loose, day_of(now_ms), day_of)
    return SidebarLayout(rows, parents, targets)
