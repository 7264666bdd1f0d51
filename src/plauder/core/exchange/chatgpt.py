"""ChatGPT's data export (conversations.json) read into a snapshot, every branch kept.

The file is a list of conversations; each holds a `mapping` of nodes {id, message|null, parent,
children}: a tree in which every edit and regeneration is a branch. All user and assistant nodes
become messages, under their nearest kept ancestor (see `source_tree`). System, tool and empty
nodes, and nodes ChatGPT itself hides, are left out; the first system text becomes the system
prompt. A tool's message with pictures (ChatGPT's image tool, DALL·E and later, drew them) becomes an
answer of pictures of its own, as Plauder keeps the pictures it draws (`_drawn`): one message between
the tool's call and the text after it shows them with what they were drawn from, and stays one when
that text was regenerated. A picture becomes one of its message's pictures where the export holds its
bytes (its ZIP does: core/exchange/chatgpt_archive.py); where the file holds only a reference
(conversations.json alone, or a picture missing from the ZIP) a text says so, naming it. Other content Plauder cannot
hold becomes "[<content type> not imported]" (see `parts`). Times are seconds in the file,
milliseconds in Plauder. Ids are derived from ChatGPT's ids, so importing the file again finds
everything already there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from plauder.core.exchange.derived_ids import derived_id
from plauder.core.exchange.fields import (
    expect_list,
    expect_object,
    expect_text,
    invalid,
    optional_number,
    optional_text,
)
from plauder.core.exchange.parts import join_parts, missing_picture, placeholder
from plauder.core.exchange.picture_files import PictureFile
from plauder.core.exchange.problem import MAX_IMPORT_CHARS, load_json
from plauder.core.exchange.snapshot import Snapshot, checking_integrity
from plauder.core.exchange.source_tree import SourceNode, plauder_tree
from plauder.core.exchange.steps import Steps, finished
from plauder.core.records import Conversation, Generation, Image, Message, Role

KEPT_ROLES = {"user": Role.USER, "assistant": Role.ASSISTANT}
DRAWING_ROLE = "tool"  # a tool's message with pictures: ChatGPT's image tool (DALL·E, later 4o) drew them
PICTURE_PART = "image_asset_pointer"


@dataclass(frozen=True)
class Held:
    """A picture's bytes as the export holds them."""

    name: str
    media_type: str
    data: str  # base64
    size: int  # bytes


Pictures = Callable[[str], Held | None]  # a picture's bytes by its asset id, or None where the export has none


def _no_pictures(_asset_id: str) -> Held | None:
    return None


@dataclass
class _Content:
    """One message's content as it is read: its texts, and the pictures whose bytes the export holds."""

    message_id: str
    created: float
    pictures: Pictures
    texts: list[str]
    images: list[Image]
    files: list[PictureFile]

    def picture(self, part: dict[str, Any]) -> None:
        pointer = part.get("asset_pointer")
        asset_id = pointer.rpartition("//")[2] if isinstance(pointer, str) else ""
        held = self.pictures(asset_id) if asset_id else None
        if held is None:
            self.texts.append(missing_picture(asset_id))
            return
        sizes = [value if type(value := part.get(name)) is int and value > 0 else 0 for name in ("width", "height")]
        image_id = derived_id(self.created, "chatgpt-picture", self.message_id, asset_id, len(self.images))
        self.images.append(Image(image_id, held.name, held.media_type, sizes[0], sizes[1], held.size))
        self.files.append(PictureFile(image_id, self.message_id, held.media_type, held.data))


def is_chatgpt_export(document: Any) -> bool:
    """A list starting with an object that has a `mapping` (or an empty list): conversations.json.

    Only the first entry decides, so a fault further on is reported with its path, not as a foreign file.
    """
    return isinstance(document, list) and (not document or (isinstance(document[0], dict) and "mapping" in document[0]))


