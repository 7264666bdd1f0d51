"""Branches of a conversation: switching, editing, forking, deleting and merging never lose what should stay."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plauder.core import thread, tree
from plauder.core.records import Attachment, Conversation, Image, Message, MessageStatus, Role


class Chat:
    """A conversation and its stored messages, grown the way the web layer does it."""

    def __init__(self) -> None:
        self.conversation = Conversation("c", "Title", 1.0, 1.0)
        self.messages: dict[str, Message] = {}
        self.clock = 1.0

    def now(self) -> float:
        self.clock += 1.0
        return self.clock

    def store(self, *messages: Message) -> None:
        self.messages.update({message.id: message for message in messages})

    def send(self, text: str) -> tuple[Message, Message]:
        self.conversation, question, answer = thread.send(self.conversation, text, self.now())
        self.store(question, replace(answer, content=f"answer to {text}", status=MessageStatus.COMPLETE))
        return question, self.messages[answer.id]

    def regenerate(self, answer: Message) -> Message:
        self.conversation, fresh = thread.regenerate(self.conversation, answer, self.now())
        self.store(fresh)
        return fresh

    def edit(self, question: Message, text: str) -> tuple[Message, Message]:
        self.conversation, edited, answer = tree.edit_and_resend(
            self.conversation, self.messages, question.id, text, self.now()
        )
        self.store(edited, answer)
        return edited, answer

    def piece(self, text: str) -> Message:
        """A message of the leaf's role under the leaf (as imports bring them: an answer in pieces)."""
        leaf = self.messages[self.conversation.current_leaf or ""]
        piece = Message(f"piece {self.now()}", leaf.conversation_id, leaf.id, leaf.role, text, self.clock)
        self.store(piece)
        self.conversation = replace(self.conversation, current_leaf=piece.id)
        return piece

    def merge(self, message: Message) -> tree.Merged | None:
        merged = tree.merge_with_next(self.conversation, self.messages, message.id, self.now())
        if merged is not None:
            self.conversation = merged.conversation
            del self.messages[merged.removed]
            self.store(merged.message, *merged.moved)
        return merged

    def switch(self, message_id: str) -> None:
        self.conversation = tree.switch_branch(self.conversation, self.messages, message_id)

    def path(self) -> list[str]:
        return [message.content for message in thread.thread(self.messages, self.conversation.current_leaf)]


def test_siblings_and_position_count_branches_oldest_first() -> None:
    """Regenerating twice gives three answers; the control reads 1/3, 2/3, 3/3 in creation order."""
    chat = Chat()
    _, first = chat.send("Q")
    second = chat.regenerate(first)
    third = chat.regenerate(first)
    assert [m.id for m in tree.siblings(chat.messages, second.id)] == [first.id, second.id, third.id]
    assert [tree.branch_position(chat.messages, m.id) for m in (first, second, third)] == [(1, 3), (2, 3), (3, 3)]


def test_edit_and_resend_makes_a_sibling_branch_and_keeps_the_old_one() -> None:
    """The edited question sits beside the original, with its own answer; the original branch stays whole."""
    chat = Chat()
    question, answer = chat.send("Q1")
    chat.send("Q2")
    edited, pending = chat.edit(question, "Q1 fixed")
    assert edited.parent_id is None and edited.role is Role.USER and pending.parent_id == edited.id
    assert pending.status is MessageStatus.STREAMING and chat.conversation.current_leaf == pending.id
    assert tree.branch_position(chat.messages, edited.id) == (2, 2)
    assert answer.id in chat.messages and len(chat.messages) == 6


def test_editing_an_answer_and_resending_is_refused() -> None:
    """Only questions are sent again; answers are edited in place."""
    chat = Chat()
    _, answer = chat.send("Q")
    with pytest.raises(ValueError):
        tree.edit_and_resend(chat.conversation, chat.messages, answer.id, "x", 9.0)


