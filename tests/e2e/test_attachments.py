"""Text files attached to a message: picked, dropped and refused, removed, sent as fenced blocks, kept
across a reload with their text, and read without a long task (issue 15, first slice)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.chat_ui import add_backend, choose_model, close_settings, wait_for_answer
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_screens import axe_violations

NOTES = "# Notes\n\nThe launch is on ```Tuesday```.\n"
DROP_FILE = """() => {
  const transfer = new DataTransfer();
  transfer.items.add(new File(["a,b\\n1,2\\n"], "dropped.csv", {type: "text/csv"}));
  const target = document.getElementById("messages");
  for (const type of ["dragover", "drop"]) {
    target.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
  }
}"""


def ready(open_session: Callable[..., Session], app_url: str, fault_server: FaultServer) -> Page:
    session = open_session(bypass_csp=True)  # axe-core is injected
    session.boot(app_url)
    add_backend(session.page, "other", f"{fault_server.url}/v1")
    close_settings(session.page)
    choose_model(session.page, "ok")
    fault_server.reset()
    return session.page


def file(name: str, text: str, mime: str = "text/plain") -> dict[str, object]:
    return {"name": name, "mimeType": mime, "buffer": text.encode()}


def test_attached_files_go_to_the_model_and_stay_with_the_message(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    page = ready(open_session, app_url, fault_server)
    chips = page.locator("#attachments .chip")
    page.locator("#prompt").fill("Compare these files")
    page.set_input_files("#attach-input", [file("notes.md", NOTES), file("drop-me.txt", "not wanted")])
    expect(chips).to_have_count(2)
    page.evaluate(DROP_FILE)
    expect(chips).to_have_count(3)
    expect(chips.first).to_contain_text("notes.md")
    expect(chips.first).to_contain_text("41 B · about 11 tokens")
    expect(page.locator("#attach-total")).to_be_visible()

    page.set_input_files("#attach-input", [file("report.doc", "\u00d0\u00cf", "application/msword")])
    expect(page.locator("#attach-refused")).to_contain_text("“report.doc” was not attached: Plauder reads PDF")
    expect(chips).to_have_count(3)
    expect(page.locator("#prompt")).to_have_value("Compare these files")  # the typed message stays

    page.get_by_role("button", name="Remove drop-me.txt").click()
    expect(chips).to_have_count(2)
    chips.first.locator(".chip-open").click()
    expect(page.locator("#attachment-text")).to_be_visible()
    expect(page.locator("#attachment-text-body")).to_have_text(NOTES.rstrip("\n"), use_inner_text=False)
    assert axe_violations(page) == []
    page.locator("#close-attachment-text").click()
    assert axe_violations(page) == []

    page.locator("#send").click()
    wait_for_answer(page)
    expect(chips).to_have_count(0)
    content = fault_server.chats("ok")[-1].json()["messages"][-1]["content"]
    assert content == (
        "Compare these files\n\nAttachment: notes.md\n````\n# Notes\n\nThe launch is on ```Tuesday```.\n````"
        "\n\nAttachment: dropped.csv\n```\na,b\n1,2\n```"
    )

    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    page.locator("#conversations button.conversation", has_text="Compare these files").first.click()
    sent = page.locator('#messages article[data-role="user"] .chips .chip')
    expect(sent).to_have_count(2)
    sent.last.get_by_role("button").click()
    expect(page.locator("#attachment-text-title")).to_have_text("dropped.csv")
    expect(page.locator("#attachment-text-body")).to_have_text("a,b\n1,2\n", use_inner_text=False)
    assert axe_violations(page) == []
