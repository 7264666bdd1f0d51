"""A Technologic backup (github.com/XpressAI/technologic, Settings > Backup) read into a snapshot.

The backup is `{"folders": <root folder>, "conversations": {<id>: <conversation>}}`. A folder is
`{name, folders: [...], conversations: [<id>...]}`, nested, the root named "/" (its conversations
are in no folder). A conversation is `{id, title, isUntitled, messages: {<id>: {id, message: {role,
content}, isStreaming, source?: {backend, model}}}, graph: [{from?, to}], lastMessageId?}`: the
graph's links are the tree's edges (no `from` = a root), `lastMessageId` the shown leaf. Content is
a string or a list of `{type: "text", text}` and `{type: "image_url", ...}` items; images become
"[image not imported]". Technologic stores no times: imported conversations carry time 0, and a
message's time is its place in the file (in milliseconds), which keeps branches in order. System
messages are left out, the first one becoming the system prompt; their children move up (see
`source_tree`). Ids are derived from Technologic's, so importing the file again changes nothing.
"""

from __future__ import annotations

from collections import Counter, deque
from typing import Any

from plauder.core.exchange.derived_ids import derived_id
from plauder.core.exchange.fields import expect_list, expect_object, expect_text, invalid, optional_text
from plauder.core.exchange.parts import join_parts, placeholder
from plauder.core.exchange.problem import MAX_IMPORT_CHARS, load_json
from plauder.core.exchange.snapshot import Snapshot, checking_integrity
from plauder.core.exchange.source_tree import SourceNode, plauder_tree
from plauder.core.exchange.steps import Steps, finished
from plauder.core.records import Conversation, Folder, Message, MessageStatus, Role

KEPT_ROLES = {"user": Role.USER, "assistant": Role.ASSISTANT}


def is_technologic_backup(document: Any) -> bool:
    return (
        isinstance(document, dict)
        and isinstance(document.get("folders"), dict)
        and isinstance(document.get("conversations"), dict)
    )


def _folders(root: Any) -> tuple[list[Folder], dict[str, str]]:
    """Plauder folders for the folders under the root, and the folder id of each listed conversation."""
    folders: list[Folder] = []
    placed: dict[str, str] = {}
    pending: deque[tuple[Any, str, list[Any], str | None]] = deque([(root, "folders", [], None)])
    while pending:
        raw, path, key, folder_id = pending.popleft()
        raw = expect_object(raw, path)
        for index, conversation_id in enumerate(expect_list(raw.get("conversations"), f"{path}.conversations")):
            expect_text(conversation_id, f"{path}.conversations[{index}]")
            if folder_id is not None:
                placed.setdefault(conversation_id, folder_id)
        same_name: Counter[str] = Counter()
        for index, child in enumerate(expect_list(raw.get("folders"), f"{path}.folders")):
            child_path = f"{path}.folders[{index}]"
            name = expect_text(expect_object(child, child_path).get("name"), f"{child_path}.name")
            same_name[name] += 1
            child_key = [*key, [name, same_name[name]]]  # names, told apart when siblings share one
            child_id = derived_id(0, "technologic folder", child_key)
            folders.append(Folder(child_id, name, folder_id, 0.0))
            pending.append((child, child_path, child_key, child_id))
    return folders, placed


def _content(content: Any, path: str) -> str:
    if isinstance(content, str):
        return content
    texts = []
    for index, item in enumerate(expect_list(content, path)):
        item = expect_object(item, f"{path}[{index}]")
        kind = expect_text(item.get("type"), f"{path}[{index}].type")
        texts.append(expect_text(item.get("text"), f"{path}[{index}].text") if kind == "text" else placeholder(kind))
    return join_parts(texts)


