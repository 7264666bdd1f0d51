"""Conversation trees in the chat: edit and resend as a new branch, edit in place, regenerate, `< n / m >`,
the branches dialog, fork, delete with undo; the branch last used is the one shown after a reload."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.e2e.chat_ui import (
    last_answer,
    send,
    use_fault_server,
    wait_for_answer,
)
from tests.e2e.conftest import BOOT_TIMEOUT_MS, Session
from tests.e2e.fault_server import FaultServer

MESSAGE_IDS = """async () => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open("plauder"); r.onsuccess = () => ok(r.result); r.onerror = no; });
  const keys = await new Promise((ok, no) => {
    const q = db.transaction("messages").objectStore("messages").getAllKeys(); q.onsuccess = () => ok(q.result); q.onerror = no;
  });
  db.close();
  return keys;
}"""


def start(session: Session, app_url: str, fault_server: FaultServer) -> Page:
    page = session.page
    session.boot(app_url)
    use_fault_server(page, fault_server, "scripted")
    return page


def ask(page: Page, fault_server: FaultServer, question: str, answer: str) -> None:
    fault_server.queue_answer(answer)
    send(page, question)
    expect(last_answer(page).locator(".content")).to_have_text(answer)
    wait_for_answer(page)


def message(page: Page, text: str) -> Locator:
    return page.locator("#messages article", has_text=text)


def questions(page: Page) -> Locator:
    return page.locator('#messages article[data-role="user"] .content')


def answers(page: Page) -> Locator:
    return page.locator('#messages article[data-role="assistant"] .content')


def reload_and_open(page: Page, title: str) -> None:
    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)
    page.locator("#conversations").get_by_role("button", name=title, exact=True).click()


def test_edit_and_resend_branches_and_edit_in_place_asks_nothing(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """An edited question becomes a second branch with its own answer; `<` brings back the first; an answer
    corrected in place sends no request; after a reload the branch last looked at is shown, as corrected."""
    page = start(session, app_url, fault_server)
    ask(page, fault_server, "Question one", "Answer one")

    question = page.locator('#messages article[data-role="user"]')
    question.locator('button[data-action="edit"]').click()
    editor = question.locator(".editor textarea")
    expect(editor).to_be_focused()
    expect(editor).to_have_value("Question one")
    editor.press("Escape")  # cancels: nothing changed, the keyboard back on Edit
    expect(question.locator(".editor")).to_have_count(0)
    expect(question.locator('button[data-action="edit"]')).to_be_focused()

    question.locator('button[data-action="edit"]').click()
    question.locator(".editor textarea").fill("Question two")
    fault_server.queue_answer("Answer two")
    question.locator('button[data-action="resend"]').click()
    expect(answers(page)).to_have_text(["Answer two"])
    wait_for_answer(page)
    expect(questions(page)).to_have_text(["Question two"])
    branch = page.locator('#messages article[data-role="user"] .branch')
    expect(branch.locator(".branch-position")).to_have_text("2 / 2")
    expect(branch.get_by_role("button", name="Next branch")).to_be_disabled()

    branch.get_by_role("button", name="Previous branch").click()
    expect(questions(page)).to_have_text(["Question one"])
    expect(answers(page)).to_have_text(["Answer one"])
    expect(branch.locator(".branch-position")).to_have_text("1 / 2")
    expect(branch.get_by_role("button", name="Next branch")).to_be_focused()  # the keyboard stays on the control

    requests = len(fault_server.chats())
    reply = page.locator('#messages article[data-role="assistant"]')
    reply.locator('button[data-action="edit"]').click()
    expect(reply.locator('.editor button[data-action="resend"]')).to_have_count(0)  # an answer is only saved
    reply.locator(".editor textarea").fill("Answer one, **corrected**")
    reply.locator('.editor button[data-action="save"]').click()
    expect(answers(page)).to_have_text(["Answer one, corrected"])
    assert len(fault_server.chats()) == requests  # nothing was asked again

    reload_and_open(page, "Question one")
    expect(questions(page)).to_have_text(["Question one"])  # the branch last used, not the newest
    expect(answers(page)).to_have_text(["Answer one, corrected"])
    expect(answers(page).locator("strong")).to_have_text("corrected")
    expect(branch.locator(".branch-position")).to_have_text("1 / 2")
    branch.get_by_role("button", name="Next branch").click()
    expect(answers(page)).to_have_text(["Answer two"])
    session.assert_clean()


def test_regenerate_outline_and_fork(session: Session, app_url: str, fault_server: FaultServer) -> None:
    """Regenerate adds `2 / 2` to the answer and `<`/`>` switch; the branches dialog lists every message and
    jumps to another branch; a fork from the first answer holds only the path up to it, the original stays."""
    page = start(session, app_url, fault_server)
    ask(page, fault_server, "First question", "First answer")
    ask(page, fault_server, "Second question", "Second answer")

    fault_server.queue_answer("Second answer, again")
    last_answer(page).locator('button[data-action="regenerate"]').click()
    expect(last_answer(page).locator(".content")).to_have_text("Second answer, again")
    wait_for_answer(page)
    branch = last_answer(page).locator(".branch")
    expect(branch.locator(".branch-position")).to_have_text("2 / 2")
    expect(page.locator("#messages article .branch:not([hidden])")).to_have_count(1)  # only the answer branched
    branch.get_by_role("button", name="Previous branch").click()
    expect(answers(page)).to_have_text(["First answer", "Second answer"])
    expect(branch.locator(".branch-position")).to_have_text("1 / 2")
    branch.get_by_role("button", name="Next branch").press("Enter")  # and by keyboard
    expect(answers(page)).to_have_text(["First answer", "Second answer, again"])

    page.locator("#open-outline").click()
    rows = page.locator("#outline-list button.outline-row")
    expect(rows).to_have_count(5)
    expect(rows.locator(".excerpt")).to_have_text(
        ["First question", "First answer", "Second question", "Second answer", "Second answer, again"]
    )
    expect(page.locator('#outline-list button[aria-current="true"]')).to_have_count(4)
    expect(rows.nth(4)).to_be_focused()  # the end of the visible thread
    rows.nth(3).click()
    expect(page.locator("#outline")).to_be_hidden()
    expect(answers(page)).to_have_text(["First answer", "Second answer"])
    expect(last_answer(page).locator(".branch-position")).to_have_text("1 / 2")

    message(page, "First answer").locator('button[data-action="fork"]').click()
    expect(page.locator("#chat-title")).to_have_text("First question (fork)")
    expect(questions(page)).to_have_text(["First question"])
    expect(answers(page)).to_have_text(["First answer"])

    page.locator("#conversations").get_by_role("button", name="First question", exact=True).click()
    expect(questions(page)).to_have_text(["First question", "Second question"])
    expect(answers(page)).to_have_text(["First answer", "Second answer"])
    page.locator("#open-outline").click()
    expect(rows).to_have_count(5)  # nothing moved out of the original
    page.locator("#close-outline").click()
    assert len(page.evaluate(MESSAGE_IDS)) == 7  # 5 + the fork's 2 copies under ids of their own
    session.assert_clean()


def test_delete_with_undo_and_for_good(session: Session, app_url: str, fault_server: FaultServer) -> None:
    """Deleting a message takes its replies with it; Undo puts all back; without Undo it stays gone after a
    reload, and new messages never get a deleted message's id."""
    page = start(session, app_url, fault_server)
    ask(page, fault_server, "Keep this", "Kept")
    ask(page, fault_server, "Drop this", "Dropped")
    everything = set(page.evaluate(MESSAGE_IDS))
    assert len(everything) == 4

    message(page, "Drop this").locator('button[data-action="delete"]').click()
    expect(questions(page)).to_have_text(["Keep this"])
    expect(answers(page)).to_have_text(["Kept"])
    expect(page.locator("#undo-bar")).to_be_visible()
    expect(page.locator("#undo-text")).to_have_text("Message deleted.")
    expect(page.locator("#undo-button")).to_be_focused()
    page.keyboard.press("Enter")  # Undo, from the keyboard
    expect(page.locator("#undo-bar")).to_be_hidden()
    expect(questions(page)).to_have_text(["Keep this", "Drop this"])
    expect(answers(page)).to_have_text(["Kept", "Dropped"])
    assert set(page.evaluate(MESSAGE_IDS)) == everything

    message(page, "Drop this").locator('button[data-action="delete"]').click()
    expect(questions(page)).to_have_text(["Keep this"])
    reload_and_open(page, "Keep this")
    expect(questions(page)).to_have_text(["Keep this"])
    expect(answers(page)).to_have_text(["Kept"])
    remaining = set(page.evaluate(MESSAGE_IDS))
    assert len(remaining) == 2 and remaining < everything
    deleted = everything - remaining

    ask(page, fault_server, "Asked again", "Answered again")
    expect(questions(page)).to_have_text(["Keep this", "Asked again"])
    fresh = set(page.evaluate(MESSAGE_IDS)) - remaining
    assert len(fresh) == 2 and not fresh & deleted
    session.assert_clean()
