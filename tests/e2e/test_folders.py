"""Organizing the sidebar: nested folders, drag and drop (and its menu alternative), delete with a
question or an undo, rename, duplicate, and the automatic title asked of the model."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Locator, Page, expect

from plauder.core.titles import title_instruction
from tests.e2e.chat_ui import add_backend, choose_model, close_settings, send, wait_for_answer
from tests.e2e.conftest import BOOT_TIMEOUT_MS, Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_lock import PASSPHRASE, RAW_DATABASE, set_lock

HELLO = "Hello from the fault server."


def start(session: Session, app_url: str, fault_server: FaultServer, model: str = "ok") -> Page:
    session.boot(app_url)
    page = session.page
    add_backend(page, "other", f"{fault_server.url}/v1")
    close_settings(page)
    choose_model(page, model)
    return page


def chat(page: Page, text: str) -> None:
    send(page, text)
    wait_for_answer(page)


def folder_row(page: Page, name: str) -> Locator:
    return page.locator("#conversations .folder-row").filter(
        has=page.locator(".folder-name", has_text=re.compile(f"^{re.escape(name)}$"))
    )


def conversation_button(page: Page, title: str) -> Locator:
    return page.locator("#conversations button.conversation", has_text=re.compile(f"^{re.escape(title)}$"))


def conversation_row(page: Page, title: str) -> Locator:
    title_button = page.locator("button.conversation", has_text=re.compile(f"^{re.escape(title)}$"))
    return page.locator("#conversations .conversation-row").filter(has=title_button)


def menu(row: Locator, action: str) -> None:
    """Open the row's menu and press one of its buttons."""
    row.locator("summary").click()
    row.locator(f'.menu-items button[data-action="{action}"]').click()


def name_it(page: Page, name: str) -> None:
    expect(page.locator("#name-dialog")).to_be_visible()
    page.locator("#name-input").fill(name)
    page.locator("#name-input").press("Enter")
    expect(page.locator("#name-dialog")).to_be_hidden()


def new_folder(page: Page, name: str, parent: str | None = None) -> Locator:
    if parent is None:
        page.locator("#new-folder").click()
    else:
        menu(folder_row(page, parent), "new-subfolder")
    name_it(page, name)
    expect(folder_row(page, name)).to_have_count(1)
    return folder_row(page, name)


def parent_of(row: Locator) -> str | None:
    return row.get_attribute("data-parent")


def reload(page: Page) -> None:
    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)


