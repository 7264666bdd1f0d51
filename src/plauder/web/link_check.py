"""Asks before following a link in an answer whose text reads as an address on another host.

The host noted beside such a link is easy to overlook at the moment of the click, the one moment it
matters: `[https://bank.example/login](http://evil.example)`. Whether a link misleads is decided by the
renderer's pure `links.misleading_link`; this module only draws the question (a modal <dialog>, made
on first use so the page template stays as it is) and opens the link when the reader confirms.
"""

from __future__ import annotations

from html import escape
from typing import Any

import js

from plauder.core.i18n import Translate
from plauder.web.dom import found, on

DIALOG_ID = "link-check"
NOTE_SELECTOR = ".link-host"  # plauder.render.markdown.NOTE_CLASS: the renderer loads later than this module
LINK_SELECTOR = 'article[data-role="assistant"] .content a[href]'


def link_text(link: Any) -> str:
    """What a rendered link reads, without the host the renderer noted inside it."""
    text = str(link.textContent)
    note = found(link.querySelector(NOTE_SELECTOR))
    return text.removesuffix(str(note.textContent)) if note is not None else text


def ask(t: Translate, shown: str, host: str, href: str) -> None:
    """Say where the link goes and open it only on the reader's word; Cancel has the focus."""
    dialog = _dialog()
    dialog.innerHTML = (
        f'<h2 id="{DIALOG_ID}-title">{escape(t("links.check_title"))}</h2>'
        f"<p>{escape(t('links.check_text', shown=shown, host=host))}</p>"
        f'<p class="link-check-target"><code>{escape(href)}</code></p>'
        '<div class="row end">'
        f'<button type="button" data-answer="cancel" autofocus>{escape(t("chat.cancel"))}</button>'
        f'<button type="button" data-answer="open">{escape(t("links.open", host=host))}</button></div>'
    )
    dialog.dataset.href = href
    dialog.showModal()


def _dialog() -> Any:
    """The dialog, made and wired on first use."""
    dialog = found(js.document.getElementById(DIALOG_ID))
    if dialog is None:
        dialog = js.document.createElement("dialog")
        dialog.id = DIALOG_ID
        dialog.setAttribute("aria-labelledby", f"{DIALOG_ID}-title")
        js.document.body.append(dialog)
        on(dialog, "click", lambda event: _answered(dialog, event))
    return dialog


def _answered(dialog: Any, event: Any) -> None:
    button = found(event.target.closest("button[data-answer]"))
    if button is None:
        return
    if button.dataset.answer == "open":
        js.window.open(str(dialog.dataset.href), "_blank", "noopener,noreferrer")
    dialog.close()
