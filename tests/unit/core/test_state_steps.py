"""The app's steps (core/state, branching, organizing): what each stores, what the state becomes, what is drawn,
and that the undo offer puts back exactly what a delete took, wherever the user is by then."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from plauder.core import branching, organizing, thread, turns
from plauder.core.admin import AdminPreset
from plauder.core.folders import DeleteMode, sidebar_layout
from plauder.core.privacy.trust import Action as PrivacyAction
from plauder.core.privacy.trust import Trust
from plauder.core.records import Attachment, Backend, BackendKind, Conversation, Folder, MessageStatus, Settings
from plauder.core.state import BUSY, ChatState, Notice, Part, reloaded, settings_saved
from plauder.core.views import Action

SETTINGS = Settings(
    backends=(Backend(id="b", name="B", kind=BackendKind("openai"), base_url="http://127.0.0.1:1/v1"),),
    default_backend_id="b",
    default_model="m",
)
NOW = 1_700_000_000_000.0


def answered(state: ChatState, text: str, now: float) -> ChatState:
    """A turn as the shell runs it: send, then the answer ends complete."""
    step = turns.send(state, text, now)
    answer_id = step.stream.answer_id if step.stream else ""
    state = step.state
    answer = replace(state.messages[answer_id], content=f"re: {text}", status=MessageStatus.COMPLETE)
    return turns.stream_ended(state, answer, now + 1).state


def chat_with(*questions: str) -> ChatState:
    state = ChatState(SETTINGS)
    for number, question in enumerate(questions):
        state = answered(state, question, NOW + 10 * number)
    return state


def test_send_while_busy_is_refused_and_changes_nothing() -> None:
    step = turns.send(ChatState(SETTINGS), "Hi", NOW)
    busy = step.state
    assert busy.busy and step.write is not None and step.clear_prompt
    refused = turns.send(busy, "Again", NOW + 1)
    assert refused.state is busy and refused.write is None and refused.notice == BUSY


def test_delete_offers_an_undo_that_restores_the_subtree_and_the_leaf() -> None:
    state = chat_with("Keep", "Drop")
    path = state.visible_thread()
    step = branching.delete(state, path[2].id, NOW + 100)
    after = step.state
    assert [m.content for m in after.visible_thread()] == ["Keep", "re: Keep"]
    assert step.write is not None and set(step.write.delete_messages) == {path[2].id, path[3].id}
    assert step.write.undoable  # the shell keeps the deleted files until the offer goes
    assert after.undo is not None and Part.UNDO in step.draw
    undone = organizing.undo(after)
    assert undone.state.undo is None
    assert [m.content for m in undone.state.visible_thread()] == ["Keep", "re: Keep", "Drop", "re: Drop"]
    assert undone.write is not None and {m.id for m in undone.write.messages} == {path[2].id, path[3].id}
    assert not undone.write.undoable


def test_undo_of_a_conversation_delete_comes_back_at_the_top_when_its_folder_went() -> None:
    state = chat_with("Hello")
    assert state.current is not None
    folder = Folder("f", "Work", None, NOW)
    state = replace(state, folders=(folder,))
    state = organizing.move_conversation(state, state.current.id, "f").state
    conversation_id = state.conversations[0].id
    kept = list(state.messages.values())
    deleted = organizing.delete_conversation(state, conversation_id, kept)
    assert deleted.state.current is None and deleted.state.conversations == ()
    assert deleted.write is not None and deleted.write.delete_conversations == (conversation_id,)
    assert deleted.write.undoable
    without_folder = replace(deleted.state, folders=())
    back = organizing.undo(without_folder)
    (restored,) = back.state.conversations
    assert restored.folder_id is None and back.write is not None and len(back.write.messages) == 2


def test_deleting_a_folder_with_its_contents_and_undo() -> None:
    state = chat_with("Inside")
    assert state.current is not None
    state = replace(state, folders=(Folder("f", "Outer", None, NOW), Folder("g", "Inner", "f", NOW)))
    state = organizing.move_conversation(state, state.current.id, "g").state
    messages = list(state.messages.values())
    step = organizing.delete_folder(state, "f", DeleteMode.DELETE_CONTENTS, messages)
    assert step.state.folders == () and step.state.conversations == () and step.state.current is None
    assert step.write is not None and set(step.write.delete_folders) == {"f", "g"} and step.write.undoable
    back = organizing.undo(step.state)
    assert {f.id for f in back.state.folders} == {"f", "g"}
    assert [c.folder_id for c in back.state.conversations] == ["g"]


def test_a_folder_cannot_move_into_itself() -> None:
    state = replace(ChatState(SETTINGS), folders=(Folder("f", "A", None, NOW), Folder("g", "B", "f", NOW)))
    step = organizing.move_folder(state, "f", "g")
    assert step.write is None and step.notice is not None and step.notice.key == "folders.cycle"


def test_a_title_arrives_only_while_the_conversation_kept_its_first_words() -> None:
    state = chat_with("What is up")
    conversation = state.conversations[0]
    assert organizing.titled(state, conversation.id, conversation.title, "Greeting").state.conversations[0].title == (
        "Greeting"
    )
    renamed = organizing.rename(state, conversation.id, "Mine").state
    assert organizing.titled(renamed, conversation.id, conversation.title, "Greeting").write is None


def test_fork_opens_a_copy_and_switch_remembers_the_branch() -> None:
    state = chat_with("One")
    answer = state.visible_thread()[1]
    regenerated = turns.answer_again(state, turns.Action.REGENERATE, answer.id, NOW + 50)
    second = regenerated.state.messages[regenerated.stream.answer_id if regenerated.stream else ""]
    state = turns.stream_ended(regenerated.state, replace(second, status=MessageStatus.COMPLETE), NOW + 51).state
    back = branching.switch(state, answer.id)
    assert back.state.current is not None and back.state.current.current_leaf == answer.id
    forked = branching.fork(state, answer.id, "Copy", NOW + 60)
    assert forked.state.current is not None and forked.state.current.title == "Copy"
    assert len(forked.state.messages) == 2 and forked.state.conversations[0] == forked.state.current


def test_reloaded_keeps_the_open_conversation_and_leaves_a_streaming_one_alone() -> None:
    state = chat_with("Hi")
    assert state.current is not None
    renamed = replace(state.current, title="Renamed elsewhere")
    step = reloaded(state, conversations=[renamed])
    assert step.state.current == renamed and Part.SIDEBAR in step.draw
    gone = reloaded(state, conversations=[])
    assert gone.state.current is None and gone.state.messages == {}
    busy = turns.send(state, "More", NOW + 99).state
    assert reloaded(busy, conversations=[]).state.current == busy.current


def test_settings_saved_forgets_a_preset_that_is_gone() -> None:
    state = replace(ChatState(SETTINGS), chosen_preset="p")
    step = settings_saved(state, SETTINGS)
    assert step.state.chosen_preset is None and step.write is not None and step.write.settings == SETTINGS


def utc_day(ms: float) -> date:
    return datetime.fromtimestamp(ms / 1000, UTC).date()


def test_sidebar_layout_places_rows_and_offers_every_folder_as_a_target() -> None:
    """Folders with their contents first, then the conversations outside folders under headings by date."""
    folders = [Folder("f", "Work", None, NOW), Folder("g", "Old", "f", NOW), Folder("h", "Orphan", "missing", NOW)]
    conversations = [
        Conversation("c", "Chat", NOW, NOW, folder_id="g"),
        Conversation("d", "Loose", NOW, NOW),
        Conversation("e", "Lost folder", NOW, NOW - 86_400_000, folder_id="gone"),
        Conversation("p", "Pinned", NOW, NOW - 86_400_000 * 3, pinned=True),
    ]
    layout = sidebar_layout(folders, conversations, {"f"}, NOW, utc_day)
    assert layout.parents == {"f": None, "g": "f", "h": None, "c": "g", "d": None, "e": None, "p": None}
    assert [row.id for row in layout.rows] == ["h", "f", "pinned", "p", "today", "d", "yesterday", "e"]
    assert [row.kind for row in layout.rows if row.period is not None] == ["heading"] * 3
    assert sorted((target_id, depth) for target_id, _, depth in layout.targets) == [("f", 0), ("g", 1), ("h", 0)]


def test_pinning_keeps_the_list_order_and_stores_the_flag() -> None:
    """Pinning is no activity: the record is stored pinned, the list keeps its order; pinning twice does nothing."""
    state = chat_with("First", "Second")
    first_id = state.conversations[0].id
    step = organizing.pin(state, first_id, True)
    assert step.write is not None and step.write.conversations[0].pinned
    assert [c.id for c in step.state.conversations] == [c.id for c in state.conversations]
    assert step.state.current is not None and step.state.current.pinned and step.draw == {Part.SIDEBAR}
    assert organizing.pin(step.state, first_id, True).write is None
    assert organizing.pin(state, "missing", True).write is None
    unpinned = organizing.pin(step.state, first_id, False)
    assert unpinned.write is not None and not unpinned.write.conversations[0].pinned


def test_a_new_conversation_from_parameters_is_untitled_until_its_first_message() -> None:
    step = turns.set_parameters(ChatState(SETTINGS), {"temperature": 0.5}, NOW)
    assert step.state.current is not None and step.state.current.title == ""
    sent = turns.send(step.state, "Plan the trip", NOW + 1).state
    assert sent.current is not None and sent.current.title == "Plan the trip"
    assert thread.thread(sent.messages, sent.current.current_leaf)[0].content == "Plan the trip"


def test_a_finding_let_through_goes_with_the_next_message_only() -> None:
    """Exempting toggles; sending hands the exemptions to that message's stream and forgets them; a
    regenerated answer's request has none."""
    state = turns.exempted(ChatState(SETTINGS), "EMAIL:a@example.com").state
    state = turns.exempted(turns.exempted(state, "NAME:anna").state, "NAME:anna").state
    assert state.exempt == {"EMAIL:a@example.com"}
    step = turns.send(state, "Mail a@example.com", NOW)
    assert step.stream is not None and step.stream.exempt == {"EMAIL:a@example.com"}
    assert step.state.exempt == frozenset()
    answer_id = step.stream.answer_id
    ended = turns.stream_ended(step.state, replace(step.state.messages[answer_id], status=MessageStatus.COMPLETE), NOW)
    again = turns.answer_again(ended.state, Action.REGENERATE, answer_id, NOW + 1)
    assert again.stream is not None and again.stream.exempt == frozenset()


