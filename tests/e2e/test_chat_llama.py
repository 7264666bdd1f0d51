"""Chatting with a REAL llama.cpp server, set up through the settings UI as a user would."""

from __future__ import annotations

import json
import re
import time
import urllib.request

from playwright.sync_api import expect

from tests.e2e.chat_ui import (
    add_backend,
    assert_streamed,
    close_settings,
    header_action,
    last_answer,
    send,
    set_parameters,
    wait_for_answer,
    watch_answer,
)
from tests.e2e.conftest import Session

LONG_ANSWER_PROMPT = "Write a very long story about a dragon, at least 2000 words."


def slots_busy(llama_url: str) -> bool:
    with urllib.request.urlopen(f"{llama_url}/slots", timeout=5) as response:
        return any(slot.get("is_processing") for slot in json.load(response))


def test_configure_chat_and_find_everything_after_reload(
    session: Session, app_url: str, llama_url: str, llama_model: str
) -> None:
    """Add llama.cpp in settings, see its models fetched, get a streamed answer, reload and find it all again."""
    session.boot(app_url)
    page = session.page
    backend = add_backend(page, "other", f"{llama_url}/v1")
    expect(backend.locator(".status")).to_contain_text("Connected: the backend lists 1 model.")
    expect(backend.locator(".models")).to_contain_text(llama_model)
    close_settings(page)
    expect(page.locator("#model-select option:checked")).to_have_text(llama_model)

    watch_answer(page)
    send(page, "Name three colours.")
    expect(page.locator('#messages article[data-role="user"] .content')).to_have_text("Name three colours.")
    answer = wait_for_answer(page)
    final = answer.locator(".content").inner_text()
    assert final.strip()
    assert_streamed(page, final)
    expect(answer.locator(".meta")).to_contain_text(re.compile(r"\d+ prompt \+ \d+ answer tokens"))
    expect(page.locator("#prompt")).to_have_value("")
    header_action(page, "#open-parameters").click()  # the conversation's total, from the server's counts
    expect(page.locator("#usage-total")).to_contain_text(
        re.compile(r"So far \d+ prompt \+ \d+ answer tokens, in 1 answer")
    )
    expect(page.locator("#usage-estimate")).to_contain_text(re.compile(r"next message carries about \d+ tokens"))
    page.locator("#cancel-parameters").click()

    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    page.locator("#conversations button.conversation").first.click()  # titled by the model meanwhile
    expect(page.locator('#messages article[data-role="user"] .content')).to_have_text("Name three colours.")
    expect(last_answer(page).locator(".content")).to_have_text(final)
    session.assert_clean()


def test_stop_aborts_the_generation_on_the_server(session: Session, app_url: str, llama_url: str) -> None:
    """Stop cuts the request: llama.cpp stops generating, and the partial answer stays, marked as stopped."""
    session.boot(app_url)
    page = session.page
    add_backend(page, "other", f"{llama_url}/v1")
    close_settings(page)
    # At temperature 0 SmolLM2 answers this with a story that runs to the demo server's cap of 512 tokens
    # (seconds of writing): it is still writing when Stop is pressed.
    set_parameters(page, temperature="0")
    send(page, LONG_ANSWER_PROMPT)
    content = last_answer(page).locator(".content")
    expect(content).to_have_text(re.compile(r"\w+(\W+\w+){10}"), timeout=60_000)
    assert slots_busy(llama_url)
    page.locator("#stop").click()
    answer = wait_for_answer(page)
    expect(answer.locator(".meta")).to_contain_text("stopped")
    partial = answer.locator(".content").inner_text()
    assert partial.strip()
    deadline = time.monotonic() + 5
    while slots_busy(llama_url):
        assert time.monotonic() < deadline, "llama.cpp kept generating after Stop"
        time.sleep(0.1)
    expect(answer.locator(".content")).to_have_text(partial)
    expect(answer.locator('button[data-action="continue"]')).to_be_visible()

    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    page.locator("#conversations button.conversation").first.click()
    expect(last_answer(page).locator(".content")).to_have_text(partial)
    expect(last_answer(page).locator(".meta")).to_contain_text("stopped")
    session.assert_clean()
