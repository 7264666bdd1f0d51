"""The open conversation's tree as steps: switch a branch, edit, fork, delete, merge.

The tree rules are core/tree.py's; these functions say what to store and draw. None of them acts
while an answer streams (the tree is changing under it).
"""

from __future__ import annotations

from dataclasses import replace

from plauder.core import thread, tree
from plauder.core.image_models import asked_of_an_image_model
from plauder.core.state import (
    CLEAR,
    EVERYTHING,
    ChatState,
    Notice,
    Part,
    StartStream,
    Step,
    UndoOffer,
    Write,
    leaving,
    remember,
    unchanged,
    when_idle,
)

THREAD = frozenset({Part.THREAD})


@when_idle
def switch(state: ChatState, message_id: str) -> Step:
    """Show the branch through `message_id` at its last-used leaf (an arrow, an outline row, a search hit)."""
    if state.current is None or message_id not in state.messages:
        return unchanged(state)
    switched = tree.switch_branch(state.current, state.messages, message_id)
    if switched == state.current:
        return unchanged(state)
    shown = replace(state, side_by_side=())  # one answer again: the one switched to
    return Step(remember(shown, switched), write=Write(conversations=(switched,)), draw=THREAD)


@when_idle
def edit_in_place(state: ChatState, message_id: str, text: str) -> Step:
    """Correct a message where it is: same id, same place; nothing is asked again."""
    message = state.messages.get(message_id)
    if message is None or not text.strip():
        return unchanged(state)
    edited = tree.edit_in_place(message, text)
    return Step(
        replace(state, messages={**state.messages, message_id: edited}), write=Write(messages=(edited,)), draw=THREAD
    )


@when_idle
def edit_and_resend(state: ChatState, message_id: str, text: str, now_ms: float) -> Step:
    """The edited question as a new branch, and its answer streamed."""
    if state.current is None or message_id not in state.messages or not text.strip():
        return unchanged(state)
    conversation, question, asked = tree.edit_and_resend(
        state.current, state.messages, message_id, text.strip(), now_ms
    )
    answer = asked_of_an_image_model(state.settings, state.drawing, asked)
    if answer is None:
        return unchanged(state, Notice("images.none"))
    messages = {**state.messages, question.id: question, answer.id: answer}
    grown = replace(state, current=conversation, messages=messages, streaming=frozenset({answer.id}), side_by_side=())
    return Step(
        remember(grown, conversation),
        write=Write(conversations=(conversation,), messages=(question, answer)),
        draw=EVERYTHING,
        notice=CLEAR,
        stream=StartStream(answer.id),
    )


@when_idle
def fork(state: ChatState, message_id: str, title: str, now_ms: float) -> Step:
    """A new conversation with the path up to `message_id`, opened at once."""
    if state.current is None or message_id not in state.messages:
        return unchanged(state)
    forked, copies, files = tree.fork(state.current, state.messages, message_id, now_ms, title)
    # A fork of a temporary chat is one too: it takes the place of the one it came from.
    opened = replace(leaving(state), current=forked, messages=thread.by_id(copies), temporary=state.temporary)
    return Step(
        remember(opened, forked),
        write=Write(conversations=(forked,), messages=tuple(copies), copied_files=files),
        draw=EVERYTHING,
        notice=CLEAR,
    )


@when_idle
def delete(state: ChatState, message_id: str, now_ms: float) -> Step:
    """Remove a message and all below it, with an offer to undo."""
    if state.current is None or message_id not in state.messages:
        return unchanged(state)
    conversation, deleted = tree.delete_subtree(state.current, state.messages, message_id, now_ms)
    gone = {message.id for message in deleted.messages}
    kept = {key: message for key, message in state.messages.items() if key not in gone}
    before, removed = tree.undo(deleted)
    offer = UndoOffer("tree.message_deleted", conversations=(before,), messages=tuple(removed))
    return Step(
        remember(replace(state, messages=kept, undo=offer), conversation),
        write=Write(conversations=(conversation,), delete_messages=tuple(sorted(gone)), undoable=True),
        draw=frozenset({Part.THREAD, Part.UNDO}),
    )


@when_idle
def merge_with_next(state: ChatState, message_id: str, now_ms: float) -> Step:
    """Make the message after `message_id` on the thread part of it (same role: an answer cut into pieces),
    with an offer to undo."""
    if state.current is None:
        return unchanged(state)
    merged = tree.merge_with_next(state.current, state.messages, message_id, now_ms)
    if merged is None:
        return unchanged(state)
    stored = (merged.message, *merged.moved)
    kept = {key: message for key, message in state.messages.items() if key != merged.removed}
    offer = UndoOffer("tree.merged", conversations=(state.current,), messages=merged.before)
    return Step(
        remember(replace(state, messages={**kept, **thread.by_id(stored)}, undo=offer), merged.conversation),
        write=Write(
            conversations=(merged.conversation,), messages=stored, delete_messages=(merged.removed,), undoable=True
        ),
        draw=frozenset({Part.THREAD, Part.UNDO}),
    )
