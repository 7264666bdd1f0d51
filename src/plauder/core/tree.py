"""Branches of a conversation tree: switch, edit, fork, delete with undo, merge, and the outline of it all.

The visible thread is the path to `Conversation.current_leaf` (see thread.py). To return to
the place last seen in a branch, the conversation remembers, at every message whose children
are siblings, which child was shown last (`Conversation.selected_children`, "" for the roots).
A message with a single child needs no entry, so the record stays small. The path being left
is written down before every switch, so the memory is right even after turns (regenerate) that
only moved `current_leaf`. Every function is pure and returns the records to store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from plauder.core.ids import new_id
from plauder.core.mending import joined_text
from plauder.core.records import Conversation, FileCopies, Message, MessageStatus, Role, Usage
from plauder.core.thread import asking_as, send, thread

ROOT = ""  # the key of `selected_children` for the messages without a parent
EXCERPT_CHARS = 80

Children = dict[str | None, list[Message]]


def children_of(messages: Mapping[str, Message]) -> Children:
    """Each message's children (None = the roots), oldest first: the order of `< n / m >`."""
    children: Children = {}
    for message in sorted(messages.values(), key=lambda m: (m.created_at, m.id)):
        children.setdefault(message.parent_id, []).append(message)
    return children


def siblings(messages: Mapping[str, Message], message_id: str) -> list[Message]:
    """The message and its siblings (same parent), oldest first."""
    return children_of(messages).get(messages[message_id].parent_id, [])


def branch_position(messages: Mapping[str, Message], message_id: str) -> tuple[int, int]:
    """(n, m) for the `< n / m >` control: the message is the n-th of m siblings."""
    ids = [message.id for message in siblings(messages, message_id)]
    return ids.index(message_id) + 1, len(ids)


def _remember(
    choices: Mapping[str, str], messages: Mapping[str, Message], children: Children, leaf_id: str | None
) -> dict[str, str]:
    """`choices` plus the path to `leaf_id`, at each step where there were siblings to choose from."""
    remembered = dict(choices)
    for message in thread(messages, leaf_id):
        if len(children.get(message.parent_id, ())) > 1:
            remembered[message.parent_id or ROOT] = message.id
    return remembered


def _shown_child(children: Children, message_id: str, choices: Mapping[str, str]) -> Message | None:
    """The child of `message_id` the thread shows: the remembered choice, else the newest; None when it has none."""
    below = children.get(message_id)
    if not below:
        return None
    return next((child for child in below if child.id == choices.get(message_id)), below[-1])


def _leaf_under(children: Children, message_id: str, choices: Mapping[str, str]) -> str:
    """Down from `message_id` along the remembered choices, else the newest child, to a leaf."""
    current, seen = message_id, set[str]()
    while (shown := _shown_child(children, current, choices)) and current not in seen:
        seen.add(current)
        current = shown.id
    return current


def switch_branch(conversation: Conversation, messages: Mapping[str, Message], message_id: str) -> Conversation:
    """Show the branch through `message_id` (a sibling, an outline row, a search hit) at its last-used leaf.

    `updated_at` stays: looking at another branch is not activity that should reorder the sidebar.
    """
    children = children_of(messages)
    choices = _remember(conversation.selected_children, messages, children, conversation.current_leaf)
    leaf = _leaf_under(children, message_id, choices)
    choices = _remember(choices, messages, children, leaf)
    return replace(conversation, current_leaf=leaf, selected_children=choices)


def edit_and_resend(
    conversation: Conversation, messages: Mapping[str, Message], user_message_id: str, new_text: str, now_ms: float
) -> tuple[Conversation, Message, Message]:
    """The edited question as a new sibling branch with an answer to fill, asked as the answer shown under the
    original was (a picture prompt goes to the image model again); the old branch stays."""
    original = messages[user_message_id]
    if original.role is not Role.USER:
        raise ValueError("only a question can be edited and sent again")
    children = children_of(messages)
    choices = _remember(conversation.selected_children, messages, children, conversation.current_leaf)
    at_parent = replace(conversation, current_leaf=original.parent_id)
    moved, question, answer = send(at_parent, new_text, now_ms, original.attachments)  # the files go again
    resent = replace(moved, selected_children={**choices, original.parent_id or ROOT: question.id})
    return resent, question, asking_as(answer, _shown_child(children, original.id, choices))


def edit_in_place(message: Message, new_text: str) -> Message:
    """The same message (same id, same place in the tree) with corrected text; nothing is asked again."""
    return replace(message, content=new_text)


