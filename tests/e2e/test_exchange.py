"""Export and import in the real browser: downloads hold what they say, imports merge, restore, or refuse whole."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from plauder.core.exchange import Snapshot, export_json
from plauder.core.records import Conversation, Message, Role
from tests.e2e.chat_ui import add_backend, choose_model, close_settings, send, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_lock import RAW_DATABASE

FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "fixtures" / "exchange"
SECRET = "sk-export-test-4b1d"
QUESTION = "Please remember the word heliotrope."


def raw_database(page: Page) -> dict[str, list[dict[str, Any]]]:
    return json.loads(page.evaluate(RAW_DATABASE))


def download(page: Page, click: Callable[[], None]) -> tuple[str, str]:
    """The suggested file name and the text of the download that `click` starts."""
    with page.expect_download() as started:
        click()
    file = started.value
    return file.suggested_filename, Path(file.path()).read_text("utf-8")


def open_settings(page: Page) -> None:
    if not page.locator("#settings").is_visible():
        page.locator("#open-settings").click()


def choose_file(page: Page, name: str, content: bytes) -> None:
    open_settings(page)
    page.locator("#import-file").set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": content}]
    )


def import_file(page: Page, name: str, content: bytes, found: str, summary: str, done: str) -> None:
    """Choose a file, check what the confirmation says it holds, merge it, and wait for the result."""
    choose_file(page, name, content)
    expect(page.locator("#import-found")).to_contain_text(found, timeout=30_000)
    expect(page.locator("#import-found")).to_contain_text(summary)
    page.locator("#import-merge").click()
    expect(page.locator("#exchange-status")).to_have_text(done, timeout=30_000)
    expect(page.locator("#import-confirm")).to_be_hidden()


def many_messages(conversations: int, each: int) -> bytes:
    """A Plauder export of `conversations` conversations of `each` messages, made with core's own exporter."""
    made, messages = [], []
    for c in range(conversations):
        for m in range(each):
            parent = f"many{c}m{m - 1}" if m else None
            role = Role.USER if m % 2 == 0 else Role.ASSISTANT
            messages.append(Message(f"many{c}m{m}", f"many{c}", parent, role, f"Message {m}", 1_700_000_000_000.0 + m))
        made.append(Conversation(f"many{c}", f"Many {c}", 1_700_000_000_000.0, 1_700_000_000_000.0))
    snapshot = Snapshot(conversations=tuple(made), messages=tuple(messages))
    return export_json(snapshot, include_keys=False, exported_at_ms=1_700_000_000_000.0).encode()


