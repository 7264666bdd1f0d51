"""Folders nest without cycles or orphans, deletes lose nothing silently, the sidebar shows everything."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plauder.core import folders as fo
from plauder.core.records import Conversation, Folder


def folder(folder_id: str, name: str, parent_id: str | None = None) -> Folder:
    return Folder(folder_id, name, parent_id, 1.0)


def conversation(conversation_id: str, folder_id: str | None = None, updated_at: float = 1.0) -> Conversation:
    return Conversation(conversation_id, f"title {conversation_id}", 1.0, updated_at, folder_id=folder_id)


def test_create_and_rename_tidy_the_name_and_refuse_a_blank_one() -> None:
    """Names lose stray whitespace; an empty name is refused rather than stored."""
    created = fo.create_folder("  Work   stuff ", None, 5.0)
    assert (created.name, created.parent_id, created.created_at) == ("Work stuff", None, 5.0)
    assert fo.rename_folder(created, "Home").name == "Home"
    with pytest.raises(ValueError):
        fo.rename_folder(created, "   ")


def test_moving_a_folder_into_itself_or_below_itself_is_refused() -> None:
    """A move that would make a cycle raises FolderCycle; a move elsewhere just changes the parent."""
    tree = [folder("a", "A"), folder("b", "B", "a"), folder("c", "C", "b"), folder("d", "D")]
    for target in ("a", "b", "c"):
        with pytest.raises(fo.FolderCycle):
            fo.move_folder(tree, "a", target)
    assert fo.move_folder(tree, "a", "d").parent_id == "d"
    assert fo.move_folder(tree, "c", None).parent_id is None
    with pytest.raises(KeyError):
        fo.move_folder(tree, "a", "missing")


def test_moving_a_conversation_needs_an_existing_folder() -> None:
    """A conversation moves into a folder or to the top; its last activity stays."""
    moved = fo.move_conversation([folder("a", "A")], conversation("c1", updated_at=7.0), "a")
    assert moved.folder_id == "a" and moved.updated_at == 7.0
    assert fo.move_conversation([], moved, None).folder_id is None
    with pytest.raises(KeyError):
        fo.move_conversation([], moved, "nope")


def test_delete_moving_contents_up_and_undo() -> None:
    """Sub-folders and conversations go to the parent; undo puts every record back as it was."""
    folders = [folder("a", "A"), folder("b", "B", "a"), folder("c", "C", "b")]
    conversations = [conversation("c1", "b"), conversation("c2", "c"), conversation("c3")]
    assert not fo.is_empty(folders, conversations, "b") and not fo.is_empty(folders, conversations, "c")
    assert fo.is_empty(folders, [], "c")
    removal = fo.delete_folder(folders, conversations, "b", fo.DeleteMode.MOVE_UP)
    assert [f.id for f in removal.removed_folders] == ["b"] and removal.doomed_conversations == ()
    assert [(f.id, f.parent_id) for f in removal.moved_folders] == [("c", "a")]
    assert [(c.id, c.folder_id) for c in removal.moved_conversations] == [("c1", "a")]
    back_folders, back_conversations = fo.undo_removal(removal)
    assert sorted(back_folders, key=lambda f: f.id) == folders[1:]
    assert back_conversations == [conversations[0]]


def test_delete_with_contents_hands_back_the_conversations_to_delete() -> None:
    """Every folder below goes, and the conversations in any of them are named for the caller to delete."""
    folders = [folder("a", "A"), folder("b", "B", "a"), folder("c", "C", "b"), folder("x", "X")]
    conversations = [conversation("c1", "b"), conversation("c2", "c"), conversation("c3", "x")]
    removal = fo.delete_folder(folders, conversations, "b", fo.DeleteMode.DELETE_CONTENTS)
    assert [f.id for f in removal.removed_folders] == ["b", "c"]
    assert [c.id for c in removal.doomed_conversations] == ["c1", "c2"]
    back_folders, back_conversations = fo.undo_removal(removal)
    assert back_folders == folders[1:3] and back_conversations == conversations[:2]


def test_sidebar_nests_sorts_and_collapses() -> None:
    """Folders by name before conversations by last activity; a collapsed folder hides its contents."""
    folders = [folder("z", "zeta"), folder("a", "Alpha"), folder("s", "Sub", "a")]
    conversations = [conversation("old", "a", 1.0), conversation("new", "a", 9.0), conversation("top", None, 5.0)]
    rows = fo.folder_tree(folders, conversations, collapsed=set())
    assert [(r.kind[0], r.id, r.depth) for r in rows] == [
        ("f", "a", 0),
        ("f", "s", 1),
        ("c", "new", 1),
        ("c", "old", 1),
        ("f", "z", 0),
        ("c", "top", 0),
    ]
    assert [r.id for r in rows if r.empty] == ["s", "z"]
    closed = fo.folder_tree(folders, conversations, collapsed={"a"})
    assert [r.id for r in closed] == ["a", "z", "top"] and closed[0].collapsed


def test_pinned_conversations_lead_their_folder() -> None:
    """Inside a folder a pinned conversation comes first, whatever its age."""
    conversations = [conversation("new", "a", 9.0), replace(conversation("old", "a", 1.0), pinned=True)]
    rows = fo.folder_tree([folder("a", "Alpha")], conversations, collapsed=set())
    assert [(r.id, r.pinned) for r in rows] == [("a", False), ("old", True), ("new", False)]


def test_sidebar_shows_orphans_and_cycles_at_the_top() -> None:
    """Damaged data (missing parents, a cycle from two tabs) still shows every folder and conversation once."""
    folders = [folder("o", "Orphan", "gone"), folder("p", "P", "q"), folder("q", "Q", "p")]
    conversations = [conversation("c1", "gone"), conversation("c2", "q")]
    rows = fo.folder_tree(folders, conversations, collapsed=set())
    assert sorted(r.id for r in rows) == ["c1", "c2", "o", "p", "q"]
    assert [r.depth for r in rows if r.id in {"o", "p", "q"}] == [0, 0, 1]


# --- properties ------------------------------------------------------------------------------------

ACTIONS = ("create", "rename", "move_folder", "move_conversation", "delete_up", "delete_all", "new_conversation")


def check_sound(folders: dict[str, Folder], conversations: dict[str, Conversation]) -> None:
    """No orphans, no cycles: every parent exists, and walking up always reaches the top."""
    for f in folders.values():
        seen = {f.id}
        parent = f.parent_id
        while parent is not None:
            assert parent in folders and parent not in seen
            seen.add(parent)
            parent = folders[parent].parent_id
    assert all(c.folder_id is None or c.folder_id in folders for c in conversations.values())
    rows = fo.folder_tree(folders.values(), conversations.values(), collapsed=set())
    assert sorted(r.id for r in rows) == sorted([*folders, *conversations])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 99), st.integers(0, 99)), max_size=40))
def test_folder_operations_never_make_cycles_or_orphans(steps: list[tuple[str, int, int]]) -> None:
    """Any sequence of folder operations keeps the folder tree sound and loses no conversation silently."""
    folders: dict[str, Folder] = {}
    conversations: dict[str, Conversation] = {}
    deleted: set[str] = set()
    made: set[str] = set()
    for step, (action, first, second) in enumerate(steps):
        ids = sorted(folders)
        pick = ids[first % len(ids)] if ids else None
        target = [None, *ids][second % (len(ids) + 1)]
        if action == "new_conversation":
            conversations[f"c{step}"] = conversation(f"c{step}", target, float(step))
            made.add(f"c{step}")
        elif action == "create" or pick is None:
            new = fo.create_folder(f"f{step}", target, float(step))
            folders[new.id] = new
        elif action == "rename":
            folders[pick] = fo.rename_folder(folders[pick], f"renamed {second}")
        elif action == "move_folder":
            try:
                folders[pick] = fo.move_folder(folders.values(), pick, target)
            except fo.FolderCycle:
                assert target == pick or target in {f.id for f in fo.descendants(folders.values(), pick)}
        elif action == "move_conversation" and conversations:
            key = sorted(conversations)[first % len(conversations)]
            conversations[key] = fo.move_conversation(folders.values(), conversations[key], target)
        elif action in {"delete_up", "delete_all"}:
            mode = fo.DeleteMode.MOVE_UP if action == "delete_up" else fo.DeleteMode.DELETE_CONTENTS
            before = dict(folders), dict(conversations)
            removal = fo.delete_folder(folders.values(), conversations.values(), pick, mode)
            for f in removal.removed_folders:
                del folders[f.id]
            folders.update({f.id: f for f in removal.moved_folders})
            conversations.update({c.id: c for c in removal.moved_conversations})
            for c in removal.doomed_conversations:
                del conversations[c.id]
            deleted |= {c.id for c in removal.doomed_conversations}
            check_sound(folders, conversations)
            if first % 2:
                back_folders, back_conversations = fo.undo_removal(removal)
                folders.update({f.id: f for f in back_folders})
                conversations.update({c.id: c for c in back_conversations})
                deleted -= {c.id for c in back_conversations}
                assert (folders, conversations) == before
        check_sound(folders, conversations)
        assert set(conversations) | deleted == made  # a conversation is only ever gone when handed back
