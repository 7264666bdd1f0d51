"""ChatGPT's conversations.json: every branch, titles and times kept; attachments shown, not dropped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from plauder.core.exchange import ImportProblem, merge, parse_chatgpt
from plauder.core.exchange.parts import IMAGE_PLACEHOLDER
from plauder.core.records import Role
from tests.unit.fixtures.exchange_views import edges, shown_thread

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
        (None, "user", f"{IMAGE_PLACEHOLDER}\n\nWhat is in this picture?"),
        (f"{IMAGE_PLACEHOLDER}\n\nWhat is in this picture?", "assistant", "```python\nprint('a tree')\n```"),
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
        f"{IMAGE_PLACEHOLDER}\n\nWhat is in this picture?",
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