def test_merge_stores_one_message_for_two_and_undo_puts_both_back() -> None:
    """The answer and its next piece become one message; the thread after them stays; Undo restores all."""
    state = chat_with("One", "Two")
    question, first, second_question, second_answer = state.visible_thread()
    piece = replace(first, id="piece", parent_id=first.id, content="and more", created_at=first.created_at + 1)
    moved = replace(second_question, parent_id=piece.id)
    state = replace(state, messages={**state.messages, piece.id: piece, moved.id: moved})
    step = branching.merge_with_next(state, first.id, NOW + 100)
    after = step.state
    assert [m.content for m in after.visible_thread()] == ["One", "re: One\n\nand more", "Two", "re: Two"]
    assert step.write is not None and step.write.delete_messages == ("piece",) and step.write.undoable
    assert {m.id for m in step.write.messages} == {first.id, second_question.id}
    assert after.undo is not None and Part.UNDO in step.draw and Part.THREAD in step.draw
    undone = organizing.undo(after).state
    assert undone.messages == state.messages and undone.current == state.current
    assert branching.merge_with_next(after, question.id, NOW + 200).write is None  # a question and its answer
    busy = replace(state, streaming=frozenset({second_answer.id}))
    assert branching.merge_with_next(busy, first.id, NOW + 300).notice == BUSY