def test_switching_back_returns_to_the_leaf_last_used_in_that_branch() -> None:
    """A branch remembers where the user was in it, even several levels below the switch."""
    chat = Chat()
    question, _ = chat.send("Q1")
    _, a2 = chat.send("Q2")
    deep_b = chat.regenerate(a2)
    chat.send("Q3 under b")
    chat.switch(a2.id)  # back to the first answer of Q2, a leaf
    assert chat.path() == ["Q1", "answer to Q1", "Q2", "answer to Q2"]
    edited, _ = chat.edit(question, "Q1 again")
    chat.switch(question.id)
    assert chat.path() == ["Q1", "answer to Q1", "Q2", "answer to Q2"]
    chat.switch(deep_b.id)
    assert chat.path()[-1] == "answer to Q3 under b"
    chat.switch(edited.id)
    chat.switch(question.id)
    assert chat.path()[-1] == "answer to Q3 under b"


def test_switch_follows_the_newest_child_where_nothing_was_chosen() -> None:
    """Without a remembered choice the newest branch is shown; switching does not reorder the sidebar."""
    chat = Chat()
    question, answer = chat.send("Q")
    fresh = chat.regenerate(answer)
    before = chat.conversation.updated_at
    chat.conversation = replace(chat.conversation, selected_children={})
    unplaced = replace(chat.conversation, current_leaf=None)
    assert tree.switch_branch(unplaced, chat.messages, question.id).current_leaf == fresh.id
    chat.switch(answer.id)
    assert chat.conversation.current_leaf == answer.id and chat.conversation.updated_at == before


def test_edit_in_place_keeps_id_and_place() -> None:
    """Fixing a typo changes only the text, for questions and answers alike."""
    chat = Chat()
    question, answer = chat.send("Teh question")
    for message in (question, answer):
        fixed = tree.edit_in_place(message, "fixed")
        assert fixed == replace(message, content="fixed")


def test_fork_copies_the_path_with_fresh_ids() -> None:
    """A fork holds the path up to the chosen message, nothing of other branches, and shares no id."""
    chat = Chat()
    _, a1 = chat.send("Q1")
    chat.regenerate(a1)
    chat.switch(a1.id)
    chat.send("Q2")
    forked, copies, _ = tree.fork(chat.conversation, chat.messages, a1.id, 50.0, "Title (fork)")
    assert [m.content for m in copies] == ["Q1", "answer to Q1"]
    assert forked.id != chat.conversation.id and forked.title == "Title (fork)" and forked.created_at == 50.0
    assert {m.conversation_id for m in copies} == {forked.id}
    assert not {m.id for m in copies} & set(chat.messages)
    assert forked.current_leaf == copies[-1].id and copies[1].parent_id == copies[0].id
    assert [m.content for m in thread.thread(thread.by_id(copies), forked.current_leaf)] == ["Q1", "answer to Q1"]


def test_a_forked_streaming_answer_is_marked_interrupted() -> None:
    """No stream fills a copy, so a copy of an answer still arriving says it was cut off."""
    conversation, question, answer = thread.send(Conversation("c", "t", 1.0, 1.0), "Q", 2.0)
    messages = thread.by_id([question, answer])
    _, copies, _ = tree.fork(conversation, messages, answer.id, 3.0, "fork")
    assert copies[-1].status is MessageStatus.INTERRUPTED


def test_delete_moves_to_the_previous_sibling_and_undo_restores_exactly() -> None:
    """Deleting the shown branch shows its sibling; undo gives back the record and every message."""
    chat = Chat()
    _, a1 = chat.send("Q1")
    a2 = chat.regenerate(a1)
    chat.send("Q2 under a2")
    a3 = chat.regenerate(a1)
    chat.switch(a2.id)
    before = dict(chat.messages), chat.conversation
    conversation, deleted = tree.delete_subtree(chat.conversation, chat.messages, a2.id, 99.0)
    assert conversation.current_leaf == a1.id and conversation.updated_at == 99.0
    assert deleted.messages[0].id == a2.id and len(deleted.messages) == 3
    assert a2.id not in conversation.selected_children.values()
    restored, messages = tree.undo(deleted)
    assert restored == before[1]
    remaining = {k: m for k, m in chat.messages.items() if k not in {m.id for m in deleted.messages}}
    assert {**remaining, **thread.by_id(messages)} == before[0]
    other, _ = tree.delete_subtree(chat.conversation, chat.messages, a3.id, 99.0)
    assert other.current_leaf == chat.conversation.current_leaf


