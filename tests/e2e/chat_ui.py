"""What a user does in the chat UI, as steps the chat tests share."""

from __future__ import annotations

import re
import weakref

from playwright.sync_api import Locator, Page, expect

from tests.e2e.fault_server import FaultServer

ANSWER_TIMEOUT_MS = 60_000
STREAMING = re.compile(r"\bstreaming\b")
ANSWERS = '#messages article[data-role="assistant"]'
# The last answer the page showed when send() pressed Enter (its message id, "" for none): the question and its
# answer are drawn a moment later, and until then that answer is still the last. wait_for_answer waits past it.
_SHOWN_BEFORE_SEND: weakref.WeakKeyDictionary[Page, str] = weakref.WeakKeyDictionary()
LAST_ANSWER_ID = """(selector) => {
  const answers = document.querySelectorAll(selector);
  return answers.length ? answers[answers.length - 1].dataset.id : "";
}"""
# Records every text the last answer shows while it streams, so a test can see it grow.
WATCH_ANSWER = """() => {
  window.__answerTexts = [];
  new MutationObserver(() => {
    const answers = document.querySelectorAll('#messages article[data-role="assistant"] .content');
    const last = answers[answers.length - 1];
    if (last && window.__answerTexts.at(-1) !== last.textContent) window.__answerTexts.push(last.textContent);
  }).observe(document.getElementById("messages"), {subtree: true, childList: true, characterData: true});
}"""


def add_backend(
    page: Page, server: str, url: str, api_key: str = "", timeout_seconds: int | None = None, image_models: str = ""
) -> Locator:
    """Open settings, add a backend for `server` (core.servers: "other" is any OpenAI-compatible one), fill it
    in (its image models too, if given) and save+test it; returns its fieldset."""
    if not page.locator("#settings").is_visible():
        page.locator("#open-settings").click()
    page.locator("#new-backend-server").select_option(server)
    fieldsets = page.locator("#backend-list fieldset")
    before = fieldsets.count()
    page.locator("#add-backend").click()
    expect(fieldsets).to_have_count(before + 1)  # the new one is drawn: only now is it the last
    fieldset = page.locator("#backend-list fieldset").last
    fieldset.locator('[data-field="base_url"]').fill(url)
    if api_key:
        fieldset.locator('[data-field="api_key"]').fill(api_key)
    if timeout_seconds is not None:
        fieldset.locator('[data-field="timeout_seconds"]').fill(str(timeout_seconds))
    if image_models:
        fieldset.locator('[data-field="image_models"]').fill(image_models)
    fieldset.locator('[data-action="save"]').click()
    status = page.locator("#backend-list fieldset").last.locator(".status")
    # data-ok appears once the save began (the new fieldset has none); then wait for the test's verdict.
    expect(status).to_have_attribute("data-ok", re.compile(r"^(true|false)$"), timeout=ANSWER_TIMEOUT_MS)
    expect(status).not_to_have_text("Testing the connection…", timeout=ANSWER_TIMEOUT_MS)
    return page.locator("#backend-list fieldset").last


def use_fault_server(page: Page, fault_server: FaultServer, model: str) -> None:
    """The fault server as the one backend (any OpenAI-compatible server), `model` chosen, settings closed."""
    add_backend(page, "other", f"{fault_server.url}/v1")
    close_settings(page)
    choose_model(page, model)


def header_action(page: Page, selector: str) -> Locator:
    """One of the header's actions; on a phone the header's ⋯ button unfolds them first."""
    if page.locator("#more-actions").is_visible() and not page.locator(selector).is_visible():
        page.locator("#more-actions").click()
    return page.locator(selector)


def wait_for_renderer(page: Page) -> None:
    """The answer renderer loads after the start; until then answers show as plain text."""
    page.locator("html[data-renderer=ready]").wait_for(state="attached", timeout=ANSWER_TIMEOUT_MS)


def close_settings(page: Page) -> None:
    page.locator("#close-settings").click()
    expect(page.locator("#settings")).to_be_hidden()


def choose_model(page: Page, model: str, backend: str | None = None) -> None:
    """Pick `model` in the model picker, under the backend named `backend` when several list it."""
    group = f'optgroup[label="{backend}"] ' if backend else ""
    option = page.locator(f"#model-select {group}option", has_text=model).first
    page.locator("#model-select").select_option(value=option.get_attribute("value"))


def send(page: Page, text: str) -> None:
    page.locator("#prompt").fill(text)
    _SHOWN_BEFORE_SEND[page] = page.evaluate(LAST_ANSWER_ID, ANSWERS)
    page.locator("#prompt").press("Enter")


def last_answer(page: Page) -> Locator:
    return page.locator(ANSWERS).last


def wait_for_answer(page: Page) -> Locator:
    """The last answer, once it is no longer streaming; after send(), the answer to what it sent."""
    before = _SHOWN_BEFORE_SEND.pop(page, None)
    if before:
        page.wait_for_function(
            f"([selector, before]) => ({LAST_ANSWER_ID})(selector) !== before",
            arg=[ANSWERS, before],
            timeout=ANSWER_TIMEOUT_MS,
        )
    answer = last_answer(page)
    expect(answer).to_be_attached(timeout=ANSWER_TIMEOUT_MS)
    expect(answer).not_to_have_class(STREAMING, timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#send")).to_be_visible()
    return answer


def set_parameters(page: Page, system_prompt: str = "", temperature: str = "", max_tokens: str = "") -> None:
    """Set the conversation's parameters in their dialog (blank = the server's default)."""
    header_action(page, "#open-parameters").click()
    page.locator("#system-prompt").fill(system_prompt)
    page.locator("#temperature").fill(temperature)
    page.locator("#max-tokens").fill(max_tokens)
    page.locator("#save-parameters").click()
    expect(page.locator("#parameters")).to_be_hidden()


def watch_answer(page: Page) -> None:
    """Record every text the last answer shows from now on (see assert_streamed)."""
    page.evaluate(WATCH_ANSWER)


def assert_streamed(page: Page, final: str) -> None:
    """The answer that ended as `final` grew token by token while it streamed (watch_answer ran before)."""
    # The streamed and the final rendering may break lines differently: compare the words.
    texts = [" ".join(text.split()) for text in page.evaluate("window.__answerTexts")]
    final = " ".join(final.split())
    growing = [text for text in texts if text and final.startswith(text) and text != final]
    assert len(growing) >= 2, f"the answer did not stream in token by token: {texts}"
