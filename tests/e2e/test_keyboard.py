"""The keyboard's way through the page: a skip link first, and the conversation list as one tab stop whose
rows the arrow keys move between and whose row menus the context-menu key opens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.e2e.chat_ui import close_settings
from tests.e2e.conftest import Session
from tests.e2e.test_exchange import choose_file
from tests.e2e.test_screens import axe_violations
from tests.e2e.test_sidebar_dates import ZONE, backup

ROWS = "#conversations .sidebar-row > button"
# Every element inside `root` that the Tab key stops at, in document order.
TAB_STOPS = """root => [...document.querySelector(root).querySelectorAll("a[href], button, summary, select, textarea, input")]
  .filter(e => e.tabIndex >= 0 && !e.disabled
               && !e.closest('[hidden], dialog:not([open]), details:not([open]) > :not(summary)'))
  .map(e => e.id || e.className)"""


def focused_row(page: Page) -> int:
    """The index of the row whose button has the focus, or -1."""
    return int(page.evaluate(f"[...document.querySelectorAll('{ROWS}')].indexOf(document.activeElement)"))


def test_a_skip_link_leads_to_the_message_box_and_the_list_is_one_tab_stop(
    open_session: Callable[..., Session], app_url: str
) -> None:
    session = open_session(bypass_csp=True, timezone_id=ZONE, viewport={"width": 1280, "height": 800})
    page = session.page
    session.boot(app_url)
    choose_file(page, "backup.json", backup(datetime.now(ZoneInfo(ZONE))))
    page.locator("#import-merge").click()
    expect(page.locator("#exchange-status")).to_have_text("Imported 6 conversations.", timeout=30_000)
    close_settings(page)
    rows = page.locator(ROWS)
    expect(rows).to_have_count(7)  # six conversations and the folder "Work"

    skip = page.locator("a.skip-link")
    assert page.evaluate(TAB_STOPS, "body")[0] == "skip-link"  # the first of the page
    page.locator("#new-chat").focus()
    page.keyboard.press("Shift+Tab")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to message box")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["width"] > 0  # visible once focused
    page.keyboard.press("Enter")
    expect(page.locator("#prompt")).to_be_focused()

    # One tab stop for the whole list (it was two per row: the row and its menu button).
    assert len(page.evaluate(TAB_STOPS, "#conversations")) == 1
    page.locator("#open-search").focus()
    page.keyboard.press("Tab")
    assert focused_row(page) == 0
    page.keyboard.press("Tab")
    expect(page.locator("#open-settings")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert focused_row(page) == 2
    page.keyboard.press("ArrowUp")
    assert focused_row(page) == 1
    page.keyboard.press("End")
    assert focused_row(page) == 6
    page.keyboard.press("ArrowDown")  # the last row stays the last
    assert focused_row(page) == 6
    page.keyboard.press("Home")
    assert focused_row(page) == 0
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # back into the list: on the row the keyboard left
    assert focused_row(page) == 1

    page.keyboard.press("Shift+F10")  # the row's menu, from the keyboard
    menu = page.locator("#conversations details.row-menu[open]")
    expect(menu).to_have_count(1)
    expect(menu.locator(".menu-items button").first).to_be_focused()
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    assert focused_row(page) == 1
    page.keyboard.press("ContextMenu")
    expect(menu).to_have_count(1)
    page.keyboard.press("Escape")
    assert focused_row(page) == 1
    session.assert_clean()
