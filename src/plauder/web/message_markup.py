"""A message's markup as one string: a long thread goes into the page with one DOM call, not thousands.

Every text is escaped here; the only markup passed through is an answer's HTML, which comes from the
renderer and has passed its allowlist. Streaming updates patch the same parts in place.
"""

from __future__ import annotations

from html import escape

from plauder.core.i18n import Translate
from plauder.core.records import Role
from plauder.core.running.runs import RunView
from plauder.core.timestamps import Stamp
from plauder.core.views import Action, BranchAction, MessageView
from plauder.web.attachment_markup import sent_chips_html, sent_thumbnails_html
from plauder.web.icons import icon

RAW_CLASS = "raw"  # on an article that shows its raw text
WORDED = frozenset({Action.PICK, Action.STOP_ANSWER})  # the side-by-side choices, in words: no icon says them
ARROW_LABELS = {BranchAction.PREVIOUS: "tree.previous", BranchAction.NEXT: "tree.next"}


def icon_button(label: str, icon_html: str, attributes: str = "", kind: str = "") -> str:
    """A small button showing only an icon: its name for assistive technology, and as a tooltip."""
    name = escape(label)
    return (
        f'<button type="button" class="icon{kind}"{attributes} aria-label="{name}" title="{name}">{icon_html}</button>'
    )


def branch_html(view: MessageView, t: Translate) -> str:
    """The `< n / m >` control: hidden for an only child, arrows off at the ends."""
    if view.branch is None:
        return '<span class="branch" hidden></span>'
    n, m = view.branch
    arrows = {}
    for action in (BranchAction.PREVIOUS, BranchAction.NEXT):
        disabled = "" if action in view.branch_actions else " disabled"
        arrows[action] = icon_button(t(ARROW_LABELS[action]), icon(action), f' data-action="{action}"{disabled}')
    group = escape(t("tree.branch_label", n=n, m=m))
    position = escape(t("tree.branch", n=n, m=m))
    return (
        f'<span class="branch" role="group" aria-label="{group}">{arrows[BranchAction.PREVIOUS]}'
        f'<span class="branch-position">{position}</span>{arrows[BranchAction.NEXT]}</span>'
    )


def written_html(written: Stamp | None) -> str:
    """When the message was written: short, with the full date and time as its tooltip."""
    if written is None:
        return ""
    return (
        f'<time class="written" datetime="{escape(written.iso)}" title="{escape(written.title)}">'
        f"{escape(written.text)}</time>"
    )


def header_html(view: MessageView, t: Translate, written: Stamp | None) -> str:
    meta = " · ".join(part for part in (view.status, view.usage, view.replaced) if part)
    return (
        f'<header><span class="role">{escape(view.author)}</span>{branch_html(view, t)}'
        f'<span class="meta">{escape(meta)}</span>{written_html(written)}</header>'
    )


def pictures_key(view: MessageView) -> str:
    """What the pictures part shows, in one string: it is drawn again only when this changes."""
    return "\n".join([*(thumbnail.id for thumbnail in view.images), *view.caption])


def pictures_html(view: MessageView, t: Translate) -> str:
    """A message's pictures (a question's, or an answer's drawn ones) and, for an answer of pictures, the lines
    under them: what was asked, what the server drew from, what was not loaded."""
    caption = "".join(f'<p class="caption">{escape(line)}</p>' for line in view.caption)
    key = escape(pictures_key(view))
    return f'<div class="pictures" data-key="{key}">{sent_thumbnails_html(view.images, t)}{caption}</div>'


CUT_ACTION = "send-all"  # the cut's button: requests carry the whole thread again


def cut_html(view: MessageView, t: Translate) -> str:
    """The note above the first message sent when the older ones are left out to fit the context, with the
    button that sends them again and the summary sent instead (or above a chat begun with a summary); nothing for
    a message without either."""
    if not view.cut:
        return ""
    resend = f'<button type="button" data-action="{CUT_ACTION}">{escape(t("context.send_all"))}</button>'
    summary = (
        f"<details><summary>{escape(t('context.summary'))}</summary><p>{escape(view.summary)}</p></details>"
        if view.summary
        else ""
    )
    return (
        f'<div class="context-cut" role="note" data-id="{escape(view.id)}"><p>{escape(view.cut)}</p>'
        f"{resend if view.resend else ''}{summary}</div>"
    )


