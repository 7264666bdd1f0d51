"""Search (Ctrl+K) finds words across all conversations, titles and every branch, highlighted, and opens the
conversation on the branch that holds the match, scrolled to the message."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.chat_ui import (
    last_answer,
    send,
    use_fault_server,
    wait_for_answer,
)
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer


def test_search_jumps_to_a_message_in_another_branch(session: Session, app_url: str, fault_server: FaultServer) -> None:
    page = session.page
    session.boot(app_url)
    use_fault_server(page, fault_server, "scripted")
    fault_server.queue_answer("Emperor penguins huddle through the Antárctic winter.")
    send(page, "Tell me about penguins")
    wait_for_answer(page)
    fault_server.queue_answer("Zebras are striped.")
    last_answer(page).locator('button[data-action="regenerate"]').click()
    expect(last_answer(page).locator(".content")).to_have_text("Zebras are striped.")
    wait_for_answer(page)

    page.locator("#new-chat").click()
    fault_server.queue_answer("Nothing about birds here.")
    send(page, "Something else entirely")
    wait_for_answer(page)

    page.keyboard.press("Control+k")
    expect(page.locator("#search")).to_be_visible()
    page.locator("#search-input").fill("antarctic EMPEROR")  # any order, any case, no accents needed
    hit = page.locator("#search-results button.hit")
    expect(hit).to_have_count(1)
    expect(hit.locator("strong")).to_have_text("Tell me about penguins")
    expect(hit.locator("mark")).to_have_text(["Emperor", "Antárctic"])
    page.locator("#search-input").press("Enter")

    expect(page.locator("#search")).to_be_hidden()
    expect(page.locator("#chat-title")).to_have_text("Tell me about penguins")
    found = page.locator("#messages article.found")
    expect(found).to_have_attribute("data-role", "assistant")
    expect(found).to_be_focused()  # the keyboard goes on from the message found
    expect(found.locator(".content")).to_have_text("Emperor penguins huddle through the Antárctic winter.")

    page.keyboard.press("Control+k")
    page.locator("#search-input").fill("entirely")
    expect(page.locator("#search-results button.hit").first).to_contain_text("in the title")
    page.locator("#search-input").fill("platypus")
    expect(page.locator("#search-results .empty")).to_have_text("No message contains all of these words.")
    page.keyboard.press("Escape")
    expect(page.locator("#search")).to_be_hidden()

    page.keyboard.press("Control+Shift+O")  # a new chat from the keyboard
    expect(page.locator("#chat-title")).to_have_text("New chat")