def copy_messages(
    messages: Iterable[Message], conversation_id: str, now_ms: float
) -> tuple[list[Message], dict[str, str], FileCopies]:
    """Copies under fresh ids (ids are never shared, not even by the copies' pictures and originals), the map old
    id -> new id, and the files copied, whose bytes the store copies too: a file two conversations shared would go
    with the first of them deleted.

    A parent outside the copied set becomes None; a copy of an answer still streaming is
    marked interrupted, since no stream will ever fill the copy.
    """
    originals = list(messages)
    new_ids = {message.id: new_id(now_ms) for message in originals}
    file_ids = {file.id: new_id(now_ms) for message in originals for file in message.stored_files}
    copies = [
        replace(
            message,
            id=new_ids[message.id],
            conversation_id=conversation_id,
            parent_id=new_ids.get(message.parent_id) if message.parent_id else None,
            status=MessageStatus.INTERRUPTED if message.status is MessageStatus.STREAMING else message.status,
            images=tuple(replace(image, id=file_ids[image.id]) for image in message.images),
            attachments=tuple(replace(a, id=file_ids[a.id]) if a.id else a for a in message.attachments),
        )
        for message in originals
    ]
    return copies, new_ids, tuple((new, old) for old, new in file_ids.items())


def fork(
    conversation: Conversation, messages: Mapping[str, Message], message_id: str, now_ms: float, title: str
) -> tuple[Conversation, list[Message], FileCopies]:
    """A new conversation holding a copy of the path up to `message_id`, with the same settings, and the files
    its copies copy."""
    forked_id = new_id(now_ms)
    copies, new_ids, files = copy_messages(thread(messages, message_id), forked_id, now_ms)
    forked = replace(
        conversation,
        id=forked_id,
        title=title,
        created_at=now_ms,
        updated_at=now_ms,
        current_leaf=new_ids[message_id],
        selected_children={},
    )
    return forked, copies, files


@dataclass(frozen=True)
class Deleted:
    """What a delete removed: enough to put it all back."""

    conversation: Conversation  # the record before the delete
    messages: tuple[Message, ...]  # the sub-tree, parents before children


def _subtree(children: Children, message_id: str) -> list[str]:
    """`message_id` and all below it, parents before children."""
    found: list[str] = []
    stack, seen = [message_id], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        found.append(current)
        stack += [child.id for child in reversed(children.get(current, []))]
    return found


def delete_subtree(
    conversation: Conversation, messages: Mapping[str, Message], message_id: str, now_ms: float
) -> tuple[Conversation, Deleted]:
    """Remove a message and everything below it; the view moves to a sibling's branch, else to the parent."""
    children = children_of(messages)
    doomed = _subtree(children, message_id)
    gone = set(doomed)
    choices = _remember(conversation.selected_children, messages, children, conversation.current_leaf)
    choices = {key: value for key, value in choices.items() if key not in gone and value not in gone}
    leaf = conversation.current_leaf
    if leaf in gone:
        parent_id = messages[message_id].parent_id
        row = [message.id for message in children.get(parent_id, [])]
        others = [key for key in row if key != message_id]
        # The sibling before it (else the one after), at its last-used leaf; its sub-tree is untouched.
        neighbour = others[max(row.index(message_id) - 1, 0)] if others else None
        leaf = _leaf_under(children, neighbour, choices) if neighbour else parent_id
    deleted = Deleted(conversation, tuple(messages[key] for key in doomed))
    return replace(conversation, current_leaf=leaf, selected_children=choices, updated_at=now_ms), deleted


def undo(deleted: Deleted) -> tuple[Conversation, list[Message]]:
    """The conversation as it was before the delete, and the messages to store again."""
    return deleted.conversation, list(deleted.messages)


def next_on_path(conversation: Conversation, messages: Mapping[str, Message], message_id: str) -> Message | None:
    """The message after `message_id` on the visible thread, or None at its end or off it."""
    path = thread(messages, conversation.current_leaf)
    index = next((i for i, message in enumerate(path) if message.id == message_id), len(path))
    return path[index + 1] if index + 1 < len(path) else None


def can_merge(children: Children, first: Message, second: Message) -> bool:
    """`second` may become part of `first`: the same role, neither streaming, and `second` its only child.

    Where `second` has siblings (other branches after `first`) there is no merge: those branches follow
    `first` as it was, and would follow a text they never saw.
    """
    only_child = [child.id for child in children.get(first.id, [])] == [second.id]
    return only_child and first.role is second.role and MessageStatus.STREAMING not in {first.status, second.status}


def _summed(first: int | None, second: int | None) -> int | None:
    return None if first is None and second is None else (first or 0) + (second or 0)


