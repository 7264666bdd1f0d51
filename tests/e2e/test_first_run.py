"""The first run guides: with no backend the empty screen names the common servers, Send opens the way to
add one (the message stays), and an example prompt goes into the message box."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import expect

from tests.e2e.chat_ui import close_settings, last_answer, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_screens import axe_violations


def test_send_without_a_backend_opens_the_servers_and_the_message_goes_out_once_one_is_added(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session = open_session(bypass_csp=True)  # axe-core is injected
    page = session.page
    session.boot(app_url)
    servers = page.locator(".welcome .first-run")
    expect(servers).to_be_visible()
    for name in ("OpenAI", "Anthropic", "Ollama", "llama.cpp", "LM Studio", "vLLM", "LiteLLM"):
        expect(servers.locator("button strong").get_by_text(name, exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.locator("#prompt").fill("Hello from the first run")
    page.locator("#send").click()
    expect(page.locator("#settings")).to_be_visible()
    expect(page.locator("#add-backend-hint")).to_contain_text("Add a backend to send your message")
    expect(page.locator("#new-backend-server")).to_be_focused()
    expect(page.locator("#notice")).to_be_hidden()
    close_settings(page)
    expect(page.locator("#prompt")).to_have_value("Hello from the first run")

    page.locator('.first-run button[data-server="lmstudio"]').click()  # from the welcome: its usual URL
    fieldset = page.locator("#backend-list fieldset").last
    expect(fieldset.locator("legend")).to_contain_text("LM Studio")
    expect(fieldset.locator('[data-field="base_url"]')).to_have_value("http://localhost:1234/v1")
    fieldset.locator('[data-field="base_url"]').fill(fault_server.url + "/v1")
    fieldset.locator('[data-action="save"]').click()
    expect(fieldset.locator(".status")).to_have_attribute("data-ok", "true", timeout=30_000)
    close_settings(page)
    expect(servers).to_be_hidden()  # a backend exists: the welcome keeps only the examples

    page.locator("#send").click()
    wait_for_answer(page)
    expect(page.locator('#messages article[data-role="user"] .content')).to_have_text("Hello from the first run")
    expect(last_answer(page).locator(".content")).not_to_be_empty()
    session.assert_clean()


def test_an_example_prompt_goes_into_the_message_box(session: Session, app_url: str) -> None:
    page = session.page
    session.boot(app_url)
    example = page.locator(".welcome .examples button").first
    example.click()
    expect(page.locator("#prompt")).to_have_value(example.inner_text().strip())
    expect(page.locator("#prompt")).to_be_focused()
    session.assert_clean()
