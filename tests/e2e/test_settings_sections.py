"""Settings in sections: a list of them beside the column (above it on phones) brings each into view and
marks the one being read, and Close stays in view however far the column scrolls."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Session
from tests.e2e.test_screens import axe_violations, page_width

SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True},
}


def open_settings(page: Page) -> None:
    """Settings is at the foot of the conversation list: on a phone, in the drawer."""
    if page.locator("#open-sidebar").is_visible():
        page.locator("#open-sidebar").click()
    page.locator("#open-settings").click()


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_section_list_leads_to_each_section_and_close_stays_in_view(
    open_session: Callable[..., Session], app_url: str, screen: str
) -> None:
    session = open_session(bypass_csp=True, **SCREENS[screen])  # axe-core is injected
    page = session.page
    session.boot(app_url)
    open_settings(page)
    nav = page.locator(".settings-nav")
    expect(nav.locator('button[aria-current="true"]')).to_have_text("Backends")
    assert axe_violations(page) == []

    nav.get_by_role("button", name="About this installation").click()
    expect(page.locator("#about-title")).to_be_in_viewport()
    expect(nav.locator('button[aria-current="true"]')).to_have_text("About this installation")
    expect(page.locator("#close-settings")).to_be_in_viewport()
    assert page_width(page) <= SCREENS[screen]["viewport"]["width"]  # type: ignore[index]

    page.locator(".settings-sections").evaluate("column => column.scrollTo(0, 0)")
    expect(nav.locator('button[aria-current="true"]')).to_have_text("Backends")  # marked by scrolling

    nav.get_by_role("button", name="Passphrase lock").click()
    expect(page.locator("#lock-title")).to_be_in_viewport()
    page.locator("#close-settings").click()
    expect(page.locator("#settings")).to_be_hidden()
    open_settings(page)  # opened again: from the top
    expect(nav.locator('button[aria-current="true"]')).to_have_text("Backends")
    session.assert_clean()
