"""Models side by side (issue 17) with two backends: the real llama.cpp server and the fault server.

One message goes to three models at once; the answers stream in columns on a wide screen and as tabs on a
narrow one; one is stopped while the others finish; picking one makes its branch the conversation's, and the
next request carries that branch's history only; after a reload the answers are siblings with the switcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

from tests.e2e.chat_ui import (
    ANSWER_TIMEOUT_MS,
    STREAMING,
    add_backend,
    close_settings,
    header_action,
    send,
    set_parameters,
)
from tests.e2e.conftest import Session
from tests.e2e.fault_server import TOKENS, FaultServer
from tests.e2e.test_screens import axe_violations, page_width

QUESTION = "Name three colours."


def panel(page: Page, model: str) -> Locator:
    return page.locator(".side-panel").filter(has=page.locator(".role", has_text=model))


def assert_fits(page: Page) -> None:
    """No horizontal overflow, and axe-core finds nothing."""
    assert page_width(page) <= page.evaluate("window.innerWidth")
    assert axe_violations(page) == []


def model_box(page: Page, model: str) -> Locator:
    """The Compare dialog's checkbox for `model` (its label starts with the model's name, then the backend's)."""
    return page.locator("#compare-models label", has_text=re.compile(rf"^\s*{re.escape(model)}\s")).locator("input")


def compare(page: Page, *models: str) -> None:
    """Check `models` in the Compare dialog and apply."""
    header_action(page, "#open-compare").click()
    for model in models:
        model_box(page, model).check()
    page.locator("#compare-apply").click()
    expect(page.locator("#compare")).to_be_hidden()


def test_three_models_side_by_side_stop_one_pick_one_and_find_them_as_siblings(
    open_session: Callable[..., Session], app_url: str, llama_url: str, llama_model: str, fault_server: FaultServer
) -> None:
    session = open_session(bypass_csp=True, viewport={"width": 1280, "height": 800})  # axe-core is injected
    session.boot(app_url)
    page = session.page
    add_backend(page, "other", f"{llama_url}/v1")
    add_backend(page, "other", f"{fault_server.url}/v1")
    close_settings(page)
    header_action(page, "#open-compare").click()  # one model is not a comparison: the dialog says so and stays
    model_box(page, "ok").check()
    page.locator("#compare-apply").click()
    expect(page.locator("#compare-status")).to_have_text("Pick 2 to 4 models to compare.")
    page.locator("#compare-cancel").click()
    compare(page, llama_model, "ok", "slow")
    set_parameters(page, max_tokens="48")  # every model asked gets the conversation's parameters: llama.cpp ends soon
    expect(page.locator("#open-compare")).to_have_text("Comparing 3")
    expect(page.locator("#open-compare")).to_have_attribute("aria-pressed", "true")
    hosts = [urlsplit(url).netloc for url in (llama_url, fault_server.url)]
    for host in hosts:  # the next message leaves for both servers: the line names both
        expect(page.locator("#destination")).to_contain_text(host)

    send(page, QUESTION)
    slow = panel(page, "slow")
    expect(slow.locator(".content")).to_contain_text("tick", timeout=ANSWER_TIMEOUT_MS)
    llama, ok = panel(page, llama_model), panel(page, "ok")
    first, second, third = (page.locator(".side-panel").nth(n).bounding_box() for n in range(3))
    assert first and second and third and first["x"] < second["x"] < third["x"] and first["y"] == third["y"]
    slow.locator('[data-action="stop_answer"]').click()  # this one only: the others go on
    expect(slow.locator("article")).not_to_have_class(STREAMING)
    expect(slow.locator(".meta")).to_contain_text("stopped")
    for done in (llama, ok):
        expect(done.locator("article")).not_to_have_class(STREAMING, timeout=ANSWER_TIMEOUT_MS)
    expect(ok.locator(".content")).to_have_text("".join(TOKENS))
    llama_text = llama.locator(".content").inner_text()
    assert llama_text.strip()
    expect(page.locator("#send")).to_be_visible()
    page.screenshot(path="/tmp/side_by_side_wide.png")
    assert_fits(page)

    page.set_viewport_size({"width": 360, "height": 740})  # tabs: one answer shown, the arrows move between them
    tabs = page.locator(".side-tabs [role=tab]")
    expect(tabs).to_have_count(3)
    expect(page.locator(".side-panel:visible")).to_have_count(1)
    tabs.first.focus()
    page.keyboard.press("ArrowRight")
    expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
    expect(tabs.nth(1)).to_be_focused()
    expect(ok).to_be_visible()
    page.screenshot(path="/tmp/side_by_side_narrow.png")
    assert_fits(page)
    header_action(page, "#open-compare").click()  # the dialog on a phone: the three still checked
    expect(page.locator("#compare-models input:checked")).to_have_count(3)
    page.screenshot(path="/tmp/side_by_side_dialog.png")
    assert_fits(page)
    page.locator("#compare-cancel").click()
    page.set_viewport_size({"width": 1280, "height": 800})

    ok.locator('[data-action="pick"]').click()  # go on with the fault server's answer
    expect(page.locator(".side-by-side")).to_have_count(0)
    expect(page.locator("#open-compare")).to_have_text("Compare")
    expect(page.locator("#destination")).to_contain_text(f"to {hosts[1]} internal")
    before = len(fault_server.chats("ok"))
    send(page, "And one more?")
    expect(page.locator('#messages article[data-role="assistant"]')).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator('#messages article[data-role="assistant"]').last).not_to_have_class(
        STREAMING, timeout=ANSWER_TIMEOUT_MS
    )
    sent = fault_server.chats("ok")[before].json()["messages"]
    assert [(m["role"], m["content"]) for m in sent] == [
        ("user", QUESTION),
        ("assistant", "".join(TOKENS)),
        ("user", "And one more?"),
    ]

    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=ANSWER_TIMEOUT_MS)
    page.locator("#conversations button.conversation").first.click()
    picked = page.locator('#messages article[data-role="assistant"]').first
    expect(picked.locator(".branch-position")).to_have_text(re.compile(r"2\s*/\s*3"))
    picked.locator('[data-action="previous"]').click()  # the llama.cpp answer, stored as its sibling
    expect(page.locator('#messages article[data-role="assistant"]').first.locator(".content")).to_have_text(llama_text)
    session.assert_clean()
