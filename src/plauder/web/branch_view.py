"""The tree of a conversation in the page: `< n / m >`, a message's editor, the branches dialog and its graph.

Everything here draws what core/views.py decided (MessageView.branch, .edit_actions, OutlineItem)
and reports clicks by message id; the rules and the storing live in web/branches.py and core.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import js

from plauder.core.graph import Graph
from plauder.core.i18n import Translate
from plauder.core.views import EditAction, OutlineItem
from plauder.web.dom import element, found, on, with_id
from plauder.web.graph_markup import graph_svg

EDITOR_CLASS = "editor"


def article_of(message_id: str) -> Any | None:
    return found(element("messages").querySelector(with_id("article", message_id)))


def open_editor(message_id: str, text: str, actions: Sequence[EditAction], t: Translate, focus: bool = True) -> None:
    """Turn a message's content into a textarea with the editor's buttons; the content comes back on close."""
    article = article_of(message_id)
    if article is None or not actions:
        return
    close_editor(message_id)
    rows = min(max(text.count("\n") + 2, 3), 16)
    label = escape(t("tree.edit_label"))
    primary = ' class="primary"'
    buttons = "".join(
        f'<button type="button" data-action="{action}"{primary if action is actions[0] else ""}>'
        f"{escape(t(f'chat.{action}'))}</button>"
        for action in actions
    )
    content = article.querySelector(".content")
    content.hidden = True
    article.querySelector(".actions").hidden = True
    content.insertAdjacentHTML(
        "afterend",
        f'<div class="{EDITOR_CLASS}"><textarea rows="{rows}" aria-label="{label}"></textarea>'
        f'<div class="row">{buttons}</div></div>',
    )
    area = article.querySelector(f".{EDITOR_CLASS} textarea")
    area.value = text  # as a property: the text is never parsed as markup
    if focus:
        area.focus()


def open_editors() -> dict[str, tuple[str, bool]]:
    """Every open editor's message id, text and whether it has the keyboard: a redraw opens them again."""
    found_editors = {}
    for area in element("messages").querySelectorAll(f".{EDITOR_CLASS} textarea"):
        focused = area == js.document.activeElement
        found_editors[str(area.closest("article").dataset.id)] = (str(area.value), focused)
    return found_editors


def editor_text(message_id: str) -> str | None:
    """What the user typed in a message's open editor, or None when none is open."""
    article = article_of(message_id)
    area = found(article.querySelector(f".{EDITOR_CLASS} textarea")) if article is not None else None
    return None if area is None else str(area.value)


def close_editor(message_id: str) -> None:
    """Back to the message as shown, focus on its Edit button (so a keyboard user stays in place)."""
    article = article_of(message_id)
    if article is None:
        return
    editor = found(article.querySelector(f".{EDITOR_CLASS}"))
    if editor is None:
        return
    editor.remove()
    article.querySelector(".content").hidden = False
    article.querySelector(".actions").hidden = False
    edit = found(article.querySelector('button[data-action="edit"]'))
    if edit is not None:
        edit.focus()


def focus_branch_button(message_id: str, action: str) -> None:
    """After a switch, keep the keyboard on the arrow just used (or the other one, at an end)."""
    article = article_of(message_id)
    if article is None:
        return
    buttons = [
        found(article.querySelector(f'.branch button[data-action="{name}"]')) for name in (action, "previous", "next")
    ]
    for button in buttons:
        if button is not None and not button.disabled:
            button.focus()
            return


def focus_after_merge(message_id: str) -> None:
    """The keyboard stays on the merged message: on Merge again while the next one has its role too, so a run of
    pieces merges with one key pressed again and again; else on its first action."""
    article = article_of(message_id)
    if article is None:
        return
    button = found(article.querySelector('button[data-action="merge"]')) or found(
        article.querySelector(".actions button")
    )
    if button is not None:
        button.focus()


def on_editor_keys(on_key: Callable[[str, str], None]) -> None:
    """Esc cancels an open editor; Ctrl+Enter takes its first action (send again, or save)."""

    def keydown(event: Any) -> None:
        area = event.target
        if str(area.tagName) != "TEXTAREA" or found(area.closest(f".{EDITOR_CLASS}")) is None:
            return
        message_id = str(area.closest("article").dataset.id)
        if event.key == "Escape":
            event.preventDefault()
            event.stopPropagation()
            on_key(str(EditAction.CANCEL), message_id)
        elif event.key == "Enter" and (event.ctrlKey or event.metaKey) and not event.isComposing:
            event.preventDefault()
            first = found(area.closest(f".{EDITOR_CLASS}").querySelector("button[data-action]"))
            if first is not None:
                on_key(str(first.dataset.action), message_id)

    on(element("messages"), "keydown", keydown)


def show_outline(items: Sequence[OutlineItem], graph: Graph) -> None:
    """Fill the branches dialog (the rows, the graph beside them) and open it, the keyboard on the end of the
    visible thread."""
    rows = []
    for item in items:
        current = ' aria-current="true"' if item.current else ""
        mark = f'<span class="branch-position">{escape(item.branch)}</span> ' if item.branch else ""
        rows.append(
            f'<li><button type="button" class="outline-row" data-id="{escape(item.message_id)}"{current}>'
            f'{mark}<span class="author">{escape(item.author)}</span> '
            f'<span class="excerpt">{escape(item.excerpt)}</span></button></li>'
        )
    listing = element("outline-list")
    listing.innerHTML = "".join(rows)
    element("outline-graph").innerHTML = graph_svg(graph)
    tree = element("outline-tree")  # the sizes, set through the CSSOM: the CSP refuses style attributes
    tree.style.setProperty("--rows", str(len(items)))
    tree.style.setProperty("--lanes", str(graph.lanes))
    dialog = element("outline")
    if not dialog.open:
        dialog.showModal()
    on_path = listing.querySelectorAll('[aria-current="true"]')
    if on_path.length:
        on_path[on_path.length - 1].focus()  # the end of the visible thread


ROW_KEYS = {"ArrowUp": -1, "ArrowDown": 1}


def _move_in_outline(event: Any) -> None:
    """Up and Down go to the row above and below, Home and End to the first and the last (Tab works too)."""
    row = found(event.target.closest("button.outline-row"))
    if row is None or event.key not in {*ROW_KEYS, "Home", "End"}:
        return
    buttons = list(element("outline-list").querySelectorAll("button.outline-row"))
    index = buttons.index(row) if row in buttons else 0
    target = {"Home": 0, "End": len(buttons) - 1}.get(str(event.key), index + ROW_KEYS.get(str(event.key), 0))
    if 0 <= target < len(buttons):
        event.preventDefault()
        buttons[target].focus()


def on_outline_pick(pick: Callable[[str], object]) -> None:
    def clicked(event: Any) -> None:
        button = found(event.target.closest("button.outline-row"))
        if button is not None:
            pick(str(button.dataset.id))

    on(element("outline-list"), "click", clicked)
    on(element("outline-list"), "keydown", _move_in_outline)
    on(element("close-outline"), "click", lambda _e: element("outline").close())
