"""Every screen: a phone (390x844, touch) and a desktop window (1280x800). The page is never wider than
the screen, the conversation list opens from the menu on a phone, Esc stops an answer wherever the focus
is, and axe-core finds no violations in the states visited."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.chat_ui import add_backend, choose_model, close_settings, last_answer, send, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations (rule ids with the first offending element), in the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations.map(v => `${v.id}: ${v.nodes[0].target}`)")
    return list(found)


def chatting(open_session: Callable[..., Session], app_url: str, fault_server: FaultServer, **options: object) -> Page:
    """A booted page (axe-core needs the page's CSP bypassed to be injected) with one exchange in it."""
    session = open_session(bypass_csp=True, **options)
    session.boot(app_url)
    page = session.page
    if page.locator("#open-sidebar").is_visible():
        page.locator("#open-sidebar").click()  # on a phone, settings are in the drawer
    add_backend(page, "other", f"{fault_server.url}/v1")
    close_settings(page)
    choose_model(page, "ok")
    send(page, "Hello from a small screen")
    wait_for_answer(page)
    return page


def test_a_phone_gets_a_drawer_and_nothing_wider_than_the_screen(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    page = chatting(open_session, app_url, fault_server, **PHONE)
    assert page_width(page) <= 390
    expect(page.locator("#conversations")).not_to_be_visible()
    assert axe_violations(page) == []

    page.locator("#open-sidebar").click()
    expect(page.locator("#open-sidebar")).to_have_attribute("aria-expanded", "true")
    conversation = page.locator("#conversations button.conversation").first
    expect(conversation).to_be_visible()
    assert page_width(page) <= 390
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(conversation).not_to_be_visible()
    expect(page.locator("#open-sidebar")).to_be_focused()

    page.locator("#open-sidebar").click()
    page.locator("#new-chat").click()  # a choice closes the drawer
    expect(page.locator("#conversations")).not_to_be_visible()
    page.locator("#open-sidebar").click()
    page.locator("#conversations button.conversation").first.click()
    expect(page.locator("#conversations")).not_to_be_visible()
    expect(last_answer(page)).to_be_visible()

    page.locator("#open-sidebar").click()
    page.locator("#open-settings").click()
    expect(page.locator("#settings")).to_be_visible()
    assert page_width(page) <= 390
    close = page.locator("#close-settings")
    close.scroll_into_view_if_needed()
    close.click()
    expect(page.locator("#settings")).to_be_hidden()
    assert page_width(page) <= 390


def test_a_desktop_shows_the_sidebar_without_a_menu_button(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    page = chatting(open_session, app_url, fault_server, **DESKTOP)
    expect(page.locator("#open-sidebar")).to_be_hidden()
    expect(page.locator("#conversations button.conversation")).to_have_count(1)
    assert page_width(page) <= 1280
    assert axe_violations(page) == []


def test_escape_stops_an_answer_wherever_the_focus_is(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """After Regenerate the focus is on the page, not in the message box: Esc still stops the answer."""
    session.boot(app_url)
    page = session.page
    add_backend(page, "other", f"{fault_server.url}/v1")
    close_settings(page)
    choose_model(page, "ok")
    send(page, "First")
    wait_for_answer(page)
    choose_model(page, "slow")
    last_answer(page).locator('button[data-action="regenerate"]').click()
    expect(page.locator("#stop")).to_be_visible()
    page.locator("#chat-title").click()  # the focus leaves every control
    page.keyboard.press("Escape")
    answer = wait_for_answer(page)
    expect(answer.locator(".meta")).to_contain_text("stopped")
