"""Technologic's power tools in the chat: a message's raw text behind a toggle, merging an answer that came in
pieces, and the branches dialog's graph."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.e2e.chat_ui import (
    add_backend,
    choose_model,
    close_settings,
    header_action,
    last_answer,
    send,
    wait_for_answer,
)
from tests.e2e.conftest import BOOT_TIMEOUT_MS, Session
from tests.e2e.fault_server import FaultServer
from tests.e2e.test_exchange import import_file
from tests.e2e.test_screens import PHONE, axe_violations, chat_once, page_width

MARKDOWN = "# Plan\n\nSome **bold** words and `code`.\n\n```python\nprint('hi')\n```\n"


def chatting(open_session: Callable[..., Session], app_url: str, fault_server: FaultServer) -> Session:
    """A booted page (CSP bypassed for axe-core, the clipboard allowed) with the scripted model chosen."""
    session = open_session(bypass_csp=True, permissions=["clipboard-read", "clipboard-write"])
    session.boot(app_url)
    add_backend(session.page, "other", f"{fault_server.url}/v1")
    close_settings(session.page)
    choose_model(session.page, "scripted")
    return session


def ask(page: Page, fault_server: FaultServer, question: str, answer: str, token_chars: int = 6) -> Locator:
    fault_server.queue_answer(answer, token_chars=token_chars)
    send(page, question)
    return wait_for_answer(page)


def raw_text(article: Locator) -> str:
    return str(article.locator(".raw-text").evaluate("node => node.textContent"))


def test_raw_view_shows_the_text_as_written_copies_it_and_toggles_back(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """The toggle swaps an answer's rendering for its Markdown as sent (plain, escaped) and back, pressed while
    shown, by mouse and keyboard; copy gives the same text; a question has it too; axe-core finds nothing."""
    session = chatting(open_session, app_url, fault_server)
    page = session.page
    answer = ask(page, fault_server, "Say **it** <b>raw</b>", MARKDOWN)
    toggle = answer.locator("button.raw-toggle")
    expect(toggle).to_have_accessible_name("Raw text")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(answer.locator(".raw-text")).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(answer.locator(".content")).to_be_hidden()
    expect(answer.locator(".raw-text")).to_be_visible()
    assert raw_text(answer) == MARKDOWN
    expect(answer.locator(".raw-text *")).to_have_count(0)  # text only, nothing rendered
    answer.locator(".copy-message").click()
    assert page.evaluate("navigator.clipboard.readText()") == MARKDOWN
    assert axe_violations(page) == []

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(answer.locator(".content h1")).to_have_text("Plan")
    expect(answer.locator(".raw-text")).to_be_hidden()

    question = page.locator('#messages article[data-role="user"]').first
    question.locator("button.raw-toggle").press("Space")
    expect(question.locator("button.raw-toggle")).to_have_attribute("aria-pressed", "true")
    assert raw_text(question) == "Say **it** <b>raw</b>"

    send(page, "Next")  # the thread is drawn again: the question keeps its raw view, the new answer has none
    wait_for_answer(page)
    expect(question.locator("button.raw-toggle")).to_have_attribute("aria-pressed", "true")
    expect(last_answer(page).locator("button.raw-toggle")).to_have_attribute("aria-pressed", "false")
    session.assert_clean()


def test_raw_view_of_a_200_kb_answer(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """200 KB of Markdown shows whole as plain text and goes back to its rendering."""
    session = chatting(open_session, app_url, fault_server)
    page = session.page
    line = "Some **bold** text, a [link](https://example.org/x) and `code` in a line of about 100 characters.\n"
    big = line * (200_000 // len(line))
    answer = ask(page, fault_server, "Long, please", big, token_chars=4000)
    answer.locator("button.raw-toggle").click()
    expect(answer.locator(".raw-text")).to_be_visible()
    assert raw_text(answer) == big
    answer.locator("button.raw-toggle").click()
    expect(answer.locator(".content")).to_be_visible()
    expect(answer.locator(".raw-text")).to_be_hidden()
    assert raw_text(answer) == ""  # the text is in the page once, not twice
    session.assert_clean()


# A Technologic backup with an answer cut in two inside its code block, and the conversation going on after it.
PIECES = [
    ("user", "Write f"),
    ("assistant", "Here:\n\n```python\ndef f():\n    ret"),
    ("assistant", "urn 1\n```"),
    ("user", "Thanks"),
    ("assistant", "You are welcome."),
]
CUT_ANSWER = {
    "folders": {"name": "/", "folders": [], "conversations": ["cut"]},
    "conversations": {
        "cut": {
            "id": "cut",
            "title": "Cut answer",
            "isUntitled": False,
            "messages": {
                str(n): {"id": str(n), "message": {"role": role, "content": text}, "isStreaming": False}
                for n, (role, text) in enumerate(PIECES)
            },
            "graph": [{"to": "0"}] + [{"from": str(n - 1), "to": str(n)} for n in range(1, len(PIECES))],
            "lastMessageId": str(len(PIECES) - 1),
        }
    },
}


def test_merge_mends_an_answer_in_pieces_with_the_keyboard_and_undo_brings_them_back(
    open_session: Callable[..., Session], app_url: str
) -> None:
    """Only the first piece offers "Merge with the next message"; pressing it (by keyboard) leaves one answer
    whose code block is whole, the conversation after it in place, and the keyboard on the merged message;
    Undo brings both pieces back; merged again, it stays merged over a reload."""
    session = open_session(bypass_csp=True)
    page = session.page
    session.boot(app_url)
    backup = json.dumps(CUT_ANSWER).encode()
    import_file(page, "backup.json", backup, "Technologic", "5 messages", "Imported 1 conversations.")
    close_settings(page)
    page.locator("#conversations").get_by_role("button", name="Cut answer", exact=True).click()
    articles = page.locator("#messages article")
    expect(articles).to_have_count(5)
    merge = page.locator('#messages button[data-action="merge"]')
    expect(merge).to_have_count(1)
    expect(merge).to_have_accessible_name("Merge with the next message")
    first = articles.nth(1)
    expect(first.locator('button[data-action="merge"]')).to_have_count(1)

    first.locator('button[data-action="merge"]').focus()
    page.keyboard.press("Enter")
    expect(articles).to_have_count(4)
    expect(page.locator("#undo-text")).to_have_text("Messages merged.")
    expect(merge).to_have_count(0)  # no more pieces
    expect(first.locator(".actions button").first).to_be_focused()
    expect(first.locator(".content pre code")).to_have_text("def f():\n    return 1")
    expect(articles.nth(2).locator(".content")).to_have_text("Thanks")
    assert axe_violations(page) == []

    page.locator("#undo-button").click()
    expect(articles).to_have_count(5)
    expect(articles.nth(2).locator(".content p")).to_have_text("urn 1")

    first.locator('button[data-action="merge"]').click()
    expect(articles).to_have_count(4)
    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=BOOT_TIMEOUT_MS)
    page.locator("#conversations").get_by_role("button", name="Cut answer", exact=True).click()
    expect(articles).to_have_count(4)
    first.locator("button.raw-toggle").click()
    assert raw_text(first) == "Here:\n\n```python\ndef f():\n    return 1\n```"
    session.assert_clean()


def test_the_branches_dialog_draws_the_tree_as_a_graph_on_a_320_px_phone(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    """A first question edited twice, the first answer followed up: the graph has a node per message and an edge
    per answer or follow-up, the visible thread marked; arrow keys move between the rows beside the nodes and Enter goes there; a
    tap on a row does too; the dialog scrolls inside itself and the page stays 320 px wide; axe finds nothing."""
    session = open_session(bypass_csp=True, **{**PHONE, "viewport": {"width": 320, "height": 640}})
    page = session.page
    session.boot(app_url)
    chat_once(page, fault_server)  # "Hello from a small screen", answered by the model "ok"
    choose_model(page, "scripted")
    ask(page, fault_server, "Follow-up", "Followed up")
    first_answer = page.locator('#messages article[data-role="assistant"]').first
    for text in ("Second answer", "Third answer"):
        fault_server.queue_answer(text)
        first_answer.locator('button[data-action="edit"]').wait_for()
        page.locator('#messages article[data-role="user"]').first.locator('button[data-action="edit"]').click()
        page.locator("#messages .editor textarea").fill(f"Hello again for the {text.lower()}")
        page.locator('#messages .editor button[data-action="resend"]').click()
        wait_for_answer(page)

    header_action(page, "#open-outline").click()
    graph = page.locator("#outline-graph svg")
    expect(graph.locator("circle.node")).to_have_count(8)
    expect(graph.locator("circle.node.on-path")).to_have_count(2)
    expect(graph.locator("path.edge")).to_have_count(5)  # three roots: the edited questions are siblings
    rows = page.locator("#outline-list button.outline-row")
    expect(rows).to_have_count(8)
    expect(rows.nth(7)).to_be_focused()  # the end of the visible thread
    assert page_width(page) <= 320
    box = page.locator(".outline-tree").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert axe_violations(page) == []

    rows.nth(7).press("Home")
    expect(rows.nth(0)).to_be_focused()
    rows.nth(0).press("ArrowDown")
    expect(rows.nth(1)).to_be_focused()
    page.keyboard.press("End")
    expect(rows.nth(7)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(rows.nth(5)).to_be_focused()  # the answer to the second question
    page.keyboard.press("Enter")
    expect(page.locator("#outline")).to_be_hidden()
    expect(page.locator("#messages article .content").first).to_have_text("Hello again for the second answer")

    header_action(page, "#open-outline").click()
    expect(graph.locator("circle.node.on-path")).to_have_count(2)
    rows.nth(2).tap()  # the follow-up on the first branch
    expect(page.locator("#outline")).to_be_hidden()
    expect(page.locator("#messages article .content")).to_have_text(
        ["Hello from a small screen", re.compile("."), "Follow-up", "Followed up"]
    )
    session.assert_clean()
