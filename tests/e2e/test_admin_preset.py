"""A build with an admin's presets: ready to chat on first open, and the browser calls nothing else."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from plauder_build.server import make_server
from tests.e2e.chat_ui import send, wait_for_answer
from tests.e2e.conftest import PREFIX, Session
from tests.e2e.fault_server import TOKENS, FaultServer


@pytest.fixture(scope="module")
def preset_url(preset_site: Path) -> Iterator[str]:
    server = make_server(preset_site, "127.0.0.1", 0, PREFIX)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.url
    server.shutdown()


def test_preset_build_is_ready_to_chat(session: Session, preset_url: str, fault_server: FaultServer) -> None:
    """No setup: the admin's backend and model are chosen, sending works, settings show them as managed."""
    session.boot(preset_url)
    page = session.page
    expect(page).to_have_title("ACME Chat")
    expect(page.locator("#model-select option:checked")).to_have_text("ok")
    send(page, "Hello gateway.")
    expect(wait_for_answer(page).locator(".content")).to_have_text("".join(TOKENS))
    assert fault_server.chats("ok")[-1].headers.get("authorization") is None  # key = "none": no key is sent
    page.locator("#open-settings").click()
    backend = page.locator("#backend-list fieldset")
    expect(backend).to_have_count(1)
    expect(backend.locator("legend")).to_contain_text("set up by your admin")
    expect(backend.locator('[data-field="base_url"]')).to_have_js_property("readOnly", True)
    expect(backend.locator('[data-field="api_key"]')).to_be_hidden()
    expect(page.locator("#add-backend-row")).to_be_hidden()
    session.assert_clean()


def test_policy_blocks_a_backend_the_admin_did_not_list(
    session: Session, preset_url: str, fault_server: FaultServer
) -> None:
    """The same server under another origin (localhost instead of 127.0.0.1) is refused by the browser itself."""
    session.boot(preset_url)
    other = fault_server.url.replace("127.0.0.1", "localhost") + "/v1/models"
    before = len(fault_server.requests())
    outcome = session.page.evaluate(
        "(url) => fetch(url).then(() => 'answered', (error) => 'refused: ' + error.message)", other
    )
    assert outcome.startswith("refused")
    assert any(violation.startswith("connect-src blocked http://localhost") for violation in session.csp_violations())
    assert len(fault_server.requests()) == before  # the request never left the browser
