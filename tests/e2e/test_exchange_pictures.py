"""Pictures through export and import (issue 15): the export file carries their bytes, and a restore or a merge
in another browser stores them back byte for byte, showing the thumbnail; files of messages a restore removes go."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.chat_ui import add_backend, choose_model, close_settings, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.png import png
from tests.e2e.test_exchange import FIXTURES, choose_file, download, import_file, open_settings, raw_database
from tests.e2e.test_image_generation import ask, drawing
from tests.e2e.test_images import picture, shown

# A stored picture's record and its Blob's bytes, read straight from IndexedDB (base64), or null.
STORED_FILE = """async (id) => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open("plauder"); r.onsuccess = () => ok(r.result);
                                             r.onerror = () => no(r.error); });
  const record = await new Promise((ok) => { const r = db.transaction("files").objectStore("files").get(id);
                                             r.onsuccess = () => ok(r.result); });
  db.close();
  if (!record) return null;
  const bytes = new Uint8Array(await record.blob.arrayBuffer());
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return {message_id: record.message_id, type: record.blob.type, data: btoa(text)};
}"""
DELETE_FILE = """async (id) => {
  const db = await new Promise((ok) => { const r = indexedDB.open("plauder"); r.onsuccess = () => ok(r.result); });
  await new Promise((ok) => { const t = db.transaction("files", "readwrite"); t.objectStore("files").delete(id);
                              t.oncomplete = ok; });
  db.close();
}"""
SENT = '#messages article[data-role="user"] .thumb img'


def stored_file(page: Page, file_id: str) -> dict[str, str] | None:
    found: dict[str, str] | None = page.evaluate(STORED_FILE, file_id)
    return found


def started(open_session: Callable[..., Session], app_url: str, fault_server: FaultServer) -> Session:
    """A new browser profile (its own empty database) talking to the fault server's "ok" model."""
    session = open_session()
    session.boot(app_url)
    add_backend(session.page, "other", f"{fault_server.url}/v1")
    close_settings(session.page)
    choose_model(session.page, "ok")
    return session


def send_picture(page: Page, prompt: str, name: str, width: int, height: int) -> None:
    page.locator("#prompt").fill(prompt)
    page.set_input_files("#attach-input", [picture(name, width, height)])
    expect(page.locator("#attachments .thumb")).to_have_count(1)
    answers = page.locator('#messages article[data-role="assistant"]')
    before = answers.count()
    page.locator("#send").click()
    expect(answers).to_have_count(before + 1)  # the answer to this question, not the last one before it
    wait_for_answer(page)
    shown(page, SENT)


