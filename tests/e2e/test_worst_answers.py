"""The answers that once froze the page, and long lists and tables, end in their final render when their stream
ends and when their conversation is opened from the history, showing all their text: the sliced render
(render.SlicedRender, web/answer_view.py) runs to its end in the page. How long its tasks take is measured by
bench/long_tasks.py, not here."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

from playwright.sync_api import Page, expect

from bench.long_tasks import PAYLOADS, RENDER_TIMEOUT_MS, RENDERED
from plauder.core.i18n import translate
from plauder.render import RenderLabels, render
from tests.e2e.chat_ui import (
    send,
    use_fault_server,
    wait_for_answer,
    wait_for_renderer,
)
from tests.e2e.conftest import Session
from tests.e2e.fault_server import FaultServer

LABELS = RenderLabels(  # as web/answer_view.py labels the page's answers
    copy=translate("en", "chat.copy_code"),
    remote_image=translate("en", "chat.remote_image", host="{host}"),
    run=translate("en", "code.run"),
    run_note=translate("en", "code.note"),
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def words(text: str) -> str:
    return "".join(text.split())


def rendered_words(answer: str) -> str:
    """The text the page shows for `answer` once rendered, as CPython renders it, without its white space."""
    parser = _Text()
    parser.feed(render(answer, LABELS))
    return words("".join(parser.parts))


def shown_words(page: Page) -> list[str]:
    """Once every answer is rendered (none plain or busy): the text of each, without its white space."""
    page.wait_for_function(RENDERED, timeout=RENDER_TIMEOUT_MS, polling=200)
    answers = page.locator('#messages article[data-role="assistant"] .content').all_text_contents()
    return [words(text) for text in answers]


def test_worst_and_long_answers_end_rendered_and_whole(
    open_session: Callable[..., Session], app_url: str, fault_server: FaultServer
) -> None:
    session = open_session()
    page = session.page
    session.boot(app_url)
    wait_for_renderer(page)
    use_fault_server(page, fault_server, "scripted")
    expected = [rendered_words(text) for text in PAYLOADS.values()]
    for number, (name, text) in enumerate(PAYLOADS.items(), start=1):
        fault_server.queue_answer(text, token_chars=2000, interval=0.02)
        send(page, name)
        expect(page.locator('#messages article[data-role="assistant"]')).to_have_count(number)
        wait_for_answer(page)
        assert shown_words(page)[-1] == expected[number - 1], f"{name}: the stream's end"

    page.reload()
    page.locator("html[data-boot=ready]").wait_for(state="attached", timeout=60_000)
    wait_for_renderer(page)
    page.locator("#conversations button.conversation").first.click()
    expect(page.locator('#messages article[data-role="assistant"]')).to_have_count(len(PAYLOADS))
    assert shown_words(page) == expected, "opened from the history"
    assert session.record.page_errors == []
