"""The model's context size from a REAL llama.cpp server (its model list says n_ctx 2048): named in the
Parameters dialog; a message that would not fit asks first. The user leaves the oldest messages out (the request
then carries the rest, and the thread shows the cut), lets the model summarize them first, starts a new chat that
begins with a summary, sends it anyway (the server's refusal shows as the answer's error, which offers the same
cut), or cancels (nothing is sent, the text stays)."""

from __future__ import annotations

import json
import re
import time

from playwright.sync_api import Page, Request, expect

from tests.e2e.chat_ui import add_backend, close_settings, header_action, send, set_parameters, wait_for_answer
from tests.e2e.conftest import Session

LONG = "word " * 2500  # 12,500 characters: about 3,100 tokens by the estimate, 2,500 by SmolLM2's tokenizer
# A summary is up to 400 tokens of the model's own: on a busy 2-core machine that can take minutes.
SUMMARY_TIMEOUT_MS = 240_000
PART = "word " * 480  # 2,400 characters: about 600 tokens by the estimate; three of them and a fourth do not fit


def with_llama(session: Session, app_url: str, llama_url: str) -> Page:
    session.boot(app_url)
    page = session.page
    add_backend(page, "other", f"{llama_url}/v1")
    close_settings(page)
    return page


def three_exchanges(session: Session, app_url: str, llama_url: str) -> Page:
    """A chat with the real server of three questions of PART, answered in at most 4 tokens each (the questions
    fill the context)."""
    page = with_llama(session, app_url, llama_url)
    set_parameters(page, max_tokens="4")
    for number in range(3):
        send(page, f"{number} {PART}")
        expect(page.locator("#messages article")).to_have_count(2 * number + 2)  # this turn's, not the last one's
        wait_for_answer(page)
    return page


def asked(page: Page) -> list[list[str]]:
    """For every answer the page asks for from now on (not the side requests for a title or a summary), how each
    question and system prompt of the request begins (its answers are left out: they begin as the model likes)."""
    requests: list[list[str]] = []

    def record(request: Request) -> None:
        if request.url.endswith("/chat/completions"):
            messages = json.loads(request.post_data or "{}")["messages"]
            starts = [str(m["content"])[:2] for m in messages if m["role"] in ("user", "system")]
            if starts[-1][:1].isdigit():  # our questions begin with their number; the side requests do not
                requests.append(starts)

    page.on("request", record)
    return requests


def test_a_message_longer_than_the_context_asks_first_and_is_sent_only_when_the_user_says(
    session: Session, app_url: str, llama_url: str, llama_model: str
) -> None:
    page = with_llama(session, app_url, llama_url)
    header_action(page, "#open-parameters").click()
    expect(page.locator("#usage-estimate")).to_contain_text("The model takes up to 2,048 tokens, as its server says.")
    page.locator("#cancel-parameters").click()

    page.locator("#prompt").fill(LONG)
    page.locator("#send").click()
    dialog = page.locator("#context-choice")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(re.compile(rf"about \d+ tokens, more than the 2048 that {llama_model} takes"))
    expect(dialog).to_contain_text("start a new chat with it, or shorten it")
    expect(page.locator("#context-leave-out")).to_be_hidden()  # a new chat: nothing to leave out
    expect(page.locator("#context-new-chat")).to_be_hidden()
    expect(page.locator("#context-cancel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#messages article")).to_have_count(0)  # nothing was sent
    expect(page.locator("#prompt")).to_have_value(LONG)

    page.locator("#send").click()
    page.locator("#context-send").click()  # the user's choice: send it anyway
    problem = wait_for_answer(page).locator(".problem")
    expect(problem).to_contain_text("exceeds the available context size")  # the server's own words
    refused = f"400 {llama_url}/v1/chat/completions"
    assert session.record.failed_responses == [refused]
    assert all("400" in error for error in session.record.console_errors)
    assert session.record.non_local_requests() == [] and session.record.page_errors == []
    assert session.csp_violations() == []


