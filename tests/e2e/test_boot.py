"""The built site boots to Python-ready in real Chromium, under a sub-path, clean and local."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Route, expect

from tests.e2e.conftest import PREFIX, Session


def test_boots_to_python_ready_with_nothing_leaving_the_machine(session: Session, app_url: str) -> None:
    """Boot completes; every request stays under the served prefix; no error, no CSP violation."""
    session.boot(app_url)
    expect(session.page.locator("#send")).to_be_enabled()
    expect(session.page.locator("#boot")).to_be_hidden()
    session.assert_clean()
    assert session.record.requests, "the recorder saw no request at all"
    assert all(PREFIX in url for url in session.record.requests), session.record.requests
    assert any(url.endswith("pyodide.asm.wasm") for url in session.record.requests)
    assert session.page.evaluate("document.documentElement.dataset.appWheel") == "unpacked"  # by the page
    expect(session.page.locator("html")).to_have_attribute("data-renderer", "ready", timeout=60_000)
    assert session.page.evaluate("document.documentElement.dataset.rendererWheels") == "unpacked"  # so are these


def test_pyodide_installs_the_app_wheel_when_the_page_cannot_unpack_it(session: Session, app_url: str) -> None:
    """A browser without DecompressionStream: the page cannot unpack wheels, and Pyodide installs the app wheel,
    then the answer renderer's."""
    session.page.add_init_script("delete globalThis.DecompressionStream")
    session.boot(app_url)
    expect(session.page.locator("#send")).to_be_enabled()
    assert session.page.evaluate("document.documentElement.dataset.appWheel") == "installed"
    expect(session.page.locator("html")).to_have_attribute("data-renderer", "ready", timeout=60_000)
    assert session.page.evaluate("document.documentElement.dataset.rendererWheels") == "installed"
    session.assert_clean()


def test_pyodide_installs_the_app_wheel_when_the_page_reads_it_damaged(session: Session, app_url: str) -> None:
    """The first copy of the wheel, the one the page fetches, is damaged: Pyodide's installer fetches its own and
    installs it into the same Python."""
    served: list[str] = []

    def damage_first(route: Route) -> None:
        served.append(route.request.url)
        if len(served) == 1:
            route.fulfill(status=200, body=b"PK\x03\x04 not really a wheel", content_type="application/octet-stream")
        else:
            route.continue_()

    session.page.route(re.compile(r"/wheels/plauder-[^/]*\.whl$"), damage_first)
    session.boot(app_url)
    expect(session.page.locator("#send")).to_be_enabled()
    assert session.page.evaluate("document.documentElement.dataset.appWheel") == "installed"
    assert len(served) == 2


def test_recorder_sees_a_request_to_a_foreign_host(open_session: Callable[..., Session], app_url: str) -> None:
    """Negative control: a page that does reach for another host is caught by the same recorder.

    The policy would block the request, so this context bypasses it; the route answers locally,
    so nothing actually leaves the machine.
    """
    probe = "http://plauder-foreign-probe.invalid/pixel.png"
    session = open_session(bypass_csp=True)
    session.page.route("http://plauder-foreign-probe.invalid/**", lambda route: route.fulfill(status=204))
    session.page.goto(app_url)
    session.page.evaluate("url => { const image = new Image(); image.src = url; document.body.append(image); }", probe)
    session.page.wait_for_timeout(300)
    assert set(session.record.non_local_requests()) == {probe}


def test_shell_is_usable_before_python_and_keeps_early_typing(session: Session, app_url: str) -> None:
    """The layout paints and names its boot stage while the runtime is still loading; typing is kept."""
    held: list[Route] = []
    session.page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    session.page.goto(app_url)
    page = session.page
    while not held:
        page.wait_for_timeout(20)
    expect(page.locator(".sidebar")).to_be_visible()
    expect(page.locator("#new-chat")).to_be_visible()
    expect(page.locator("#send")).to_be_disabled()
    expect(page.locator("#boot-stage")).to_have_text("Starting Python")
    page.locator("#prompt").fill("typed while Python loads")
    held[0].continue_()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    expect(page.locator("#prompt")).to_have_value("typed while Python loads")
    expect(page.locator("#send")).to_be_enabled()
    session.assert_clean()


def test_controls_come_alive_and_keep_the_message(session: Session, app_url: str) -> None:
    """Enter sends (here: with no backend yet, settings open at the choice of server and the text stays),
    Shift+Enter adds a line."""
    session.boot(app_url)
    page = session.page
    prompt = page.locator("#prompt")
    prompt.fill("Hallo")
    prompt.press("Shift+Enter")
    prompt.press_sequentially("Welt")
    expect(prompt).to_have_value("Hallo\nWelt")
    expect(page.locator("#notice")).to_be_hidden()
    prompt.press("Enter")
    expect(page.locator("#settings")).to_be_visible()
    expect(page.locator("#add-backend-hint")).to_contain_text("Add a backend to send your message")
    expect(page.locator("#python-version")).to_contain_text("Python 3.")
    page.locator("#close-settings").click()
    expect(page.locator("#settings")).to_be_hidden()
    expect(prompt).to_have_value("Hallo\nWelt")
    session.assert_clean()
