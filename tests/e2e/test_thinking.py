"""A reasoning model's thinking: shown live above the answer, collapsed with its time once the answer
starts, kept over a reload, and never sent back to the model."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.chat_ui import add_backend, choose_model, close_settings, last_answer, send, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import THOUGHT, TOKENS, FaultServer
from tests.e2e.test_screens import axe_violations

THOUGHT_FOR = re.compile(r"^Thought for \d+ s$")


@pytest.mark.parametrize("model", ["reasoning", "think-tags"])
def test_thinking_streams_collapses_is_kept_and_never_sent_back(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer, model: str
) -> None:
    """`reasoning_content` deltas and `<think>` in the text alike."""
    session = open_session(bypass_csp=True)  # axe-core is injected
    page = session.page
    session.boot(app_url)
    add_backend(page, "other", f"{fault_server.url}/v1")
    close_settings(page)
    fault_server.reset()
    choose_model(page, model, "OpenAI-compatible")
    send(page, "Hi")

    thinking = last_answer(page).locator("details.thinking")
    expect(thinking.locator("summary")).to_have_text("Thinking…")
    expect(thinking).to_have_attribute("open", "")
    expect(thinking.locator(".thinking-text")).to_contain_text("The user wants")

    answer = wait_for_answer(page)
    expect(answer.locator(".content")).to_have_text("".join(TOKENS))
    expect(thinking).not_to_have_attribute("open", "")
    expect(thinking.locator("summary")).to_have_text(THOUGHT_FOR)
    thinking.locator("summary").click()
    expect(thinking.locator(".thinking-text")).to_have_text("".join(THOUGHT))
    assert axe_violations(page) == []

    session.boot(app_url)  # the start reopens the conversation
    kept = last_answer(page).locator("details.thinking")
    expect(kept.locator("summary")).to_have_text(THOUGHT_FOR)
    expect(kept.locator(".thinking-text")).to_have_text("".join(THOUGHT))

    send(page, "And again?")
    expect(page.locator("#messages article")).to_have_count(4)
    expect(last_answer(page)).not_to_have_class(re.compile("streaming"), timeout=20_000)  # slow on purpose
    asked = [exchange.json()["messages"] for exchange in fault_server.chats(model) if not exchange.title]
    assert len(asked) == 2
    assert [m["content"] for m in asked[1]] == ["Hi", "".join(TOKENS), "And again?"]