def _part(part: Any, path: str, into: _Content) -> None:
    if isinstance(part, str):
        into.texts.append(part)
    elif not isinstance(part, dict):
        raise invalid(path)
    elif isinstance(text := part.get("text"), str):  # e.g. the transcript of a voice message
        into.texts.append(text)
    elif part.get("content_type") == PICTURE_PART:
        into.picture(part)
    else:
        into.texts.append(placeholder(str(part.get("content_type") or "attachment")))


def _content_text(content: Any, path: str, into: _Content | None = None) -> str:
    """The content's text; its pictures go `into` the message read (a system text names them only)."""
    content = expect_object(content, path)
    kind = expect_text(content.get("content_type"), f"{path}.content_type")
    if "parts" in content:
        into = into or _Content("", 0.0, _no_pictures, [], [], [])
        for index, part in enumerate(expect_list(content["parts"], f"{path}.parts")):
            _part(part, f"{path}.parts[{index}]", into)
        return join_parts(into.texts)
    text = content.get("text")
    if not isinstance(text, str):
        return placeholder(kind)
    if kind == "code":
        language = content.get("language") if content.get("language") not in (None, "unknown") else ""
        return f"```{language}\n{text}\n```"
    return text


def _message(
    raw: dict[str, Any], path: str, ids: tuple[str, str, str], fallback_ms: float, pictures: Pictures, role: Role
) -> tuple[Message, list[PictureFile]] | None:
    """The message of a user or assistant node and its pictures' bytes, or None for one ChatGPT hides."""
    conversation_id, source_id, node_id = ids
    metadata = raw.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    if metadata.get("is_visually_hidden_from_conversation") is True:
        return None
    seconds = optional_number(raw.get("create_time"), f"{path}.create_time")
    created = seconds * 1000 if seconds is not None else fallback_ms
    model = metadata.get("model_slug")
    message_id = derived_id(created, "chatgpt", source_id, node_id)
    content = _Content(message_id, created, pictures, [], [], [])
    message = Message(
        id=message_id,
        conversation_id=conversation_id,
        parent_id=None,
        role=role,
        content=_content_text(raw.get("content"), f"{path}.content", content),
        created_at=created,
        model=model if isinstance(model, str) else None,
        images=tuple(content.images),
    )
    return message, content.files


def _drawn(
    raw: dict[str, Any], path: str, ids: tuple[str, str, str], fallback_ms: float, pictures: Pictures
) -> tuple[Message, list[PictureFile]] | None:
    """A tool's message holding pictures (ChatGPT's image tool drew them) as an answer of pictures, as Plauder keeps
    its own drawn ones (core/picturing.py): the pictures, and what was asked in a Generation, whose caption names
    the tool and the prompt it drew from. None for any other tool message (a search's, the code runner's)."""
    content = raw.get("content")
    parts = content.get("parts") if isinstance(content, dict) else None
    drawn = [p for p in parts if isinstance(p, dict) and p.get("content_type") == PICTURE_PART] if parts else []
    read = _message(raw, path, ids, fallback_ms, pictures, Role.ASSISTANT) if drawn else None
    if read is None:
        return None
    message, files = read
    author = raw["author"].get("name")
    model = "DALL·E" if isinstance(author, str) and author.startswith("dalle") else "ChatGPT"
    width, height = (drawn[0].get(name) for name in ("width", "height"))
    size = f"{width}x{height}" if type(width) is int and type(height) is int and width > 0 and height > 0 else None
    prompts = [_dalle(part).get("prompt") for part in drawn]
    prompt = next((text for text in prompts if isinstance(text, str) and text.strip()), "")
    generation = Generation("", model, size=size, count=len(drawn), revised_prompt=prompt)
    return replace(message, model=model, generation=generation), files


def _dalle(part: dict[str, Any]) -> dict[str, Any]:
    """What a drawn picture's part says of its drawing (`metadata.dalle`: gen_id, prompt, seed), or nothing."""
    metadata = part.get("metadata")
    dalle = metadata.get("dalle") if isinstance(metadata, dict) else None
    return dalle if isinstance(dalle, dict) else {}


