"""Folders and conversations as a whole, as steps: create, rename, move, pin, duplicate, delete and
undo, and the automatic title's arrival.

The rules are core/folders.py's and core/conversations.py's; these functions say what to store and
draw. Moving, renaming or pinning is not activity: the list keeps its order by last activity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from plauder.core import folders as rules
from plauder.core.conversations import duplicate_conversation, rename_conversation
from plauder.core.folders import DeleteMode, FolderCycle
from plauder.core.records import Folder, Message
from plauder.core.state import (
    BUSY,
    CLEAR,
    EVERYTHING,
    ChatState,
    Notice,
    Part,
    Step,
    UndoOffer,
    Write,
    remember,
    replaced,
    unchanged,
)

SIDEBAR = frozenset({Part.SIDEBAR})
SIDEBAR_AND_TITLE = frozenset({Part.SIDEBAR, Part.THREAD})


def _with_folders(state: ChatState, changed: Sequence[Folder], gone: frozenset[str] = frozenset()) -> ChatState:
    by_id = {f.id: f for f in changed}
    kept = [by_id.pop(f.id, f) for f in state.folders if f.id not in gone]
    return replace(state, folders=(*kept, *by_id.values()))


def new_folder(state: ChatState, name: str, parent_id: str | None, now_ms: float) -> Step:
    if not name.strip():
        return unchanged(state)
    folder = rules.create_folder(name, parent_id, now_ms)
    return Step(_with_folders(state, [folder]), write=Write(folders=(folder,)), draw=SIDEBAR)


def rename_folder(state: ChatState, folder_id: str, name: str) -> Step:
    folder = state.folder(folder_id)
    if folder is None or not name.strip():
        return unchanged(state)
    renamed = rules.rename_folder(folder, name)
    return Step(_with_folders(state, [renamed]), write=Write(folders=(renamed,)), draw=SIDEBAR)


def move_folder(state: ChatState, folder_id: str, parent_id: str | None) -> Step:
    try:
        moved = rules.move_folder(state.folders, folder_id, parent_id)
    except FolderCycle:
        return Step(state, draw=SIDEBAR, notice=Notice("folders.cycle"))  # the menu's choice goes back to nothing
    except KeyError:  # the target went away in another tab
        return unchanged(state)
    return Step(_with_folders(state, [moved]), write=Write(folders=(moved,)), draw=SIDEBAR, notice=CLEAR)


def move_conversation(state: ChatState, conversation_id: str, folder_id: str | None) -> Step:
    conversation = state.conversation(conversation_id)
    if conversation is None or (folder_id is not None and state.folder(folder_id) is None):
        return unchanged(state)
    moved = rules.move_conversation(state.folders, conversation, folder_id)
    return Step(replaced(state, [moved]), write=Write(conversations=(moved,)), draw=SIDEBAR)


def _forgotten(state: ChatState, conversation_ids: frozenset[str]) -> tuple[ChatState, frozenset[Part]]:
    """The state without these conversations; the open one, if among them, closes to a new chat."""
    kept = tuple(c for c in state.conversations if c.id not in conversation_ids)
    if state.current is not None and state.current.id in conversation_ids:
        return replace(state, conversations=kept, current=None, messages={}), EVERYTHING
    return replace(state, conversations=kept), SIDEBAR


def _writing_into(state: ChatState, conversation_ids: frozenset[str]) -> bool:
    return state.busy and state.current is not None and state.current.id in conversation_ids


def delete_folder(state: ChatState, folder_id: str, mode: DeleteMode, messages: Sequence[Message]) -> Step:
    """Delete a folder, its contents moved up or deleted with it (`messages`: those of the conversations
    that go, as read, so Undo can put them back)."""
    if state.folder(folder_id) is None:
        return unchanged(state)
    removal = rules.delete_folder(state.folders, state.conversations, folder_id, mode)
    doomed = frozenset(c.id for c in removal.doomed_conversations)
    if _writing_into(state, doomed):
        return unchanged(state, BUSY)
    gone = frozenset(f.id for f in removal.removed_folders)
    moved = replaced(_with_folders(state, removal.moved_folders, gone), removal.moved_conversations)
    after, draw = _forgotten(moved, doomed)
    folders, conversations = rules.undo_removal(removal)
    offer = UndoOffer("folders.deleted", tuple(folders), tuple(conversations), tuple(messages))
    write = Write(
        folders=removal.moved_folders,
        conversations=removal.moved_conversations,
        delete_folders=tuple(f.id for f in removal.removed_folders),
        delete_conversations=tuple(sorted(doomed)),
        undoable=True,
    )
    return Step(replace(after, undo=offer), write=write, draw=draw | {Part.UNDO})


def rename(state: ChatState, conversation_id: str, title: str) -> Step:
    conversation = state.conversation(conversation_id)
    if conversation is None:
        return unchanged(state)
    renamed = rename_conversation(conversation, title)
    return Step(replaced(state, [renamed]), write=Write(conversations=(renamed,)), draw=SIDEBAR_AND_TITLE)


def pin(state: ChatState, conversation_id: str, pinned: bool) -> Step:
    """Pin a conversation to the top of the list it sits in, or unpin it."""
    conversation = state.conversation(conversation_id)
    if conversation is None or conversation.pinned == pinned:
        return unchanged(state)
    changed = replace(conversation, pinned=pinned)
    return Step(replaced(state, [changed]), write=Write(conversations=(changed,)), draw=SIDEBAR)


def duplicate(state: ChatState, conversation_id: str, messages: Sequence[Message], title: str, now_ms: float) -> Step:
    """A copy of a whole conversation (its messages as read), listed first."""
    conversation = state.conversation(conversation_id)
    if conversation is None:
        return unchanged(state)
    copy, copies, files = duplicate_conversation(conversation, messages, now_ms, title)
    write = Write(conversations=(copy,), messages=tuple(copies), copied_files=files)
    return Step(remember(state, copy), write=write, draw=SIDEBAR)


def delete_conversation(state: ChatState, conversation_id: str, messages: Sequence[Message]) -> Step:
    """Delete a conversation with its messages (`messages`, as read, come back with Undo)."""
    conversation = state.conversation(conversation_id)
    if conversation is None:
        return unchanged(state)
    if _writing_into(state, frozenset({conversation_id})):
        return unchanged(state, BUSY)
    after, draw = _forgotten(state, frozenset({conversation_id}))
    offer = UndoOffer("conversation.deleted", conversations=(conversation,), messages=tuple(messages))
    write = Write(delete_conversations=(conversation_id,), undoable=True)
    return Step(replace(after, undo=offer), write=write, draw=draw | {Part.UNDO})


def undo(state: ChatState) -> Step:
    """Put back what the last delete removed, wherever the user is now; a conversation whose folder
    went meanwhile comes back at the top level."""
    offer = state.undo
    if offer is None:
        return unchanged(state)
    if state.busy and any(state.is_open(c.id) for c in offer.conversations):
        return unchanged(state, BUSY)
    restored = _with_folders(replace(state, undo=None), offer.folders)
    known = {f.id for f in restored.folders}
    conversations = tuple(
        c if c.folder_id is None or c.folder_id in known else replace(c, folder_id=None) for c in offer.conversations
    )
    listed = {c.id for c in state.conversations}
    restored = replaced(restored, [c for c in conversations if c.id in listed])
    for conversation in conversations:
        if conversation.id not in listed:
            restored = remember(restored, conversation)
    if restored.current is not None:
        opened = restored.current.id
        back = {m.id: m for m in offer.messages if m.conversation_id == opened}
        restored = replace(restored, messages={**restored.messages, **back})
    write = Write(folders=offer.folders, conversations=conversations, messages=offer.messages)
    return Step(restored, write=write, draw=frozenset({Part.SIDEBAR, Part.THREAD, Part.UNDO}))


def undo_expired(state: ChatState, offer: UndoOffer) -> Step:
    """The offer's time ran out (a newer offer stays)."""
    if state.undo is not offer:
        return unchanged(state)
    return Step(replace(state, undo=None), draw=frozenset({Part.UNDO}))


def titled(state: ChatState, conversation_id: str, asked_with: str, title: str | None) -> Step:
    """The model's title arrived: taken only while nothing renamed the conversation meanwhile."""
    latest = state.conversation(conversation_id)
    if title is None or latest is None or latest.title != asked_with:
        return unchanged(state)
    named = replace(latest, title=title)
    return Step(replaced(state, [named]), write=Write(conversations=(named,)), draw=SIDEBAR_AND_TITLE)
