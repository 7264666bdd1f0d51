"""Crafted import files: what could break or trick the app is refused, naming the field, or rewritten.

Refused (the whole file, as always): ids that are not sane, numbers the browser cannot hold, backends
the settings form would refuse, folders nested too deep. Rewritten: error records, which only explain,
keep only texts the app has for errors. ChatGPT's and Technologic's ids never reach the page: Plauder
derives its own from them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from plauder.core.exchange import ImportProblem, parse_chatgpt, parse_export, parse_technologic
from plauder.core.exchange.snapshot import MAX_FOLDER_DEPTH
from plauder.core.i18n import UNKNOWN_TEXT, translate
from plauder.core.ids import MAX_ID_CHARS, is_sane_id

FIXTURES = Path(__file__).parents[2] / "fixtures" / "exchange"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def problem_of(parse: Any, data: Any) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        parse(data if isinstance(data, str) else json.dumps(data))
    return caught.value


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda d: d["conversations"][0].update(id='q"]c1'), "conversations[0].id"),
        (lambda d: d["conversations"][0].update(id=""), "conversations[0].id"),
        (lambda d: d["conversations"][0].update(id="c 1"), "conversations[0].id"),
        (lambda d: d["conversations"][0].update(id="c1\u200b"), "conversations[0].id"),
        (lambda d: d["conversations"][0].update(id="<img src=x>"), "conversations[0].id"),
        (lambda d: d["conversations"][0].update(id="c" * (MAX_ID_CHARS + 1)), "conversations[0].id"),
        (lambda d: d["conversations"][0]["messages"][0].update(id="u1\n"), "conversations[0].messages[0].id"),
        (
            lambda d: d["conversations"][0]["messages"][1].update(parent_id="u1'"),
            "conversations[0].messages[1].parent_id",
        ),
        (lambda d: d["conversations"][0].update(current_leaf="a2\\"), "conversations[0].current_leaf"),
        (lambda d: d["conversations"][0].update(backend_id="b1\t"), "conversations[0].backend_id"),
        (
            lambda d: d["conversations"][0].update(selected_children={"u1": "a\u202e2"}),
            "conversations[0].selected_children",
        ),
        (lambda d: d["conversations"][0].update(selected_children={"u 1": "a2"}), "conversations[0].selected_children"),
        (lambda d: d["folders"][1].update(parent_id="`f1`"), "folders[1].parent_id"),
        (lambda d: d["settings"]["backends"][0].update(id="b1>"), "settings.backends[0].id"),
        (lambda d: d["settings"].update(default_backend_id="\x00"), "settings.default_backend_id"),
        (lambda d: d["settings"].update(presets=[{"id": "p 1", "name": "P"}]), "settings.presets[0].id"),
    ],
)
def test_an_id_that_is_not_sane_refuses_the_file(edit: Any, path: str) -> None:
    """Ids and references must be 1-200 printable characters without whitespace, quotes, backslashes or <>."""
    data = fixture("plauder_export_v1.json")
    edit(data)
    problem = problem_of(parse_export, data)
    assert (problem.key, problem.params) == ("import.bad_id", {"path": path, "limit": MAX_ID_CHARS})
    assert path in translate("en", problem.key, **problem.params)


@pytest.mark.parametrize(
    "good",
    ["0190c0ffee00-0123456789abcdef0123456789abcdef", "6f1c2a9e-7b4d-4e8a-9c3f-2d1e0b5a7c64", "admin-gateway", "ü-1"],
)
def test_ids_plauder_and_other_apps_write_are_accepted(good: str) -> None:
    """new_id's, UUIDs, admin backends' and non-ASCII ids pass."""
    assert is_sane_id(good)
    data = fixture("plauder_export_v1.json")
    data["conversations"][1]["id"] = good
    assert parse_export(json.dumps(data)).conversations[1].id == good


@pytest.mark.parametrize(
    ("text_edit", "path"),
    [
        (('"created_at": 1767225600000.0', '"created_at": 1e400'), "folders[0].created_at"),
        (('"max_tokens": 256', '"max_tokens": 1152921504606846976'), "conversations[0].max_tokens"),
        (('"temperature": 0.5', '"temperature": -1e300'), "conversations[0].temperature"),
        (
            ('"prompt_tokens": 5', '"prompt_tokens": 9007199254740993'),
            "conversations[0].messages[1].usage.prompt_tokens",
        ),
        (('"exported_at": 1767225600000.0', '"exported_at": -1e999'), "exported_at"),
        (('"timeout_seconds": 120.0', '"timeout_seconds": 3e9'), "settings.backends[0].timeout_seconds"),
        (('"base_url": "http://127.0.0.1:8080"', '"base_url": "javascript:alert(1)"'), "settings.backends[0].base_url"),
        (('"base_url": "http://127.0.0.1:8080"', '"base_url": "http://[::1"'), "settings.backends[0].base_url"),
    ],
)
def test_values_the_app_cannot_use_refuse_the_file(text_edit: tuple[str, str], path: str) -> None:
    """Numbers must be finite and within ±(2^53 - 1), what JavaScript holds exactly (1e400 reads as infinity);
    a backend's URL and timeout follow the settings form's rules."""
    text = (FIXTURES / "plauder_export_v1.json").read_text("utf-8")
    old, new = text_edit
    assert old in text
    problem = problem_of(parse_export, text.replace(old, new, 1))
    assert (problem.key, problem.params) == ("import.bad_value", {"path": path})


def test_folders_nested_too_deep_refuse_the_file() -> None:
    """The sidebar draws MAX_FOLDER_DEPTH levels; a chain one deeper is refused at its deepest folder."""
    data = fixture("plauder_export_v1.json")
    chain = [{"id": f"d{i}", "name": "n", "parent_id": f"d{i - 1}" if i else None, "created_at": 0} for i in range(51)]
    data["folders"] = chain
    data["conversations"][0]["folder_id"] = None
    problem = problem_of(parse_export, data)
    assert (problem.key, problem.params) == (
        "import.too_deep",
        {"path": f"folders[{MAX_FOLDER_DEPTH}].parent_id", "limit": MAX_FOLDER_DEPTH},
    )
    data["folders"] = chain[:-1]
    assert len(parse_export(json.dumps(data)).folders) == MAX_FOLDER_DEPTH


@pytest.mark.parametrize(
    ("error", "key", "params", "hints"),
    [
        ({"message_key": "error.surprise"}, UNKNOWN_TEXT, {}, ()),
        ({"message_key": "import.restore_warning"}, UNKNOWN_TEXT, {}, ()),  # a real text, but no error's
        ({"message_key": "error.server", "params": {}}, UNKNOWN_TEXT, {}, ()),  # its {status} missing
        ({"message_key": "error.server", "params": {"status": {"a": 1}}}, UNKNOWN_TEXT, {}, ()),
        ({"message_key": "error.server", "params": {"status": 502, "x": [1]}}, "error.server", {"status": 502}, ()),
        (
            {"hint_keys": ["hint.check_key", "hint.nope", "error.network", "hint.cors"]},
            "error.network",
            {},
            ("hint.check_key",),
        ),
    ],
)
def test_error_records_are_rewritten_to_texts_the_app_has(
    error: dict[str, Any], key: str, params: dict[str, Any], hints: tuple[str, ...]
) -> None:
    """An unknown or foreign message key, or one whose placeholders its parameters do not fill, becomes the
    general sentence; parameters keep plain values; hints the app has not (or cannot fill) are dropped."""
    data = fixture("plauder_export_v1.json")
    record = data["conversations"][0]["messages"][2]["error"]
    record.update(params={}, hint_keys=[])
    record.update(error)
    read = parse_export(json.dumps(data)).messages[2].error
    assert read is not None
    assert (read.message_key, read.params, read.hint_keys, read.server_message) == (key, params, hints, "reset")


def test_a_well_formed_error_record_is_kept() -> None:
    """The fixture's own error reads back unchanged (the property tests cover many more)."""
    error = parse_export((FIXTURES / "plauder_export_v1.json").read_text("utf-8")).messages[2].error
    assert error is not None and (error.message_key, error.hint_keys) == ("error.network", ("hint.check_key",))