def _role(raw: dict[str, Any], path: str) -> str:
    return expect_text(expect_object(raw.get("author"), f"{path}.author").get("role"), f"{path}.author.role")


def _conversation(
    index: int, entry: Any, pictures: Pictures
) -> Steps[tuple[Conversation, tuple[Message, ...], list[PictureFile]]]:
    path = f"[{index}]"
    entry = expect_object(entry, path)
    source_id = entry.get("conversation_id") or entry.get("id")
    expect_text(source_id, f"{path}.id")
    created_s = optional_number(entry.get("create_time"), f"{path}.create_time")
    updated_s = optional_number(entry.get("update_time"), f"{path}.update_time")
    created = created_s * 1000 if created_s is not None else 0.0
    conversation_id = derived_id(created, "chatgpt", source_id)
    nodes, system_texts, files = [], [], []
    for key, node in expect_object(entry.get("mapping"), f"{path}.mapping").items():
        node_path = f"{path}.mapping.{key}"
        node = expect_object(node, node_path)
        raw = node.get("message")
        message = None
        if raw is not None:
            raw = expect_object(raw, f"{node_path}.message")
            role = _role(raw, f"{node_path}.message")
            ids = (conversation_id, source_id, key)
            path_of = f"{node_path}.message"
            if role in KEPT_ROLES:
                read = _message(raw, path_of, ids, created, pictures, KEPT_ROLES[role])
            else:
                read = _drawn(raw, path_of, ids, created, pictures) if role == DRAWING_ROLE else None
            if read:
                message = read[0]
                files += read[1]
            elif role == "system":
                system_texts.append(_content_text(raw.get("content"), f"{node_path}.message.content"))
        parent = optional_text(node.get("parent"), f"{node_path}.parent")
        nodes.append(SourceNode(key, parent, f"{node_path}.parent", message))
        yield None
    tree = plauder_tree(nodes)
    current_node = optional_text(entry.get("current_node"), f"{path}.current_node")
    leaf = tree.nearest_kept.get(current_node or "") or (tree.messages[-1].id if tree.messages else None)
    model = entry.get("default_model_slug")
    conversation = Conversation(
        id=conversation_id,
        title=optional_text(entry.get("title"), f"{path}.title") or "",
        created_at=created,
        updated_at=updated_s * 1000 if updated_s is not None else created,
        model=model if isinstance(model, str) else None,
        system_prompt=next((text for text in system_texts if text.strip()), ""),
        current_leaf=leaf,
    )
    return conversation, tree.messages, files


def snapshot_from_chatgpt(document: Any, pictures: Pictures = _no_pictures) -> Snapshot:
    """The conversations of a decoded conversations.json, with the bytes of the pictures `pictures` finds;
    raises ImportProblem for anything amiss."""
    return finished(reading_chatgpt(document, pictures))


def reading_chatgpt(document: Any, pictures: Pictures = _no_pictures) -> Steps[Snapshot]:
    """`snapshot_from_chatgpt` in steps, one node of a conversation at a time."""
    conversations: list[Conversation] = []
    messages: list[Message] = []
    files: list[PictureFile] = []
    for index, entry in enumerate(expect_list(document, "")):
        conversation, its_messages, its_files = yield from _conversation(index, entry, pictures)
        conversations.append(conversation)
        messages += its_messages
        files += its_files
    snapshot = Snapshot(conversations=tuple(conversations), messages=tuple(messages), files=tuple(files))
    yield from checking_integrity(snapshot)
    return snapshot


def parse_chatgpt(text: str, *, max_chars: int = MAX_IMPORT_CHARS) -> Snapshot:
    """A ChatGPT conversations.json read whole; raises ImportProblem (never returns part of a file)."""
    return snapshot_from_chatgpt(load_json(text, max_chars=max_chars))
