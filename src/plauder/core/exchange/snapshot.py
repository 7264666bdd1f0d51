"""Everything in Plauder's database at once: what an export holds and an import yields.

The settings (backends and presets), folders, conversations and messages, and the bytes of the
messages' pictures (`files`: those this browser has; a picture without may be missing). Nothing here orders the
messages: an export writes each conversation's messages under it, in their order in `messages`. A
snapshot whose messages are grouped by conversation in the order of `conversations`, as the store
and every parser give them and a merge keeps them, reads back from its own export equal to itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from plauder.core.exchange.picture_files import PictureFile
from plauder.core.exchange.problem import ImportProblem
from plauder.core.exchange.steps import Steps, finished
from plauder.core.records import Conversation, Folder, Message, Settings

# Folders nest at most this deep: the sidebar draws them one recursive call per level
# (folders.folder_tree), which a file nesting a thousand deep would break; no one files deeper.
MAX_FOLDER_DEPTH = 50


@dataclass(frozen=True)
class Snapshot:
    settings: Settings = field(default_factory=Settings)
    folders: tuple[Folder, ...] = ()
    conversations: tuple[Conversation, ...] = ()
    messages: tuple[Message, ...] = ()
    files: tuple[PictureFile, ...] = ()

    def messages_by_conversation(self) -> dict[str, list[Message]]:
        grouped: dict[str, list[Message]] = defaultdict(list)
        for message in self.messages:
            grouped[message.conversation_id].append(message)
        return grouped


def _first_duplicate(ids: Iterable[str]) -> tuple[int, str] | None:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            return index, item
        seen.add(item)
    return None


def _first_in_cycle(parents: Mapping[str, str | None]) -> str | None:
    """An id whose chain of parents loops back on itself, or None; O(n) over all chains."""
    done: set[str] = set()
    for start in parents:
        chain: list[str] = []
        on_chain: set[str] = set()
        node: str | None = start
        while node is not None and node in parents and node not in done:
            if node in on_chain:
                return node
            chain.append(node)
            on_chain.add(node)
            node = parents[node]
        done.update(chain)
    return None


def _check_folders(folders: tuple[Folder, ...]) -> None:
    duplicate = _first_duplicate(f.id for f in folders)
    if duplicate:
        raise ImportProblem("import.duplicate_id", path=f"folders[{duplicate[0]}].id", id=duplicate[1])
    parents = {f.id: f.parent_id for f in folders}
    for index, folder in enumerate(folders):
        if folder.parent_id is not None and folder.parent_id not in parents:
            raise ImportProblem("import.bad_reference", path=f"folders[{index}].parent_id", id=folder.parent_id)
    looping = _first_in_cycle(parents)
    if looping is not None:
        index = next(i for i, f in enumerate(folders) if f.id == looping)
        raise ImportProblem("import.cycle", path=f"folders[{index}].parent_id")
    depths = _depths(parents)
    for index, folder in enumerate(folders):
        if depths[folder.id] > MAX_FOLDER_DEPTH:
            raise ImportProblem("import.too_deep", path=f"folders[{index}].parent_id", limit=MAX_FOLDER_DEPTH)


def _depths(parents: Mapping[str, str | None]) -> dict[str, int]:
    """How deep each folder sits (1 = at the top), for parents that are all there and never loop; O(n)."""
    depths: dict[str, int] = {}
    for start in parents:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node not in depths:
            chain.append(node)
            node = parents[node]
        depth = depths[node] if node is not None else 0
        for item in reversed(chain):
            depth += 1
            depths[item] = depth
    return depths


def _check_messages(ci: int, conversation: Conversation, messages: list[Message], seen: set[str]) -> None:
    """One conversation's tree; `seen` collects message ids across conversations to find duplicates."""
    parents = {m.id: m.parent_id for m in messages}
    for mi, message in enumerate(messages):
        if message.id in seen:
            path = f"conversations[{ci}].messages[{mi}].id"
            raise ImportProblem("import.duplicate_id", path=path, id=message.id)
        seen.add(message.id)
        if message.parent_id is not None and message.parent_id not in parents:
            path = f"conversations[{ci}].messages[{mi}].parent_id"
            raise ImportProblem("import.bad_reference", path=path, id=message.parent_id)
    looping = _first_in_cycle(parents)
    if looping is not None:
        mi = next(i for i, m in enumerate(messages) if m.id == looping)
        raise ImportProblem("import.cycle", path=f"conversations[{ci}].messages[{mi}].parent_id")
    if conversation.current_leaf is not None and conversation.current_leaf not in parents:
        path = f"conversations[{ci}].current_leaf"
        raise ImportProblem("import.bad_reference", path=path, id=conversation.current_leaf)


def check_integrity(snapshot: Snapshot) -> None:
    """Ids unique, every reference inside the snapshot, no loops; paths as in an export file.

    Raises ImportProblem (`import.duplicate_id`, `import.bad_reference`, `import.cycle`, `import.too_deep`).
    """
    finished(checking_integrity(snapshot))


def checking_integrity(snapshot: Snapshot) -> Steps[None]:
    """`check_integrity` in steps, one conversation at a time."""
    _check_folders(snapshot.folders)
    folder_ids = {f.id for f in snapshot.folders}
    duplicate = _first_duplicate(c.id for c in snapshot.conversations)
    if duplicate:
        raise ImportProblem("import.duplicate_id", path=f"conversations[{duplicate[0]}].id", id=duplicate[1])
    grouped = snapshot.messages_by_conversation()
    seen: set[str] = set()
    for ci, conversation in enumerate(snapshot.conversations):
        if conversation.folder_id is not None and conversation.folder_id not in folder_ids:
            path = f"conversations[{ci}].folder_id"
            raise ImportProblem("import.bad_reference", path=path, id=conversation.folder_id)
        _check_messages(ci, conversation, grouped.pop(conversation.id, []), seen)
        yield None
    for orphans in grouped.values():
        raise ImportProblem("import.bad_reference", path="messages", id=orphans[0].conversation_id)
