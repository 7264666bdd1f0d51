"""The model's context size from a REAL llama.cpp server (its model list says n_ctx 2048): named in the
Parameters dialog, and a message that would not fit is held with a warning before it is sent; Send again
sends it, and the server's refusal shows as the answer's error."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.chat_ui import add_backend, close_settings, header_action, wait_for_answer
from tests.e2e.conftest import Session

LONG = "word " * 2500  # 12,500 characters: about 3,100 tokens by the estimate, 2,500 by SmolLM2's tokenizer


def test_a_message_longer_than_the_context_is_held_once_with_a_warning(
    session: Session, app_url: str, llama_url: str, llama_model: str
) -> None:
    session.boot(app_url)
    page = session.page
    add_backend(page, "other", f"{llama_url}/v1")
    close_settings(page)
    header_action(page, "#open-parameters").click()
    expect(page.locator("#usage-estimate")).to_contain_text("The model takes up to 2,048 tokens, as its server says.")
    page.locator("#cancel-parameters").click()

    page.locator("#prompt").fill(LONG)
    page.locator("#send").click()
    warning = page.locator("#notice")
    expect(warning).to_contain_text(re.compile(rf"about \d+ tokens, more than the 2048 that {llama_model} takes"))
    expect(page.locator("#messages article")).to_have_count(0)  # nothing was sent
    expect(page.locator("#prompt")).to_have_value(LONG)

    page.locator("#send").click()  # the user's choice: send it anyway
    problem = wait_for_answer(page).locator(".problem")
    expect(problem).to_contain_text("exceeds the available context size")  # the server's own words
    refused = f"400 {llama_url}/v1/chat/completions"
    assert session.record.failed_responses == [refused]
    assert all("400" in error for error in session.record.console_errors)
    assert session.record.non_local_requests() == [] and session.record.page_errors == []
    assert session.csp_violations() == []