def test_nested_folders_drag_and_drop_and_collapse_survive_a_reload(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """Create a folder and a sub-folder, rename it, drag a conversation in; collapsing hides it; a reload keeps all."""
    page = start(session, app_url, fault_server)
    chat(page, "Plan the garden")
    projects = new_folder(page, "Projects")
    new_folder(page, "Drafts", parent="Projects")
    menu(folder_row(page, "Drafts"), "rename")
    expect(page.locator("#name-input")).to_have_value("Drafts")
    name_it(page, "Notes")
    notes = folder_row(page, "Notes")
    expect(notes).to_have_count(1)
    expect(folder_row(page, "Drafts")).to_have_count(0)
    projects_id = projects.get_attribute("data-id")
    notes_id = notes.get_attribute("data-id")
    assert parent_of(notes) == projects_id

    conversation_row(page, "Plan the garden").drag_to(notes)
    expect(conversation_row(page, "Plan the garden")).to_have_attribute("data-parent", notes_id or "")
    rows = page.locator("#conversations [data-kind]")
    expect(rows).to_have_count(3)  # Projects, Notes, the conversation: nested in this order
    assert [rows.nth(i).get_attribute("data-id") for i in range(2)] == [projects_id, notes_id]

    projects.locator(".folder-toggle").click()
    expect(projects.locator(".folder-toggle")).to_have_attribute("aria-expanded", "false")
    expect(conversation_button(page, "Plan the garden")).to_have_count(0)
    expect(folder_row(page, "Notes")).to_have_count(0)

    reload(page)
    expect(folder_row(page, "Projects").locator(".folder-toggle")).to_have_attribute("aria-expanded", "false")
    expect(conversation_button(page, "Plan the garden")).to_have_count(0)
    folder_row(page, "Projects").locator(".folder-toggle").click()
    expect(folder_row(page, "Notes")).to_have_attribute("data-parent", projects_id or "")
    expect(conversation_row(page, "Plan the garden")).to_have_attribute("data-parent", notes_id or "")
    conversation_button(page, "Plan the garden").click()  # it still opens, with its messages
    expect(page.locator('#messages article[data-role="assistant"] .content')).to_have_text(HELLO)
    session.assert_clean()


def test_a_folder_cannot_be_dropped_into_its_own_child(session: Session, app_url: str) -> None:
    """Dragging a folder onto its sub-folder is refused with a message, and nothing moves (also after a reload)."""
    session.boot(app_url)
    page = session.page
    outer = new_folder(page, "Outer")
    inner = new_folder(page, "Inner", parent="Outer")
    outer_id = outer.get_attribute("data-id")
    outer.drag_to(inner)
    expect(page.locator("#notice")).to_have_text("A folder cannot be moved into itself or into one of its sub-folders.")
    expect(outer).to_have_attribute("data-parent", "")
    expect(inner).to_have_attribute("data-parent", outer_id or "")
    reload(page)
    expect(folder_row(page, "Outer")).to_have_attribute("data-parent", "")
    expect(folder_row(page, "Inner")).to_have_attribute("data-parent", outer_id or "")
    session.assert_clean()


def test_deleting_a_folder_with_contents_asks_and_can_move_them_up(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """A non-empty folder is not deleted silently: Cancel keeps it; "move contents up" keeps the conversation."""
    page = start(session, app_url, fault_server)
    chat(page, "Keep me safe")
    outer = new_folder(page, "Outer")
    outer_id = outer.get_attribute("data-id")
    new_folder(page, "Inner", parent="Outer")
    # The keyboard way to move: the row menu's "Move to…" list.
    conversation_row(page, "Keep me safe").locator("summary").click()
    inner_id = folder_row(page, "Inner").get_attribute("data-id")
    move_to = conversation_row(page, "Keep me safe").locator('select[data-action="move"]')
    expect(move_to.locator("option:checked")).to_have_text("Choose a folder…")  # a prompt, not blank
    expect(move_to.locator("option:checked")).to_be_disabled()
    expect(move_to.locator("option", has_text="Top level")).to_be_disabled()  # where it is now
    move_to.select_option(inner_id)
    expect(conversation_row(page, "Keep me safe")).to_have_attribute("data-parent", inner_id or "")
    conversation_row(page, "Keep me safe").locator("summary").click()
    moved_to = conversation_row(page, "Keep me safe").locator('select[data-action="move"]')
    expect(moved_to.locator("option", has_text="Inner")).to_be_disabled()
    expect(moved_to.locator("option", has_text="Top level")).to_be_enabled()
    conversation_row(page, "Keep me safe").locator("summary").click()

    menu(folder_row(page, "Inner"), "delete")
    expect(page.locator("#folder-delete")).to_be_visible()
    expect(page.locator("#folder-delete-text")).to_contain_text("“Inner” is not empty")
    page.locator("#folder-delete-cancel").click()
    expect(page.locator("#folder-delete")).to_be_hidden()
    expect(folder_row(page, "Inner")).to_have_count(1)

    menu(folder_row(page, "Inner"), "delete")
    page.locator("#folder-move-up").click()
    expect(folder_row(page, "Inner")).to_have_count(0)
    expect(conversation_row(page, "Keep me safe")).to_have_attribute("data-parent", outer_id or "")
    reload(page)
    expect(folder_row(page, "Inner")).to_have_count(0)
    expect(conversation_row(page, "Keep me safe")).to_have_attribute("data-parent", outer_id or "")
    session.assert_clean()


def test_a_deleted_conversation_comes_back_with_undo(session: Session, app_url: str, fault_server: FaultServer) -> None:
    """Delete takes the conversation away at once; Undo brings it back with every message, and it stays."""
    page = start(session, app_url, fault_server)
    chat(page, "Remember this")
    chat(page, "And this")
    menu(conversation_row(page, "Remember this"), "delete")
    expect(conversation_button(page, "Remember this")).to_have_count(0)
    expect(page.locator("#messages article")).to_have_count(0)  # the open conversation closed
    expect(page.locator("#undo-bar")).to_be_visible()
    expect(page.locator("#undo-text")).to_have_text("Conversation deleted.")
    page.locator("#undo-button").click()
    expect(page.locator("#undo-bar")).to_be_hidden()
    reload(page)
    conversation_button(page, "Remember this").click()
    expect(page.locator('#messages article[data-role="user"] .content')).to_have_text(["Remember this", "And this"])
    expect(page.locator('#messages article[data-role="assistant"] .content')).to_have_text([HELLO, HELLO])
    session.assert_clean()


def test_rename_and_duplicate_a_conversation(session: Session, app_url: str, fault_server: FaultServer) -> None:
    """Rename changes the title in the sidebar and the header; a duplicate holds all the messages."""
    page = start(session, app_url, fault_server)
    chat(page, "Original words")
    chat(page, "Second turn")
    menu(conversation_row(page, "Original words"), "rename")
    name_it(page, "Renamed chat")
    expect(conversation_button(page, "Renamed chat")).to_have_count(1)
    expect(page.locator("#chat-title")).to_have_text("Renamed chat")

    menu(conversation_row(page, "Renamed chat"), "duplicate")
    copy = conversation_button(page, "Renamed chat (copy)")
    expect(copy).to_have_count(1)
    expect(page.locator("#conversations button.conversation")).to_have_count(2)
    copy.click()
    expect(page.locator("#chat-title")).to_have_text("Renamed chat (copy)")
    expect(page.locator('#messages article[data-role="user"] .content')).to_have_text(["Original words", "Second turn"])
    expect(page.locator('#messages article[data-role="assistant"] .content')).to_have_text([HELLO, HELLO])
    reload(page)
    expect(page.locator("#conversations button.conversation")).to_have_text(["Renamed chat (copy)", "Renamed chat"])
    session.assert_clean()


def test_the_model_titles_a_new_conversation_after_its_first_answer(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """After the first answer a short side request asks for a title; the sidebar shows the model's title."""
    page = start(session, app_url, fault_server, model="scripted")
    fault_server.reset()  # the record is the session's: earlier tests' title requests are in it
    fault_server.queue_answer("Red, green and blue, among many others.")
    fault_server.queue_title('"Colour names."')
    chat(page, "Which colours have names?")
    expect(conversation_button(page, "Colour names")).to_have_count(1)
    expect(page.locator("#chat-title")).to_have_text("Colour names")
    [asked] = [exchange for exchange in fault_server.requests("POST") if exchange.title]
    assert asked.json()["messages"][-1]["content"] == title_instruction("en")
    assert asked.json()["messages"][0]["content"] == "Which colours have names?"
    # Only once: a second answer asks for no title, and the title stays.
    fault_server.queue_answer("Also teal.")
    chat(page, "More?")
    reload(page)
    expect(page.locator("#conversations button.conversation")).to_have_text(["Colour names"])
    assert len([exchange for exchange in fault_server.requests("POST") if exchange.title]) == 1
    session.assert_clean()


def test_folder_names_are_sealed_with_the_conversations(
    session: Session, app_url: str, fault_server: FaultServer
) -> None:
    """Under a lock that seals conversations, folder names are stored encrypted too, and come back on unlock."""
    page = start(session, app_url, fault_server)
    chat(page, "Quarterly numbers")
    new_folder(page, "Merger plans")
    conversation_row(page, "Quarterly numbers").drag_to(folder_row(page, "Merger plans"))
    folder_id = folder_row(page, "Merger plans").get_attribute("data-id")
    expect(conversation_row(page, "Quarterly numbers")).to_have_attribute("data-parent", folder_id or "")
    assert "Merger plans" in page.evaluate(RAW_DATABASE)  # the control: stored as written until the lock

    page.locator("#open-settings").click()
    page.locator("#lock-conversations").check()
    set_lock(page, PASSPHRASE, PASSPHRASE)
    expect(page.locator("#lock-status")).to_have_text(
        "Done: API keys and conversations are now stored encrypted.", timeout=30_000
    )
    raw = page.evaluate(RAW_DATABASE)
    assert "Merger plans" not in raw and len(json.loads(raw)["folders"]) == 1

    reload(page)
    expect(page.locator("#unlock")).to_be_visible()
    expect(page.locator("#conversations [data-kind]")).to_have_count(0)
    page.locator("#unlock-passphrase").fill(PASSPHRASE)
    page.locator("#unlock-apply").click()
    expect(page.locator("#unlock")).to_be_hidden(timeout=30_000)
    expect(folder_row(page, "Merger plans")).to_have_count(1)
    expect(conversation_row(page, "Quarterly numbers")).to_have_attribute("data-parent", folder_id or "")
    session.assert_clean()
