"""Foreign conversation trees made into Plauder's: the nodes Plauder keeps, each under its
nearest kept ancestor.

Other apps store nodes Plauder has no place for (system and tool messages, empty roots, nodes
whose message was deleted). Dropping such a node must not cut the tree: its children move up to
the nearest kept ancestor, so every branch survives. A parent id that is not in the file (a
deleted node) makes its child a root.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from plauder.core.exchange.problem import ImportProblem
from plauder.core.records import Message


@dataclass(frozen=True)
class SourceNode:
    id: str
    parent: str | None
    path: str  # where the node sits in the source file, named in the message about a loop
    message: Message | None  # None: a node Plauder does not keep


@dataclass(frozen=True)
class PlauderTree:
    messages: tuple[Message, ...]
    nearest_kept: dict[str, str | None]  # source node id -> id of the kept message at or above it


def plauder_tree(nodes: Sequence[SourceNode]) -> PlauderTree:
    """Kept messages in node order with `parent_id` set; raises `import.cycle` for a loop of parents."""
    by_id = {node.id: node for node in nodes}
    nearest: dict[str, str | None] = {}
    for node in nodes:
        chain: list[SourceNode] = []
        on_chain: set[str] = set()
        current: SourceNode | None = node
        while current is not None and current.id not in nearest:
            if current.id in on_chain:
                raise ImportProblem("import.cycle", path=current.path)
            chain.append(current)
            on_chain.add(current.id)
            current = by_id.get(current.parent) if current.parent is not None else None
        above = nearest[current.id] if current is not None else None
        for item in reversed(chain):
            above = item.message.id if item.message is not None else above
            nearest[item.id] = above
    messages = tuple(
        replace(node.message, parent_id=nearest.get(node.parent) if node.parent is not None else None)
        for node in nodes
        if node.message is not None
    )
    return PlauderTree(messages, nearest)
