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