def test_export_then_import_into_a_fresh_browser(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """Everything exports (keys only when ticked), one conversation exports as Markdown, and an export
    merges into an empty browser whole (its other tab shows it too); merging it again changes nothing."""
    first = open_session()
    page = first.page
    first.boot(app_url)
    add_backend(page, "other", f"{fault_server.url}/v1", api_key=SECRET)
    close_settings(page)
    choose_model(page, "ok")
    send(page, QUESTION)
    wait_for_answer(page)

    page.locator("#export-menu summary").click()
    name, markdown = download(page, lambda: page.locator("#export-markdown").click())
    assert name.endswith(".md")
    assert markdown.startswith("# ")
    assert f"## User\n\n{QUESTION}" in markdown
    assert "## Assistant\n\nHello from the fault server." in markdown
    page.locator("#export-menu summary").click()
    name, tree = download(page, lambda: page.locator("#export-json").click())
    alone = json.loads(tree)
    assert name.endswith(".json") and alone["format"] == "plauder-export" and SECRET not in tree
    assert [len(c["messages"]) for c in alone["conversations"]] == [2]

    open_settings(page)
    name, text = download(page, lambda: page.locator("#export-all").click())
    assert name.startswith("plauder-export-") and name.endswith(".json")
    expect(page.locator("#exchange-status")).to_have_text(f"Downloaded {name}.")
    without_keys = json.loads(text)
    assert without_keys["format"] == "plauder-export" and without_keys["includes_api_keys"] is False
    assert SECRET not in text
    [conversation] = without_keys["conversations"]
    assert [m["content"] for m in conversation["messages"]] == [QUESTION, "Hello from the fault server."]

    page.locator("#export-keys").check()
    _, text = download(page, lambda: page.locator("#export-all").click())
    with_keys = json.loads(text)
    assert with_keys["includes_api_keys"] is True
    assert [b["api_key"] for b in with_keys["settings"]["backends"]] == [SECRET]
    first.assert_clean()

    second = open_session()  # a new browser profile: an empty database
    page = second.page
    second.boot(app_url)
    other_tab = page.context.new_page()
    other_tab.goto(app_url)
    other_tab.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    page.bring_to_front()
    exported = json.dumps(without_keys).encode()
    import_file(
        page,
        "export.json",
        exported,
        "Found: a Plauder export.",
        "The file adds 1 conversations with 2 messages, and 0 folders.",
        "Imported 1 conversations.",
    )
    expect(other_tab.locator("#conversations button.conversation")).to_have_count(1)  # told over the channel
    close_settings(page)
    page.locator("#conversations button.conversation").first.click()
    expect(page.locator("#messages article")).to_have_count(2)
    expect(page.locator('#messages article[data-role="user"]')).to_contain_text(QUESTION)
    before = raw_database(page)
    assert len(before["conversations"]) == 1 and len(before["messages"]) == 2

    choose_file(page, "export.json", exported)  # one's own export again: nothing to merge or restore
    expect(page.locator("#import-found")).to_contain_text("Everything in this file is already here. Nothing changes.")
    expect(page.locator("#import-merge")).to_be_hidden()
    expect(page.locator("#import-restore")).to_be_hidden()
    page.locator("#import-cancel", has_text="Close").click()
    expect(page.locator("#exchange-status")).to_have_text("Nothing was imported.")
    assert raw_database(page) == before
    second.assert_clean()


def test_foreign_formats_import_and_broken_files_change_nothing(session: Session, app_url: str) -> None:
    """ChatGPT and Technologic files import with every branch; a cut-off or foreign file is refused with
    its reason and leaves the database as it was; a restore replaces everything after a second click."""
    page = session.page
    session.boot(app_url)
    chatgpt = (FIXTURES / "chatgpt_conversations.json").read_bytes()
    import_file(
        page,
        "conversations.json",
        chatgpt,
        "Found: a ChatGPT data export.",
        "The file adds 2 conversations with 6 messages",
        "Imported 2 conversations.",
    )
    expect(page.locator("#import-restore")).to_be_hidden()  # only Plauder's own export restores
    close_settings(page)
    page.locator("#new-folder").click()  # a "Work" made here by hand: the backup's "Work" goes into it
    page.locator("#name-input").fill("Work")
    page.locator("#name-input").press("Enter")
    import_file(
        page,
        "backup.json",
        (FIXTURES / "technologic_backup.json").read_bytes(),
        "Found: a Technologic backup.",
        "The file adds 3 conversations with 6 messages, and 2 folders.",
        "Imported 3 conversations.",
    )
    before = raw_database(page)
    assert len(before["conversations"]) == 5 and len(before["folders"]) == 3
    expect(page.locator("#conversations .folder-name", has_text="Work")).to_have_count(1)
    siblings = Counter((m["conversation_id"], m.get("parent_id")) for m in before["messages"])
    assert max(siblings.values()) >= 2  # branches arrived as siblings under one parent
    expect(page.locator("#conversations button.conversation")).to_have_count(5)

    choose_file(page, "cut.json", chatgpt[: len(chatgpt) // 2])
    expect(page.locator("#exchange-status")).to_contain_text("The file ends in the middle of its content")
    expect(page.locator("#exchange-status")).to_have_attribute("data-ok", "false")
    choose_file(page, "other.json", b'{"hello": "world"}')
    expect(page.locator("#exchange-status")).to_contain_text("not in a format Plauder knows")
    expect(page.locator("#import-confirm")).to_be_hidden()
    assert raw_database(page) == before

    # More records than one turn of a write places (200, web/idb.REQUESTS_PER_TURN): all of them land.
    import_file(
        page,
        "many.json",
        many_messages(3, 100),
        "Found: a Plauder export.",
        "The file adds 3 conversations with 300 messages",
        "Imported 3 conversations.",
    )
    grown = raw_database(page)
    assert len(grown["messages"]) == len(before["messages"]) + 300 and len(grown["conversations"]) == 8

    choose_file(page, "plauder.json", (FIXTURES / "plauder_export_v1.json").read_bytes())
    expect(page.locator("#import-found")).to_contain_text("Found: a Plauder export.", timeout=30_000)
    page.locator("#import-restore").click()
    expect(page.locator("#import-restore-confirm")).to_be_visible()
    assert raw_database(page) == grown  # the first click only warns
    page.locator("#import-restore-apply").click()
    expect(page.locator("#exchange-status")).to_have_text("Restored from the file: 2 conversations.")
    after = raw_database(page)
    assert sorted(c["title"] for c in after["conversations"]) == ["Empty", "Trees"]
    assert len(after["messages"]) == 3 and len(after["folders"]) == 2
    expect(page.locator("#conversations button.conversation")).to_have_count(2)
    session.assert_clean()
