"""Plauder's own export: documented shape, keys only on request, strict all-or-nothing reading."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from plauder.core.exchange import (
    MAX_IMPORT_CHARS,
    ImportProblem,
    export_json,
    export_pieces,
    parse_export,
    reading_status,
)
from plauder.core.exchange.picture_files import PictureFile
from plauder.core.lock import without_keys
from plauder.core.masking import Secrets
from plauder.core.privacy import Redactions
from plauder.core.records import ErrorInfo, Generation, Image, MessageStatus, Preset, Role
from tests.unit.fixtures.snapshots import NOTES, PNG_BASE64, T0, originals_snapshot, pictured_snapshot, sample_snapshot

FIXTURE = Path(__file__).parents[2] / "fixtures" / "exchange" / "plauder_export_v1.json"
FIXTURE_V2 = FIXTURE.with_name("plauder_export_v2.json")
FIXTURE_V3 = FIXTURE.with_name("plauder_export_v3.json")


def document() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text("utf-8"))


def problem_of(data: Any) -> ImportProblem:
    text = data if isinstance(data, str) else json.dumps(data)
    with pytest.raises(ImportProblem) as caught:
        parse_export(text)
    return caught.value


def test_export_matches_the_documented_version_3_file() -> None:
    """The written file is byte for byte the committed version-3 fixture: a format change shows up here."""
    text = export_json(originals_snapshot(), include_keys=False, exported_at_ms=T0) + "\n"
    assert text == FIXTURE_V3.read_text("utf-8")


def test_fixtures_read_back_as_the_database_without_keys() -> None:
    """Reading the version-3 file gives the database, its picture's bytes and its attachment's original, API keys
    left out; a version-2 file (written before originals were kept) reads with its picture's bytes, and a
    version-1 file (before pictures' bytes were exported) with no bytes."""
    fixtures = ((FIXTURE_V3, originals_snapshot()), (FIXTURE_V2, pictured_snapshot()), (FIXTURE, sample_snapshot()))
    for fixture, snapshot in fixtures:
        assert parse_export(fixture.read_text("utf-8")) == replace(snapshot, settings=without_keys(snapshot.settings))
    assert "files" not in document()


def with_notes(data: dict[str, Any], version: int) -> dict[str, Any]:
    """`data` as a file of `version` whose first question names an attached file with id d1, and carries its bytes."""
    message = data["conversations"][0]["messages"][0]
    message["attachments"] = [{"name": "notes.txt", "size": 5, "media_type": "text/plain", "text": "Hello", "id": "d1"}]
    files = data.get("files", [])
    files.append({"id": "d1", "message_id": message["id"], "media_type": "text/plain", "data": "SGVsbG8="})
    return {**data, "version": version, "files": files}


def test_older_files_are_migrated_so_their_attachments_keep_no_original() -> None:
    """Versions 1 and 2 kept no original: an attachment's `id` in such a file is dropped, so bytes a version-2 file
    names for it refer to nothing and refuse it; without them, it reads with the attachment's text alone. A
    version-1 file's `files` are not read at all. The same file as version 3 reads with the original."""
    problem = problem_of(with_notes(document_v2(), 2))
    assert (problem.key, problem.params["path"]) == ("import.bad_reference", "files[1].id")
    data = with_notes(document_v2(), 2)
    data["files"] = data["files"][:1]
    question = parse_export(json.dumps(data)).messages[0]
    assert [(a.id, a.text) for a in question.attachments] == [("", "Hello")]
    assert [file.id for file in question.stored_files] == ["i1"]
    old = parse_export(json.dumps(with_notes(document_v2(), 1)))
    assert old.files == () and old.messages[0].attachments[0].id == ""
    current = parse_export(json.dumps(with_notes(document_v2(), 3)))
    assert [(file.id, base64.b64decode(file.data)) for file in current.files][1] == ("d1", NOTES)


def test_a_pictures_bytes_go_through_export_and_import_unchanged() -> None:
    """The base64 in the file is the picture's bytes as stored, and reads back the same; an API key that its
    base64 happens to spell is not masked there (the bytes would break), only in texts."""
    snapshot = pictured_snapshot()
    key = PNG_BASE64[8:40]
    backend = replace(snapshot.settings.backends[0], api_key=key)
    keyed = replace(snapshot, settings=replace(snapshot.settings, backends=(backend,)))
    data = json.loads(export_json(keyed, include_keys=False, exported_at_ms=T0))
    assert data["version"] == 3
    assert data["files"] == [{"id": "i1", "message_id": "u1", "media_type": "image/png", "data": PNG_BASE64}]
    assert parse_export(json.dumps(data)).files == snapshot.files


def document_v2() -> dict[str, Any]:
    return json.loads(FIXTURE_V2.read_text("utf-8"))


def file_edit(**fields: Any) -> Any:
    return lambda d: d["files"][0].update(fields)


@pytest.mark.parametrize(
    ("edit", "key", "path"),
    [
        (lambda d: d.pop("files"), "import.invalid", "files"),
        (lambda d: d.update(files={}), "import.invalid", "files"),
        (lambda d: d["files"].append("i1"), "import.invalid", "files[1]"),
        (file_edit(id=1), "import.invalid", "files[0].id"),
        (file_edit(id="a b"), "import.bad_id", "files[0].id"),
        (file_edit(message_id=None), "import.invalid", "files[0].message_id"),
        (file_edit(message_id="<m>"), "import.bad_id", "files[0].message_id"),
        (file_edit(message_id="gone"), "import.bad_reference", "files[0].id"),
        (file_edit(message_id="a1"), "import.bad_reference", "files[0].id"),  # a1 shows no such picture
        (file_edit(id="i2"), "import.bad_reference", "files[0].id"),
        (file_edit(media_type=None), "import.invalid", "files[0].media_type"),
        (file_edit(media_type="image/svg+xml"), "import.bad_value", "files[0].media_type"),
        (file_edit(media_type="text/html"), "import.bad_value", "files[0].media_type"),
        (file_edit(data=[1]), "import.invalid", "files[0].data"),
        (file_edit(data=""), "import.bad_value", "files[0].data"),
        (file_edit(data="not base64!"), "import.bad_value", "files[0].data"),
        (file_edit(data=PNG_BASE64[:-1]), "import.bad_value", "files[0].data"),  # padding cut
        (file_edit(data=PNG_BASE64 + "\n"), "import.bad_value", "files[0].data"),
        (file_edit(data="ü" * 8), "import.bad_value", "files[0].data"),
        (file_edit(data="A" * 70_000_000), "import.bad_value", "files[0].data"),  # over 50 MB of bytes
        (lambda d: d["files"].append(dict(d["files"][0])), "import.duplicate_id", "files[1].id"),
    ],
)
def test_a_bad_picture_file_is_named_by_its_path(edit: Any, key: str, path: str) -> None:
    """Each field of a picture's bytes is checked like a record's: the whole file is refused, naming the field."""
    data = document_v2()
    edit(data)
    problem = problem_of(data)
    assert (problem.key, problem.params["path"]) == (key, path)


def test_messages_that_share_a_file_carry_its_bytes_once() -> None:
    """A question edited and sent again shows its attachments (and a fork's copies their files) under the same ids as
    the original: the bytes are stored once, and the file carries them once, naming any of those messages; twice,
    they are refused as a duplicate."""
    snapshot = originals_snapshot()
    question = snapshot.messages[0]
    resent = replace(question, id="u2", content="What is a tree, briefly?", images=())
    shared = replace(snapshot, messages=(*snapshot.messages, resent))
    assert parse_export(export_json(shared, include_keys=True, exported_at_ms=T0)) == shared
    data = json.loads(export_json(shared, include_keys=True, exported_at_ms=T0))
    data["files"][1]["message_id"] = "u2"
    assert parse_export(json.dumps(data)).files[1].message_id == "u2"
    data["files"].append({**data["files"][1], "message_id": "u1"})
    problem = problem_of(data)
    assert (problem.key, problem.params["path"]) == ("import.duplicate_id", "files[2].id")


@pytest.mark.parametrize(
    ("fields", "key", "path"),
    [
        ({"media_type": "image/png"}, "import.bad_value", "files[1].media_type"),  # not its attachment's type
        ({"data": "A" * 28_000_000}, "import.bad_value", "files[1].data"),  # over 20 MiB, the largest attached
        ({"message_id": "a1"}, "import.bad_reference", "files[1].id"),
        ({"data": "SGVsbG8"}, "import.bad_value", "files[1].data"),
    ],
)
def test_a_bad_original_is_named_by_its_path(fields: dict[str, Any], key: str, path: str) -> None:
    """An attachment's original is checked like a picture's bytes, against its attachment and the attaching limit."""
    data = json.loads(FIXTURE_V3.read_text("utf-8"))
    data["files"][1].update(fields)
    problem = problem_of(data)
    assert (problem.key, problem.params["path"]) == (key, path)


def test_keys_are_left_out_unless_asked_for() -> None:
    """Without the box ticked no key is in the file, and the file says so; ticked, the key is there."""
    without = export_json(sample_snapshot(), include_keys=False, exported_at_ms=T0)
    assert "sk-secret" not in without and json.loads(without)["includes_api_keys"] is False
    with_keys = export_json(sample_snapshot(), include_keys=True, exported_at_ms=T0)
    assert parse_export(with_keys) == sample_snapshot()


def test_an_export_without_keys_holds_no_key_in_any_field() -> None:
    """Titles, texts, errors, names, settings: a key echoed anywhere (changed in case, spaced, split over lines)
    is masked in the file, unless the keys are asked for; then the texts stay as they are."""
    sample = sample_snapshot()
    key = sample.settings.backends[0].api_key
    conversation = replace(sample.conversations[0], title=f"About {key.upper()}", system_prompt=f"Use {key}")
    echoed = (
        replace(sample.messages[0], content=f"my key is {key.lower()}\nand {' '.join(key)} and {key[:4]}\n  {key[4:]}"),
        sample.messages[1],
        replace(
            sample.messages[2],
            error=replace(sample.messages[2].error, server_message=f"bad key {key}", params={"host": key}),
        ),  # type: ignore[arg-type]
    )
    folders = (replace(sample.folders[0], name=f"keys: {key}"), sample.folders[1])
    settings = replace(sample.settings, presets=(Preset("p1", f"with {key}", system_prompt=f"{key}"),))
    snapshot = replace(
        sample,
        settings=settings,
        folders=folders,
        conversations=(conversation, sample.conversations[1]),
        messages=echoed,
    )
    text = export_json(snapshot, include_keys=False, exported_at_ms=T0, secrets=["sk-other-key"])
    assert key.lower() not in text.lower()
    hidden = Secrets.of([key])
    assert hidden.hide_in(json.loads(text)) == json.loads(text)
    assert json.loads(text)["conversations"][0]["title"] == "About •••"
    assert text.count("•••") == 10
    assert export_json(snapshot, include_keys=True, exported_at_ms=T0).count(key) == 8  # its own field too


def test_a_message_stored_mid_answer_comes_back_interrupted() -> None:
    """A message still marked streaming in a file was cut off: it is imported as interrupted."""
    data = document()
    data["conversations"][0]["messages"][1]["status"] = "streaming"
    message = parse_export(json.dumps(data)).messages[1]
    assert message.status is MessageStatus.INTERRUPTED


def test_unknown_fields_and_missing_defaults_are_accepted() -> None:
    """Fields a newer minor writer adds are ignored; fields with defaults may be absent."""
    data = document()
    data["conversations"][0]["archived"] = True
    del data["conversations"][1]["model"]
    assert parse_export(json.dumps(data)).conversations[1].model is None


def test_a_pinned_conversation_says_so_and_others_leave_the_field_out() -> None:
    """`pinned` came later: written only when true (files and the ids merges derive stay as they were), read back."""
    sample = sample_snapshot()
    pinned = replace(sample, conversations=(replace(sample.conversations[0], pinned=True), *sample.conversations[1:]))
    data = json.loads(export_json(pinned, include_keys=True, exported_at_ms=T0))
    assert data["conversations"][0]["pinned"] is True and "pinned" not in data["conversations"][1]
    assert parse_export(json.dumps(data)) == pinned


def test_a_redacted_conversation_keeps_its_mapping_and_its_questions_their_marker() -> None:
    """`redactions` and `replacements` are written only when there are some, and read back."""
    sample = sample_snapshot()
    first, *others = sample.conversations
    mapped = replace(first, redactions=Redactions({"[EMAIL_1]": "max@example.com"}))
    question = next(m for m in sample.messages if m.conversation_id == first.id and m.role is Role.USER)
    marked = replace(question, replacements=1)
    snapshot = replace(
        sample,
        conversations=(mapped, *others),
        messages=tuple(marked if m.id == question.id else m for m in sample.messages),
    )
    data = json.loads(export_json(snapshot, include_keys=True, exported_at_ms=T0))
    assert data["conversations"][0]["redactions"] == {"[EMAIL_1]": "max@example.com"}
    assert "redactions" not in data["conversations"][1]
    assert parse_export(json.dumps(data)) == snapshot


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda d: d["conversations"][0]["messages"][2].update(role="robot"), "conversations[0].messages[2].role"),
        (lambda d: d["conversations"][0]["messages"][0].pop("content"), "conversations[0].messages[0].content"),
        (lambda d: d["conversations"][0].update(created_at="yesterday"), "conversations[0].created_at"),
        (lambda d: d["conversations"][0].update(max_tokens=True), "conversations[0].max_tokens"),
        (lambda d: d["conversations"][0].update(max_tokens=2.5), "conversations[0].max_tokens"),
        (lambda d: d["conversations"][0].update(pinned="yes"), "conversations[0].pinned"),
        (lambda d: d["conversations"][0].update(messages={}), "conversations[0].messages"),
        (
            lambda d: d["conversations"][0]["messages"][1].update(usage={"prompt_tokens": "5"}),
            "conversations[0].messages[1].usage.prompt_tokens",
        ),
        (lambda d: d["settings"]["backends"][0].update(kind="gopher"), "settings.backends[0].kind"),
        (lambda d: d["settings"]["backends"][0].update(kind=["openai"]), "settings.backends[0].kind"),
        (lambda d: d["settings"]["backends"][0].update(fetched_models="m1"), "settings.backends[0].fetched_models"),
        (lambda d: d["folders"][1].pop("name"), "folders[1].name"),
        (lambda d: d.pop("settings"), "settings"),
        (lambda d: d.update(conversations=None), "conversations"),
        (lambda d: d.update(version="1"), "version"),
    ],
)
def test_a_bad_field_is_named_by_its_path(edit: Any, path: str) -> None:
    """Missing fields and wrong types refuse the file, naming the field the way the documentation does."""
    data = document()
    edit(data)
    problem = problem_of(data)
    assert (problem.key, problem.params) == ("import.invalid", {"path": path})


