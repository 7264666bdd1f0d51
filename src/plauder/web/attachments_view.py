"""Draws the files attached to the next message (chips, the total, what was refused) and the dialog
that shows a file's text and offers its original. What they say is core's (core/attachments/chips.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import js

from plauder.core.attachments import Refusal
from plauder.core.attachments.chips import chip_views, text_view, total_line
from plauder.core.i18n import Translate
from plauder.core.images import thumbnails
from plauder.core.records import Attachment, Image
from plauder.web.attachment_markup import draft_chips_html, draft_thumbnails_html, reading_chips_html
from plauder.web.dom import element, on
from plauder.web.images import url_of


class AttachmentsView:
    def __init__(self, t: Translate) -> None:
        self._t = t
        self._list = element("attachments")
        self._total = element("attach-total")
        self._refused = element("attach-refused")
        self._dialog = element("attachment-text")
        self._original_url = ""  # the blob: URL of the original shown, revoked when the dialog closes
        on(element("close-attachment-text"), "click", lambda _e: self._dialog.close())
        on(self._dialog, "close", lambda _e: self._forget_original())

    def draw(
        self,
        language: str,
        attachments: Sequence[Attachment],
        images: Sequence[Image],
        refused: Sequence[Refusal],
        reading: Sequence[str] = (),
    ) -> None:
        pictures = draft_thumbnails_html(thumbnails(language, images), [image.name for image in images], self._t)
        chips = draft_chips_html(chip_views(language, attachments, with_tokens=True), self._t)
        self._list.innerHTML = chips + pictures + reading_chips_html(reading, self._t)
        self._list.hidden = not attachments and not images and not reading
        self._total.textContent = total_line(language, attachments)
        self._total.hidden = not self._total.textContent
        lines = (self._t(refusal.key, name=refusal.name, **refusal.params) for refusal in refused)
        self._refused.replaceChildren(*(self._line(text) for text in lines))
        self._refused.hidden = not refused

    @staticmethod
    def _line(text: str) -> Any:
        line = js.document.createElement("p")
        line.textContent = text
        return line

    def show(self, language: str, attachment: Attachment, original: Any) -> None:
        """The file's text as plain text (never interpreted), capped so a huge file cannot stall the page, and its
        `original` (a Blob) to download, or the line saying this browser does not have it (None)."""
        view = text_view(language, attachment)
        element("attachment-text-title").textContent = view.title
        element("attachment-text-note").textContent = view.note
        element("attachment-text-note").hidden = not view.note
        body = element("attachment-text-body")
        body.textContent = view.text
        body.scrollTop = 0
        self._offer_original(attachment.name, original)
        self._dialog.showModal()

    def _offer_original(self, name: str, original: Any) -> None:
        self._forget_original()
        element("attachment-text-missing").hidden = original is not None
        download = element("attachment-text-download")
        download.hidden = original is None
        if original is not None:
            self._original_url = url_of(original)
            download.href = self._original_url
            download.download = name  # the name it was attached with

    def _forget_original(self) -> None:
        if self._original_url:
            js.URL.revokeObjectURL(self._original_url)
            self._original_url = ""
            element("attachment-text-download").removeAttribute("href")
