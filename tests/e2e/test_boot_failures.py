"""A boot that cannot succeed says why in plain words, with the likely fix, instead of spinning."""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect

from plauder_build.csp import content_security_policy
from tests.e2e.conftest import Session

FAILURE_TIMEOUT_MS = 30_000


def failure_of(page: Page) -> tuple[str, str]:
    """(failure key, shown text) once the page has declared its boot failed."""
    page.locator("html[data-boot=failed]").wait_for(state="attached", timeout=FAILURE_TIMEOUT_MS)
    expect(page.locator("#boot-failure")).to_be_visible()
    expect(page.locator("#boot")).to_be_hidden()
    return page.evaluate("document.documentElement.dataset.bootFailure"), page.locator(
        "#boot-failure-text"
    ).inner_text()


def test_module_served_with_wrong_mime_type_is_explained(session: Session, app_url: str) -> None:
    """Stock nginx sends .mjs as application/octet-stream: the page names the file and the types fix."""

    def as_octet_stream(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-type": "application/octet-stream"})

    session.page.route("**/*.mjs", as_octet_stream)
    session.page.goto(app_url)
    key, text = failure_of(session.page)
    assert key == "boot.fail_mime"
    # Both of Pyodide's modules are asked for at once (modulepreload): the first refused is named.
    assert re.search(r"pyodide(\.asm)?\.mjs", text) and "application/octet-stream" in text and "text/javascript" in text


def test_missing_runtime_file_is_explained(session: Session, app_url: str) -> None:
    """A build folder copied without its wasm file: the page names the file and says to copy again."""
    session.page.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="not found"))
    session.page.goto(app_url)
    key, text = failure_of(session.page)
    assert key == "boot.fail_missing_file"
    assert "pyodide.asm.wasm" in text and "404" in text and "copy the whole folder" in text


def test_missing_app_wheel_is_explained(session: Session, app_url: str) -> None:
    """A missing wheel of the app's own code is reported the same way, naming the wheel."""
    session.page.route("**/wheels/plauder-*.whl", lambda route: route.fulfill(status=404, body="not found"))
    session.page.goto(app_url)
    key, text = failure_of(session.page)
    assert key == "boot.fail_missing_file"
    assert "plauder-" in text and ".whl" in text


def test_policy_blocking_webassembly_is_explained(session: Session, app_url: str) -> None:
    """A server policy without 'wasm-unsafe-eval' blocks Python; the page says which directive to fix."""
    strict_without_wasm = content_security_policy().replace(" 'wasm-unsafe-eval'", "")

    def with_server_policy(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": strict_without_wasm})

    session.page.route(app_url, with_server_policy)
    session.page.goto(app_url)
    key, text = failure_of(session.page)
    assert key == "boot.fail_csp"
    assert "wasm-unsafe-eval" in text and "script-src" in text


def test_browser_without_webassembly_is_told_so(session: Session, app_url: str) -> None:
    """An old browser (here: one without WebAssembly) gets a clear message, not a spinner."""
    session.page.add_init_script("delete globalThis.WebAssembly")
    session.page.goto(app_url)
    key, text = failure_of(session.page)
    assert key == "boot.fail_old_browser"
    assert "too old" in text


def test_after_the_start_errors_send_no_request_anywhere(session: Session, app_url: str) -> None:
    """Once the app runs, the start's watchers are gone: a failing foreign image or a rejection naming a URL
    leads to no request of ours (the start's diagnosis asked about such a URL with a HEAD request, which the
    open connect-src let through where img-src had blocked the image), and no failed start is declared."""
    session.boot(app_url)
    page = session.page
    asked: list[str] = []
    page.on("request", lambda request: asked.append(f"{request.method} {request.url}"))
    page.evaluate(
        """() => {
          const image = document.createElement("img");
          image.src = "http://127.0.0.2:9/tracker.png";
          document.body.append(image);
          Promise.reject(new Error("failed to load http://127.0.0.3:9/other.mjs"));
        }"""
    )
    page.wait_for_timeout(1000)
    assert not [request for request in asked if request.startswith("HEAD") or "127.0.0.3" in request]
    assert page.evaluate("document.documentElement.dataset.boot") == "ready"
