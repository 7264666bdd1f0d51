"""Temporary chats (core/temporary.py): nothing of one reaches storage, whatever step runs in it; it is
not listed, survives a reload of the list from another tab, ends when left, and is stored whole when kept."""

from __future__ import annotations

from dataclasses import replace

from plauder.core import branching, organizing, turns
from plauder.core.records import Conversation, Message, MessageStatus, Role
from plauder.core.state import ChatState, Step, Write, reloaded
from plauder.core.temporary import stored_part, temporary_chat
from tests.unit.core.test_state_steps import NOW, SETTINGS, chat_with


def steps_in_a_temporary_chat() -> tuple[ChatState, list[tuple[ChatState, Step]]]:
    """A temporary chat with one answered question, and every (state before, step) on the way."""
    state = temporary_chat(ChatState(SETTINGS), True).state
    ran = []
    for transition in (
        lambda s: turns.send(s, "Secret plan", NOW),
        lambda s: turns.progressed(s, replace(s.messages[next(iter(s.streaming))], content="Part")),
        lambda s: turns.stream_ended(
            s, replace(s.messages[next(iter(s.streaming))], content="Done", status=MessageStatus.COMPLETE), NOW + 1
        ),
        lambda s: turns.choose_model(s, "b", "other"),
    ):
        step = transition(state)
        ran.append((state, step))
        state = step.state
    return state, ran


def test_nothing_of_a_temporary_chat_is_stored_and_the_list_does_not_show_it() -> None:
    state, ran = steps_in_a_temporary_chat()
    assert any(step.write is not None for _, step in ran)  # the steps themselves would store it ...
    assert [stored_part(before, step) for before, step in ran] == [None] * len(ran)  # ... the shell does not
    assert state.temporary and state.current is not None
    assert [m.content for m in state.visible_thread()] == ["Secret plan", "Done"]
    assert state.current in state.conversations and state.listed() == ()


def test_a_stored_conversation_cannot_be_made_temporary_and_other_conversations_are_stored() -> None:
    stored = chat_with("Kept")
    assert temporary_chat(stored, True).state is stored
    other = Conversation(id="other", title="Other", created_at=NOW, updated_at=NOW)
    state, _ = steps_in_a_temporary_chat()
    write = Write(conversations=(other, state.current)) if state.current else Write()
    assert stored_part(state, Step(state, write=write)) == Write(conversations=(other,))


def test_keeping_it_stores_the_conversation_with_every_message_and_lists_it() -> None:
    state, _ = steps_in_a_temporary_chat()
    step = temporary_chat(state, False)
    write = stored_part(state, step)
    assert write is not None and write.conversations == (step.state.current,)
    assert {m.content for m in write.messages} == {"Secret plan", "Done"}
    assert not step.state.temporary and step.state.listed() == step.state.conversations != ()


def test_leaving_it_ends_it_and_a_reload_of_the_list_does_not() -> None:
    state, _ = steps_in_a_temporary_chat()
    other = Conversation(id="other", title="Other", created_at=NOW, updated_at=NOW)
    after_reload = reloaded(state, conversations=[other]).state
    assert after_reload.current == state.current and after_reload.messages == state.messages
    assert after_reload.temporary and after_reload.listed() == (other,)
    opened = turns.opened(after_reload, "other", {}).state
    assert not opened.temporary and opened.conversations == (other,) and opened.current == other
    fresh = turns.new_chat(state).state
    assert not fresh.temporary and fresh.current is None and fresh.conversations == ()


def test_a_fork_of_a_temporary_chat_is_temporary_and_takes_its_place() -> None:
    state, _ = steps_in_a_temporary_chat()
    question = state.visible_thread()[0]
    step = branching.fork(state, question.id, "Fork", NOW + 5)
    assert step.state.temporary and step.state.current is not None and step.state.current.id != question.conversation_id
    assert step.state.conversations == (step.state.current,) and step.state.listed() == ()
    assert stored_part(state, step) is None


def test_write_without_one_conversation_keeps_everything_else() -> None:
    mine = Message(id="m1", conversation_id="c", parent_id=None, role=Role.USER, content="x", created_at=NOW)
    theirs = replace(mine, id="m2", conversation_id="d")
    write = Write(messages=(mine, theirs), delete_conversations=("c", "d"), delete_messages=("m9",))
    assert write.without("c") == Write(messages=(theirs,), delete_conversations=("d",), delete_messages=("m9",))
    assert Write(messages=(mine,)).without("c") is None


def test_opening_a_stored_conversation_with_the_toggle_on_leaves_it_stored() -> None:
    """Temporary applies to the new chat only: a conversation opened from the list while the toggle is on (no
    message sent yet) is an ordinary one, listed, and its steps are stored."""
    stored = chat_with("Kept")
    assert stored.current is not None
    toggled = temporary_chat(turns.new_chat(stored).state, True).state
    opened = turns.opened(toggled, stored.current.id, stored.messages).state
    assert not opened.temporary and opened.listed() == opened.conversations
    step = turns.choose_model(opened, "b", "other")
    assert step.write is not None and stored_part(opened, step) == step.write


def test_deleting_it_offers_undo_and_stores_nothing() -> None:
    """An undoable delete of nothing stored is no write at all (the shell would hold no files for its offer)."""
    state, _ = steps_in_a_temporary_chat()
    assert state.current is not None
    step = organizing.delete_conversation(state, state.current.id, list(state.messages.values()))
    assert step.state.undo is not None and step.write is not None and step.write.undoable
    assert stored_part(state, step) is None
