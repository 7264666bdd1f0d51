"""Links in answers say where they go: hosts noted beside texts that do not name them, lookalike hosts in
punycode, no bidi reordering, and a confirmation before following a text that reads as another address."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import expect

from tests.e2e.chat_ui import (
    send,
    use_fault_server,
    wait_for_answer,
    wait_for_renderer,
)
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer

ANSWER = (
    "Log in at [https://bank.example/login](http://evil.example/steal), read [the guide](https://docs.example/guide),"
    " visit https://p\u0430ypal.com/login, get [report\u202egnp.exe](https://files.example/report.exe)"
    " or see https://plain.example/page.\n"
)


def test_links_show_where_they_go_and_ask_before_a_misleading_one(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session = open_session()
    page = session.page
    page.context.route("**/*.example/**", lambda route: route.abort())  # a popup goes nowhere
    session.boot(app_url)
    wait_for_renderer(page)
    use_fault_server(page, fault_server, "scripted")
    fault_server.queue_answer(ANSWER)
    send(page, "Links, please")
    content = wait_for_answer(page).locator(".content")

    expect(content.locator("a", has_text="bank.example")).to_have_text("https://bank.example/login (evil.example)")
    expect(content.locator("a", has_text="the guide")).to_have_text("the guide (docs.example)")
    expect(content.locator('a[href^="https://xn--pypal-4ve.com"] .link-host')).to_have_text(" (xn--pypal-4ve.com)")
    expect(content.locator("a", has_text="report")).to_have_text("reportgnp.exe (files.example)")
    expect(content.locator('a[href="https://plain.example/page"] .link-host')).to_have_count(0)

    bank = content.locator("a", has_text="bank.example")
    bank.click()
    dialog = page.locator("#link-check")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("https://bank.example/login")
    expect(dialog).to_contain_text("evil.example")
    expect(dialog.locator('[data-answer="cancel"]')).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert len(page.context.pages) == 1  # nothing opened
    assert session.record.non_local_requests() == []

    bank.click()
    with page.expect_popup() as popup:
        dialog.get_by_role("button", name="Open evil.example").click()
    popup.value.close()
    assert session.record.non_local_requests() == ["http://evil.example/steal"]  # opened on the reader's word
    expect(dialog).to_be_hidden()
    assert session.record.page_errors == [] and session.csp_violations() == []
