"""Storage: settings say how much is stored and whether the browser may evict it; a full disk loses nothing."""

from __future__ import annotations

import base64
import random
import re
from urllib.parse import urlsplit

from playwright.sync_api import CDPSession, expect

from tests.e2e.chat_ui import send, use_fault_server, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.png import noise_png
from tests.e2e.test_exchange_pictures import SENT
from tests.e2e.test_images import open_conversation, shown

QUOTA = 1_000_000  # bytes: room for settings and a short conversation
# About 2 MB that do not compress (Chromium compresses what IndexedDB stores).
BIG_MESSAGE = base64.b64encode(random.Random(7).randbytes(1_500_000)).decode()


def set_quota(cdp: CDPSession, origin: str, size: int | None) -> None:
    """Chromium's own quota for the origin (DevTools protocol, while `cdp` lives): writes beyond it fail for real."""
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin, **({"quotaSize": size} if size else {})})


def test_settings_show_usage_and_persistence(session: Session, app_url: str) -> None:
    page = session.page
    session.boot(app_url)
    page.locator("#open-settings").click()
    expect(page.locator("#storage-usage")).to_have_text(
        re.compile(r"^This browser stores [\d.]+ (B|KB|MB) for Plauder \(of [\d.]+ (MB|GB|TB) it allows\)\.$")
    )
    persistence = page.locator("#storage-persistence")
    expect(persistence).to_have_attribute("data-persistent", re.compile("^(true|false)$"))
    granted = page.evaluate("navigator.storage.persisted()")
    expected = "keeps these data" if granted else "Export your conversations regularly"
    expect(persistence).to_contain_text(expected)


def test_a_full_disk_says_so_and_keeps_the_message(session: Session, app_url: str, fault_server: FaultServer) -> None:
    page = session.page
    parts = urlsplit(app_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    cdp = page.context.new_cdp_session(page)
    set_quota(cdp, origin, QUOTA)  # before the database opens: Chromium applies it to new connections
    session.boot(app_url)
    use_fault_server(page, fault_server, "ok")
    send(page, "A first message that fits.")
    wait_for_answer(page)

    send(page, BIG_MESSAGE)
    expect(page.locator("#notice")).to_contain_text("Saving failed (QuotaExceededError)", timeout=30_000)
    assert page.locator("#prompt").input_value() == BIG_MESSAGE  # the text is still there to send again
    expect(page.locator('#messages article[data-role="user"]')).to_have_count(1)

    set_quota(cdp, origin, None)
    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    page.locator("#conversations button.conversation").first.click()
    expect(page.locator('#messages article[data-role="user"]')).to_have_count(1)  # stored data are consistent
    expect(page.locator('#messages article[data-role="assistant"]')).to_have_text(re.compile("Hello from the fault"))


def test_a_picture_too_big_for_the_disk_loses_nothing(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """A picture of about 3 MB that does not compress, sent with a message under a 1 MB quota: the write fails for
    real, the notice says the storage is full, the text and the picture stay in the box and nothing half is stored;
    with room again the same send goes through and the picture is there after a reload."""
    page = session.page
    parts = urlsplit(app_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    cdp = page.context.new_cdp_session(page)
    set_quota(cdp, origin, QUOTA)
    session.boot(app_url)
    use_fault_server(page, fault_server, "ok")
    send(page, "A first message that fits.")
    wait_for_answer(page)

    page.locator("#prompt").fill("What is in this noise?")
    page.set_input_files(
        "#attach-input", [{"name": "noise.png", "mimeType": "image/png", "buffer": noise_png(1200, 900)}]
    )
    expect(page.locator("#attachments .thumb")).to_have_count(1)
    page.locator("#send").click()
    expect(page.locator("#notice")).to_contain_text("storage for Plauder is full", timeout=30_000)
    assert page.locator("#prompt").input_value() == "What is in this noise?"
    expect(page.locator("#attachments .thumb")).to_have_count(1)
    expect(page.locator('#messages article[data-role="user"]')).to_have_count(1)

    set_quota(cdp, origin, None)
    page.locator("#send").click()
    wait_for_answer(page)
    expect(page.locator('#messages article[data-role="user"]')).to_have_count(2)
    expect(page.locator("#attachments .thumb")).to_have_count(0)
    open_conversation(page, "A first message")
    shown(page, SENT)
    assert page.locator(SENT).evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1200, 900]
    session.assert_clean()
