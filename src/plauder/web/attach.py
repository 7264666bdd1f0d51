"""Adding files to the next message: the paperclip's file picker, drops on the thread or the message
box, and pasted files (pictures too); removing them, and opening a file's text (with its original to
download) or a picture (also from a sent question).

Files are read here, in the browser, and go nowhere but into the message: core decides what each is
and decodes it (core/attachments), in steps between which the page stays responsive. A document (PDF,
Word, Excel, PowerPoint) is read by the document worker (web/documents.py) while the draft names it as
being read. The original bytes of a file read are held in the store under the attachment's id, and
stored with its message like a picture's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from pyodide.ffi import JsException

from plauder.core import attaching
from plauder.core.attachments import Refusal, media_type_of, precheck, reading
from plauder.core.attachments.reading import is_document
from plauder.core.ids import new_id
from plauder.core.images import MAX_SIDE, side_limit
from plauder.core.receivers import receivers
from plauder.core.records import Attachment, Image
from plauder.core.state import ChatState, Step
from plauder.web.attachments_view import AttachmentsView
from plauder.web.documents import DocumentReader
from plauder.web.dom import element, found, now_ms, on
from plauder.web.images import blob_of, is_picture, picture
from plauder.web.picture_view import PictureView
from plauder.web.shell import Shell
from plauder.web.store import Store


def _is_document(file: Any) -> bool:
    """Whether a browser File is a document the worker reads (and may take a while)."""
    name, browser_type = str(file.name), str(file.type or "")
    return is_document(media_type_of(name, browser_type)) and precheck(name, int(file.size), browser_type) is None


async def read_file(file: Any, documents: DocumentReader, store: Store) -> Attachment | Refusal:
    """One browser File: refused by its name and size where they tell, else read and decoded in steps, or
    by the document worker. A file read gets an id, and its original bytes are held under it for its message."""
    name, browser_type = str(file.name), str(file.type or "")
    refusal = precheck(name, int(file.size), browser_type)
    if refusal is not None:
        return refusal
    try:
        buffer = await file.arrayBuffer()
    except JsException:
        return Refusal(name, "attach.read_failed")
    media_type = media_type_of(name, browser_type) or browser_type
    original = blob_of(buffer, media_type)  # a copy: a document's buffer goes to the worker, and the File may change
    outcome = await _text_of(name, browser_type, media_type, buffer, documents)
    if isinstance(outcome, Refusal):
        return outcome
    attachment = replace(outcome, id=new_id(now_ms()))
    store.hold(attachment.id, original)
    return attachment


async def _text_of(
    name: str, browser_type: str, media_type: str, buffer: Any, documents: DocumentReader
) -> Attachment | Refusal:
    if is_document(media_type):
        return await documents.read(name, media_type, buffer)
    data = buffer.to_bytes()
    for outcome in reading(name, browser_type, data):
        if outcome is not None:
            return outcome
        await asyncio.sleep(0)  # a slice of the work is done: let the page draw and take input
    return Refusal(name, "attach.read_failed")


def _has_files(event: Any) -> bool:
    transfer = found(event.dataTransfer)
    return transfer is not None and "Files" in list(transfer.types)


async def add_file(file: Any, store: Store, documents: DocumentReader, side: int) -> Attachment | Image | Refusal:
    """A picture is scaled to `side` pixels at most and held in the store for its message (web/images.py); any
    other file is read as text or as a document, its original held in the store."""
    if not is_picture(file):
        return await read_file(file, documents, store)
    outcome = await picture(file, side)
    if isinstance(outcome, Refusal):
        return outcome
    image, blob = outcome
    store.hold(image.id, blob)
    return image


class Attach:
    def __init__(
        self, shell: Shell, view: AttachmentsView, pictures: PictureView, store: Store, language: Callable[[], str]
    ) -> None:
        self.shell = shell
        self.view = view
        self.pictures = pictures
        self._store = store
        self._documents = DocumentReader()  # its worker starts at the first document
        self._language = language  # the UI's language now
        self._input = element("attach-input")
        on(element("attach"), "click", lambda _e: self._input.click())
        on(self._input, "change", lambda _e: self._picked())
        for target in (element("messages"), element("prompt")):
            on(target, "dragover", self._dragover)
            on(target, "dragleave", lambda event: event.currentTarget.classList.remove("dropping"))
            on(target, "drop", self._drop)
        on(element("prompt"), "paste", self._paste)
        on(element("attachments"), "click", self._draft_clicked)
        on(element("messages"), "click", self._thread_clicked)

    def _picked(self) -> None:
        files = list(self._input.files)
        self._input.value = ""  # the same file can be picked again
        self.add(files)

    def _dragover(self, event: Any) -> None:
        if _has_files(event):
            event.preventDefault()  # (without it the browser opens the file instead)
            event.currentTarget.classList.add("dropping")

    def _drop(self, event: Any) -> None:
        event.currentTarget.classList.remove("dropping")
        if _has_files(event):
            event.preventDefault()
            self.add(list(event.dataTransfer.files))

    def _paste(self, event: Any) -> None:
        files = list(event.clipboardData.files) if found(event.clipboardData) is not None else []
        if files:  # pasted text goes into the box as always
            event.preventDefault()
            self.add(files)

    def add(self, files: Sequence[Any]) -> None:
        if files:
            asyncio.ensure_future(self._add(files))

    async def _add(self, files: Sequence[Any]) -> None:
        await self.shell.run(attaching.reading_started, [str(file.name) for file in files if _is_document(file)])
        outcomes: list[Attachment | Image | Refusal] = []
        state = self.shell.state
        # Where the message goes, as things stand (side by side: the smallest limit of theirs).
        side = min((side_limit(state.settings, model) for model in receivers(state)), default=MAX_SIDE)
        try:
            for file in files:
                outcomes.append(await add_file(file, self._store, self._documents, side))
        finally:  # even when reading failed unforeseen, no file stays "being read" (which holds the message)
            unread = [Refusal(str(file.name), "attach.read_failed") for file in files[len(outcomes) :]]
            await self.shell.run(attaching.attached, [*outcomes, *unread])

    def _draft_clicked(self, event: Any) -> None:
        button = found(event.target.closest("button"))
        if button is None:
            return
        if button.hasAttribute("data-remove"):
            asyncio.ensure_future(self._remove(attaching.detached, int(button.getAttribute("data-remove"))))
        elif button.hasAttribute("data-remove-image"):
            asyncio.ensure_future(self._remove(attaching.image_detached, int(button.getAttribute("data-remove-image"))))
        elif button.hasAttribute("data-attachment"):
            self._show(self.shell.state.attachments, button)
        elif button.hasAttribute("data-image"):
            self._show_picture(self.shell.state.images, button)

    async def _remove(self, step: Callable[[ChatState, int], Step], index: int) -> None:
        await self.shell.run(step, index)
        chips = element("attachments").querySelectorAll(".chip-open, .thumb")
        # The keyboard goes on from the next file, else the message box.
        target = chips.item(min(index, chips.length - 1)) if chips.length else element("prompt")
        target.focus()

    def _thread_clicked(self, event: Any) -> None:
        button = found(event.target.closest("button[data-attachment], button[data-image]"))
        article = found(button.closest("article")) if button is not None else None
        message = self.shell.state.messages.get(str(article.dataset.id)) if article is not None else None
        if message is None or button is None:
            return
        if button.hasAttribute("data-image"):
            self._show_picture(message.images, button)
        else:
            self._show(message.attachments, button)

    def _show_picture(self, images: Sequence[Image], button: Any) -> None:
        index = int(button.getAttribute("data-image"))
        if 0 <= index < len(images):
            asyncio.ensure_future(self.pictures.show(images[index]))

    def _show(self, attachments: Sequence[Attachment], button: Any) -> None:
        index = int(button.getAttribute("data-attachment"))
        if 0 <= index < len(attachments):
            asyncio.ensure_future(self._show_text(attachments[index]))

    async def _show_text(self, attachment: Attachment) -> None:
        """The file's text, and its original to download where this browser has it (held or stored)."""
        original = await self._store.files.blob(attachment.id) if attachment.id else None
        self.view.show(self._language(), attachment, original)
