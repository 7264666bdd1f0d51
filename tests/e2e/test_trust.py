"""Each conversation shows which host receives its messages and its trust level as the privacy policy sees it."""

from __future__ import annotations

import json

from playwright.sync_api import Route, expect

from tests.e2e.chat_ui import add_backend, close_settings
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer

PUBLIC_API = "https://api.example.com/v1"


def answer_models_locally(route: Route) -> None:
    """Stands in for a public API: the request is answered inside the browser and never leaves the machine."""
    route.fulfill(
        status=200,
        content_type="application/json",
        headers={"Access-Control-Allow-Origin": "*"},
        body=json.dumps({"data": [{"id": "public-model"}]}),
    )


def test_local_backend_reads_internal_and_a_public_one_external(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    page = session.page
    page.route(f"{PUBLIC_API}/**", answer_models_locally)
    session.boot(app_url)
    add_backend(page, "other", f"{fault_server.url}/v1")
    close_settings(page)
    label = page.locator("#destination")
    host = fault_server.url.removeprefix("http://")
    expect(label).to_have_text(f"to {host} internal")
    expect(label).to_have_attribute("data-trust", "internal")

    add_backend(page, "other", PUBLIC_API)
    close_settings(page)
    option = page.locator("#model-select option", has_text="public-model")
    page.locator("#model-select").select_option(value=option.get_attribute("value"))
    expect(label).to_have_text("to api.example.com external")
    expect(label).to_have_attribute("data-trust", "external")
    expect(label).to_have_attribute("title", "External: what you send here leaves your organisation.")
