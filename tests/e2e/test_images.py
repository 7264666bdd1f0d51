"""Pictures for vision models (issue 15): a picture is scaled down in the browser, shown as a thumbnail
that opens full size, sent as an OpenAI-compatible image_url part with a data URL, found again after a
reload (its bytes from the files store), and kept with a clear error when the model cannot see."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.chat_ui import add_backend, choose_model, close_settings, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.png import png, png_size
from tests.e2e.test_screens import axe_violations

DATA_URL = "data:image/png;base64,"


def picture(name: str, width: int, height: int) -> dict[str, object]:
    return {"name": name, "mimeType": "image/png", "buffer": png(width, height)}


def booted(open_session: Callable[..., Session], app_url: str, base_url: str, model: str) -> Page:
    session = open_session(bypass_csp=True)  # axe-core is injected
    session.boot(app_url)
    add_backend(session.page, "other", base_url)
    close_settings(session.page)
    choose_model(session.page, model)
    return session.page


def open_conversation(page: Page, title: str) -> None:
    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    page.locator("#conversations button.conversation", has_text=title).first.click()


def shown(page: Page, selector: str) -> None:
    """The thumbnail's picture has loaded (its blob: URL decoded to pixels)."""
    page.wait_for_function(
        "s => { const img = document.querySelector(s); return img && img.complete && img.naturalWidth > 0; }",
        arg=selector,
    )


def test_a_picture_is_scaled_sent_as_a_data_url_and_kept(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    page = booted(open_session, app_url, f"{fault_server.url}/v1", "ok")
    fault_server.reset()
    page.locator("#prompt").fill("What is in this picture?")
    page.set_input_files("#attach-input", [picture("wide.png", 3000, 1000)])
    thumbnail = page.locator("#attachments .thumb")
    expect(thumbnail).to_have_count(1)
    assert thumbnail.get_attribute("aria-label", timeout=10_000).startswith("Show wide.png (2,048 × 683 pixels, ")
    shown(page, "#attachments .thumb img")
    assert axe_violations(page) == []

    thumbnail.click()
    expect(page.locator("#image-view")).to_be_visible()
    expect(page.locator("#image-view-title")).to_have_text("wide.png")
    shown(page, "#image-view-img")
    assert page.locator("#image-view-img").evaluate("img => [img.naturalWidth, img.naturalHeight]") == [2048, 683]
    assert axe_violations(page) == []
    page.locator("#close-image-view").click()

    page.locator("#send").click()
    wait_for_answer(page)
    expect(page.locator("#attachments .thumb")).to_have_count(0)
    content = fault_server.chats("ok")[-1].json()["messages"][-1]["content"]
    assert content[0] == {"type": "text", "text": "What is in this picture?"}
    (part,) = content[1:]
    assert part["type"] == "image_url" and part["image_url"]["url"].startswith(DATA_URL)
    assert png_size(base64.b64decode(part["image_url"]["url"].removeprefix(DATA_URL))) == (2048, 683)

    open_conversation(page, "What is in this picture")
    sent = '#messages article[data-role="user"] .thumb img'
    shown(page, sent)
    assert page.locator(sent).evaluate("img => img.src.startsWith('blob:')")
    assert axe_violations(page) == []

    page.locator("#open-settings").click()  # the backend's own limit: a small vision model takes 1,024 px
    fieldset = page.locator("#backend-list fieldset").last
    fieldset.locator('[data-field="image_max_side"]').fill("100")
    fieldset.locator('[data-action="save"]').click()
    expect(fieldset.locator(".status")).to_have_text(
        "The longest side of pictures must be a whole number of pixels between 256 and 8192."
    )
    fieldset.locator('[data-field="image_max_side"]').fill("1024")
    fieldset.locator('[data-action="save"]').click()
    expect(fieldset.locator(".status")).to_contain_text("Connected", timeout=30_000)
    assert axe_violations(page) == []
    close_settings(page)
    page.set_input_files("#attach-input", [picture("wide.png", 3000, 1000)])
    expect(page.locator("#attachments .thumb")).to_have_attribute(
        "aria-label", re.compile(r"^Show wide\.png \(1,024 × 341 pixels, ")
    )


def test_a_model_that_cannot_see_keeps_the_message_and_the_picture(
    open_session: Callable[..., Session], app_url: str, llama_url: str, llama_model: str
) -> None:
    """llama.cpp without a vision projector refuses the picture: its error shows, nothing is lost."""
    page = booted(open_session, app_url, f"{llama_url}/v1", llama_model)
    page.locator("#prompt").fill("Describe this")
    page.set_input_files("#attach-input", [picture("small.png", 64, 48)])
    expect(page.locator("#attachments .thumb")).to_have_count(1)
    page.locator("#send").click()
    answer = wait_for_answer(page)
    # What llama.cpp answers (HTTP 500): "image input is not supported - hint: ... provide the mmproj".
    expect(answer.locator(".problem")).to_contain_text("image input is not supported")
    question = page.locator('#messages article[data-role="user"]')
    expect(question.locator(".content")).to_have_text("Describe this")
    shown(page, '#messages article[data-role="user"] .thumb img')