def test_deleting_the_only_branch_moves_to_the_parent_or_to_nothing() -> None:
    """Without siblings the view goes up to the parent; deleting the root empties the conversation."""
    chat = Chat()
    question, answer = chat.send("Q")
    conversation, _ = tree.delete_subtree(chat.conversation, chat.messages, answer.id, 5.0)
    assert conversation.current_leaf == question.id
    conversation, deleted = tree.delete_subtree(chat.conversation, chat.messages, question.id, 5.0)
    assert conversation.current_leaf is None and len(deleted.messages) == 2


def test_deleting_another_branch_keeps_the_view() -> None:
    """Removing a branch that is not shown leaves the visible thread alone."""
    chat = Chat()
    _, a1 = chat.send("Q")
    a2 = chat.regenerate(a1)
    conversation, _ = tree.delete_subtree(chat.conversation, chat.messages, a1.id, 5.0)
    assert conversation.current_leaf == a2.id


def test_outline_lists_every_message_depth_first_and_marks_branches() -> None:
    """The compact view shows the whole tree, each branch after the one before it, where each branch starts."""
    chat = Chat()
    q1, a1 = chat.send("Q1 " + "long " * 40)
    q2, a2 = chat.send("Q2")
    edited, e_answer = chat.edit(q2, "Q2b")
    rows = tree.tree_outline(chat.messages, chat.conversation)
    assert [r.message_id for r in rows] == [q1.id, a1.id, q2.id, a2.id, edited.id, e_answer.id]
    assert [r.branch for r in rows] == [None, None, (1, 2), None, (2, 2), None]
    assert [r.on_path for r in rows] == [True, True, False, False, True, True]
    assert [r.is_leaf for r in rows] == [False, False, False, True, False, True]
    assert rows[0].excerpt.endswith("…") and len(rows[0].excerpt) == tree.EXCERPT_CHARS


def test_merge_joins_the_next_piece_and_its_children_follow() -> None:
    """An answer in two pieces becomes one message under the first's id; the thread after it (and the branch
    below it) now hangs from it; the second's tokens and thinking are added; the rest of the tree is untouched."""
    chat = Chat()
    question, first = chat.send("Q")
    chat.store(replace(first, content="```\na = 1\n", finish_reason="length", reasoning="hm", reasoning_ms=1000.0))
    second = chat.piece("b = 2\n```")
    chat.store(replace(second, reasoning="ok", reasoning_ms=500.0))
    later, _ = chat.send("Later")
    other, _ = chat.edit(later, "Later, other")  # a branch below the second piece
    chat.switch(later.id)
    before = dict(chat.messages)
    untouched = {key: m for key, m in before.items() if key not in {first.id, second.id, later.id, other.id}}

    merged = chat.merge(first)
    assert merged is not None and merged.removed == second.id
    assert merged.before == (before[first.id], before[second.id], before[later.id], before[other.id])
    assert chat.path() == ["Q", "```\na = 1\nb = 2\n```", "Later", "answer to Later"]
    joined = chat.messages[first.id]
    assert joined.reasoning == "hm\n\nok" and joined.reasoning_ms == 1500.0 and joined.finish_reason is None
    assert {chat.messages[later.id].parent_id, chat.messages[other.id].parent_id} == {first.id}
    assert {key: m for key, m in chat.messages.items() if key in untouched} == untouched
    assert chat.conversation.selected_children[first.id] == later.id  # the branch in view stays remembered
    chat.switch(other.id)
    assert chat.path()[2] == "Later, other"
    assert tree.next_on_path(chat.conversation, chat.messages, question.id) == joined


