"""A message's markup string (web/message_markup.py, pure): every text escaped, the buttons core decided,
each an icon with a name."""

from __future__ import annotations

from functools import partial
from html import escape

from plauder.core.i18n import translate
from plauder.core.records import ErrorInfo, Message, MessageStatus, Role
from plauder.core.timestamps import Stamp
from plauder.core.views import message_view
from plauder.web.message_markup import article_html

HOSTILE = '<img src=x onerror="alert(1)">&"'


def markup(
    message: Message,
    branch: tuple[int, int] | None = None,
    busy: bool = False,
    written: Stamp | None = None,
    raw: bool = False,
) -> str:
    view = message_view("en", message, is_last=True, busy=busy, branch=branch)
    raw_html = escape(message.content) if raw else None
    return article_html(
        view, partial(translate, "en"), "<p>rendered</p>", plain=False, written=written, raw_html=raw_html
    )


def test_texts_and_ids_are_escaped_and_the_content_is_passed_through() -> None:
    message = Message(HOSTILE, "c", None, Role.USER, HOSTILE, 1.0)
    html = markup(message)
    assert "<img" not in html.replace("<p>rendered</p>", "")
    assert 'data-id="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&quot;"' in html
    assert "<p>rendered</p>" in html  # the renderer's sanitized HTML goes in as it is
    stamp = Stamp("2024-03-03T13:05:00.000Z", HOSTILE, HOSTILE)
    assert "<img" not in markup(message, written=stamp).replace("<p>rendered</p>", "")


def test_actions_are_icon_buttons_named_and_with_a_tooltip() -> None:
    """Every action is an icon (decoration, hidden from screen readers) on a button that says what it does."""
    message = Message("m", "c", "q", Role.ASSISTANT, "text", 1.0, status=MessageStatus.COMPLETE)
    footer = markup(message).split('<footer class="actions">')[1]
    assert footer.startswith('<button type="button" class="icon copy-message" aria-label="Copy as Markdown"')
    for action, label in (("regenerate", "Regenerate"), ("edit", "Edit"), ("fork", "Fork"), ("delete", "Delete")):
        assert f'data-action="{action}" aria-label="{label}" title="{label}"><svg class="glyph"' in footer
    assert footer.count('aria-hidden="true"') == footer.count("<svg")
    assert ">Edit<" not in footer  # no visible text: the name is the label


def test_the_time_written_goes_in_a_time_element_with_the_full_date_as_its_title() -> None:
    message = Message("m", "c", "q", Role.USER, "text", 1.0)
    written = Stamp("2024-03-03T13:05:00.000Z", "14:05", "Sunday, 3 March 2024 at 14:05")
    html = markup(message, written=written)
    assert (
        '<time class="written" datetime="2024-03-03T13:05:00.000Z" title="Sunday, 3 March 2024 at 14:05">14:05</time>'
        in html
    )
    assert "<time" not in markup(message)  # a stored value that is no time shows none


def test_branch_arrows_are_disabled_at_the_ends_and_hidden_for_an_only_child() -> None:
    message = Message("m", "c", "q", Role.ASSISTANT, "text", 1.0, status=MessageStatus.COMPLETE)
    first = markup(message, branch=(1, 3))
    assert 'data-action="previous" disabled aria-label="Previous branch" title="Previous branch">' in first
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


def test_nothing_is_offered_while_an_answer_streams_but_copy() -> None:
    """The footer keeps its copy button, so it keeps its height while the actions are gone."""
    message = Message("m", "c", "q", Role.ASSISTANT, "so far", 1.0, status=MessageStatus.STREAMING)
    html = markup(message, busy=True)
    footer = html.split("<footer")[1]
    assert 'class="message streaming"' in html and "data-action" not in footer and "copy-message" in footer


def test_thinking_is_escaped_text_behind_a_summary_above_the_answer() -> None:
    """Thinking is never markup; it sits between the header and the answer, open while the model thinks."""
    thinking = Message("m", "c", "q", Role.ASSISTANT, "", 1.0, MessageStatus.STREAMING, reasoning=HOSTILE)
    html = markup(thinking)
    assert "<img" not in html.replace("<p>rendered</p>", "")
    assert html.index("</header>") < html.index('<details class="thinking" open') < html.index('class="content')
    assert "<summary>Thinking…</summary>" in html and '<p class="thinking-capped" hidden>' in html
    done = markup(Message("m", "c", "q", Role.ASSISTANT, "Ja", 1.0, reasoning="Hm", reasoning_ms=1200.0))
    assert '<details class="thinking" data-open="false"><summary>Thought for 1 s</summary>' in done
    assert '<details class="thinking" hidden></details>' in markup(Message("m", "c", "q", Role.ASSISTANT, "Ja", 1.0))


def test_the_raw_toggle_is_pressed_only_while_the_raw_text_shows() -> None:
    """Every message has the toggle, a streaming answer too; its raw text (escaped by the caller) is in the
    markup only while shown."""
    streaming = Message("m", "c", "q", Role.ASSISTANT, HOSTILE, 1.0, status=MessageStatus.STREAMING)
    shown = markup(streaming, busy=True, raw=True)
    assert 'class="message streaming raw"' in shown
    assert '<pre class="raw-text">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&quot;</pre>' in shown
    assert 'class="icon raw-toggle" aria-pressed="true" aria-label="Raw text" title="Raw text">' in shown
    rendered = markup(Message("m", "c", None, Role.USER, "**hi**", 1.0))
    assert '<pre class="raw-text"></pre>' in rendered and 'class="message"' in rendered
    assert 'class="icon raw-toggle" aria-pressed="false"' in rendered
