"""Two tabs at once: both write, nothing is lost, and each shows the other's changes without a reload."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.chat_ui import add_backend, choose_model, close_settings, last_answer, send, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer


def titles(page: Page) -> list[str]:
    return page.locator("#conversations button.conversation").all_inner_texts()


def test_two_tabs_writing_at_once_keep_everything(session: Session, app_url: str, fault_server: FaultServer) -> None:
    first = session.page
    session.boot(app_url)
    second = first.context.new_page()
    second.goto(app_url)
    second.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)

    add_backend(first, "other", f"{fault_server.url}/v1")
    close_settings(first)
    expect(second.locator("#model-select option", has_text="slow")).to_have_count(1)  # the backend came over
    choose_model(first, "slow")
    choose_model(second, "slow")

    send(first, "Written in the first tab")  # both answers stream, and are stored, at the same time
    send(second, "Written in the second tab")
    for page in (first, second):  # a few seconds of both tabs writing, then stop both
        expect(last_answer(page).locator(".content")).to_contain_text("tick " * 10, timeout=30_000)
    for page in (first, second):
        page.locator("#stop").click()
        wait_for_answer(page)
    for page in (first, second):
        expect(page.locator("#conversations button.conversation")).to_have_count(2)
        assert sorted(titles(page)) == ["Written in the first tab", "Written in the second tab"]

    # The second tab continues the first tab's conversation; the first tab, showing it, follows.
    first.locator("#conversations button.conversation", has_text="first tab").click()
    second.locator("#conversations button.conversation", has_text="first tab").click()
    for page in (first, second):  # opened: a model chosen before would be the conversation's shown before
        expect(page.locator("#chat-title")).to_have_text("Written in the first tab")
    choose_model(second, "ok")
    # The choice is stored before the message goes (the first tab, showing the conversation, follows it then): a
    # send right after the picker changed could still go to the model before.
    expect(first.locator("#model-select option:checked")).to_have_text("ok")
    send(second, "A follow-up from the second tab")
    expect(second.locator('#messages article[data-role="user"]')).to_have_count(2)  # this turn's, not the last
    wait_for_answer(second)
    expect(first.locator('#messages article[data-role="user"]')).to_have_count(2)
    expect(first.locator('#messages article[data-role="user"]').last).to_contain_text("follow-up from the second")
    expect(first.locator('#messages article[data-role="assistant"]').last.locator(".content")).to_have_text(
        "Hello from the fault server."
    )

    for page in (first, second):  # and after a reload, everything is stored
        page.reload()
        page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
        expect(page.locator("#conversations button.conversation")).to_have_count(2)
