"""Temporary chats: a conversation that is never written to the browser's storage.

A new chat can be made temporary before its first message. Its conversation and messages then live
in the state only: every step's write goes to storage without them (`stored_part`), the list does not
show it (`ChatState.listed`), the start-up copy does not keep it, and it ends when the user opens
another conversation, starts a new chat or reloads the page. Turning it off keeps it: the
conversation and all its messages are stored at once, as if it had been an ordinary chat.
"""

from __future__ import annotations

from dataclasses import replace

from plauder.core.state import ChatState, Part, Step, Write, remember, unchanged, when_idle

DRAWN = frozenset({Part.PICKER, Part.SIDEBAR})


@when_idle
def temporary_chat(state: ChatState, on: bool) -> Step:
    """Make the new chat temporary, or keep a temporary one (store it whole from now on)."""
    if on == state.temporary or (on and state.current is not None):
        return unchanged(state)  # a stored conversation cannot be made temporary: it is stored already
    if on or state.current is None:
        return Step(replace(state, temporary=on), draw=DRAWN)
    kept = replace(state, temporary=False)
    write = Write(conversations=(state.current,), messages=tuple(state.messages.values()))
    return Step(remember(kept, state.current), write=write, draw=DRAWN)


def stored_part(before: ChatState, step: Step) -> Write | None:
    """What of `step`'s write goes to storage: nothing of a temporary chat, open before or after the step,
    unless the step kept it (then the list shows it)."""
    temporary = {state.current.id for state in (before, step.state) if state.temporary and state.current}
    listed = {conversation.id for conversation in step.state.listed()}
    write = step.write
    for conversation_id in temporary - listed:
        write = write.without(conversation_id) if write is not None else None
    return write
