"""Technologic backups: nested folders, the message map and its graph of edges, every branch kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from plauder.core.exchange import ImportProblem, parse_technologic
from plauder.core.exchange.merge import merge
from plauder.core.exchange.parts import IMAGE_PLACEHOLDER
from plauder.core.records import MessageStatus
from tests.unit.fixtures.exchange_views import edges, shown_thread

FIXTURE = Path(__file__).parents[2] / "fixtures" / "exchange" / "technologic_backup.json"


def document() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text("utf-8"))


def test_folders_nest_and_hold_their_conversations() -> None:
    """The root's subfolders are top-level folders, "Reports" sits in "Work"; root conversations are in no folder."""
    snapshot = parse_technologic(FIXTURE.read_text("utf-8"))
    folders = {f.id: f for f in snapshot.folders}
    named = {f.name: f for f in snapshot.folders}
    assert sorted(named) == ["Empty", "Reports", "Work"]
    assert named["Reports"].parent_id == named["Work"].id and named["Work"].parent_id is None
    placed = {c.title: folders[c.folder_id].name if c.folder_id else None for c in snapshot.conversations}
    assert placed == {"Branching": "Work", "Untitled": "Reports", "Deleted middle": None}


def test_branches_from_the_graph_and_the_shown_thread() -> None:
    """Two answers to "Hi" are both kept; the system message becomes the prompt; lastMessageId picks the thread."""
    snapshot = parse_technologic(FIXTURE.read_text("utf-8"))
    assert edges(snapshot, 0) == {
        (None, "user", "Hi"),
        ("Hi", "assistant", "Hello."),
        ("Hi", "assistant", "Hey."),
        ("Hello.", "user", f"And this?\n\n{IMAGE_PLACEHOLDER}"),
    }
    assert snapshot.conversations[0].system_prompt == "You are terse."
    assert shown_thread(snapshot, 0) == ["Hi", "Hey."]
    streaming = next(m for m in snapshot.messages if m.content == "Hey.")
    assert (streaming.status, streaming.model) == (MessageStatus.INTERRUPTED, "gpt-4")


def test_a_deleted_message_in_the_graph_keeps_the_tree_whole() -> None:
    """A link through a message no longer in the map joins its child to the message above it."""
    snapshot = parse_technologic(FIXTURE.read_text("utf-8"))
    assert edges(snapshot, 2) == {(None, "user", "First"), ("First", "assistant", "After a deleted one")}
    assert shown_thread(snapshot, 2) == ["First", "After a deleted one"]


def test_an_empty_conversation_is_imported_empty() -> None:
    snapshot = parse_technologic(FIXTURE.read_text("utf-8"))
    assert (snapshot.conversations[1].current_leaf, edges(snapshot, 1)) == (None, set())


def test_importing_the_same_file_again_changes_nothing() -> None:
    """Ids derive from Technologic's, so a second import merges as a no-op."""
    first = parse_technologic(FIXTURE.read_text("utf-8"))
    assert merge(first, parse_technologic(FIXTURE.read_text("utf-8"))).snapshot == first


def test_folders_with_the_same_name_stay_apart() -> None:
    """Technologic allows two sibling folders of one name; they become two folders, not one id twice."""
    data = document()
    data["folders"]["folders"].append({"name": "Work", "folders": [], "conversations": []})
    assert [f.name for f in parse_technologic(json.dumps(data)).folders].count("Work") == 2


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (
            lambda d: d["conversations"]["1"]["messages"]["1"]["message"].pop("role"),
            "conversations.1.messages.1.message.role",
        ),
        (
            lambda d: d["conversations"]["1"]["messages"]["4"]["message"]["content"][0].update(text=None),
            "conversations.1.messages.4.message.content[0].text",
        ),
        (lambda d: d["conversations"]["1"]["graph"].append({"from": "1"}), "conversations.1.graph[5].to"),
        (lambda d: d["conversations"]["1"].update(graph={}), "conversations.1.graph"),
        (lambda d: d["folders"]["folders"][0].update(conversations=None), "folders.folders[0].conversations"),
        (lambda d: d["folders"]["folders"][0]["folders"][0].pop("name"), "folders.folders[0].folders[0].name"),
    ],
)
def test_a_bad_field_refuses_the_whole_file(edit: Any, path: str) -> None:
    """One broken field refuses the file, naming it; nothing is imported partially."""
    data = document()
    edit(data)
    with pytest.raises(ImportProblem) as caught:
        parse_technologic(json.dumps(data))
    assert (caught.value.key, caught.value.params) == ("import.invalid", {"path": path})


def test_a_loop_in_the_graph_is_refused() -> None:
    data = document()
    data["conversations"]["1"]["graph"][0] = {"from": "4", "to": "0"}
    with pytest.raises(ImportProblem) as caught:
        parse_technologic(json.dumps(data))
    assert caught.value.key == "import.cycle"