def merged_message(first: Message, second: Message) -> Message:
    """`first` holding both texts (core/mending), both sets of files and thinking, their tokens added up;
    it ends as `second` did (its status, finish reason, error and model)."""
    usage = None
    if first.usage is not None or second.usage is not None:
        one, two = first.usage or Usage(), second.usage or Usage()
        usage = Usage(
            _summed(one.prompt_tokens, two.prompt_tokens), _summed(one.completion_tokens, two.completion_tokens)
        )
    thinking = [text for text in (first.reasoning, second.reasoning) if text]
    timed = [ms for ms in (first.reasoning_ms, second.reasoning_ms) if ms is not None]
    return replace(
        first,
        content=joined_text(first, second),
        status=second.status,
        model=second.model or first.model,
        finish_reason=second.finish_reason,
        usage=usage,
        error=second.error,
        attachments=first.attachments + second.attachments,
        reasoning="\n\n".join(thinking),
        reasoning_ms=sum(timed) if timed else None,
        replacements=first.replacements + second.replacements,
    )


@dataclass(frozen=True)
class Merged:
    """What a merge stores, and what puts everything back."""

    conversation: Conversation
    message: Message  # the first message, holding both
    moved: tuple[Message, ...]  # the second's children, now the first's
    removed: str  # the second message's id
    before: tuple[Message, ...]  # the first, the second and its children as they were (for Undo)


def merge_with_next(
    conversation: Conversation, messages: Mapping[str, Message], message_id: str, now_ms: float
) -> Merged | None:
    """Merge the message after `message_id` on the visible thread into it, or None when they cannot merge.

    The second message goes; its children (the thread on, and any branches from there) become the first's.
    Nothing else moves. The view stays on the same leaf (the first, if the second was the leaf), the branch
    last used below the second remembered below the first.
    """
    first = messages.get(message_id)
    second = next_on_path(conversation, messages, message_id)
    children = children_of(messages)
    if first is None or second is None or not can_merge(children, first, second):
        return None
    below = children.get(second.id, [])
    merged = merged_message(first, second)
    moved = tuple(replace(child, parent_id=first.id) for child in below)
    choices = _remember(conversation.selected_children, messages, children, conversation.current_leaf)
    if second.id in choices:
        choices[first.id] = choices.pop(second.id)
    leaf = first.id if conversation.current_leaf == second.id else conversation.current_leaf
    changed = replace(conversation, current_leaf=leaf, selected_children=choices, updated_at=now_ms)
    return Merged(changed, merged, moved, second.id, (first, second, *below))


def tree_order(messages: Iterable[Message]) -> list[Message]:
    """One conversation's messages oldest first, each after its parent even where both carry the same time
    (a question and its answer do): by time, then depth in the tree, then id. The order a snapshot lists them in."""
    listed = list(messages)
    parents = {message.id: message.parent_id for message in listed}
    depths: dict[str, int] = {}
    for start in parents:
        chain: dict[str, None] = {}  # the walk up from `start`, in order, to the first message with a known depth
        node: str | None = start
        while node is not None and node in parents and node not in depths and node not in chain:
            chain[node] = None
            node = parents[node]
        # Above the chain: a known depth, or a root (no parent, a missing one, or a loop back into the chain).
        above = depths[node] + 1 if node is not None and node in depths else 0
        for steps, message_id in enumerate(reversed(chain)):
            depths[message_id] = above + steps
    return sorted(listed, key=lambda m: (m.created_at, depths[m.id], m.id))


@dataclass(frozen=True)
class OutlineRow:
    """One message in the compact tree view."""

    message_id: str
    role: Role
    excerpt: str
    branch: tuple[int, int] | None  # (n, m) when the message has siblings: it starts a branch
    on_path: bool  # part of the visible thread
    is_leaf: bool


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut to `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def tree_outline(messages: Mapping[str, Message], conversation: Conversation) -> list[OutlineRow]:
    """Every message of the tree in reading order (depth first, oldest branch first).

    A message whose parent is missing (damaged data) is listed as a root, so none is hidden.
    """
    children = children_of(messages)
    on_path = {message.id for message in thread(messages, conversation.current_leaf)}
    rows: list[OutlineRow] = []
    orphaned = [kids for parent, kids in children.items() if parent is None or parent not in messages]
    roots = sorted((m for kids in orphaned for m in kids), key=lambda m: (m.created_at, m.id))
    stack = [(root, (n, len(roots))) for n, root in reversed(list(enumerate(roots, 1)))]
    seen: set[str] = set()
    while stack:
        message, (n, m) = stack.pop()
        if message.id in seen:
            continue
        seen.add(message.id)
        below = children.get(message.id, [])
        rows.append(
            OutlineRow(
                message.id,
                message.role,
                excerpt(message.content),
                (n, m) if m > 1 else None,
                message.id in on_path,
                not below,
            )
        )
        stack += [(child, (k, len(below))) for k, child in reversed(list(enumerate(below, 1)))]
    return rows
