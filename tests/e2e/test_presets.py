"""Prompt presets: saved in settings with an optional model and parameters; a new chat starts from one."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.e2e.chat_ui import add_backend, close_settings, send, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer


def fill_preset(page: Page, name: str, system_prompt: str, model: str) -> None:
    """The open preset editor's name, model (by the label it is listed with) and system prompt."""
    page.locator("#preset-name").fill(name)
    option = page.locator("#preset-model option", has_text=model).first
    page.locator("#preset-model").select_option(value=option.get_attribute("value"))
    page.locator("#preset-system-prompt").fill(system_prompt)


def test_a_new_chat_starts_from_a_preset(session: Session, app_url: str, fault_server: FaultServer) -> None:
    page = session.page
    session.boot(app_url)
    add_backend(page, "other", f"{fault_server.url}/v1")
    expect(page.locator("#preset-list")).to_have_text("No presets yet.")
    page.locator("#add-preset").click()
    page.locator("#save-preset").click()
    expect(page.locator("#preset-status")).to_have_text("Give the preset a name.")
    fill_preset(page, "Code reviewer", "You review Python code, briefly.", model="length")
    page.locator("#preset-temperature").fill("0.2")
    page.locator("#save-preset").click()
    expect(page.locator("#preset-editor")).to_be_hidden()
    expect(page.locator("#preset-list li .name")).to_have_text(["Code reviewer"])
    close_settings(page)

    picker = page.locator("#preset-select")
    expect(picker).to_be_visible()
    picker.select_option(label="Code reviewer")
    expect(page.locator("#model-select option:checked")).to_have_text("length")  # the preset's model
    send(page, "def f(): pass")
    wait_for_answer(page)
    expect(picker).to_be_hidden()  # only for new chats
    body = json.loads(fault_server.chats("length")[-1].body)
    assert body["messages"][0] == {"role": "system", "content": "You review Python code, briefly."}
    assert body["temperature"] == 0.2

    page.locator("#open-parameters").click()  # the conversation keeps what the preset gave it
    expect(page.locator("#system-prompt")).to_have_value("You review Python code, briefly.")
    page.locator("#cancel-parameters").click()

    page.reload()  # presets are stored; editing and deleting them
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    page.locator("#open-settings").click()
    page.locator('#preset-list button[data-action="edit"]').click()
    expect(page.locator("#preset-system-prompt")).to_have_value("You review Python code, briefly.")
    page.locator("#preset-name").fill("Reviewer")
    page.locator("#save-preset").click()
    expect(page.locator("#preset-list li .name")).to_have_text(["Reviewer"])
    page.locator('#preset-list button[data-action="delete"]').click()
    expect(page.locator("#preset-list")).to_have_text("No presets yet.")


def test_a_presets_variables_are_asked_when_it_is_chosen(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    page = session.page
    session.boot(app_url)
    add_backend(page, "other", f"{fault_server.url}/v1")
    page.locator("#add-preset").click()
    fill_preset(
        page, "Translator", "Translate into {{target:French}} for {{reader}}. Answer in {{language}}.", "length"
    )
    page.locator("#save-preset").click()
    expect(page.locator("#preset-editor")).to_be_hidden()
    close_settings(page)

    picker, form = page.locator("#preset-select"), page.locator("#prompt-fill")
    picker.select_option(label="Translator")
    expect(form).to_be_visible()
    expect(page.locator("#prompt-fill-hint")).to_have_text(
        "The values fill in the preset's system prompt for the new chat."
    )
    page.keyboard.press("Escape")  # no values: no preset
    expect(form).to_be_hidden()
    expect(picker.locator("option:checked")).to_have_text("No preset")

    picker.select_option(label="Translator")
    fields = page.locator("#prompt-fill-fields textarea")
    expect(fields).to_have_count(2)
    expect(fields.first).to_have_value("French")  # the default, selected: typing replaces it
    page.keyboard.type("German")
    fields.nth(1).fill("lawyers")
    page.locator("#prompt-fill-submit", has_text="Use the preset").click()
    expect(form).to_be_hidden()
    expect(picker.locator("option:checked")).to_have_text("Translator")
    send(page, "Guten Tag")
    wait_for_answer(page)
    body = json.loads(fault_server.chats("length")[-1].body)
    assert body["messages"][0] == {"role": "system", "content": "Translate into German for lawyers. Answer in English."}
