"""A message's markup as one string: a long thread goes into the page with one DOM call, not thousands.

Every text is escaped here; the only markup passed through is an answer's HTML, which comes from the
renderer and has passed its allowlist. Streaming updates patch the same parts in place.
"""

from __future__ import annotations

from html import escape

from plauder.core.i18n import Translate
from plauder.core.records import Role
from plauder.core.views import BranchAction, MessageView

ARROWS = {BranchAction.PREVIOUS: "‹", BranchAction.NEXT: "›"}
ARROW_LABELS = {BranchAction.PREVIOUS: "tree.previous", BranchAction.NEXT: "tree.next"}


def branch_html(view: MessageView, t: Translate) -> str:
    """The `< n / m >` control: hidden for an only child, arrows off at the ends."""
    if view.branch is None:
        return '<span class="branch" hidden></span>'
    n, m = view.branch
    arrows = {}
    for action in (BranchAction.PREVIOUS, BranchAction.NEXT):
        label = escape(t(ARROW_LABELS[action]))
        disabled = "" if action in view.branch_actions else " disabled"
        arrows[action] = (
            f'<button type="button" data-action="{action}" aria-label="{label}" title="{label}"{disabled}>'
            f"{ARROWS[action]}</button>"
        )
    group = escape(t("tree.branch_label", n=n, m=m))
    position = escape(t("tree.branch", n=n, m=m))
    return (
        f'<span class="branch" role="group" aria-label="{group}">{arrows[BranchAction.PREVIOUS]}'
        f'<span class="branch-position">{position}</span>{arrows[BranchAction.NEXT]}</span>'
    )


def header_html(view: MessageView, t: Translate) -> str:
    meta = " · ".join(part for part in (view.status, view.usage) if part)
    return (
        f'<header><span class="role">{escape(view.author)}</span>{branch_html(view, t)}'
        f'<span class="meta">{escape(meta)}</span>'
        f'<button type="button" class="copy-message">{escape(t("chat.copy_message"))}</button>'
        "</header>"
    )


def problem_html(view: MessageView) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in view.problem)


def actions_html(view: MessageView, t: Translate) -> str:
    return "".join(
        f'<button type="button" data-action="{action}">{escape(t(f"chat.{action}"))}</button>'
        for action in view.actions
    )


def article_html(view: MessageView, t: Translate, content_html: str, plain: bool) -> str:
    """The whole article; `content_html` is the rendered answer, or (with `plain`) escaped text."""
    streaming = " streaming" if view.streaming else ""
    plain_class = " plain" if plain and view.role is Role.ASSISTANT else ""
    hidden = "" if view.problem else " hidden"
    return (
        f'<article class="message{streaming}" data-role="{view.role}" data-id="{escape(view.id)}">'
        f"{header_html(view, t)}"
        f'<div class="content{plain_class}">{content_html}</div>'
        f'<div class="problem" role="alert"{hidden}>{problem_html(view)}</div>'
        f'<footer class="actions">{actions_html(view, t)}</footer>'
        "</article>"
    )
