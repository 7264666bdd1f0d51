"""A small phone (320x640, touch), a phone (390x844, touch), a tablet (768x1024, touch) and a desktop window (1280x800): the first run,
the chat, the conversation list, settings and parameters, in light and dark, are never wider than the
viewport, cut nothing off at its sides nor scroll sideways where not meant to, and have no axe-core violation.

With PLAUDER_SCREENSHOTS=1 the test also writes a screenshot of each of these states to screenshots/
(ignored by git), named <screen>-<state>.png, for a reviewer to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.chat_ui import close_settings, header_action
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_screens import DESKTOP, PHONE, axe_violations, chat_once, page_width, sideways

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
SMALL_PHONE = {"viewport": {"width": 320, "height": 640}, "has_touch": True, "is_mobile": True}
TABLET = {"viewport": {"width": 768, "height": 1024}, "has_touch": True, "is_mobile": True}
SCREENS = {
    "small-phone": (SMALL_PHONE, 320),
    "phone": (PHONE, 390),
    "tablet": (TABLET, 768),
    "desktop": (DESKTOP, 1280),
}


def screenshot(page: Page, name: str) -> None:
    """Keep what the page shows as screenshots/<name>.png, when PLAUDER_SCREENSHOTS=1 asks for it."""
    if os.environ.get("PLAUDER_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png")


@pytest.mark.parametrize("screen", SCREENS)
def test_no_screen_or_dialog_is_wider_than_the_viewport(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer, screen: str
) -> None:
    """Every state checked for width and by axe-core; "Ctrl K" shows only where there is a pointer that
    hovers (a keyboard is likely), not on touch screens."""
    options, width = SCREENS[screen]
    session = open_session(bypass_csp=True, **options)  # axe-core needs the page's CSP bypassed to be injected
    session.boot(app_url)
    page = session.page

    def fits(state: str) -> None:
        assert (state, page_width(page)) <= (state, width)
        assert (state, sideways(page)) == (state, [])
        assert (state, axe_violations(page)) == (state, [])
        screenshot(page, f"{screen}-{state}")

    fits("first-run")
    chat_once(page, fault_server)
    fits("chat")
    page.emulate_media(color_scheme="dark")
    fits("chat-dark")
    page.emulate_media(color_scheme="light")

    if page.locator("#open-sidebar").is_visible():
        page.locator("#open-sidebar").click()
    expect(page.locator("#conversations button.conversation")).to_be_visible()
    if screen == "desktop":
        expect(page.locator("#open-search kbd")).to_be_visible()
    else:
        expect(page.locator("#open-search kbd")).to_be_hidden()
    fits("conversations")

    page.locator("#open-settings").click()
    expect(page.locator("#settings")).to_be_visible()
    fits("settings")
    close_settings(page)

    if width <= 720:  # a phone folds the header's actions behind its ⋯ button
        expect(page.locator("#open-parameters")).to_be_hidden()
    header_action(page, "#open-parameters").click()
    expect(page.locator("#parameters")).to_be_visible()
    fits("parameters")
    page.locator("#cancel-parameters").click()
    expect(page.locator("#parameters")).to_be_hidden()
    assert page_width(page) <= width
