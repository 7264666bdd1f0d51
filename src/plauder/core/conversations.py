"""Whole-conversation edits: rename and duplicate (a duplicate shares no id with its original)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from plauder.core.ids import new_id
from plauder.core.records import Conversation, FileCopies, Message
from plauder.core.tree import ROOT, copy_messages


def rename_conversation(conversation: Conversation, title: str) -> Conversation:
    """The conversation under a new title; a blank title keeps the old one, so no row goes nameless."""
    cleaned = " ".join(title.split())
    return replace(conversation, title=cleaned) if cleaned else conversation


def duplicate_conversation(
    conversation: Conversation, messages: Iterable[Message], now_ms: float, title: str
) -> tuple[Conversation, list[Message], FileCopies]:
    """A copy of the whole tree under fresh ids, showing the same branch, in the same folder; not pinned (the
    pin marks the one the user chose); and the files its copies copy."""
    duplicate_id = new_id(now_ms)
    copies, new_ids, files = copy_messages(messages, duplicate_id, now_ms)
    choices = {
        new_ids.get(parent, ROOT): new_ids[child]
        for parent, child in conversation.selected_children.items()
        if child in new_ids and (parent == ROOT or parent in new_ids)
    }
    duplicate = replace(
        conversation,
        id=duplicate_id,
        title=title,
        created_at=now_ms,
        updated_at=now_ms,
        current_leaf=new_ids.get(conversation.current_leaf or ""),
        selected_children=choices,
        pinned=False,
    )
    return duplicate, copies, files
