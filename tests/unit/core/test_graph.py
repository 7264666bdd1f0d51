"""The branches graph's layout: one row per message in the outline's order, branches in lanes that never run
through another message, as few lanes as the branches need."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plauder.core.graph import Graph, graph_layout
from plauder.core.records import Conversation, Message, Role
from plauder.core.thread import thread
from plauder.core.tree import tree_outline


def tree(parents: list[int | None], leaf: int | None = None) -> tuple[dict[str, Message], Conversation]:
    """Messages m0, m1, ... where message n's parent is m{parents[n]} (None: a root), roles alternating by depth."""
    messages: dict[str, Message] = {}
    for number, parent in enumerate(parents):
        parent_id = f"m{parent}" if parent is not None else None
        role = Role.ASSISTANT if parent_id and messages[parent_id].role is Role.USER else Role.USER
        messages[f"m{number}"] = Message(f"m{number}", "c", parent_id, role, f"text {number}", float(number))
    shown = f"m{leaf if leaf is not None else len(parents) - 1}" if parents else None
    return messages, Conversation("c", "T", 0.0, 0.0, current_leaf=shown)


def cells(graph: Graph) -> list[tuple[str, int, tuple[int, int] | None]]:
    return [(node.message_id, node.lane, node.parent) for node in graph.nodes]


def test_a_conversation_without_branches_is_one_lane() -> None:
    graph = graph_layout(*tree([None, 0, 1, 2]))
    assert graph.lanes == 1
    assert cells(graph) == [("m0", 0, None), ("m1", 0, (0, 0)), ("m2", 0, (1, 0)), ("m3", 0, (2, 0))]
    assert all(node.on_path for node in graph.nodes)
    assert [node.role for node in graph.nodes] == [Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT]


def test_a_branch_takes_the_lowest_free_lane_and_a_lane_is_free_again_after_its_branch() -> None:
    """m0 has two answers (m1 and m3, the one shown), m1 two follow-ups (m2, m4), m4 two answers (m5, m6).
    m3's lane is kept free from m0's row down to m3's; m6 takes lane 0, which m2's branch left."""
    messages, conversation = tree([None, 0, 1, 0, 1, 4, 4], leaf=3)
    graph = graph_layout(messages, conversation)
    assert cells(graph) == [
        ("m0", 0, None),
        ("m1", 0, (0, 0)),
        ("m2", 0, (1, 0)),
        ("m4", 2, (1, 0)),
        ("m5", 2, (3, 2)),
        ("m6", 0, (3, 2)),
        ("m3", 1, (0, 0)),
    ]
    assert graph.lanes == 3
    assert [node.message_id for node in graph.nodes if node.on_path] == ["m0", "m3"]


def test_roots_and_messages_whose_parent_is_missing_start_in_the_lowest_free_lane() -> None:
    """A first question edited, or a message of damaged data, has no edge to it: it starts in the lowest free lane."""
    messages, conversation = tree([None, 0, None])
    messages["m9"] = Message("m9", "c", "gone", Role.USER, "orphan", 9.0)
    graph = graph_layout(messages, conversation)
    assert cells(graph) == [("m0", 0, None), ("m1", 0, (0, 0)), ("m2", 0, None), ("m9", 0, None)]
    assert graph.lanes == 1


def test_an_empty_conversation_has_no_nodes() -> None:
    assert graph_layout({}, Conversation("c", "T", 0.0, 0.0)) == Graph((), 0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 1_000), max_size=40), st.integers(0, 1_000))
def test_every_tree_lays_out_soundly(picks: list[int], shown: int) -> None:
    """Any tree: a row per message in outline order; an edge goes down from its parent, in the parent's lane only
    to the next row; no message sits on another's edge; no more lanes than leaves; the visible thread marked."""
    parents: list[int | None] = [None, *(pick % (number + 1) for number, pick in enumerate(picks))]
    messages, conversation = tree(parents, leaf=shown % len(parents))
    graph = graph_layout(messages, conversation)
    assert [node.row for node in graph.nodes] == list(range(len(parents)))
    assert [n.message_id for n in graph.nodes] == [r.message_id for r in tree_outline(messages, conversation)]
    taken = {(node.row, node.lane) for node in graph.nodes}
    for node in graph.nodes:
        assert 0 <= node.lane < graph.lanes
        if node.parent is None:
            continue
        parent_row, parent_lane = node.parent
        parent = graph.nodes[parent_row]
        assert parent.message_id == messages[node.message_id].parent_id and parent_row < node.row
        assert node.lane != parent_lane or node.row == parent_row + 1
        assert not any((row, node.lane) in taken for row in range(parent_row + 1, node.row))
    leaves = sum(1 for m in messages if not any(other.parent_id == m for other in messages.values()))
    assert graph.lanes <= leaves
    path = {message.id for message in thread(messages, conversation.current_leaf)}
    assert {node.message_id for node in graph.nodes if node.on_path} == path