def test_merge_is_refused_across_roles_at_a_branch_and_at_the_end() -> None:
    """Only a straight run of one role merges: a question and its answer do not, nor does a piece that has
    siblings (their branch followed the first as it was), nor the last message."""
    chat = Chat()
    question, answer = chat.send("Q")
    assert tree.merge_with_next(chat.conversation, chat.messages, question.id, chat.now()) is None
    piece = chat.piece("more")
    chat.conversation = replace(chat.conversation, current_leaf=answer.id)
    sibling_of_piece = chat.piece("other more")
    assert tree.merge_with_next(chat.conversation, chat.messages, answer.id, chat.now()) is None
    assert tree.merge_with_next(chat.conversation, chat.messages, sibling_of_piece.id, chat.now()) is None
    assert tree.merge_with_next(chat.conversation, chat.messages, "missing", chat.now()) is None
    assert piece.id in chat.messages


def test_merging_into_the_leaf_moves_the_view_to_the_merged_message() -> None:
    chat = Chat()
    _, answer = chat.send("Q")
    chat.piece("and the rest")
    chat.merge(answer)
    assert chat.conversation.current_leaf == answer.id
    assert chat.path() == ["Q", "answer to Q\n\nand the rest"]


# --- properties ------------------------------------------------------------------------------------

OPERATIONS = ("send", "regenerate", "edit", "switch", "delete", "edit_in_place", "fork", "piece", "merge")


def check_invariants(chat: Chat, expected_ids: set[str]) -> None:
    """The tree holds exactly the messages it should, and the view shows a real path from a root."""
    assert set(chat.messages) == expected_ids
    leaf = chat.conversation.current_leaf
    if leaf is None:
        assert not chat.messages
        return
    assert leaf in chat.messages
    path = thread.thread(chat.messages, leaf)
    assert path[0].parent_id is None and path[-1].id == leaf
    assert not tree.children_of(chat.messages).get(leaf)  # the view always ends at a leaf
    for key, child in chat.conversation.selected_children.items():
        assert child in chat.messages and chat.messages[child].parent_id == (key or None)


@settings(max_examples=250, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 1000)), max_size=25))
def test_random_operations_keep_the_tree_sound(steps: list[tuple[str, int]]) -> None:
    """Any sequence of turns, edits, switches, deletes and merges (each undone half the time) and forks keeps the
    tree sound."""
    chat = Chat()
    expected: set[str] = set()
    all_ids: set[str] = set()
    for operation, pick in steps:
        ids = sorted(chat.messages)
        target = chat.messages[ids[pick % len(ids)]] if ids else None
        before = set(chat.messages)
        if operation == "send" or target is None:
            chat.send(f"text {pick}")
        elif operation == "regenerate" and target.role is Role.ASSISTANT and target.parent_id:
            chat.regenerate(target)
        elif operation == "edit" and target.role is Role.USER:
            chat.edit(target, f"edited {pick}")
        elif operation == "switch":
            chat.switch(target.id)
            assert target.id in {m.id for m in thread.thread(chat.messages, chat.conversation.current_leaf)}
        elif operation == "edit_in_place":
            chat.store(tree.edit_in_place(target, f"fixed {pick}"))
        elif operation == "fork":
            forked, copies, _ = tree.fork(chat.conversation, chat.messages, target.id, chat.now(), "fork")
            copy_ids = {m.id for m in copies}
            assert len(copy_ids) == len(copies) and not copy_ids & all_ids and forked.current_leaf in copy_ids
            all_ids |= copy_ids
        elif operation == "delete":
            previous = chat.conversation, dict(chat.messages)
            chat.conversation, deleted = tree.delete_subtree(chat.conversation, chat.messages, target.id, chat.now())
            for message in deleted.messages:
                del chat.messages[message.id]
            check_invariants(chat, before - {m.id for m in deleted.messages})
            if pick % 2:
                chat.conversation, restored = tree.undo(deleted)
                chat.store(*restored)
                assert (chat.conversation, chat.messages) == previous
        elif operation == "piece" and chat.conversation.current_leaf:
            chat.piece(f"piece {pick}")
        elif operation == "merge":
            previous = chat.conversation, dict(chat.messages)
            path = thread.thread(chat.messages, chat.conversation.current_leaf)
            runs = [m for m, after in pairwise(path) if m.role is after.role] or path
            merged = chat.merge(runs[pick % len(runs)])  # in the thread in view, as the UI offers, mostly a run
            if merged is not None:
                check_invariants(chat, before - {merged.removed})
                assert {m.id for m in merged.moved} == {
                    m.id for m in previous[1].values() if m.parent_id == merged.removed
                }
            if merged is not None and pick % 2:
                chat.conversation = previous[0]
                chat.store(*merged.before)
                assert (chat.conversation, chat.messages) == previous
        new = set(chat.messages) - before
        assert not new & all_ids  # ids are never reused, not even after a delete
        all_ids |= new
        expected = set(chat.messages) if operation in {"delete", "merge"} else expected | new
        check_invariants(chat, expected)


