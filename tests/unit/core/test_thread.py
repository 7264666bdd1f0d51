"""Turns grow the conversation tree without losing any message."""

from __future__ import annotations

import pytest

from plauder.core import thread
from plauder.core.records import Conversation, Message, MessageStatus, Role


def conversation() -> Conversation:
    return Conversation("c", "Title", 1.0, 1.0)


def test_send_adds_question_and_pending_answer_under_the_leaf() -> None:
    """A send stores the question, an empty streaming answer below it, and moves the leaf there."""
    conv, question, answer = thread.send(conversation(), "Hallo", 5.0)
    assert question.parent_id is None and question.role is Role.USER and question.content == "Hallo"
    assert answer.parent_id == question.id and answer.status is MessageStatus.STREAMING and answer.content == ""
    assert conv.current_leaf == answer.id and conv.updated_at == 5.0
    _, question2, _ = thread.send(conv, "Weiter", 6.0)
    assert question2.parent_id == answer.id
    assert [m.id for m in thread.thread(thread.by_id([question, answer, question2]), question2.id)] == [
        question.id,
        answer.id,
        question2.id,
    ]


def test_regenerate_keeps_the_old_answer_as_a_sibling() -> None:
    """Regenerating adds a new answer under the same question; the old one stays in the tree."""
    conv, question, answer = thread.send(conversation(), "Q", 1.0)
    conv2, fresh = thread.regenerate(conv, answer, 2.0)
    assert fresh.parent_id == question.id and fresh.id != answer.id
    assert conv2.current_leaf == fresh.id
    messages = thread.by_id([question, answer, fresh])
    assert [m.id for m in thread.thread(messages, conv2.current_leaf)] == [question.id, fresh.id]
    assert answer.id in messages


def test_regenerating_a_question_is_refused() -> None:
    """Only answers can be regenerated."""
    _, question, _ = thread.send(conversation(), "Q", 1.0)
    with pytest.raises(ValueError):
        thread.regenerate(conversation(), question, 2.0)


def test_retry_reuses_an_empty_failed_answer_but_keeps_partial_text() -> None:
    """A failed answer without text is retried in place; one with text gets a sibling so the text stays."""
    conv, _, answer = thread.send(conversation(), "Q", 1.0)
    empty = Message(**{**answer.__dict__, "status": MessageStatus.ERROR})
    _, retried = thread.retry(conv, empty, 2.0)
    assert retried.id == empty.id and retried.status is MessageStatus.STREAMING
    partial = Message(**{**answer.__dict__, "status": MessageStatus.ERROR, "content": "some text"})
    _, sibling = thread.retry(conv, partial, 2.0)
    assert sibling.id != partial.id and sibling.parent_id == partial.parent_id


@pytest.mark.parametrize(
    ("status", "finish", "content", "expected"),
    [
        (MessageStatus.COMPLETE, "length", "text", True),
        (MessageStatus.STOPPED, None, "text", True),
        (MessageStatus.INTERRUPTED, None, "text", True),
        (MessageStatus.COMPLETE, "stop", "text", False),
        (MessageStatus.STOPPED, None, "", False),
    ],
)
def test_can_continue_only_cut_off_answers_with_text(
    status: MessageStatus, finish: str | None, content: str, expected: bool
) -> None:
    """Continue is offered for an answer cut off by length, Stop or a broken stream, with text to go on from."""
    message = Message("m", "c", "p", Role.ASSISTANT, content, 1.0, status, finish_reason=finish)
    assert thread.can_continue(message) is expected


def test_thread_survives_missing_parents_and_cycles() -> None:
    """A damaged tree never loops forever: the path stops at a missing parent or a repeat."""
    a = Message("a", "c", "b", Role.USER, "", 1.0)
    b = Message("b", "c", "a", Role.ASSISTANT, "", 1.0)
    assert [m.id for m in thread.thread({"a": a, "b": b}, "a")] == ["b", "a"]
    assert thread.thread({}, "nothing") == []