@pytest.mark.parametrize(
    ("edit", "key", "params"),
    [
        (
            lambda d: d["conversations"][0]["messages"][1].update(parent_id="gone"),
            "import.bad_reference",
            {"path": "conversations[0].messages[1].parent_id", "id": "gone"},
        ),
        (
            lambda d: d["conversations"][0].update(current_leaf="gone"),
            "import.bad_reference",
            {"path": "conversations[0].current_leaf", "id": "gone"},
        ),
        (
            lambda d: d["conversations"][0].update(folder_id="gone"),
            "import.bad_reference",
            {"path": "conversations[0].folder_id", "id": "gone"},
        ),
        (lambda d: d["folders"][0].update(parent_id="f2"), "import.cycle", {"path": "folders[0].parent_id"}),
        (
            lambda d: d["conversations"][0]["messages"][0].update(parent_id="a1"),
            "import.cycle",
            {"path": "conversations[0].messages[0].parent_id"},
        ),
        (
            lambda d: d["conversations"][1].update(id="c1"),
            "import.duplicate_id",
            {"path": "conversations[1].id", "id": "c1"},
        ),
        (
            lambda d: d["conversations"][0]["messages"][2].update(id="u1"),
            "import.duplicate_id",
            {"path": "conversations[0].messages[2].id", "id": "u1"},
        ),
    ],
)
def test_broken_references_refuse_the_whole_file(edit: Any, key: str, params: dict[str, str]) -> None:
    """Ids must be unique, references must point into the file, and parents must not loop."""
    data = document()
    edit(data)
    problem = problem_of(data)
    assert (problem.key, problem.params) == (key, params)