def test_outline_shows_messages_whose_parent_is_missing() -> None:
    """Damaged data hides nothing: a message pointing to a missing parent is listed as a root."""
    lost = Message("x", "c", "gone", Role.USER, "lost", 1.0)
    rows = tree.tree_outline({"x": lost}, Conversation("c", "t", 1.0, 1.0))
    assert [(r.message_id, r.branch) for r in rows] == [("x", None)]


def message(message_id: str, parent_id: str | None, created_at: float = 1.0) -> Message:
    return Message(message_id, "c", parent_id, Role.USER, message_id, created_at)


def test_tree_order_puts_a_parent_before_its_child_of_the_same_time() -> None:
    """A question and its answer carry one time: the question comes first whatever their ids; otherwise time rules."""
    question, answer = message("q", None), message("a", "q")
    later = message("0", "a", 2.0)
    assert [m.id for m in tree.tree_order([later, answer, question])] == ["q", "a", "0"]


def test_tree_order_survives_damaged_trees() -> None:
    """A missing parent makes a root; a loop ends the walk; every message is listed once."""
    damaged = [message("b", "a"), message("a", "b"), message("x", "gone"), message("y", "x")]
    ordered = tree.tree_order(damaged)
    assert sorted(m.id for m in ordered) == ["a", "b", "x", "y"]
    assert [m.id for m in ordered].index("x") < [m.id for m in ordered].index("y")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0), min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_tree_order_lists_every_parent_before_its_children(picks: list[int], shuffler: random.Random) -> None:
    """Any tree stamped with one time, handed over in any order, comes out parents first."""
    messages = [message("m0", None)]
    for index, pick in enumerate(picks, start=1):
        messages.append(message(f"m{index}", messages[pick % len(messages)].id))
    shuffled = list(messages)
    shuffler.shuffle(shuffled)
    position = {m.id: index for index, m in enumerate(tree.tree_order(shuffled))}
    assert len(position) == len(messages)
    assert all(position[m.parent_id] < position[m.id] for m in messages if m.parent_id)


def test_tree_order_follows_a_long_chain_down() -> None:
    """20,000 messages in one line with one time, ids counting up the chain: by depth, in a moment."""
    ids = [f"m{index:05d}" for index in reversed(range(20_000))]
    chain = [message(ids[index], ids[index - 1] if index else None) for index in range(20_000)]
    assert tree.tree_order(reversed(chain)) == chain


def test_copies_get_files_of_their_own_and_the_pairs_to_copy_their_bytes() -> None:
    """A picture and an original each get a new id (one shared by two messages gets one), an attachment without an
    original keeps none; the pairs name the bytes the store copies."""
    picture = Image("p1", "cat.png", "image/png", 2, 2, 10)
    original = Attachment("a.txt", 3, "text/plain", "abc", id="f1")
    question = Message("q1", "c", None, Role.USER, "Look", 1.0, images=(picture,), attachments=(original,))
    again = replace(question, id="q2", attachments=(original, Attachment("b.txt", 1, "text/plain", "b")))
    copies, _, files = tree.copy_messages([question, again], "c2", 5.0)
    new_picture, new_original = copies[0].images[0].id, copies[0].attachments[0].id
    assert sorted(files) == sorted([(new_picture, "p1"), (new_original, "f1")])
    assert {new_picture, new_original}.isdisjoint({"p1", "f1"})
    assert copies[1].attachments[0].id == new_original and copies[1].attachments[1].id == ""
    assert replace(copies[0].images[0], id="p1") == picture
