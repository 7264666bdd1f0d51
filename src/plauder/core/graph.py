"""A conversation tree laid out as a graph: one row per message in reading order, branches in lanes.

The rows are the branches outline's (core/tree.tree_outline: depth first, oldest branch first), so the graph
can stand beside the outline's rows and each node beside its message's text. Lanes are columns, as in
`git log --graph`: a message's first child goes on in its lane on the next row; each other child is given the
lowest free lane when its parent is placed, and keeps it (kept free of other nodes) until that child's row; a
lane is free again after the last message of the branch that holds it. A root (a first question edited, a
message whose parent is missing) takes the lowest lane free on its row, as no edge leads to it, so the graph
stays as narrow as it can on a phone. A conversation without branches is one lane. Pure: the web layer turns rows and lanes into coordinates (web/graph_markup.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from plauder.core.records import Conversation, Message, Role
from plauder.core.tree import children_of, tree_outline


@dataclass(frozen=True)
class GraphNode:
    """One message in the graph: its row and lane, and where the edge from its parent starts."""

    message_id: str
    role: Role
    row: int
    lane: int
    parent: tuple[int, int] | None  # (row, lane) of its parent; None for a root
    on_path: bool  # on the visible thread


@dataclass(frozen=True)
class Graph:
    nodes: tuple[GraphNode, ...]  # by row: nodes[n].row == n
    lanes: int  # how many lanes there are (at least 1 when there are nodes)


def _lowest_free(busy: set[int]) -> int:
    lane = 0
    while lane in busy:
        lane += 1
    return lane


def graph_layout(messages: Mapping[str, Message], conversation: Conversation) -> Graph:
    """Rows and lanes for every message of the tree (see the module docstring)."""
    rows = tree_outline(messages, conversation)
    row_of = {row.message_id: index for index, row in enumerate(rows)}
    children = children_of(messages)
    reserved: dict[str, int] = {}  # a child not yet placed -> the lane its parent kept for it
    busy: set[int] = set()
    placed: dict[str, tuple[int, int]] = {}
    nodes = []
    for index, row in enumerate(rows):
        lane = reserved.pop(row.message_id, None)
        if lane is None:  # a root: no edge leads to it, so it takes the lowest lane free on its row
            lane = _lowest_free(busy)
            busy.add(lane)
        placed[row.message_id] = (index, lane)
        parent_id = messages[row.message_id].parent_id
        nodes.append(GraphNode(row.message_id, row.role, index, lane, placed.get(parent_id or ""), row.on_path))
        below = [child.id for child in children.get(row.message_id, []) if row_of.get(child.id, -1) > index]
        if not below:
            busy.discard(lane)
        for number, child_id in enumerate(below):
            if number == 0:
                reserved[child_id] = lane  # the branch goes on in this lane
            else:
                reserved[child_id] = _lowest_free(busy)
                busy.add(reserved[child_id])
    lanes = max((node.lane for node in nodes), default=-1) + 1
    return Graph(tuple(nodes), lanes)