def test_a_newer_version_is_refused_with_both_versions_named() -> None:
    """A file from a newer Plauder is not guessed at: the user is told to update."""
    data = document()
    data["version"] = 4
    problem = problem_of(data)
    assert (problem.key, problem.params) == ("import.newer_version", {"version": 4, "supported": 3})


def test_a_truncated_file_is_told_apart_from_one_that_is_not_json() -> None:
    """A file cut at any character says "truncated" (also inside a number or `null`); a syntax fault says where it is."""
    text = FIXTURE.read_text("utf-8").rstrip()
    assert {cut: problem_of(text[:cut]).key for cut in range(1, len(text))} == dict.fromkeys(
        range(1, len(text)), "import.truncated"
    )
    assert problem_of("[1, 2] 3").key == "import.not_json"
    problem = problem_of('{"format": "plauder-export",\n  "version": 1,, }')
    assert (problem.key, problem.params) == ("import.not_json", {"line": 2, "column": 16})


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "import.empty"),
        ("  \n", "import.empty"),
        ('{"format": "something-else", "version": 1}', "import.foreign"),
        ("[1, 2, 3]", "import.foreign"),
        ('{"format": "plauder-export", "version": 1, "exported_at": NaN}', "import.not_standard_json"),
    ],
)
def test_empty_foreign_and_non_standard_files_are_refused(text: str, key: str) -> None:
    """Each kind of unusable file gets its own message."""
    assert problem_of(text).key == key


