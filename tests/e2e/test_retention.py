"""Automatic deletion (issue 16, core/retention.py), seen in the page: with 30 days set in Settings, Storage,
the next start deletes the unpinned conversations idle longer, from the list, IndexedDB (their messages and
files too), the start-up copy in localStorage and another tab's list and search, says how many once, and
keeps the pinned and recent ones; the next start, with nothing due, says nothing."""

from __future__ import annotations

import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from plauder.core.exchange import export_json
from plauder.core.exchange.snapshot import Snapshot
from plauder.core.records import Attachment, Conversation, Message, Role
from plauder.core.retention import DAY_MS
from tests.e2e.chat_ui import close_settings, wait_for_renderer
from tests.e2e.conftest import BOOT_TIMEOUT_MS, Session
from tests.e2e.test_exchange import choose_file
from tests.e2e.test_folders import reload
from tests.e2e.test_screens import axe_violations, page_width
from tests.e2e.test_settings_sections import open_settings
from tests.e2e.test_viewports import screenshot

STORED_IDS = """async () => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open("plauder"); r.onsuccess = () => ok(r.result); r.onerror = no; });
  const ids = (store) => new Promise((ok, no) => {
    const q = db.transaction(store).objectStore(store).getAllKeys(); q.onsuccess = () => ok(q.result.sort()); q.onerror = no;
  });
  const found = {conversations: await ids("conversations"), messages: await ids("messages")};
  db.close();
  return found;
}"""
KEPT = ["c-fresh", "c-pinned"]
FILE = Attachment("budget.txt", 21, "text/plain", "zeppelin budget lines")
GONE_TITLES = ("Old quarterly notes", "Older travel plans")


def backup(now_ms: float) -> bytes:
    """Two conversations idle 40 and 100 days (one with a file), one idle 200 days but pinned, one of yesterday."""

    def chat(
        key: str, title: str, days: float, words: str, pinned: bool = False, files: tuple[Attachment, ...] = ()
    ) -> tuple[Conversation, list[Message]]:
        at = now_ms - days * DAY_MS
        question = Message(f"{key}-q", f"c-{key}", None, Role.USER, words, at - 1000, attachments=files)
        answer = Message(f"{key}-a", f"c-{key}", question.id, Role.ASSISTANT, f"Noted, {title}.", at)
        conversation = Conversation(f"c-{key}", title, at - 1000, at, current_leaf=answer.id, pinned=pinned)
        return conversation, [question, answer]

    chats = [
        chat("fresh", "Fresh idea", 1, "marmalade recipe"),
        chat("old", "Old quarterly notes", 40, "quarterly zeppelin figures", files=(FILE,)),
        chat("older", "Older travel plans", 100, "lighthouse itinerary"),
        chat("pinned", "Pinned reference", 200, "kept walrus glossary", pinned=True),
    ]
    snapshot = Snapshot(
        conversations=tuple(c for c, _ in chats), messages=tuple(m for _, messages in chats for m in messages)
    )
    return export_json(snapshot, include_keys=False, exported_at_ms=now_ms).encode()


def titles(page: Page) -> list[str]:
    return [str(text) for text in page.locator("#conversations .conversation-title").all_inner_texts()]


def searched(page: Page, words: str) -> None:
    page.locator("#open-search").click()
    page.locator("#search-input").fill(words)


def test_conversations_idle_longer_than_the_days_set_go_at_the_next_start_and_pinned_ones_stay(
    open_session: Callable[..., Session], app_url: str
) -> None:
    session = open_session(bypass_csp=True, viewport={"width": 1280, "height": 800})  # axe-core is injected
    page = session.page
    session.boot(app_url)
    choose_file(page, "backup.json", backup(time.time() * 1000))
    page.locator("#import-merge").click()
    expect(page.locator("#exchange-status")).not_to_be_empty(timeout=30_000)
    close_settings(page)
    expect(page.locator("#conversations .conversation-title")).to_have_count(4)
    assert len(page.evaluate(STORED_IDS)["messages"]) == 8

    other = (
        page.context.new_page()
    )  # another tab started before any days were set, with its search index built over all four
    other.goto(app_url)
    other.locator("html[data-boot=ready]").wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)
    searched(other, "zeppelin")
    expect(other.locator("#search-results button.hit")).to_have_count(1)
    other.keyboard.press("Escape")

    open_settings(page)
    page.locator(".settings-nav").get_by_role("button", name="Storage").click()
    days = page.locator("#retention-days")
    expect(days).to_have_value("")  # nobody set anything: kept for ever
    days.fill("thirty")
    page.locator("#save-retention").click()
    expect(page.locator("#retention-status")).to_contain_text("Not saved: type a whole number of days")
    days.fill("30")
    page.locator("#save-retention").click()
    expect(page.locator("#retention-status")).to_have_text(
        "Saved: conversations without activity for 30 days are deleted at the next start, and daily after."
    )
    assert axe_violations(page) == []
    screenshot(page, "retention-desktop")
    page.set_viewport_size({"width": 320, "height": 640})
    page.locator("#retention-days").scroll_into_view_if_needed()
    assert page_width(page) <= 320
    assert axe_violations(page) == []
    screenshot(page, "retention-320")
    page.set_viewport_size({"width": 1280, "height": 800})
    close_settings(page)
    expect(page.locator("#conversations .conversation-title")).to_have_count(4)  # saving deleted nothing yet

    reload(page)
    notice = page.locator("#notice")
    expect(notice).to_have_text(
        "2 conversations without recent activity were deleted automatically (Settings, Storage)."
    )
    assert sorted(titles(page)) == ["Fresh idea", "Pinned reference"]
    assert page.evaluate(STORED_IDS) == {
        "conversations": KEPT,
        "messages": ["fresh-a", "fresh-q", "pinned-a", "pinned-q"],
    }
    page.wait_for_function(  # the start-up copy is written again after the list is drawn
        "titles => titles.every(title => !Object.values({...localStorage}).some(value => value.includes(title)))",
        arg=list(GONE_TITLES),
    )
    assert "Fresh idea" in str(page.evaluate("JSON.stringify({...localStorage})"))

    expect(other.locator("#conversations .conversation-title")).to_have_count(2)  # the other tab was told
    searched(other, "zeppelin")
    expect(other.locator("#search-results .empty")).to_be_visible()
    other.locator("#search-input").fill("walrus")
    expect(other.locator("#search-results button.hit")).to_have_count(1)
    other.close()

    reload(page)  # nothing is due any more: nothing is said
    wait_for_renderer(page)  # (deleting comes before the renderer after a start: it has run by now)
    expect(notice).to_be_hidden()
    assert sorted(titles(page)) == ["Fresh idea", "Pinned reference"]
    assert page.evaluate(STORED_IDS)["conversations"] == KEPT
    session.assert_clean()
