"""Anthropic's extended thinking as a per-chat parameter (issue 17): the Parameters dialog's thinking budget
goes into the request as the API wants it, and the thinking the stream brings shows apart.

No Anthropic server runs here: Playwright answers for https://api.anthropic.example.test with the model
list and, for /v1/messages, the stream recorded from Anthropic's API that the unit tests decode
(tests/unit/fixtures/streams/anthropic_thinking.sse), and records what the app sent.
"""

from __future__ import annotations

import json

from playwright.sync_api import Page, Route, expect

from tests.e2e.chat_ui import add_backend, choose_model, close_settings, header_action, last_answer, send
from tests.e2e.conftest import Session
from tests.unit.fixtures.splitting import fixture

ANTHROPIC = "https://api.anthropic.example.test"
MODEL = "claude-sonnet-4-5"
CORS = {"access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "*"}


def answer_as_anthropic(page: Page, bodies: list[dict[str, object]]) -> None:
    def respond(route: Route) -> None:
        request = route.request
        if request.method == "OPTIONS":
            route.fulfill(status=204, headers=CORS)
        elif request.url.startswith(f"{ANTHROPIC}/v1/models"):
            models = {"data": [{"id": MODEL, "type": "model", "display_name": "Claude Sonnet 4.5"}], "has_more": False}
            route.fulfill(json=models, headers=CORS)
        else:
            bodies.append(json.loads(request.post_data or "{}"))
            stream = fixture("anthropic_thinking.sse")
            route.fulfill(body=stream, headers={**CORS, "content-type": "text/event-stream"})

    page.route(f"{ANTHROPIC}/**", respond)


def test_a_thinking_budget_turns_on_extended_thinking_for_that_chat(session: Session, app_url: str) -> None:
    page = session.page
    bodies: list[dict[str, object]] = []
    answer_as_anthropic(page, bodies)
    session.boot(app_url)
    add_backend(page, "anthropic", ANTHROPIC, api_key="sk-ant-test")
    close_settings(page)
    choose_model(page, MODEL)

    header_action(page, "#open-parameters").click()
    expect(page.locator("#thinking-budget")).to_have_attribute("placeholder", "off")
    page.locator("#temperature").fill("0.4")
    page.locator("#thinking-budget").fill("2048")
    page.locator("#save-parameters").click()
    expect(page.locator("#parameters")).to_be_hidden()  # the box is inert while the dialog is open
    send(page, "Hallo!")
    answer = last_answer(page)
    expect(answer.locator(".content")).to_have_text("Grüß dich!")
    answer.locator("details.thinking summary").click()
    expect(answer.locator(".thinking-text")).to_contain_text("Der Nutzer grüßt 👋")

    (body,) = [body for body in bodies if "thinking" in body]  # the title's side request thinks not
    assert len(bodies) == 2
    assert body["thinking"] == {"type": "enabled", "budget_tokens": 2048}
    assert "temperature" not in body and body["max_tokens"] == 4096  # greater than the budget, as the API needs

    header_action(page, "#open-parameters").click()  # the budget is the conversation's, and stays
    expect(page.locator("#thinking-budget")).to_have_value("2048")
