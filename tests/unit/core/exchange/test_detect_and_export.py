"""The import picks the format by shape; one conversation exports as Markdown (its thread) or JSON (its tree)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pytest

from plauder.core import exchange
from plauder.core.exchange import (
    ImportProblem,
    conversation_alone,
    conversation_markdown,
    export_json,
    export_pieces,
    file_stem,
    parse_any,
    parse_chatgpt,
    parse_export,
    parse_technologic,
    parsing,
)
from plauder.core.exchange.picture_files import PictureFile
from plauder.core.exchange.plauder_format import reading_document
from plauder.core.exchange.problem import loading_json
from plauder.core.exchange.steps import finished
from plauder.core.records import Conversation, Message
from tests.unit.fixtures.snapshots import T0, pictured_snapshot, sample_snapshot

FIXTURES = Path(__file__).parents[2] / "fixtures" / "exchange"


@pytest.mark.parametrize(
    ("name", "kind", "parse"),
    [
        ("plauder_export_v1.json", "plauder", parse_export),
        ("chatgpt_conversations.json", "chatgpt", parse_chatgpt),
        ("technologic_backup.json", "technologic", parse_technologic),
    ],
)
def test_each_format_is_recognised(name: str, kind: str, parse: object) -> None:
    """parse_any names the format and gives what the format's own parser gives."""
    text = (FIXTURES / name).read_text("utf-8")
    assert parse_any(text) == (kind, parse(text))  # type: ignore[operator]


@pytest.mark.parametrize("text", ['{"messages": []}', '"just text"', "42", '{"folders": [], "conversations": []}'])
def test_anything_else_is_foreign(text: str) -> None:
    with pytest.raises(ImportProblem) as caught:
        parse_any(text)
    assert caught.value.key == "import.foreign"


def test_a_chatgpt_file_broken_further_on_is_reported_as_broken_not_foreign() -> None:
    """The first conversation decides the format, so a fault in a later one is named by its path."""
    data = json.loads((FIXTURES / "chatgpt_conversations.json").read_text("utf-8"))
    data[1].pop("mapping")
    with pytest.raises(ImportProblem) as caught:
        parse_any(json.dumps(data))
    assert (caught.value.key, caught.value.params) == ("import.invalid", {"path": "[1].mapping"})


def test_markdown_holds_the_current_thread_under_role_headings() -> None:
    """Title, system prompt, then the shown thread only (the other branch is left out), content as written."""
    sample = sample_snapshot()
    markdown = conversation_markdown(sample.conversations[0], sample.messages, language="de")
    assert markdown == (
        "# Trees\n\n## Systemanweisung\n\nBe brief.\n\n## Benutzer\n\nWhat is a tree?\n\n## Assistent\n\nA pla\n"
    )
    assert "A plant." not in markdown


def test_markdown_of_hostile_texts_is_inert_and_masks_the_keys() -> None:
    """HTML in a title or an answer shows as text, images become links, code stays, and keys are masked."""
    sample = sample_snapshot()
    conversation = replace(sample.conversations[0], title="<img src=x onerror=alert(1)>", system_prompt="")
    messages = (
        replace(sample.messages[0], content="My key: SK-PROJ-SECRET-1"),
        replace(sample.messages[2], content="![t](https://t.example/p.png) <script>x</script>\n```html\n<b>\n```"),
    )
    markdown = conversation_markdown(conversation, messages, secrets=["sk-proj-secret-1"])
    assert markdown == (
        "# &lt;img src=x onerror=alert(1)>\n\n## User\n\nMy key: •••\n\n## Assistant\n\n"
        "&#33;[t](https://t.example/p.png) &lt;script>x&lt;/script>\n\n```html\n<b>\n```\n"
    )


def conversation_json(
    conversation: Conversation,
    messages: Iterable[Message],
    *,
    secrets: Iterable[str] = (),
    files: Iterable[PictureFile] = (),
) -> str:
    """One conversation's JSON file, as the page writes it (in pieces, the same text)."""
    alone = conversation_alone(conversation, messages, files)
    pieces = export_pieces(alone, include_keys=False, exported_at_ms=T0, secrets=secrets)
    assert pieces is not None
    text = pieces[0]
    for file, piece in zip(alone.files, pieces[1:], strict=True):
        text += file.data + piece
    assert text == export_json(alone, include_keys=False, exported_at_ms=T0, secrets=secrets)
    return text


