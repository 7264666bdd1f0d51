"""Whole-conversation edits keep the tree and never share an id with the original."""

from __future__ import annotations

from plauder.core import thread, tree
from plauder.core.conversations import duplicate_conversation, rename_conversation
from plauder.core.records import Conversation


def test_rename_and_duplicate_conversation() -> None:
    """A blank rename keeps the title; a duplicate copies the whole tree under fresh ids, same branch shown."""
    original = Conversation("c1", "Title", 1.0, 1.0, model="m", folder_id="a")
    assert rename_conversation(original, "  New   name ").title == "New name"
    assert rename_conversation(original, "   ") == original
    conv, question, answer = thread.send(original, "Q", 2.0)
    conv, fresh = thread.regenerate(conv, answer, 3.0)
    messages = thread.by_id([question, answer, fresh])
    conv = tree.switch_branch(conv, messages, answer.id)
    copy, copies, _ = duplicate_conversation(conv, messages.values(), 10.0, "copy")
    assert (
        copy.id != conv.id
        and copy.folder_id == "a"
        and copy.title == "copy"
        and copy.model == "m"
        and copy.updated_at == 10.0
    )
    assert not {m.id for m in copies} & set(messages) and {m.conversation_id for m in copies} == {copy.id}
    shown = [m.content for m in thread.thread(thread.by_id(copies), copy.current_leaf)]
    assert shown == [m.content for m in thread.thread(messages, conv.current_leaf)]
    copied = thread.by_id(copies)
    assert all(copied[child].parent_id == (parent or None) for parent, child in copy.selected_children.items())


def test_a_duplicate_of_a_pinned_conversation_is_not_pinned() -> None:
    """The pin marks the conversation the user chose; its copy joins the list by date."""
    copy, _, _ = duplicate_conversation(Conversation("c1", "Title", 1.0, 1.0, pinned=True), [], 10.0, "copy")
    assert not copy.pinned
