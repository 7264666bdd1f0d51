"""ChatGPT's conversations.json: every branch, titles and times kept; attachments shown, not dropped; and its
export ZIP, whose pictures are kept."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from plauder.core.exchange import ImportProblem, parse_archive, parse_chatgpt
from plauder.core.exchange.merge import merge
from plauder.core.records import Generation, Role
from tests.unit.fixtures.exchange_views import edges, shown_thread
from tests.unit.fixtures.snapshots import PNG_BASE64

MISSING = "[image not in the imported file: file-abc]"  # conversations.json alone holds only a reference
FIXTURE = Path(__file__).parents[2] / "fixtures" / "exchange" / "chatgpt_conversations.json"


def document() -> list[dict[str, Any]]:
    return json.loads(FIXTURE.read_text("utf-8"))


def test_every_branch_is_kept_under_its_nearest_kept_ancestor() -> None:
    """The edited first message and the regenerated answer are both kept; system and tool nodes are skipped
    by re-parenting, and a node whose parent was deleted becomes a root."""
    snapshot = parse_chatgpt(FIXTURE.read_text("utf-8"))
    assert edges(snapshot, 0) == {
        (None, "user", "What is a tree?"),
        ("What is a tree?", "assistant", "A plant."),
        ("What is a tree?", "assistant", "A tall plant with a trunk."),
        (None, "user", f"{MISSING}\n\nWhat is in this picture?"),
        (f"{MISSING}\n\nWhat is in this picture?", "assistant", "```python\nprint('a tree')\n```"),
        (None, "user", "My parent was deleted."),
    }


def test_title_times_system_prompt_and_current_thread() -> None:
    """Seconds become milliseconds; the system text becomes the prompt; the current node picks the thread."""
    snapshot = parse_chatgpt(FIXTURE.read_text("utf-8"))
    conversation = snapshot.conversations[0]
    assert (conversation.title, conversation.created_at, conversation.updated_at) == (
        "Branches and pictures",
        1_700_000_000_500.0,
        1_700_000_300_250.0,
    )
    assert (conversation.system_prompt, conversation.model) == ("Answer briefly.", "gpt-4o")
    assert shown_thread(snapshot, 0) == [
        f"{MISSING}\n\nWhat is in this picture?",
        "```python\nprint('a tree')\n```",
    ]
    first = next(m for m in snapshot.messages if m.content == "A plant.")
    assert (first.role, first.created_at, first.model) == (Role.ASSISTANT, 1_700_000_020_000.0, "gpt-4o")


def test_an_empty_conversation_is_imported_empty() -> None:
    """A conversation with only its empty root node keeps its title and has no messages."""
    snapshot = parse_chatgpt(FIXTURE.read_text("utf-8"))
    assert snapshot.conversations[1].title == "Nothing said yet"
    assert (snapshot.conversations[1].current_leaf, shown_thread(snapshot, 1)) == (None, [])


def test_importing_the_same_file_again_changes_nothing() -> None:
    """Ids derive from ChatGPT's, so a second import merges as a no-op."""
    first = parse_chatgpt(FIXTURE.read_text("utf-8"))
    assert parse_chatgpt(FIXTURE.read_text("utf-8")) == first
    assert merge(first, parse_chatgpt(FIXTURE.read_text("utf-8"))).snapshot == first


def test_other_attachments_and_voice_transcripts() -> None:
    """A voice message keeps its transcript; an unknown attachment names its kind in the placeholder."""
    data = document()
    data[0]["mapping"]["u1"]["message"]["content"] = {
        "content_type": "multimodal_text",
        "parts": [
            {"content_type": "audio_transcription", "text": "spoken words"},
            {"content_type": "audio_asset_pointer"},
        ],
    }
    contents = {m.content for m in parse_chatgpt(json.dumps(data)).messages}
    assert "spoken words\n\n[audio_asset_pointer not imported]" in contents


