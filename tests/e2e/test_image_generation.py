"""Image generation (issue 15) against the fault server's images API (tests/e2e/fault_images.py, OpenAI's
documented format): pictures asked for in picture mode arrive as base64, show in the thread, open full size,
download, come back after a reload from the files store, and regenerate as a new sibling; a refusal and an
unsupported size are explained with the prompt kept; a picture given as a URL is fetched only from the
backend's own origin, and one elsewhere is named, never fetched."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.e2e import fault_images
from tests.e2e.chat_ui import add_backend, choose_model, close_settings, last_answer, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_images import ELSEWHERE, FILES, GENERATIONS
from tests.e2e.fault_server import FaultServer
from tests.e2e.png import png_size
from tests.e2e.test_images import open_conversation, shown
from tests.e2e.test_screens import axe_violations


def drawing(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer, width: int | None = None
) -> Session:
    """A booted page with the fault server as a backend whose image models are the server's, picture mode on
    (the page made `width` px wide once the backend is set up)."""
    session = open_session(bypass_csp=True)  # axe-core is injected
    session.boot(app_url)
    page = session.page
    add_backend(page, "other", f"{fault_server.url}/v1", image_models=", ".join(fault_images.MODELS))
    close_settings(page)
    if width is not None:
        page.set_viewport_size({"width": width, "height": 640})
    choose_model(page, "ok")
    page.locator("#draw").click()
    expect(page.locator("#draw")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#draw-options")).to_be_visible()
    fault_server.reset()
    return session


def ask(page: Page, prompt: str, model: str = "pixel", size: str = "", count: str = "1") -> Locator:
    page.locator("#draw-model").select_option(label=model)
    page.locator("#draw-size").select_option(value=size)
    page.locator("#draw-count").select_option(value=count)
    answers = page.locator('#messages article[data-role="assistant"]')
    before = answers.count()
    page.locator("#prompt").fill(prompt)
    page.locator("#send").click()
    expect(answers).to_have_count(before + 1)  # the new one, not the last one before it
    return wait_for_answer(page)


def test_pictures_are_generated_shown_downloaded_kept_and_regenerated(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer, tmp_path: Path
) -> None:
    session = drawing(open_session, app_url, fault_server)
    page = session.page
    host = fault_server.url.removeprefix("http://")
    expect(page.locator("#destination")).to_contain_text(host)  # the image backend's host

    answer = ask(page, "A red fox in the snow", size="256x256", count="2")
    (request,) = fault_server.requests("POST", GENERATIONS)
    assert request.json() == {
        "prompt": "A red fox in the snow",
        "model": "pixel",
        "n": 2,
        "size": "256x256",
        "response_format": "b64_json",
    }
    expect(answer.locator(".thumb")).to_have_count(2)
    shown(page, '#messages article[data-role="assistant"] .thumb img')
    expect(answer.locator(".caption").first).to_have_text("2 × 256x256 · pixel")
    expect(answer.locator(".caption").nth(1)).to_have_text(
        "Drawn from: A red fox in the snow, as a gradient test pattern"
    )
    expect(page.locator('#messages article[data-role="user"] .content')).to_have_text("A red fox in the snow")
    assert axe_violations(page) == []

    answer.locator(".thumb").first.click()
    expect(page.locator("#image-view-title")).to_have_text("a-red-fox-in-the-1.png")
    shown(page, "#image-view-img")
    assert page.locator("#image-view-img").evaluate("img => [img.naturalWidth, img.naturalHeight]") == [256, 256]
    with page.expect_download() as download_info:
        page.locator("#image-view-download").click()
    download = download_info.value
    assert download.suggested_filename == "a-red-fox-in-the-1.png"
    saved = tmp_path / "fox.png"
    download.save_as(saved)
    assert png_size(saved.read_bytes()) == (256, 256)
    assert axe_violations(page) == []
    page.locator("#close-image-view").click()

    first = answer.locator(".thumb img").first.get_attribute("src")
    answer.locator('[data-action="regenerate"]').click()
    expect(answer.locator(".branch-position")).to_have_text("2 / 2")  # the new sibling is drawn
    answer = wait_for_answer(page)
    assert len(fault_server.requests("POST", GENERATIONS)) == 2
    expect(answer.locator(".thumb")).to_have_count(2)
    shown(page, '#messages article[data-role="assistant"] .thumb img')
    assert answer.locator(".thumb img").first.get_attribute("src") != first

    open_conversation(page, "A red fox in the snow")
    reloaded = last_answer(page)
    expect(reloaded.locator(".thumb")).to_have_count(2)
    shown(page, '#messages article[data-role="assistant"] .thumb img')
    assert reloaded.locator(".thumb img").first.evaluate("img => img.src.startsWith('blob:')")
    expect(reloaded.locator(".branch-position")).to_have_text("2 / 2")
    session.assert_clean()


def test_a_refusal_and_an_unsupported_size_are_explained_and_the_prompt_kept(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session = drawing(open_session, app_url, fault_server)
    page = session.page
    refused = ask(page, "Something forbidden")
    problem = refused.locator(".problem")
    expect(problem).to_contain_text("refused this prompt under its content policy")
    expect(problem).to_contain_text("Your request was rejected as a result of our safety system.")
    expect(problem).to_contain_text("Reword the prompt")
    expect(page.locator('#messages article[data-role="user"] .content').last).to_have_text("Something forbidden")
    expect(refused.locator('[data-action="retry"]')).to_be_visible()

    wide = ask(page, "A wide fox", size="1792x1024")
    expect(wide.locator(".problem")).to_contain_text("does not make pictures of 1792x1024 pixels (HTTP 400)")
    expect(wide.locator(".problem")).to_contain_text("Supported values are: '256x256', '512x512', and '1024x1024'.")
    expect(page.locator('#messages article[data-role="user"] .content').last).to_have_text("A wide fox")
    assert axe_violations(page) == []
    # The two 400s asked for, which the browser logs too; nothing else.
    assert session.record.failed_responses == [f"400 {fault_server.url}{GENERATIONS}"] * 2
    bad_request = "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    assert session.record.console_errors == [bad_request] * 2
    session.record.failed_responses.clear()
    session.record.console_errors.clear()
    session.assert_clean()


def test_a_url_is_fetched_from_the_backends_own_origin_only(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session = drawing(open_session, app_url, fault_server)
    page = session.page
    answer = ask(page, "A fox by URL", model="pixel-url", size="256x256")
    (fetched,) = fault_server.requests("GET")
    assert fetched.path.startswith(f"/v1{FILES.removeprefix('/v1')}")
    shown(page, '#messages article[data-role="assistant"] .thumb img')

    elsewhere = ask(page, "A fox elsewhere", model="pixel-elsewhere", size="256x256")
    host = ELSEWHERE.split("/")[2]
    expect(elsewhere.locator(".caption").last).to_have_text(
        re.compile(rf"^A picture on {re.escape(host)} was not loaded: this page may fetch pictures only from")
    )
    expect(elsewhere.locator(".thumb")).to_have_count(0)
    assert answer.locator(".thumb").count() == 0  # the thread shows the new answer's branch only
    session.assert_clean()  # nothing went to the other host


def test_a_timeout_names_the_picture_timeout_and_keeps_the_prompt(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """The backend's picture timeout (its own setting, here 1 s) ends a request that takes longer."""
    session = drawing(open_session, app_url, fault_server)
    page = session.page
    page.locator("#open-settings").click()
    fieldset = page.locator("#backend-list fieldset").last
    fieldset.locator('[data-field="image_timeout_seconds"]').fill("1")
    fieldset.locator('[data-action="save"]').click()
    expect(fieldset.locator(".status")).to_have_attribute("data-ok", "true")
    close_settings(page)
    answer = ask(page, "A slow fox", model="pixel-slow", size="256x256")
    expect(answer.locator(".problem")).to_contain_text("No picture came within 1 seconds.")
    expect(answer.locator(".problem")).to_contain_text("raise the backend's picture timeout in Settings")
    expect(page.locator('#messages article[data-role="user"] .content').last).to_have_text("A slow fox")
    session.assert_clean()


def test_picture_mode_at_320_px(open_session: Callable[..., Session], app_url: str, fault_server: FaultServer) -> None:
    session = drawing(open_session, app_url, fault_server, width=320)
    page = session.page
    ask(page, "A small fox", size="256x256")
    shown(page, '#messages article[data-role="assistant"] .thumb img')
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path="/tmp/imggen_320.png")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path="/tmp/imggen_desktop.png")
    assert axe_violations(page) == []
    session.assert_clean()