def test_a_message_with_findings_for_a_blocking_backend_stays_in_the_box() -> None:
    """Nothing is stored or sent, the box keeps the text, the notice says why; in an attached file too.
    A message without findings goes."""
    external = Backend(id="x", name="X", kind=BackendKind("openai"), base_url="https://api.example.com/v1")
    blocking = Settings(
        backends=(external,),
        default_backend_id="x",
        default_model="m",
        privacy_policy={Trust.EXTERNAL: PrivacyAction.BLOCK},
    )
    state = ChatState(blocking)
    refused = turns.send(state, "Mail a@example.com", NOW, AdminPreset())
    assert refused.state is state and refused.write is None and refused.stream is None and not refused.clear_prompt
    assert refused.notice == Notice("privacy.blocked", {"host": "api.example.com"})
    with_file = replace(state, attachments=(Attachment("a.txt", 5, "text/plain", "IBAN DE89 3704 0044 0532 0130 00"),))
    assert turns.send(with_file, "See the file", NOW).notice == refused.notice
    assert turns.send(state, "Hello", NOW).stream is not None
    locked_off = AdminPreset(lock=frozenset({"privacy"}))  # the admin's defaults hold: redact, not block
    assert turns.send(state, "Mail a@example.com", NOW, locked_off).stream is not None