def _node(key: str, container: Any, path: str, parent: str | None, ids: tuple[str, str], position: int) -> SourceNode:
    conversation_id, source_id = ids
    container = expect_object(container, path)
    raw = expect_object(container.get("message"), f"{path}.message")
    role = expect_text(raw.get("role"), f"{path}.message.role")
    text = _content(raw.get("content"), f"{path}.message.content")
    if role not in KEPT_ROLES:
        return SourceNode(key, parent, f"{path}.graph", None)
    source = container.get("source") if isinstance(container.get("source"), dict) else {}
    model = source.get("model")
    message = Message(
        id=derived_id(0, "technologic", source_id, key),
        conversation_id=conversation_id,
        parent_id=None,
        role=KEPT_ROLES[role],
        content=text,
        created_at=float(position),
        status=MessageStatus.INTERRUPTED if container.get("isStreaming") is True else MessageStatus.COMPLETE,
        model=model if isinstance(model, str) else None,
    )
    return SourceNode(key, parent, f"{path}.graph", message)


def _system_prompt(messages: dict[str, Any]) -> str:
    """The first non-empty system message (already checked by `_node`)."""
    texts = (_content(c["message"]["content"], "") for c in messages.values() if c["message"]["role"] == "system")
    return next((text for text in texts if text.strip()), "")


def _conversation(key: str, raw: Any, folder_id: str | None) -> tuple[Conversation, tuple[Message, ...]]:
    path = f"conversations.{key}"
    raw = expect_object(raw, path)
    conversation_id = derived_id(0, "technologic", key)
    parent_of: dict[str, str | None] = {}
    for index, link in enumerate(expect_list(raw.get("graph"), f"{path}.graph")):
        link = expect_object(link, f"{path}.graph[{index}]")
        target = expect_text(link.get("to"), f"{path}.graph[{index}].to")
        parent_of.setdefault(target, optional_text(link.get("from"), f"{path}.graph[{index}].from"))
    messages = expect_object(raw.get("messages"), f"{path}.messages")
    nodes = [
        _node(k, c, f"{path}.messages.{k}", parent_of.get(k), (conversation_id, key), position)
        for position, (k, c) in enumerate(messages.items())
    ]
    # Links to messages no longer in the map (deleted): pass-through nodes keep the tree whole.
    nodes += [SourceNode(k, p, f"{path}.graph", None) for k, p in parent_of.items() if k not in messages]
    tree = plauder_tree(nodes)
    last = optional_text(raw.get("lastMessageId"), f"{path}.lastMessageId")
    conversation = Conversation(
        id=conversation_id,
        title=optional_text(raw.get("title"), f"{path}.title") or "",
        created_at=0.0,
        updated_at=0.0,
        system_prompt=_system_prompt(messages),
        current_leaf=tree.nearest_kept.get(last or "") or (tree.messages[-1].id if tree.messages else None),
        folder_id=folder_id,
    )
    return conversation, tree.messages


def snapshot_from_technologic(document: Any) -> Snapshot:
    """The folders and conversations of a decoded Technologic backup; raises ImportProblem for anything amiss."""
    return finished(reading_technologic(document))


def reading_technologic(document: Any) -> Steps[Snapshot]:
    """`snapshot_from_technologic` in steps, one conversation at a time."""
    if not is_technologic_backup(document):
        raise invalid("")
    folders, placed = _folders(document["folders"])
    conversations: list[Conversation] = []
    messages: list[Message] = []
    for key, raw in document["conversations"].items():
        conversation, its_messages = _conversation(key, raw, placed.get(key))
        conversations.append(conversation)
        messages += its_messages
        yield None
    snapshot = Snapshot(folders=tuple(folders), conversations=tuple(conversations), messages=tuple(messages))
    yield from checking_integrity(snapshot)
    return snapshot


def parse_technologic(text: str, *, max_chars: int = MAX_IMPORT_CHARS) -> Snapshot:
    """A Technologic backup read whole; raises ImportProblem (never returns part of a file)."""
    return snapshot_from_technologic(load_json(text, max_chars=max_chars))
