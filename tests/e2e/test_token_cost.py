"""What answers cost, with a real llama.cpp server: a price typed in Settings, Prices shows beside the server's
token counts and as the conversation's total, and both screens stay free of axe-core violations."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import expect

from tests.e2e.chat_ui import add_backend, close_settings, header_action, send, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.test_screens import axe_violations


def test_a_price_set_in_settings_costs_each_answer_and_the_conversation(
    open_session: Callable[..., Session], app_url: str, llama_url: str, llama_model: str
) -> None:
    session = open_session(bypass_csp=True)  # axe-core needs the page's CSP bypassed to be injected
    session.boot(app_url)
    page = session.page
    add_backend(page, "other", f"{llama_url}/v1")
    page.locator('.settings-nav button[data-section="prices-section"]').click()
    page.locator("#prices-currency").fill("EUR")
    page.locator("#prices-models").fill(f"{llama_model} 2000 4000.5\nnot a price line")
    page.locator("#save-prices").click()
    expect(page.locator("#prices-status")).to_have_text(
        "Not saved: line 2 does not read as a model name and two prices of 0 or more."
    )
    page.locator("#prices-models").fill(f"{llama_model} 2000 4000.5")
    page.locator("#save-prices").click()
    expect(page.locator("#prices-status")).to_have_text("Saved: a price for 1 model.")
    assert axe_violations(page) == []
    close_settings(page)

    send(page, "Name three colours.")
    answer = wait_for_answer(page)
    # A few dozen tokens at 2,000 / 4,000.50 EUR a million: cents, so shown to the cent.
    expect(answer.locator(".meta")).to_contain_text(re.compile(r"\d+ prompt \+ \d+ answer tokens · \d+\.\d\d EUR"))
    header_action(page, "#open-parameters").click()
    expect(page.locator("#usage-total")).to_contain_text(re.compile(r"in 1 answer\. They cost \d+\.\d\d EUR\."))
    assert axe_violations(page) == []
    page.locator("#cancel-parameters").click()
    session.assert_clean()
