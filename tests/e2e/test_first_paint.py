"""Past conversations at first paint: a start paints the list and the last open conversation from the copy the
app keeps, before Python is ready, inert until Python takes over, with nothing flashing in between.

Python is held back by holding the runtime's WebAssembly download (a route that answers only when the test
lets it go), so the test sees exactly what the page shows before Python runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from playwright.sync_api import Page, Route, expect

from tests.e2e.chat_ui import (
    choose_model,
    last_answer,
    send,
    use_fault_server,
    wait_for_answer,
    wait_for_renderer,
)
from tests.e2e.conftest import BOOT_TIMEOUT_MS, Session
from tests.e2e.fault_server import FaultServer

PYTHON_RUNTIME = re.compile(r"pyodide\.asm\.wasm$")
ANSWER = "Hello from the fault server."
# Watches the thread from the first paint on: did the empty screen or an unrendered answer ever show?
WATCH_THREAD = """
document.addEventListener("DOMContentLoaded", () => {
  window.__flashes = [];
  const thread = document.getElementById("messages");
  new MutationObserver(() => {
    if (thread.querySelector(".welcome")) __flashes.push("welcome");
    if (thread.querySelector(".content.plain")) __flashes.push("plain");
  }).observe(thread, {childList: true, subtree: true});
});
"""
COPY = """() => { const key = Object.keys(localStorage).find((k) => k.startsWith("plauder:first-paint:"));
                  return key ? localStorage.getItem(key) : null; }"""


def titles(page: Page) -> list[str]:
    return page.locator("#conversations button.conversation .conversation-title").all_inner_texts()


def reload_holding_python(page: Page) -> list[Route]:
    """Reload with Python's runtime held back; returns the held requests (continue them to let Python start)."""
    held: list[Route] = []
    page.route(PYTHON_RUNTIME, lambda route: held.append(route))
    page.reload(wait_until="domcontentloaded")
    expect(page.locator("html")).to_have_attribute("data-boot", "loading")
    return held


def let_python_start(page: Page, held: list[Route]) -> None:
    for _ in range(300):  # the runtime's request comes once the page's scripts asked for it
        if held:
            break
        page.wait_for_timeout(100)
    for route in held:
        route.continue_()
    page.unroute(PYTHON_RUNTIME)
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)


def chat_twice(page: Page, fault_server: FaultServer) -> None:
    """Two conversations with an answer each; the first is left open."""
    use_fault_server(page, fault_server, "ok")
    send(page, "The first question for the first paint")
    wait_for_answer(page)
    page.locator("#new-chat").click()
    send(page, "The second question for the first paint")
    wait_for_answer(page)
    page.locator("#conversations button.conversation", has_text="first question").click()
    expect(page.locator('#messages article[data-role="user"] .content')).to_contain_text("first question")
    wait_for_renderer(page)


def test_a_start_paints_the_list_and_the_open_conversation_then_python_takes_over_without_a_flash(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    page = session.page
    session.boot(app_url)
    chat_twice(page, fault_server)
    drawn_titles, drawn_title = titles(page), page.locator("#chat-title").inner_text()

    page.context.add_init_script(WATCH_THREAD)
    held = reload_holding_python(page)
    expect(page.locator("html")).to_have_attribute("data-first-paint", "cached")
    assert titles(page) == drawn_titles  # the list as it was, before Python runs
    expect(page.locator("#chat-title")).to_have_text(drawn_title)
    expect(page.locator('#messages article[data-role="user"] .content')).to_have_text(
        "The first question for the first paint"
    )
    expect(last_answer(page).locator(".content")).to_have_text(ANSWER)
    assert page.evaluate("[conversations.inert, messages.inert]") == [True, True]  # seen, not used

    let_python_start(page, held)
    wait_for_renderer(page)
    expect(page.locator("#messages")).not_to_have_attribute("inert", "")
    expect(page.locator("html")).not_to_have_attribute("data-first-paint", re.compile(".*"))
    assert titles(page) == drawn_titles  # what Python draws is what was painted
    expect(last_answer(page).locator(".content")).to_have_text(ANSWER)
    assert page.evaluate("window.__flashes") == []
    send(page, "A follow-up once Python runs")  # the reopened conversation is the open one
    wait_for_answer(page)
    expect(page.locator('#messages article[data-role="user"]')).to_have_count(2)
    session.assert_clean()


def test_another_builds_copy_is_not_painted(session: Session, app_url: str, fault_server: FaultServer) -> None:
    page = session.page
    session.boot(app_url)
    chat_twice(page, fault_server)
    page.context.add_init_script(  # before the page's scripts run: the copy is another build's
        """(() => {
             const key = Object.keys(localStorage).find((k) => k.startsWith("plauder:first-paint:"));
             if (key) localStorage.setItem(key, JSON.stringify({...JSON.parse(localStorage.getItem(key)), build: "other"}));
           })();"""
    )
    held = reload_holding_python(page)
    expect(page.locator("#conversations .empty")).to_be_visible()  # the page as built: no list painted
    assert page.evaluate("document.documentElement.dataset.firstPaint") is None
    let_python_start(page, held)
    expect(page.locator("#conversations button.conversation")).to_have_count(2)
    session.assert_clean()


def test_sealed_conversations_are_never_kept_in_the_clear(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    page = session.page
    session.boot(app_url)
    chat_twice(page, fault_server)
    page.locator("#open-settings").click()
    page.locator("#lock-passphrase").fill("a long passphrase")
    page.locator("#lock-repeat").fill("a long passphrase")
    page.locator("#lock-conversations").check()
    page.locator("#lock-apply").click()
    expect(page.locator("#lock-status")).to_contain_text("conversations are now stored encrypted", timeout=30_000)
    copy = page.evaluate(COPY)
    assert json.loads(copy)["sealed"] is True
    assert "first question" not in copy and "first paint" not in copy and ANSWER not in copy

    held = reload_holding_python(page)
    expect(page.locator("html")).to_have_attribute("data-first-paint", "sealed")
    expect(page.locator("#conversations .empty")).to_have_text(
        "Your conversations are locked. Unlock them with your passphrase to see them."
    )
    expect(page.locator("#messages .welcome")).to_be_visible()
    let_python_start(page, held)
    expect(page.locator("#unlock")).to_be_visible()
    copy = page.evaluate(COPY)
    assert "first question" not in copy and ANSWER not in copy
    session.assert_clean()


def test_a_change_in_another_tab_reaches_the_copy(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session = open_session()
    first = session.page
    session.boot(app_url)
    chat_twice(first, fault_server)
    second = first.context.new_page()
    second.goto(app_url)
    second.locator("html[data-boot=ready]").wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)
    second.locator("#new-chat").click()
    choose_model(second, "ok")
    send(second, "Written in the other tab")
    wait_for_answer(second)
    second.close()
    expect(first.locator("#conversations button.conversation")).to_have_count(3)  # heard and drawn

    held = reload_holding_python(first)  # the copy this tab wrote as it went
    expect(first.locator("#conversations button.conversation")).to_have_count(3)
    expect(first.locator("#conversations button.conversation", has_text="other tab")).to_be_visible()
    let_python_start(first, held)
    session.assert_clean()
