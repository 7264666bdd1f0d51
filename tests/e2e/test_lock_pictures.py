"""The passphrase lock seals pictures' bytes with the conversations (issue 15): the files store holds no picture
readable without the passphrase, and the pictures still show once it is given."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.chat_ui import close_settings, use_fault_server
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_exchange_pictures import SENT, send_picture
from tests.e2e.test_images import shown
from tests.e2e.test_lock import PASSPHRASE, reload, set_lock

# Each record of the files store: its fields, and the first bytes of the Blob it holds (plain or sealed), base64.
STORED_FILES = """async () => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open("plauder"); r.onsuccess = () => ok(r.result);
                                             r.onerror = () => no(r.error); });
  const records = await new Promise((ok) => { const r = db.transaction("files").objectStore("files").getAll();
                                              r.onsuccess = () => ok(r.result); });
  db.close();
  const found = [];
  for (const record of records) {
    const blob = record.blob || record.sealed_blob;
    const head = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
    found.push({fields: Object.keys(record).sort(), type: blob.type, head: btoa(String.fromCharCode(...head))});
  }
  return found;
}"""
PNG_HEAD = "iVBORw0KGgo="  # base64 of the PNG signature, \\x89PNG\\r\\n\\x1a\\n
CLEAR = ["blob", "conversation_id", "id", "message_id"]
SEALED = ["conversation_id", "id", "iv", "message_id", "sealed_blob"]


def stored_files(page: Page) -> list[dict[str, object]]:
    found: list[dict[str, object]] = page.evaluate(STORED_FILES)
    return found


def unlock(page: Page) -> None:
    page.locator("#unlock-passphrase").fill(PASSPHRASE)
    page.locator("#unlock-apply").click()
    expect(page.locator("#unlock")).to_be_hidden(timeout=30_000)


def test_a_lock_on_conversations_seals_the_pictures_bytes(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """Setting the lock seals a stored picture (no PNG signature, no media type in the clear); after a reload and
    the passphrase it shows again, a picture sent then is stored sealed too, and removing the lock unseals both."""
    page = session.page
    session.boot(app_url)
    use_fault_server(page, fault_server, "ok")
    send_picture(page, "What is in this picture?", "dots.png", 300, 200)
    assert stored_files(page) == [{"fields": CLEAR, "type": "image/png", "head": PNG_HEAD}]  # the control

    page.locator("#open-settings").click()
    page.locator("#lock-conversations").check()
    set_lock(page, PASSPHRASE, PASSPHRASE)
    expect(page.locator("#lock-status")).to_contain_text("conversations are now stored encrypted", timeout=30_000)
    [sealed] = stored_files(page)
    assert sealed["fields"] == SEALED and sealed["type"] == "" and sealed["head"] != PNG_HEAD

    reload(page)
    unlock(page)
    page.locator("#conversations button.conversation", has_text="What is in this picture").click()
    shown(page, SENT)
    assert page.locator(SENT).evaluate("img => [img.naturalWidth, img.naturalHeight]") == [300, 200]
    send_picture(page, "And this one?", "small.png", 40, 30)
    assert [f["fields"] for f in stored_files(page)] == [SEALED, SEALED]
    assert all(f["head"] != PNG_HEAD for f in stored_files(page))

    page.locator("#open-settings").click()
    page.locator("#lock-remove").click()
    unlock(page)
    expect(page.locator("#lock-status")).to_contain_text("The lock is removed", timeout=30_000)
    assert stored_files(page) == [{"fields": CLEAR, "type": "image/png", "head": PNG_HEAD}] * 2
    close_settings(page)
    reload(page)
    page.locator("#conversations button.conversation", has_text="What is in this picture").click()
    shown(page, SENT)
    session.assert_clean()
