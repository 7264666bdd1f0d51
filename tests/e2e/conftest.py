"""Browser tests: one build, one server under a sub-path, one Chromium for the whole session.

Each test gets a fresh browser context (a new profile: cold caches, empty IndexedDB) whose
every request, console message, page error and CSP violation is recorded, so a test can
assert that the page stayed on its own origin and ran clean.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, sync_playwright

from plauder_build.admin import parse_admin_config
from plauder_build.server import make_server
from plauder_build.site import Project, plan_site, write_site
from tests.chromium import launch
from tests.e2e.fault_server import FaultServer, fault_server, no_answer_left_queued  # noqa: F401 - fixtures for the chat tests
from tests.e2e.llama_server import llama_model, llama_server, llama_url  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PREFIX = "/plauder/"
BOOT_TIMEOUT_MS = 60_000

# Runs before any script of the page, outside the page's CSP: collects policy violations.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
addEventListener("securitypolicyviolation", (e) =>
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`));
"""


def free_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@dataclass
class Record:
    """What one browser context did."""

    requests: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def non_local_requests(self) -> list[str]:
        """Requests that left this machine (data: and blob: URLs never touch the network)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url).hostname not in LOCAL_HOSTS
        ]


@dataclass
class Session:
    page: Page
    record: Record

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("window.__cspViolations"))

    def boot(self, url: str) -> None:
        """Open the app and wait until Python reports ready (or the page reports a boot failure)."""
        self.page.goto(url)
        self.page.locator("html[data-boot=ready], html[data-boot=failed]").wait_for(
            state="attached", timeout=BOOT_TIMEOUT_MS
        )
        state = self.page.evaluate("document.documentElement.dataset.boot")
        assert state == "ready", self.page.locator("#boot-failure-text").text_content()

    def assert_clean(self) -> None:
        """No foreign request, failed response, console error, page error or CSP violation."""
        assert self.record.non_local_requests() == []
        assert self.record.failed_responses == []
        assert self.record.console_errors == []
        assert self.record.page_errors == []
        assert self.csp_violations() == []


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the working tree, once per session."""
    out = tmp_path_factory.mktemp("site") / "build"
    write_site(plan_site(Project(ROOT)), out)
    return out


# An admin's presets naming the fault server (on 127.0.0.1) as everyone's only backend.
PRESET = """
[app]
title = "ACME Chat"
lock = ["backends"]
[network]
only_listed_backends = true
[[backends]]
id = "gateway"
name = "ACME gateway"
url = "{url}/v1"
models = ["ok", "slow"]
key = "none"
"""


@pytest.fixture(scope="session")
def preset_site(fault_server: FaultServer, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """The site built with PRESET, as `build.py --config` builds it."""
    out = tmp_path_factory.mktemp("preset") / "build"
    write_site(plan_site(Project(ROOT), parse_admin_config(PRESET.format(url=fault_server.url))), out)
    return out


@pytest.fixture(scope="session")
def app_url(built_site: Path) -> Iterator[str]:
    """The build served by the project's own server under a sub-path."""
    server = make_server(built_site, "127.0.0.1", 0, PREFIX)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.url
    server.shutdown()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = launch(playwright)
    yield browser
    browser.close()


SNAPSHOT_WORKER = re.compile(r"/snapshot-worker\.[^/]*js$")


def recorded_context(browser: Browser, snapshots: bool = False, **options: object) -> tuple[BrowserContext, Record]:
    """A context that records what its pages do. Service workers are blocked unless a test allows them
    (test_offline.py does): Playwright's request routing cannot see what a service worker serves.

    The start-up snapshot is not made unless a test asks for it (test_snapshot.py): its worker boots a
    second Python a few seconds after each start, which on a 2-core machine slows the test's own page.
    Contexts that allow service workers (test_offline.py) make it anyway: with any route in place,
    Chromium under Playwright never installs the service worker.
    """
    options.setdefault("service_workers", "block")
    context = browser.new_context(**options)  # type: ignore[arg-type]
    if not snapshots and options["service_workers"] == "block":
        context.route(SNAPSHOT_WORKER, lambda route: route.abort())
    record = Record()
    context.add_init_script(RECORD_CSP_VIOLATIONS)

    def on_request(request: Request) -> None:
        record.requests.append(request.url)

    def on_response(response: object) -> None:
        status = response.status  # type: ignore[attr-defined]
        if status >= 400:
            record.failed_responses.append(f"{status} {response.url}")  # type: ignore[attr-defined]

    context.on("request", on_request)
    context.on("response", on_response)
    context.on("console", lambda m: m.type == "error" and record.console_errors.append(m.text))
    context.on("weberror", lambda e: record.page_errors.append(str(e.error)))
    return context, record


@pytest.fixture
def open_session(browser: Browser) -> Iterator[Callable[..., Session]]:
    """Factory for recorded sessions; options go to browser.new_context (e.g. bypass_csp=True)."""
    contexts: list[BrowserContext] = []

    def open_(**options: object) -> Session:
        context, record = recorded_context(browser, **options)
        contexts.append(context)
        return Session(context.new_page(), record)

    yield open_
    for context in contexts:
        # A route callback still in flight (a forwarded request, a preloaded module) would fail once the context
        # is gone, and Playwright reports that in whichever test runs next: routes end with their test.
        for page in context.pages:
            page.unroute_all(behavior="ignoreErrors")
        context.unroute_all(behavior="ignoreErrors")
        context.close()


@pytest.fixture
def session(open_session: Callable[..., Session]) -> Session:
    return open_session()
