"""A message's markup string (web/message_markup.py, pure): every text escaped, the buttons core decided."""

from __future__ import annotations

from functools import partial

from plauder.core.i18n import translate
from plauder.core.records import ErrorInfo, Message, MessageStatus, Role
from plauder.core.views import message_view
from plauder.web.message_markup import article_html

HOSTILE = '<img src=x onerror="alert(1)">&"'


def markup(message: Message, branch: tuple[int, int] | None = None, busy: bool = False) -> str:
    view = message_view("en", message, is_last=True, busy=busy, branch=branch)
    return article_html(view, partial(translate, "en"), "<p>rendered</p>", plain=False)


def test_texts_and_ids_are_escaped_and_the_content_is_passed_through() -> None:
    message = Message(HOSTILE, "c", None, Role.USER, HOSTILE, 1.0)
    html = markup(message)
    assert "<img" not in html.replace("<p>rendered</p>", "")
    assert 'data-id="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&quot;"' in html
    assert "<p>rendered</p>" in html  # the renderer's sanitized HTML goes in as it is


def test_branch_arrows_are_disabled_at_the_ends_and_hidden_for_an_only_child() -> None:
    message = Message("m", "c", "q", Role.ASSISTANT, "text", 1.0, status=MessageStatus.COMPLETE)
    first = markup(message, branch=(1, 3))
    assert 'data-action="previous" aria-label="Previous branch" title="Previous branch" disabled' in first
    assert 'data-action="next" aria-label="Next branch" title="Next branch">' in first
    assert "1 / 3" in first
    assert '<span class="branch" hidden></span>' in markup(message, branch=(1, 1))


def test_an_error_shows_its_lines_and_only_then_the_problem_box() -> None:
    failed = Message(
        "m", "c", "q", Role.ASSISTANT, "", 1.0, status=MessageStatus.ERROR, error=ErrorInfo("auth", "error.auth")
    )
    html = markup(failed)
    assert '<div class="problem" role="alert">' in html and 'data-action="retry"' in html
    fine = Message("m", "c", "q", Role.ASSISTANT, "ok", 1.0, status=MessageStatus.COMPLETE)
    assert '<div class="problem" role="alert" hidden>' in markup(fine)


def test_nothing_is_offered_while_an_answer_streams() -> None:
    message = Message("m", "c", "q", Role.ASSISTANT, "so far", 1.0, status=MessageStatus.STREAMING)
    html = markup(message, busy=True)
    assert 'class="message streaming"' in html and "data-action" not in html.split("<footer")[1]