def problem_html(view: MessageView) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in view.problem)


def actions_html(view: MessageView, t: Translate, raw: bool = False) -> str:
    """Copy and the raw-text toggle (always, a streaming answer too), then the actions core offers now."""
    copy = icon_button(t("chat.copy_message"), icon("copy") + icon("copied"), kind=" copy-message")
    toggle = icon_button(t("chat.raw"), icon("raw"), f' aria-pressed="{str(raw).lower()}"', kind=" raw-toggle")
    offered = (
        f'<button type="button" class="text-action" data-action="{action}">{escape(t(f"chat.{action}"))}</button>'
        if action in WORDED
        else icon_button(t(f"chat.{action}"), icon(action), f' data-action="{action}"')
        for action in view.actions
    )
    return copy + toggle + "".join(offered)


def thinking_html(view: MessageView) -> str:
    """An answer's thinking above it, behind a summary: escaped text, never rendered (an empty, hidden
    one where there is none, for a stream to fill in place)."""
    thinking = view.thinking
    if thinking is None:
        return '<details class="thinking" hidden></details>'
    opened = " open" if thinking.open else ""
    capped = "" if thinking.capped else " hidden"
    return (
        f'<details class="thinking"{opened} data-open="{str(thinking.open).lower()}">'
        f"<summary>{escape(thinking.label)}</summary>"
        f'<p class="thinking-capped"{capped}>{escape(thinking.capped)}</p>'
        f'<div class="thinking-text">{escape(thinking.text)}</div></details>'
    )


RUN_OUTPUT_CLASS = "code-output"  # under a code block that ran (web/code_runner.py)


def run_output_html(view: RunView, t: Translate) -> str:
    """What shows under a code block that ran, or runs now: how and where it ran (or that it runs), then what it
    printed, the last expression's value and the traceback, each escaped, never rendered."""
    parts = [f'<p class="code-status">{escape(view.status)}</p>']
    if view.stdout:
        parts.append(f'<pre class="stdout">{escape(view.stdout)}</pre>')
    if view.stderr:
        parts.append(
            f'<p class="code-label">{escape(t("code.stderr"))}</p><pre class="stderr">{escape(view.stderr)}</pre>'
        )
    if view.result:
        parts.append(
            f'<p class="code-label">{escape(t("code.result"))}</p><pre class="result">{escape(view.result)}</pre>'
        )
    if view.error:
        parts.append(f'<pre class="traceback">{escape(view.error)}</pre>')
    if view.cut:
        parts.append(f'<p class="code-cut">{escape(view.cut)}</p>')
    classes = RUN_OUTPUT_CLASS + (" running" if view.running else "") + (" failed" if view.problem else "")
    busy = ' aria-busy="true"' if view.running else ""
    return (
        f'<div class="{classes}" role="group" aria-label="{escape(t("code.output"))}"{busy} data-key="{escape(view.key)}">'
        f"{''.join(parts)}</div>"
    )


def article_html(
    view: MessageView,
    t: Translate,
    content_html: str,
    plain: bool,
    written: Stamp | None,
    raw_html: str | None = None,
) -> str:
    """The whole article; `content_html` is the rendered answer, or (with `plain`) escaped text. With `raw_html`
    (the text as written, escaped: web/answer_view.raw_markup), that shows in place of the content (the sheet
    hides one of the two by the article's class); the raw text is in the page only while it shows, so a long
    answer is not in the markup twice."""
    raw = raw_html is not None
    streaming = " streaming" if view.streaming else ""
    raw_class = f" {RAW_CLASS}" if raw else ""
    plain_class = " plain" if plain and view.role is Role.ASSISTANT else ""
    hidden = "" if view.problem else " hidden"
    return (
        f'<article class="message{streaming}{raw_class}" data-role="{view.role}" data-id="{escape(view.id)}">'
        f"{header_html(view, t, written)}"
        f"{thinking_html(view)}"
        f'<div class="content{plain_class}">{content_html}</div>'
        f'<pre class="raw-text">{raw_html or ""}</pre>'
        f"{sent_chips_html(view.attachments, t)}"
        f"{pictures_html(view, t)}"
        f'<div class="problem" role="alert"{hidden}>{problem_html(view)}</div>'
        f'<footer class="actions">{actions_html(view, t, raw)}</footer>'
        "</article>"
    )
