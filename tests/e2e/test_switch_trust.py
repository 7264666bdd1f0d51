"""Moving a conversation whose history holds personal data to a backend of lower trust (issue 16): a warning
first, Cancel keeps everything as it was, and once confirmed the new backend's policy covers the history.

The internal backend is the fault server itself (127.0.0.1); the external one is https://api.example.test,
forwarded to the same server by test_privacy.forward_external. What went to the external host is recorded
here, on the way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, Route, expect

from tests.e2e.chat_ui import add_backend, choose_model, close_settings, send, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_privacy import EMAIL, EXTERNAL
from tests.e2e.test_screens import axe_violations

WARNING = (
    "api.example.test is external, trusted less than this conversation's backend, and every message sends it"
    " the whole history, which holds 1 email address. Its policy replaces them by placeholders before anything"
    " goes there."
)


def record_external(page: Page, fault_server: FaultServer) -> list[dict[str, object]]:
    """Forward EXTERNAL's requests to the fault server, keeping the JSON body of each chat request."""
    sent: list[dict[str, object]] = []

    def forward(route: Route) -> None:
        if route.request.url.endswith("/chat/completions"):
            sent.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(response=route.fetch(url=route.request.url.replace(EXTERNAL, fault_server.url, 1)))

    page.route(f"{EXTERNAL}/**", forward)
    return sent


def two_backends(page: Page, fault_server: FaultServer) -> None:
    """The fault server as an internal backend, and the external one named "Cloud" apart from it in the picker."""
    add_backend(page, "other", f"{fault_server.url}/v1")
    cloud = add_backend(page, "other", f"{EXTERNAL}/v1")
    cloud.locator('[data-field="name"]').fill("Cloud")
    cloud.locator('[data-action="save"]').click()
    expect(page.locator('#model-select optgroup[label="Cloud"]')).to_be_attached()
    close_settings(page)


def pick_external(page: Page) -> None:
    choose_model(page, "scripted", backend="Cloud")


def screenshot(page: Page, name: str) -> None:
    if os.environ.get("PLAUDER_SCREENSHOTS") == "1":
        Path("screenshots").mkdir(exist_ok=True)
        page.screenshot(path=f"screenshots/{name}.png")


def test_moving_a_history_with_an_address_outside_warns_and_then_redacts_it(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """The question with an address goes to the internal backend as typed; picking the external backend's
    model opens the warning (axe-core clean, Cancel focused); Escape cancels, the picker and header stay on
    the internal backend and nothing goes out; on a phone (320 px, touch) picking again and tapping Switch
    moves the conversation, and the external host receives the history with [EMAIL_1] in place of the
    address, never the address."""
    session = open_session(bypass_csp=True, has_touch=True)  # set up at the desktop size, moved on a phone's
    page = session.page
    external = record_external(page, fault_server)
    session.boot(app_url)
    two_backends(page, fault_server)
    fault_server.reset()
    choose_model(page, "scripted")
    picked = page.locator("#model-select").input_value()
    fault_server.queue_answer("Done.")
    fault_server.queue_title("Invoice")
    send(page, f"Please write to {EMAIL} about the invoice")
    expect(wait_for_answer(page).locator(".content")).to_have_text("Done.")
    (asked,) = [exchange for exchange in fault_server.chats("scripted") if not exchange.title]
    assert asked.json()["messages"][-1]["content"] == f"Please write to {EMAIL} about the invoice"  # internal
    label = page.locator("#destination")
    expect(label).to_have_attribute("data-trust", "internal")

    dialog = page.locator("#switch-warning")
    pick_external(page)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading")).to_have_text("Send this conversation to api.example.test?")
    expect(dialog.locator("#switch-warning-text")).to_have_text(WARNING)
    expect(page.locator("#switch-cancel")).to_be_focused()
    assert axe_violations(page) == []
    screenshot(page, "switch-warning-desktop")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#model-select")).to_have_value(picked)
    expect(label).to_have_attribute("data-trust", "internal")
    assert external == []

    page.set_viewport_size({"width": 320, "height": 640})
    pick_external(page)
    expect(dialog).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "switch-warning-phone")
    page.locator("#switch-confirm").tap()
    expect(dialog).to_be_hidden()
    expect(label).to_have_text("to api.example.test external")
    fault_server.queue_answer("Ok.")
    send(page, "Thanks, please confirm")
    expect(wait_for_answer(page).locator(".content")).to_have_text("Ok.")  # this answer, not the one before
    (moved,) = external
    assert [m["content"] for m in moved["messages"]] == [  # type: ignore[index]
        "Please write to [EMAIL_1] about the invoice",
        "Done.",
        "Thanks, please confirm",
    ]
    assert EMAIL not in json.dumps(moved)


def test_a_history_without_findings_moves_without_a_warning(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """Nothing in the history to protect: the pick takes effect at once."""
    page = session.page
    record_external(page, fault_server)
    session.boot(app_url)
    two_backends(page, fault_server)
    choose_model(page, "scripted")
    fault_server.queue_answer("A monad is a monoid.")
    send(page, "What is a monad?")
    expect(wait_for_answer(page).locator(".content")).to_have_text("A monad is a monoid.")
    pick_external(page)
    expect(page.locator("#destination")).to_have_attribute("data-trust", "external")
    expect(page.locator("#switch-warning")).to_be_hidden()
