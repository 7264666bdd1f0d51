"""The visible thread of a conversation tree, and the turns that grow it.

A conversation's messages form a tree by `parent_id`; what the user sees is the path from
the root to the conversation's `current_leaf`. Every function here is pure: it takes the
records and returns the records to store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from plauder.core.ids import new_id
from plauder.core.records import Attachment, Conversation, Image, Message, MessageStatus, Role


def thread(messages: Mapping[str, Message], leaf_id: str | None) -> list[Message]:
    """Root-first path to `leaf_id`; stops safely at a missing parent or a cycle."""
    path: list[Message] = []
    seen: set[str] = set()
    current = messages.get(leaf_id) if leaf_id else None
    while current is not None and current.id not in seen:
        seen.add(current.id)
        path.append(current)
        current = messages.get(current.parent_id) if current.parent_id else None
    return path[::-1]


def by_id(messages: Iterable[Message]) -> dict[str, Message]:
    return {message.id: message for message in messages}


def pending_answer(conversation: Conversation, parent_id: str, now_ms: float) -> Message:
    """An empty assistant message that a stream will fill, stored as streaming from the start."""
    return Message(
        id=new_id(now_ms),
        conversation_id=conversation.id,
        parent_id=parent_id,
        role=Role.ASSISTANT,
        content="",
        created_at=now_ms,
        status=MessageStatus.STREAMING,
        model=conversation.model,
    )


def send(
    conversation: Conversation,
    text: str,
    now_ms: float,
    attachments: tuple[Attachment, ...] = (),
    images: tuple[Image, ...] = (),
) -> tuple[Conversation, Message, Message]:
    """The user's message (with its files and pictures) under the current leaf, the answer to fill, and the
    conversation moved to it."""
    question = Message(
        id=new_id(now_ms),
        conversation_id=conversation.id,
        parent_id=conversation.current_leaf,
        role=Role.USER,
        content=text,
        created_at=now_ms,
        attachments=attachments,
        images=images,
    )
    answer = pending_answer(conversation, question.id, now_ms)
    return replace(conversation, current_leaf=answer.id, updated_at=now_ms), question, answer


def regenerate(conversation: Conversation, answer: Message, now_ms: float) -> tuple[Conversation, Message]:
    """A new sibling of `answer` (the old one is kept in the tree) and the conversation moved to it; an answer of
    pictures asks again for the same (core/picturing.py), without what the last answer was told."""
    if answer.role is not Role.ASSISTANT or answer.parent_id is None:
        raise ValueError("only an answer to a message can be regenerated")
    fresh = asking_as(pending_answer(conversation, answer.parent_id, now_ms), answer)
    return replace(conversation, current_leaf=fresh.id, updated_at=now_ms), fresh


def asking_as(fresh: Message, before: Message | None) -> Message:
    """`fresh`, an answer to fill, asked as `before` was: an answer of pictures asks the image model again for
    the same (core/picturing.py), without what the last answer was told; any other goes to the chat model."""
    if before is None or before.generation is None:
        return fresh
    asked = replace(before.generation, revised_prompt="", not_loaded=())
    return replace(fresh, model=before.generation.model, generation=asked)


def resume(answer: Message) -> Message:
    """The same answer, streaming again: Continue appends to it."""
    return replace(answer, status=MessageStatus.STREAMING, finish_reason=None, error=None)


def can_continue(message: Message) -> bool:
    """An answer that was cut off (length limit, Stop, broken stream) with some text to go on from."""
    cut_off = message.finish_reason == "length" or message.status in {
        MessageStatus.STOPPED,
        MessageStatus.INTERRUPTED,
        MessageStatus.ERROR,
    }
    return message.role is Role.ASSISTANT and bool(message.content) and cut_off


def retry(conversation: Conversation, answer: Message, now_ms: float) -> tuple[Conversation, Message]:
    """Ask again for a failed answer: in place when it holds no text, else as a new sibling (the partial text stays)."""
    if answer.content:
        return regenerate(conversation, answer, now_ms)
    return replace(conversation, updated_at=now_ms), resume(answer)
