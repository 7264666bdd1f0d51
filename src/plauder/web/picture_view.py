"""Pictures on the page: each thumbnail's <img> gets its bytes' blob: URL, and a click opens the picture
full size in a dialog. The markup names a picture by id (web/attachment_markup.py); the bytes come from
the store, held or stored (web/store.py), so a reloaded conversation shows them again."""

from __future__ import annotations

import asyncio
from typing import Any

import js
from pyodide.ffi import create_proxy

from plauder.core.i18n import Translate
from plauder.core.records import Image
from plauder.web.dom import element, js_object, on
from plauder.web.images import url_of
from plauder.web.store import Store


class PictureView:
    def __init__(self, store: Store, t: Translate) -> None:
        self._store = store
        self._t = t
        self._urls: dict[str, str] = {}  # image id -> blob: URL, made once per page
        self._dialog = element("image-view")
        on(element("close-image-view"), "click", lambda _e: self._dialog.close())
        observer = js.MutationObserver.new(create_proxy(lambda _records, _observer: self.fill()))
        for root in (element("messages"), element("attachments")):  # thumbnails appear in these when drawn
            observer.observe(root, js_object({"childList": True, "subtree": True}))

    def fill(self) -> None:
        images = js.document.querySelectorAll("img[data-file]:not([src])")
        for index in range(images.length):
            asyncio.ensure_future(self._fill(images.item(index)))

    async def _url(self, image_id: str) -> str | None:
        if image_id not in self._urls:
            blob = await self._store.files.blob(image_id)
            if blob is None:
                return None
            self._urls[image_id] = url_of(blob)
        return self._urls[image_id]

    async def _fill(self, img: Any) -> None:
        img.setAttribute("src", "")  # claimed: the next fill leaves it alone
        url = await self._url(str(img.dataset.file))
        if url is not None:
            img.src = url
            return
        img.removeAttribute("src")
        img.closest("button").classList.add("missing")

    async def show(self, image: Image) -> None:
        """The picture full size (as sent), or the line saying this browser does not have it."""
        url = await self._url(image.id)
        missing = url is None
        element("image-view-title").textContent = image.name
        note = element("image-view-note")
        note.textContent = self._t("attach.image_missing", name=image.name) if missing else ""
        note.hidden = not missing
        full = element("image-view-img")
        full.hidden = missing
        full.alt = image.name
        download = element("image-view-download")
        download.hidden = missing
        if url is not None:
            full.src = url
            download.href = url
            download.download = image.name  # the name it was sent with, or the prompt's words for a drawn one
        self._dialog.showModal()