def test_an_oversized_file_is_refused_before_parsing() -> None:
    """Over the limit nothing is parsed; the message names the size and the limit."""
    with pytest.raises(ImportProblem) as caught:
        parse_export("[" + " " * 2_500_000 + "]", max_chars=2_000_000)
    assert (caught.value.key, caught.value.params) == ("import.too_large", {"size_mb": 3, "limit_mb": 2})


def test_a_large_file_is_announced_and_one_over_the_limit_refused_before_reading() -> None:
    """A file's JSON parsed in one step holds the page still: from 50 MB the page says so; over the limit the file
    is not read at all."""
    assert reading_status(49_999_999) == ("import.reading", {})
    assert reading_status(53_300_000) == ("import.reading_large", {"size_mb": 54})
    assert reading_status(MAX_IMPORT_CHARS) == ("import.reading_large", {"size_mb": 200})
    with pytest.raises(ImportProblem) as caught:
        reading_status(MAX_IMPORT_CHARS + 1)
    assert (caught.value.key, caught.value.params) == ("import.too_large", {"size_mb": 201, "limit_mb": 200})


def test_an_answer_of_pictures_keeps_what_was_asked_through_export_and_import() -> None:
    """The records of generated pictures (their Generation and Image records, not their bytes) read back; a
    backend's image models and picture timeout too, the timeout held to the form's rule."""
    snapshot = sample_snapshot()
    answer = next(m for m in snapshot.messages if m.role is Role.ASSISTANT)
    drawn = replace(
        answer,
        images=(Image("i1", "a-fox-1.png", "image/png", 256, 256, 2048),),
        generation=Generation("b1", "flux", "256x256", 1, None, "A fox in snow", ("cdn.example.com",)),
    )
    backend = replace(snapshot.settings.backends[0], image_models=("flux",), image_timeout_seconds=900.0)
    settings = replace(snapshot.settings, backends=(backend, *snapshot.settings.backends[1:]))
    changed = replace(
        snapshot, settings=settings, messages=tuple(drawn if m.id == answer.id else m for m in snapshot.messages)
    )
    back = parse_export(export_json(changed, include_keys=True, exported_at_ms=T0))
    assert next(m for m in back.messages if m.id == answer.id) == drawn
    assert back.settings.backends[0].image_models == ("flux",)
    data = json.loads(export_json(changed, include_keys=True, exported_at_ms=T0))
    data["settings"]["backends"][0]["image_timeout_seconds"] = 0
    assert problem_of(data).params["path"].endswith("image_timeout_seconds")
    data["settings"]["backends"][0].update(image_timeout_seconds=900, image_max_side=100)
    assert problem_of(data).params["path"].endswith("image_max_side")