def test_a_restore_elsewhere_brings_the_pictures_bytes_back(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """A picture sent in one browser is in its export (and its conversation's) as base64 equal to the stored Blob; restored in a fresh
    browser, whose own conversation with a picture it replaces, the Blob there is the same bytes under the same
    id, the thumbnail shows, and the replaced conversation's picture is gone from the files store. The same file
    again offers nothing; with the bytes gone (as after a version-1 import) it offers and merges just those."""
    first = started(open_session, app_url, fault_server)
    page = first.page
    send_picture(page, "What is in this picture?", "dots.png", 300, 200)
    [record] = raw_database(page)["files"]
    original = stored_file(page, record["id"])
    assert original is not None and original["type"] == "image/png"
    page.locator("#export-menu summary").click()
    _, alone = download(page, lambda: page.locator("#export-json").click())  # one conversation: its bytes too
    assert [f["data"] for f in json.loads(alone)["files"]] == [original["data"]]
    open_settings(page)
    _, text = download(page, lambda: page.locator("#export-all").click())
    exported = json.loads(text)
    assert exported["version"] == 3
    assert exported["files"] == [
        {"id": record["id"], "message_id": original["message_id"], "media_type": "image/png", "data": original["data"]}
    ]
    first.assert_clean()

    second = started(open_session, app_url, fault_server)
    other = second.page
    send_picture(other, "And this one?", "other.png", 40, 30)
    [own] = raw_database(other)["files"]
    choose_file(other, "export.json", text.encode())
    expect(other.locator("#import-found")).to_contain_text("Found: a Plauder export.", timeout=30_000)
    other.locator("#import-restore").click()
    other.locator("#import-restore-apply").click()
    expect(other.locator("#exchange-status")).to_have_text("Restored from the file: 1 conversations.")
    assert [f["id"] for f in raw_database(other)["files"]] == [record["id"]]  # the replaced one's picture is gone
    assert stored_file(other, own["id"]) is None
    assert stored_file(other, record["id"]) == original  # byte for byte, under the same id and message
    assert base64.b64decode(original["data"]).startswith(b"\x89PNG")
    close_settings(other)
    other.locator("#conversations button.conversation", has_text="What is in this picture").first.click()
    shown(other, SENT)
    assert other.locator(SENT).evaluate("img => [img.naturalWidth, img.naturalHeight]") == [300, 200]

    choose_file(other, "export.json", text.encode())  # all here now, bytes included
    expect(other.locator("#import-found")).to_contain_text("Everything in this file is already here.")
    other.locator("#import-cancel", has_text="Close").click()
    other.evaluate(DELETE_FILE, record["id"])  # the bytes missing, as after importing a version-1 file
    choose_file(other, "export.json", text.encode())
    expect(other.locator("#import-found")).to_contain_text(
        "It brings the bytes of 1 pictures or attached files that are missing here."
    )
    other.locator("#import-merge").click()
    expect(other.locator("#exchange-status")).to_have_text("Added the bytes of 1 pictures or attached files.")
    assert stored_file(other, record["id"]) == original
    second.assert_clean()


def test_a_merge_elsewhere_brings_a_drawn_pictures_bytes_back(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """An answer of pictures from an image backend, exported and merged into a fresh browser: its picture is
    there byte for byte under the same id, and shows."""
    first = drawing(open_session, app_url, fault_server)
    page = first.page
    ask(page, "A red fox in the snow", size="256x256")
    [record] = raw_database(page)["files"]
    original = stored_file(page, record["id"])
    assert original is not None and base64.b64decode(original["data"]).startswith(b"\x89PNG")
    open_settings(page)
    _, text = download(page, lambda: page.locator("#export-all").click())
    assert [f["data"] for f in json.loads(text)["files"]] == [original["data"]]
    first.assert_clean()

    second = started(open_session, app_url, fault_server)
    other = second.page
    import_file(
        other,
        "export.json",
        text.encode(),
        "Found: a Plauder export.",
        "The file adds 1 conversations with 2 messages, and 0 folders.",
        "Imported 1 conversations.",
    )
    assert stored_file(other, record["id"]) == original
    close_settings(other)
    other.locator("#conversations button.conversation", has_text="A red fox").first.click()
    shown(other, '#messages article[data-role="assistant"] .thumb img')
    second.assert_clean()


def test_a_chatgpt_export_zip_brings_its_pictures(session: Session, app_url: str) -> None:
    """ChatGPT's data export as downloaded, a ZIP: the picture its conversations.json points to is in the ZIP, so
    it is stored byte for byte and shows in the question; the text says so where only a reference is left."""
    page = session.page
    session.boot(app_url)
    data = json.loads((FIXTURES / "chatgpt_conversations.json").read_text("utf-8"))
    parts = data[0]["mapping"]["u1b"]["message"]["content"]["parts"]
    parts.insert(1, {"content_type": "image_asset_pointer", "asset_pointer": "sediment://file_gone"})
    bytes_ = png(30, 20)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("conversations.json", json.dumps(data))
        archive.writestr("file-abc-dots.png", bytes_)
    import_file(
        page,
        "chatgpt-export.zip",
        buffer.getvalue(),
        "Found: a ChatGPT data export.",
        "It brings the bytes of 1 pictures",
        "Imported 2 conversations.",
    )
    [record] = raw_database(page)["files"]
    stored = stored_file(page, record["id"])
    assert stored is not None and base64.b64decode(stored["data"]) == bytes_ and stored["type"] == "image/png"
    close_settings(page)
    page.locator("#conversations button.conversation", has_text="Branches and pictures").click()
    question = page.locator('#messages article[data-role="user"]').first
    expect(question.locator(".content")).to_have_text(
        "[image not in the imported file: file_gone]\n\nWhat is in this picture?"
    )
    shown(page, SENT)
    assert page.locator(SENT).evaluate("img => [img.naturalWidth, img.naturalHeight]") == [30, 20]
    session.assert_clean()