def test_the_oldest_messages_are_left_out_to_fit_and_sent_again_on_request(
    session: Session, app_url: str, llama_url: str
) -> None:
    page = three_exchanges(session, app_url, llama_url)
    articles = page.locator("#messages article")
    requests = asked(page)

    page.locator("#prompt").fill(f"3 {PART}")
    page.locator("#send").click()
    leave_out = page.locator("#context-leave-out")
    expect(leave_out).to_have_text("Leave out the 2 oldest messages")
    expect(page.locator("#context-new-chat")).to_be_visible()
    leave_out.click()
    expect(articles).to_have_count(8)  # all of it still shows
    wait_for_answer(page)
    assert requests[-1] == ["1 ", "2 ", "3 "]  # from the second question on

    note = page.locator(".context-cut")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("The 2 messages above are not sent to the model")
    assert page.evaluate("document.querySelector('.context-cut').nextElementSibling.dataset.role") == "user"
    session.boot(page.url)  # the cut is stored with the conversation
    page.locator("#conversations button.conversation").first.click()
    expect(note).to_have_count(1)

    note.get_by_role("button", name="Send them again").click()
    expect(note).to_have_count(0)
    page.locator("#prompt").fill(f"4 {PART}")
    page.locator("#send").click()
    expect(page.locator("#context-leave-out")).to_have_text("Leave out the 4 oldest messages")
    page.locator("#context-new-chat").click()  # the other way out: a chat that begins with a summary of this one
    # SmolLM2 at the server's default temperature sometimes writes no summary of these repeated words; then nothing
    # is sent, the notice says so and the message stays. Either way is checked whole.
    no_summary = page.locator("#notice", has_text="No summary came from the model")
    deadline = time.monotonic() + SUMMARY_TIMEOUT_MS / 1000
    while articles.count() != 2 and not no_summary.is_visible():
        assert time.monotonic() < deadline, "neither a new chat nor the notice that no summary came"
        page.wait_for_timeout(500)
    if no_summary.is_visible():
        expect(articles).to_have_count(8)
        expect(page.locator("#prompt")).to_have_value(f"4 {PART}")
        assert requests[-1] == ["1 ", "2 ", "3 "]  # nothing more was asked for
    else:
        expect(articles).to_have_count(2)
        wait_for_answer(page)
        expect(page.locator("#conversations button.conversation")).to_have_count(2)
        expect(note).to_contain_text("This chat begins with a summary of an earlier one")
        expect(note.get_by_role("button")).to_have_count(0)  # nothing to send again
        note.locator("summary").click()
        expect(note.locator("details p")).not_to_be_empty()
        assert requests[-1] == ["Th", "4 "]  # the system prompt carries the summary ("The earlier part ...")
    assert session.record.failed_responses == [] and session.record.page_errors == []
    assert session.record.non_local_requests() == [] and session.csp_violations() == []


def test_a_refusal_for_length_offers_to_leave_out_the_oldest_and_asks_again(
    session: Session, app_url: str, llama_url: str
) -> None:
    """The estimate runs high for SmolLM2's tokenizer, so this question is sent anyway to meet the server's own
    refusal (about 2,200 tokens by its count); its size (n_ctx) lets the answer offer the cut."""
    page = three_exchanges(session, app_url, llama_url)
    requests = asked(page)
    page.locator("#prompt").fill("3 " + "word " * 720)
    page.locator("#send").click()
    page.locator("#context-send").click()
    expect(page.locator("#messages article")).to_have_count(8)
    answer = wait_for_answer(page)
    expect(answer.locator(".problem")).to_contain_text("The conversation is too long for the model")
    answer.get_by_role("button", name="Fit to the context").click()
    expect(page.locator("#context-new-chat")).to_be_hidden()  # the question is asked again where it is
    expect(page.locator("#context-send")).to_be_hidden()
    # Left out without a summary: what SmolLM2 writes for a summary of these questions may be nothing at all (then
    # nothing is sent, as it should be), so the summary is tested where it has more to read (above) and in units.
    page.locator("#context-leave-out").click()
    expect(answer.locator(".problem")).to_be_hidden()
    wait_for_answer(page)
    expect(page.locator("#messages article")).to_have_count(8)  # retried in place
    expect(page.locator(".context-cut")).to_contain_text("The 4 messages above are not sent to the model")
    assert requests[-1] == ["2 ", "3 "]
    assert session.record.failed_responses == [f"400 {llama_url}/v1/chat/completions"]
    assert session.record.page_errors == [] and session.record.non_local_requests() == []
    assert session.csp_violations() == []