def test_chatgpt_ids_with_quotes_and_line_breaks_become_sane_derived_ids() -> None:
    """ChatGPT's own ids only feed Plauder's derived ids: quotes or line breaks in them never reach the page."""
    data = fixture("chatgpt_conversations.json")
    data[0]["conversation_id"] = 'q"]c1\n<b>'
    mapping = data[0]["mapping"]
    mapping['u1"]'] = mapping.pop("u1")
    for node in mapping.values():
        node["parent"] = 'u1"]' if node.get("parent") == "u1" else node.get("parent")
    snapshot = parse_chatgpt(json.dumps(data))
    ids = [c.id for c in snapshot.conversations] + [m.id for m in snapshot.messages]
    assert all(is_sane_id(item) for item in ids)
    assert all(is_sane_id(m.parent_id) for m in snapshot.messages if m.parent_id)


def test_chatgpt_times_out_of_range_refuse_the_file() -> None:
    """A create_time of 1e400 (infinity) used to crash deriving ids; now it is refused by its path."""
    text = (FIXTURES / "chatgpt_conversations.json").read_text("utf-8").replace("1700000010.0", "1e400", 1)
    problem = problem_of(parse_chatgpt, text)
    assert (problem.key, problem.params) == ("import.bad_value", {"path": "[0].mapping.u1.message.create_time"})


def test_technologic_keys_with_quotes_become_sane_derived_ids() -> None:
    data = fixture("technologic_backup.json")
    data["conversations"]['q"]c1'] = data["conversations"].pop("1")
    data["folders"]["folders"][0]["conversations"] = ['q"]c1']
    snapshot = parse_technologic(json.dumps(data))
    assert all(is_sane_id(item) for item in [c.id for c in snapshot.conversations] + [m.id for m in snapshot.messages])
    assert any(c.title == "Branching" and c.folder_id for c in snapshot.conversations)


def test_technologic_folders_nested_too_deep_refuse_the_file() -> None:
    data = fixture("technologic_backup.json")
    folder: dict[str, Any] = {"name": "/", "folders": [], "conversations": []}
    data["folders"] = folder
    for level in range(MAX_FOLDER_DEPTH + 1):
        child: dict[str, Any] = {"name": f"level {level}", "folders": [], "conversations": []}
        folder["folders"].append(child)
        folder = child
    assert problem_of(parse_technologic, data).key == "import.too_deep"
