"""The conversation list by date: headings (Pinned, Today, Yesterday, ..., a month) in the user's time zone,
pinning from the row menu, kept over a reload, in both languages, on a desktop and in the phone's drawer; an
untitled conversation reads "New chat" but is named apart from the New chat button."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from plauder.core.exchange import export_json
from plauder.core.exchange.snapshot import Snapshot
from plauder.core.records import Conversation, Folder
from tests.e2e.chat_ui import close_settings, header_action
from tests.e2e.conftest import Session
from tests.e2e.test_exchange import choose_file
from tests.e2e.test_folders import conversation_row, menu, reload
from tests.e2e.test_screens import axe_violations

ZONE = "Pacific/Auckland"  # far from the test machine's UTC: a date taken in UTC would be off by a day half the time


def backup(now: datetime) -> bytes:
    """An export whose conversations were last active today, yesterday, 4 and 20 days ago, in February 2024,
    and one in a folder, all as dates in ZONE."""
    today = now.date()

    def at(days_ago: int, title: str, folder_id: str | None = None) -> Conversation:
        moment = datetime.combine(today - timedelta(days=days_ago), time(12), now.tzinfo)
        ms = min(moment, now - timedelta(seconds=1)).timestamp() * 1000
        return Conversation(f"c-{title.replace(' ', '-')}", title, ms, ms, folder_id=folder_id)

    feb = datetime(2024, 2, 10, 12, tzinfo=now.tzinfo).timestamp() * 1000
    conversations = (
        at(0, "Fresh"),
        at(1, "Last night"),
        at(4, "This week"),
        at(20, "This month"),
        Conversation("c-feb", "Winter plans", feb, feb),
        at(0, "Filed away", folder_id="f-work"),
    )
    snapshot = Snapshot(folders=(Folder("f-work", "Work", None, feb),), conversations=conversations)
    return export_json(snapshot, include_keys=False, exported_at_ms=now.timestamp() * 1000).encode()


def headings(page: Page) -> list[str]:
    return [str(text) for text in page.locator("#conversations h2").all_inner_texts()]


def row_titles(page: Page) -> list[str]:
    return [str(text) for text in page.locator("#conversations .conversation-title").all_inner_texts()]


def test_the_list_is_grouped_by_date_and_pinning_puts_a_conversation_on_top(
    open_session: Callable[..., Session], app_url: str
) -> None:
    session = open_session(bypass_csp=True, timezone_id=ZONE, viewport={"width": 1280, "height": 800})
    page = session.page
    session.boot(app_url)
    choose_file(page, "backup.json", backup(datetime.now(ZoneInfo(ZONE))))
    page.locator("#import-merge").click()
    expect(page.locator("#exchange-status")).not_to_be_empty(timeout=30_000)
    close_settings(page)

    expect(page.locator("#conversations h2")).to_have_count(5)
    assert headings(page) == ["Today", "Yesterday", "Previous 7 days", "Previous 30 days", "February 2024"]
    assert row_titles(page) == ["Filed away", "Fresh", "Last night", "This week", "This month", "Winter plans"]

    menu(conversation_row(page, "Winter plans"), "pin")
    expect(page.locator("#conversations h2").first).to_have_text("Pinned")
    assert headings(page) == ["Pinned", "Today", "Yesterday", "Previous 7 days", "Previous 30 days"]
    assert row_titles(page)[:2] == ["Filed away", "Winter plans"]
    expect(page.locator("#conversations button.conversation", has_text="Winter plans")).to_be_focused()
    expect(conversation_row(page, "Winter plans").locator(".pin-mark")).to_have_count(1)
    assert axe_violations(page) == []

    reload(page)  # the pin is stored
    expect(page.locator("#conversations h2").first).to_have_text("Pinned")
    menu(conversation_row(page, "Filed away"), "pin")  # in a folder: first in it, the folder stays where it is
    expect(conversation_row(page, "Filed away").locator(".pin-mark")).to_have_count(1)
    menu(conversation_row(page, "Winter plans"), "unpin")
    # Five headings before the redraw too (Pinned and four dates): wait for the list as it is after it.
    expect(page.locator("#conversations h2").first).to_have_text("Today")
    expect(page.locator("#conversations h2")).to_have_count(5)
    assert row_titles(page)[-1] == "Winter plans"

    # A conversation started from Parameters is untitled: it reads "New chat", named apart from the button.
    page.locator("#new-chat").click()
    header_action(page, "#open-parameters").click()
    page.locator("#save-parameters").click()
    expect(page.get_by_role("button", name="New chat (untitled)")).to_have_count(1)
    expect(page.get_by_role("button", name="New chat", exact=True)).to_have_count(1)
    expect(page.locator("#chat-title")).to_have_text("New chat")

    page.locator("#open-settings").click()
    page.locator("#language-select").select_option("de")
    close_settings(page)
    assert headings(page)[:2] == ["Heute", "Gestern"] and headings(page)[-1] == "Februar 2024"
    expect(page.get_by_role("button", name="Neuer Chat (ohne Titel)")).to_have_count(1)
    expect(page.locator("#chat-title")).to_have_text("Neuer Chat")
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 390, "height": 844})  # the phone's drawer holds the same list
    page.locator("#open-sidebar").click()
    expect(page.locator("#conversations h2").first).to_be_visible()
    assert axe_violations(page) == []
    session.assert_clean()