def test_hidden_nodes_are_skipped_like_system_nodes() -> None:
    """A message ChatGPT hides from the conversation is not shown by Plauder either; its children move up."""
    data = document()
    data[0]["mapping"]["u1"]["message"]["metadata"] = {"is_visually_hidden_from_conversation": True}
    assert (None, "assistant", "A plant.") in edges(parse_chatgpt(json.dumps(data)), 0)


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda d: d[0]["mapping"]["u1"]["message"].update(author={}), "[0].mapping.u1.message.author.role"),
        (
            lambda d: d[0]["mapping"]["a1"]["message"]["content"].update(parts=[3]),
            "[0].mapping.a1.message.content.parts[0]",
        ),
        (lambda d: d[0]["mapping"]["a1"]["message"].update(create_time="noon"), "[0].mapping.a1.message.create_time"),
        (lambda d: d[0].update(mapping=[]), "[0].mapping"),
        (lambda d: d[1].pop("id"), "[1].id"),
        (lambda d: d[0].update(title=5), "[0].title"),
        (lambda d: d.append("not a conversation"), "[2]"),
    ],
)
def test_a_bad_field_refuses_the_whole_file(edit: Any, path: str) -> None:
    """One broken conversation refuses the file, naming the field; nothing is imported partially."""
    data = document()
    edit(data)
    with pytest.raises(ImportProblem) as caught:
        parse_chatgpt(json.dumps(data))
    assert (caught.value.key, caught.value.params) == ("import.invalid", {"path": path})


def test_a_loop_of_parents_is_refused() -> None:
    """Nodes that are each other's parents cannot form a tree."""
    data = document()
    data[0]["mapping"]["root"]["parent"] = "a1"
    with pytest.raises(ImportProblem) as caught:
        parse_chatgpt(json.dumps(data))
    assert caught.value.key == "import.cycle"


def archive(entries: dict[str, bytes]) -> bytes:
    """A ZIP archive of `entries` (name: bytes), as ChatGPT's data export is downloaded."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as written:
        for name, data in entries.items():
            written.writestr(name, data)
    return buffer.getvalue()


def test_the_export_zip_brings_the_pictures_it_holds_and_names_those_it_lacks() -> None:
    """The picture conversations.json points to is in the ZIP: it becomes the message's picture, its bytes in
    the snapshot's files, and no text stands in for it; a second picture missing from the ZIP is named."""
    data = document()
    parts = data[0]["mapping"]["u1b"]["message"]["content"]["parts"]
    parts.insert(1, {"content_type": "image_asset_pointer", "asset_pointer": "sediment://file_gone", "width": 5})
    png = base64.b64decode(PNG_BASE64)
    zipped = archive(
        {"conversations.json": json.dumps(data).encode(), "file-abc-dots.png": png, "file-abcd-other.jpg": b"x"}
    )
    kind, snapshot = parse_archive(zipped)
    [question] = [m for m in snapshot.messages if m.images]
    assert (
        kind == "chatgpt"
        and question.content == "[image not in the imported file: file_gone]\n\nWhat is in this picture?"
    )
    [image] = question.images
    assert (image.name, image.media_type, image.width, image.height, image.size) == (
        "file-abc-dots.png",
        "image/png",
        10,
        10,
        len(png),
    )
    assert [(f.id, f.message_id, f.media_type, f.data) for f in snapshot.files] == [
        (image.id, question.id, "image/png", PNG_BASE64)
    ]
    assert parse_archive(zipped) == (kind, snapshot)  # the same ids again: a second import finds it all here


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"PK\x03\x04 not really", "import.bad_archive"),
        (archive({"notes.txt": b"hello"}), "import.no_conversations"),
        (archive({"conversations.json": b'{"format": "plauder-export"}'}), "import.no_conversations"),
        (archive({"conversations.json": b"[{"}), "import.truncated"),
    ],
)
def test_an_archive_that_is_no_chatgpt_export_says_why(data: bytes, key: str) -> None:
    with pytest.raises(ImportProblem) as caught:
        parse_archive(data)
    assert caught.value.key == key


