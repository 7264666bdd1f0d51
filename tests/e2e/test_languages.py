"""English and German: the browser's language by default, switchable in settings, kept across reloads."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import expect

from tests.e2e.conftest import Session


def test_german_browser_gets_the_german_ui_and_can_switch(open_session: Callable[..., Session], app_url: str) -> None:
    """A de-DE browser paints German from the start; English chosen in settings holds after a reload."""
    session = open_session(locale="de-DE")
    page = session.page
    session.boot(app_url)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#new-chat")).to_have_text("Neuer Chat")
    expect(page.locator("#prompt")).to_have_attribute(
        "placeholder", "Nachricht eingeben. Enter sendet, Umschalt+Enter fügt eine Zeile ein."
    )
    page.locator("#prompt").fill("Hallo")
    page.locator("#prompt").press("Enter")  # no backend yet: settings open at the choice of server
    expect(page.locator("#settings h2")).to_have_text("Einstellungen")
    expect(page.locator("#add-backend-hint")).to_contain_text("Richten Sie ein Backend ein")
    page.locator("#language-select").select_option("en")
    expect(page.locator("#settings h2")).to_have_text("Settings")
    expect(page.locator("#new-chat")).to_have_text("New chat")
    page.locator("#new-backend-server").select_option("ollama")
    page.locator("#add-backend").click()
    expect(page.locator("#backend-list legend")).to_contain_text("Ollama")
    expect(page.locator("#backend-list fieldset button[data-action=save]")).to_have_text("Save and test connection")

    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".welcome h2")).to_have_text(
        page.evaluate("JSON.parse(document.getElementById('shell-messages').textContent).en['shell.welcome_title']")
    )
    session.assert_clean()


def test_english_browser_gets_english(session: Session, app_url: str) -> None:
    session.boot(app_url)
    expect(session.page.locator("html")).to_have_attribute("lang", "en")
    expect(session.page.locator("#new-chat")).to_have_text("New chat")
