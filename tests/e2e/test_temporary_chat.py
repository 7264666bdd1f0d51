"""Temporary chats (issue 16, core/temporary.py), seen in the page: nothing of one reaches IndexedDB or the
start-up copy in localStorage, the list does not show it, closing the tab asks first, a reload ends it,
and turning it off keeps it, stored whole."""

from __future__ import annotations

from playwright.sync_api import Dialog, Page, expect

from tests.e2e.chat_ui import (
    header_action,
    send,
    use_fault_server,
    wait_for_answer,
)
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer

SECRET = "Merger plan for Project Lindwurm"
STORED = """async () => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open("plauder"); r.onsuccess = () => ok(r.result); r.onerror = no; });
  const all = (store) => new Promise((ok, no) => {
    const q = db.transaction(store).objectStore(store).getAll(); q.onsuccess = () => ok(q.result); q.onerror = no;
  });
  const found = {conversations: await all("conversations"), messages: await all("messages")};
  db.close();
  return JSON.stringify(found) + JSON.stringify({...localStorage});
}"""


def start_temporary_chat(page: Page, fault_server: FaultServer) -> None:
    """A temporary chat with one question and its answer (and the title the app asks for)."""
    toggle = header_action(page, "#temporary-chat")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("#temporary-chat")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#temporary-note")).to_be_visible()
    fault_server.queue_answer("Noted: the plan stays between us.", token_chars=5)
    fault_server.queue_title("Lindwurm plan")
    send(page, SECRET)
    expect(wait_for_answer(page).locator(".content")).to_have_text("Noted: the plan stays between us.")
    expect(page.locator("#chat-title")).to_have_text("Lindwurm plan")


def test_a_temporary_chat_is_never_stored_asks_before_the_tab_closes_and_ends_on_reload(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    page = session.page
    session.boot(app_url)
    use_fault_server(page, fault_server, "scripted")
    start_temporary_chat(page, fault_server)
    expect(page.locator("#conversations button.conversation")).to_have_count(0)
    page.wait_for_timeout(1500)  # past the start-up copy's delay (web/first_paint.py): it was written by now
    assert SECRET not in page.evaluate(STORED) and "Lindwurm" not in page.evaluate(STORED)

    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.close(run_before_unload=True)  # the browser asks first; dismissing it keeps the page
    expect(page.locator("#temporary-note")).to_be_visible()
    assert asked == ["beforeunload"]
    page.remove_listener("dialog", stay)

    session.boot(app_url)  # a reload ends it: nothing was kept anywhere
    expect(page.locator("#temporary-chat")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#temporary-note")).to_be_hidden()
    expect(page.locator("#messages article")).to_have_count(0)
    assert SECRET not in page.evaluate(STORED)


def test_turning_it_off_keeps_the_chat_and_opening_another_ends_it(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    page = session.page
    session.boot(app_url)
    use_fault_server(page, fault_server, "scripted")
    start_temporary_chat(page, fault_server)
    header_action(page, "#temporary-chat").click()  # keep it
    expect(page.locator("#temporary-note")).to_be_hidden()
    expect(page.locator("#conversations button.conversation")).to_have_count(1)
    stored = page.evaluate(STORED)
    assert SECRET in stored and "Noted: the plan stays between us." in stored

    page.locator("#new-chat").click()
    start_temporary_chat(page, fault_server)
    expect(page.locator("#temporary-chat")).to_be_visible()
    page.locator("#conversations button.conversation").first.click()  # opening another ends the temporary one
    expect(page.locator("#temporary-note")).to_be_hidden()
    expect(page.locator("#temporary-chat")).to_be_hidden()  # a stored conversation cannot become temporary
    expect(page.locator("#conversations button.conversation")).to_have_count(1)
    assert page.evaluate(STORED).count(SECRET) == 1  # the kept chat's question only