def test_thinking_is_exported_apart_from_the_answer() -> None:
    """Markdown quotes an answer's thinking, inert and masked, under its summary; JSON keeps it and imports it again."""
    sample = sample_snapshot()
    thought = replace(sample.messages[2], reasoning="<b>Hm</b>, sk-proj-secret-1?\n\nJa.\n", reasoning_ms=3600.0)
    messages = (sample.messages[0], thought)
    markdown = conversation_markdown(sample.conversations[0], messages, secrets=["sk-proj-secret-1"])
    assert "## Assistant\n\n> **Thought for 4 s**\n>\n> &lt;b>Hm&lt;/b>, •••?\n>\n> Ja.\n\nA pla\n" in markdown
    text = conversation_json(sample.conversations[0], messages)
    (entry,) = [m for m in parse_export(text).messages if m.id == thought.id]
    assert (entry.reasoning, entry.reasoning_ms) == (thought.reasoning, 3600.0)


def test_one_conversation_as_json_masks_the_keys_it_is_given() -> None:
    """The file carries no settings, so the keys to mask come with the call."""
    sample = sample_snapshot()
    messages = (replace(sample.messages[0], content="key sk-proj-secret-1"), *sample.messages[1:])
    text = conversation_json(sample.conversations[0], messages, secrets=["sk-proj-secret-1"])
    assert "sk-proj-secret-1" not in text and "key •••" in text


def test_markdown_of_an_untitled_empty_conversation() -> None:
    untitled = replace(sample_snapshot().conversations[1], title=" \n")
    assert conversation_markdown(untitled, ()) == "# Untitled conversation\n"


def test_one_conversation_as_json_keeps_the_whole_tree_and_imports_again() -> None:
    """The JSON of one conversation holds every branch and no settings, and reads back as that conversation, its
    pictures' bytes included."""
    sample = sample_snapshot()
    text = conversation_json(sample.conversations[0], sample.messages)
    snapshot = parse_export(text)
    assert snapshot.conversations == (replace(sample.conversations[0], folder_id=None),)
    assert snapshot.messages == sample.messages and snapshot.settings.backends == ()
    pictured = pictured_snapshot()
    text = conversation_json(pictured.conversations[0], pictured.messages, files=pictured.files)
    assert parse_export(text).files == pictured.files  # and the bytes of its pictures


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("Plans: Q3 / Q4 (draft)", "Plans-Q3-Q4-draft"),
        ("Über Bäume", "Über-Bäume"),
        ("../../etc/passwd", "etc-passwd"),
        ("?!  …", "conversation"),
        ("", "conversation"),
        ("word " * 20, ("word-" * 12)[:-1]),
    ],
)
def test_a_conversation_s_file_is_named_after_its_title(title: str, stem: str) -> None:
    """Letters and digits of any script, joined by dashes; no path separators, at most 60 characters, never empty."""
    assert file_stem(title) == stem


def test_public_names_are_pinned() -> None:
    """The package's API is what __all__ says, each name importable."""
    assert sorted(exchange.__all__) == sorted(
        [
            "MAX_IMPORT_CHARS",
            "Changes",
            "ImportOffer",
            "ImportProblem",
            "Merged",
            "Snapshot",
            "conversation_alone",
            "conversation_markdown",
            "export_json",
            "export_pieces",
            "file_stem",
            "import_offer",
            "is_archive",
            "merging",
            "offering",
            "parse_any",
            "parse_archive",
            "parse_chatgpt",
            "parse_export",
            "parse_technologic",
            "parsing",
            "reading_status",
            "restore",
        ]
    )
    assert all(hasattr(exchange, name) for name in exchange.__all__)


def test_an_export_is_read_in_steps_one_per_pictures_bytes() -> None:
    """The page draws between the steps: the JSON's (a short one: one), the records one message at a time, each
    picture's bytes, then letting go of the file a conversation at a time; bad base64 is refused at its step with
    its path, as a whole read refuses it."""
    text = export_json(pictured_snapshot(), include_keys=False, exported_at_ms=T0)
    document = finished(loading_json(text))
    records = sum(1 for _ in reading_document(document, bytes_checked=False))
    pictured = pictured_snapshot()
    assert len(list(parsing(text))) == 1 + records + len(pictured.files) + len(pictured.conversations)
    assert parse_any(text)[1].files == pictured_snapshot().files
    broken = json.loads(text)
    broken["files"][0]["data"] = "not base64!"
    with pytest.raises(ImportProblem) as caught:
        list(parsing(json.dumps(broken)))
    assert caught.value.params == {"path": "files[0].data"}