def test_the_export_in_pieces_is_the_export_with_the_bytes_put_between() -> None:
    """The pieces joined around each file's base64, in order, are export_json's text to the character: the page can
    write the bytes from their Blobs. A message holding the stand-in and a key named like the cut changes nothing;
    a record whose key and value are the cut's own gives None (the page writes the text whole then)."""
    sample = pictured_snapshot()
    image = Image("i2", "b.png", "image/png", 1, 1, 70)
    second = replace(sample.messages[1], content='"data": "\x00" \\u0000', images=(image,))
    files = (*sample.files, PictureFile("i2", second.id, "image/png", "AAAA"))
    snapshot = replace(sample, messages=(sample.messages[0], second, *sample.messages[2:]), files=files)
    pieces = export_pieces(snapshot, include_keys=False, exported_at_ms=T0)
    assert pieces is not None and len(pieces) == 3
    joined = pieces[0] + PNG_BASE64 + pieces[1] + "AAAA" + pieces[2]
    assert joined == export_json(snapshot, include_keys=False, exported_at_ms=T0)
    error = ErrorInfo("network", "error.network", {"data": "\x00"})
    crafted = replace(snapshot, messages=(*snapshot.messages[:2], replace(snapshot.messages[2], error=error)))
    assert export_pieces(crafted, include_keys=False, exported_at_ms=T0) is None