def _node(key: str, parent: str | None, role: str, content: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    author = {"role": role, "name": name} if name else {"role": role}
    message = {"id": key, "author": author, "create_time": 1_700_000_100, "content": content}
    return {"id": key, "parent": parent, "children": [], "message": message}


def _drawn_picture(pointer: str, prompt: str | None) -> dict[str, Any]:
    metadata = {"dalle": {"gen_id": "g1", "prompt": prompt, "seed": 7}} if prompt is not None else {"dalle": None}
    part = {"content_type": "image_asset_pointer", "asset_pointer": pointer, "width": 1024, "height": 1024}
    return {**part, "size_bytes": 10, "metadata": metadata}


def drawing(pictures: list[dict[str, Any]], tool: str = "dalle.text2im") -> list[dict[str, Any]]:
    """A conversation in which ChatGPT's image tool drew `pictures`: the question, the assistant's call of the tool
    (its prompt as code), the tool's pictures, the tool's note to the model, and the answer's text."""
    call = {"content_type": "code", "language": "json", "text": '{"prompt": "A fox", "size": "1024x1024"}'}
    nodes = [
        _node("u", None, "user", {"content_type": "text", "parts": ["Draw a fox"]}),
        _node("call", "u", "assistant", call),
        _node("tool", "call", "tool", {"content_type": "multimodal_text", "parts": pictures}, tool),
        _node("note", "tool", "tool", {"content_type": "text", "parts": ["DALL·E displayed 1 images."]}, tool),
        _node("a", "note", "assistant", {"content_type": "text", "parts": ["Here is your fox."]}),
    ]
    mapping = {node["id"]: node for node in nodes}
    return [{"id": "c-draw", "title": "Fox", "create_time": 1_700_000_000, "mapping": mapping, "current_node": "a"}]


def test_pictures_the_image_tool_drew_become_an_answer_of_pictures() -> None:
    """The tool's message with pictures is an answer of its own between the call and the text, as Plauder keeps the
    pictures it draws: each picture the ZIP holds (under dalle-generations/, named by its file id) with its bytes, a
    note for one it lacks, and what was drawn from in its caption; the tool's note to the model stays out."""
    pictures = [
        _drawn_picture("file-service://file-Fox1", "A red fox in snow"),
        _drawn_picture("file-service://file-Gone", None),
    ]
    png = base64.b64decode(PNG_BASE64)
    zipped = archive(
        {
            "conversations.json": json.dumps(drawing(pictures)).encode(),
            "dalle-generations/file-Fox1-3f2c9a.webp": png,
        }
    )
    _, snapshot = parse_archive(zipped)
    assert [(m.role, m.content) for m in snapshot.messages if m.generation is None] == [
        (Role.USER, "Draw a fox"),
        (Role.ASSISTANT, '```json\n{"prompt": "A fox", "size": "1024x1024"}\n```'),
        (Role.ASSISTANT, "Here is your fox."),
    ]
    [drawn] = [m for m in snapshot.messages if m.generation is not None]
    assert drawn.role is Role.ASSISTANT and drawn.content == "[image not in the imported file: file-Gone]"
    assert drawn.generation == Generation("", "DALL·E", size="1024x1024", count=2, revised_prompt="A red fox in snow")
    [image] = drawn.images
    assert (image.name, image.media_type, image.width, image.height) == (
        "file-Fox1-3f2c9a.webp",
        "image/webp",
        1024,
        1024,
    )
    assert [(f.id, f.message_id, f.data) for f in snapshot.files] == [(image.id, drawn.id, PNG_BASE64)]
    answer = next(m for m in snapshot.messages if m.content == "Here is your fox.")
    call = next(m for m in snapshot.messages if m.content.startswith("```json"))
    assert (answer.parent_id, drawn.parent_id, drawn.model) == (drawn.id, call.id, "DALL·E")


def test_drawn_pictures_without_their_files_are_named_and_other_tools_stay_out() -> None:
    """conversations.json alone: each drawn picture is named where it would be (a later image tool, with its
    sediment:// pointers, is called ChatGPT); a tool message without pictures is left out as before."""
    pictures = [_drawn_picture("sediment://file_00a1", "")]
    snapshot = parse_chatgpt(json.dumps(drawing(pictures, tool="t2uay3k.sj1i4kz")))
    [drawn] = [m for m in snapshot.messages if m.generation is not None]
    assert (drawn.content, drawn.images, drawn.model) == ("[image not in the imported file: file_00a1]", (), "ChatGPT")
    assert drawn.generation == Generation("", "ChatGPT", size="1024x1024", count=1)
    assert len(snapshot.messages) == 4  # question, call, pictures, answer: the tool's note is no message
    searched = drawing([])
    searched[0]["mapping"]["tool"]["message"]["content"] = {"content_type": "text", "parts": ["search results"]}
    assert all(m.generation is None for m in parse_chatgpt(json.dumps(searched)).messages)
    assert len(parse_chatgpt(json.dumps(searched)).messages) == 3
