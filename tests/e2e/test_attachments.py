"""Text files attached to a message: picked, dropped and refused, removed, sent as fenced blocks, kept
across a reload and a delete undone with their text and their original file (a Blob in the files store, downloaded
byte for byte), and read without a long task (issue 15)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.chat_ui import add_backend, choose_model, close_settings, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_folders import conversation_button, conversation_row, menu
from tests.e2e.test_lock_pictures import CLEAR, stored_files
from tests.e2e.test_screens import axe_violations

NOTES = "# Notes\n\nThe launch is on ```Tuesday```.\n"
DROP_FILE = """() => {
  const transfer = new DataTransfer();
  transfer.items.add(new File(["a,b\\n1,2\\n"], "dropped.csv", {type: "text/csv"}));
  const target = document.getElementById("messages");
  for (const type of ["dragover", "drop"]) {
    target.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
  }
}"""
# Another browser, as far as the originals go: the files store emptied.
FORGET_FILES = """async () => {
  const db = await new Promise((ok) => { const r = indexedDB.open("plauder"); r.onsuccess = () => ok(r.result); });
  await new Promise((ok) => { const t = db.transaction("files", "readwrite"); t.objectStore("files").clear();
                              t.oncomplete = ok; });
  db.close();
}"""


def ready(open_session: Callable[..., Session], app_url: str, fault_server: FaultServer) -> Session:
    session = open_session(bypass_csp=True)  # axe-core is injected
    session.boot(app_url)
    add_backend(session.page, "other", f"{fault_server.url}/v1")
    close_settings(session.page)
    choose_model(session.page, "ok")
    fault_server.reset()
    return session


def file(name: str, text: str, mime: str = "text/plain") -> dict[str, object]:
    return {"name": name, "mimeType": mime, "buffer": text.encode()}


def test_attached_files_go_to_the_model_and_stay_with_the_message(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session = ready(open_session, app_url, fault_server)
    page = session.page
    chips = page.locator("#attachments .chip")
    page.locator("#prompt").fill("Compare these files")
    page.set_input_files("#attach-input", [file("notes.md", NOTES), file("drop-me.txt", "not wanted")])
    expect(chips).to_have_count(2)
    page.evaluate(DROP_FILE)
    expect(chips).to_have_count(3)
    expect(chips.first).to_contain_text("notes.md")
    expect(chips.first).to_contain_text("41 B · about 11 tokens")
    expect(page.locator("#attach-total")).to_be_visible()

    page.set_input_files("#attach-input", [file("report.doc", "\u00d0\u00cf", "application/msword")])
    expect(page.locator("#attach-refused")).to_contain_text("“report.doc” was not attached: Plauder reads PDF")
    expect(chips).to_have_count(3)
    expect(page.locator("#prompt")).to_have_value("Compare these files")  # the typed message stays

    page.get_by_role("button", name="Remove drop-me.txt").click()
    expect(chips).to_have_count(2)
    chips.first.locator(".chip-open").click()
    expect(page.locator("#attachment-text")).to_be_visible()
    expect(page.locator("#attachment-text-body")).to_have_text(NOTES.rstrip("\n"), use_inner_text=False)
    expect(page.get_by_role("link", name="Download original")).to_be_visible()  # held until the message is stored
    assert axe_violations(page) == []
    page.locator("#close-attachment-text").click()
    assert axe_violations(page) == []

    page.locator("#send").click()
    wait_for_answer(page)
    expect(chips).to_have_count(0)
    content = fault_server.chats("ok")[-1].json()["messages"][-1]["content"]
    assert content == (
        "Compare these files\n\nAttachment: notes.md\n````\n# Notes\n\nThe launch is on ```Tuesday```.\n````"
        "\n\nAttachment: dropped.csv\n```\na,b\n1,2\n```"
    )
    originals = stored_files(page)  # raw IndexedDB: each original a Blob of its own, beside the message
    assert [(record["fields"], record["type"]) for record in originals] == [
        (CLEAR, "text/markdown"),
        (CLEAR, "text/csv"),
    ]
    assert originals[0]["head"] == base64.b64encode(NOTES.encode()[:8]).decode()

    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    # Deleted with their conversation, the originals leave the files store; Undo puts them back with it.
    menu(conversation_row(page, "Compare these files"), "delete")
    expect(page.locator("#undo-bar")).to_be_visible()
    assert stored_files(page) == []
    page.locator("#undo-button").click()
    expect(page.locator("#undo-bar")).to_be_hidden()
    assert [record["head"] for record in stored_files(page)] == [record["head"] for record in originals]
    conversation_button(page, "Compare these files").click()
    sent = page.locator('#messages article[data-role="user"] .chips .chip')
    expect(sent).to_have_count(2)
    page.set_viewport_size({"width": 320, "height": 640})
    sent.first.get_by_role("button").click()
    original = page.get_by_role("link", name="Download original")
    expect(page.locator("#attachment-text-missing")).to_be_hidden()
    with page.expect_download() as started:
        original.click()
    assert started.value.suggested_filename == "notes.md"
    assert Path(started.value.path()).read_bytes() == NOTES.encode()  # the original, byte for byte
    box = original.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 320
    assert axe_violations(page) == []
    page.locator("#close-attachment-text").click()

    # Sent again after an edit, the question shows the same originals: deleting the first branch keeps them.
    question = page.locator('#messages article[data-role="user"]')
    question.locator('button[data-action="edit"]').click()
    question.locator(".editor textarea").fill("Compare them")
    question.locator('button[data-action="resend"]').click()
    wait_for_answer(page)
    question.locator(".branch").get_by_role("button", name="Previous branch").click()
    expect(question.locator(".content")).to_have_text("Compare these files")
    question.locator('button[data-action="delete"]').click()
    expect(question.locator(".content")).to_have_text("Compare them")
    sent.first.get_by_role("button").click()
    with page.expect_download() as started:
        original.click()
    assert Path(started.value.path()).read_bytes() == NOTES.encode()
    page.locator("#close-attachment-text").click()

    # A duplicate keeps copies of the originals under ids of its own: deleting the first conversation leaves them.
    page.set_viewport_size({"width": 1280, "height": 800})
    menu(conversation_row(page, "Compare these files"), "duplicate")
    menu(conversation_row(page, "Compare these files"), "delete")
    page.reload()  # what an Undo offer held in memory is gone: the store alone shows what is left
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    conversation_button(page, "Compare these files (copy)").click()
    sent.first.get_by_role("button").click()
    with page.expect_download() as started:
        original.click()
    assert Path(started.value.path()).read_bytes() == NOTES.encode()
    page.locator("#close-attachment-text").click()

    page.evaluate(FORGET_FILES)  # as in another browser, or after an import from an older file
    sent.last.get_by_role("button").click()
    expect(page.locator("#attachment-text-title")).to_have_text("dropped.csv")
    expect(page.locator("#attachment-text-body")).to_have_text("a,b\n1,2\n", use_inner_text=False)
    expect(page.locator("#attachment-text-missing")).to_contain_text("The original file is not stored in this browser")
    expect(original).to_be_hidden()
    assert axe_violations(page) == []
    session.assert_clean()
