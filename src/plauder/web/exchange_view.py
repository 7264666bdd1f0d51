"""Export and import in the UI: the settings' "Your data" section and the chat header's export menu.

The rules (file format, parsing, merge, restore, Markdown) are core's (`plauder.core.exchange`);
this module reads the chosen file, asks before writing, downloads what is exported, and says
what happened. A file is parsed whole before anything is written, and written in one transaction.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

import js
from pyodide.ffi import create_once_callable, to_js

from plauder.core import exchange  # its modules load at the first export or import (core/exchange/__init__.py)
from plauder.core.records import Conversation, Message
from plauder.web.dom import element, found, now_ms, on
from plauder.web.images import base64_of
from plauder.web.ports import Locked, StorageError
from plauder.web.store import Store

if TYPE_CHECKING:
    from plauder.core.exchange import ImportOffer, Snapshot
    from plauder.core.exchange.picture_files import PictureFile
    from plauder.core.exchange.steps import Steps

FORMAT_NAMES = {
    "plauder": "import.format_plauder",
    "chatgpt": "import.format_chatgpt",
    "technologic": "import.format_technologic",
}
T = TypeVar("T")
REVOKE_AFTER_MS = 60_000  # the download has long started by then
READ_BYTES = 8_000_000  # a chosen file's bytes are copied into Python this many at a time
STEP_BUDGET_MS = 20  # an import's steps (core's, each a few ms at most) run this long before the page draws


async def _in_steps(steps: Steps[T]) -> T:
    """What core's `steps` make (reading a file, merging it), the page drawing between them once they took
    STEP_BUDGET_MS; raises what they raise.

    Python's cycle collector waits meanwhile: a large file makes millions of objects and no cycles, and each of its
    collections walked them all again (for 200 MB, some twenty steps of 100 to 400 ms, bench/import_big.py)."""
    started = now_ms()
    gc.disable()
    try:
        while True:
            try:
                next(steps)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if now_ms() - started > STEP_BUDGET_MS:
                await asyncio.sleep(0)
                started = now_ms()
    finally:
        gc.enable()


def download(parts: Sequence[Any], file_name: str, mime: str, near: Any) -> None:
    """Let the browser save `parts` (texts and Blobs, joined) as `file_name`: a Blob behind a temporary link (no
    request leaves the page).

    The link goes inside `near` (an element of the open dialog or the page), so a modal dialog does not make it inert.
    """
    blob = js.Blob.new(to_js(list(parts)), to_js({"type": mime}, dict_converter=js.Object.fromEntries))
    url = js.URL.createObjectURL(blob)
    link = js.document.createElement("a")
    link.href = url
    link.download = file_name
    link.hidden = True
    near.append(link)
    link.click()
    link.remove()
    js.setTimeout(create_once_callable(lambda: js.URL.revokeObjectURL(url)), REVOKE_AFTER_MS)


def today() -> str:
    """The local date as YYYY-MM-DD, for file names."""
    now = js.Date.new()
    return f"{int(now.getFullYear()):04d}-{int(now.getMonth()) + 1:02d}-{int(now.getDate()):02d}"


class ExchangeView:
    """The "Your data" section and the per-conversation export; calls `on_imported` once an import is stored."""

    def __init__(
        self,
        store: Store,
        translate: Callable[..., str],
        language: Callable[[], str],
        busy: Callable[[], bool],
        on_imported: Callable[[], Awaitable[None]],
    ) -> None:
        self._store = store
        self._t = translate
        self._language = language
        self._busy = busy
        self._on_imported = on_imported
        self._pending: tuple[str, Snapshot] | None = None
        on(element("export-all"), "click", lambda _e: asyncio.ensure_future(self.export_all()))
        on(element("import-file"), "change", lambda _e: asyncio.ensure_future(self.chosen()))
        on(element("import-merge"), "click", lambda _e: asyncio.ensure_future(self.apply(restoring=False)))
        on(element("import-restore"), "click", lambda _e: self.ask_restore())
        on(element("import-restore-apply"), "click", lambda _e: asyncio.ensure_future(self.apply(restoring=True)))
        on(element("import-cancel"), "click", lambda _e: self.cancel())

    # -- saying what happened ------------------------------------------------------------------

    def _status(self, key: str, ok: bool = True, **params: object) -> None:
        status = element("exchange-status")
        status.textContent = self._t(key, **params) if key else ""
        status.dataset.ok = "true" if ok else "false"

    def _show_confirm(self, lines: list[str], offer: ImportOffer) -> None:
        """Only what would change something is offered; with nothing to do, Cancel becomes Close."""
        element("import-found").textContent = "\n".join(lines)
        element("import-merge").hidden = not offer.merge
        element("import-restore").hidden = not offer.restore
        element("import-cancel").textContent = self._t(
            "import.cancel" if offer.merge or offer.restore else "shell.close"
        )
        element("import-restore-confirm").hidden = True
        element("import-confirm").hidden = False

    def cancel(self) -> None:
        self._pending = None
        element("import-confirm").hidden = True
        self._status("import.nothing_imported")

    def reset(self) -> None:
        """Forget a file chosen but not imported (the settings dialog is opened anew)."""
        self._pending = None
        element("import-confirm").hidden = True
        self._status("")

    # -- export --------------------------------------------------------------------------------

    async def export_all(self) -> None:
        include_keys = bool(element("export-keys").checked)
        if self._store.locked and (include_keys or self._store.seals_conversations):
            self._status("exchange.locked", ok=False)
            return
        self._status("export.working")
        try:
            snapshot = await self._store.snapshot()
            held = await self._store.files.exported_blobs(snapshot.messages)
            parts = await self._export_parts(
                replace(snapshot, files=tuple(file for file, _ in held)), held, include_keys
            )
        except StorageError as error:
            self._status("storage.failed", ok=False, detail=error.name)
            return
        name = f"plauder-export-{today()}.json"
        download(parts, name, "application/json", element("exchange-section"))
        self._status("export.done", file=name)

    async def _export_parts(
        self, snapshot: Snapshot, held: list[tuple[PictureFile, Any]], keys: bool, secrets: Sequence[str] = ()
    ) -> list[Any]:
        """The export file's parts: its text in pieces and, between them, each picture's base64 as a Blob of its own,
        read one picture at a time (the page draws between them, and no one step writes 20 photos' worth of JSON)."""
        now = now_ms()
        pieces = exchange.export_pieces(snapshot, include_keys=keys, exported_at_ms=now, secrets=secrets)
        if pieces is None:  # the cuts were not found: the whole text, bytes and all, in one go
            files = tuple([replace(file, data=await base64_of(blob)) for file, blob in held])
            return [
                exchange.export_json(
                    replace(snapshot, files=files), include_keys=keys, exported_at_ms=now, secrets=secrets
                )
            ]
        parts: list[Any] = [pieces[0]]
        for (_, blob), piece in zip(held, pieces[1:], strict=True):
            parts += [js.Blob.new(to_js([await base64_of(blob)])), piece]
        return parts

    async def export_conversation(
        self, kind: str, conversation: Conversation | None, messages: dict[str, Message], secrets: list[str]
    ) -> None:
        """One conversation: `kind` "markdown" (the thread shown) or "json" (every branch, with its pictures'
        bytes); `secrets` (the API keys) are masked wherever a backend echoed them."""
        element("export-menu").open = False
        if conversation is None:
            return
        stem = exchange.file_stem(conversation.title)
        if kind == "markdown":
            text = exchange.conversation_markdown(
                conversation, messages.values(), language=self._language(), secrets=secrets
            )
            download([text], f"{stem}.md", "text/markdown;charset=utf-8", element("export-menu"))
        else:
            held = await self._store.files.exported_blobs(list(messages.values()))
            alone = exchange.conversation_alone(conversation, messages.values(), [file for file, _ in held])
            parts = await self._export_parts(alone, held, keys=False, secrets=secrets)
            download(parts, f"{stem}.json", "application/json", element("export-menu"))

    # -- import --------------------------------------------------------------------------------

    async def chosen(self) -> None:
        """Read and check the chosen file whole, then show what it would add; nothing is written yet."""
        chooser = element("import-file")
        files = chooser.files
        if found(files) is None or int(files.length) == 0:
            return
        file = files.item(0)
        chooser.value = ""  # the same file may be chosen again
        self._pending = None
        element("import-confirm").hidden = True
        if self._store.locked:
            self._status("exchange.locked", ok=False)
            return
        try:
            key, params = exchange.reading_status(int(file.size))  # a file too large is never read into memory
            self._status(key, ok=True, **params)
            pieces = [  # copied in pieces (one whole took 400 ms at 189 MB): far faster than a JS string's text
                (await file.slice(start, start + READ_BYTES).arrayBuffer()).to_bytes()
                for start in range(0, int(file.size), READ_BYTES)
            ]
            kind, incoming = await _in_steps(exchange.parsing(pieces, archive=exchange.is_archive(str(file.name))))
            current = await self._store.snapshot()
            pictures_here = await self._store.files.ids()
        except exchange.ImportProblem as problem:
            self._status(problem.key, ok=False, **problem.params)
            return
        except StorageError as error:
            self._status("storage.failed", ok=False, detail=error.name)
            return
        # A full restore only from Plauder's own export: any other file holds no settings to restore.
        offer = await _in_steps(
            exchange.offering(current, incoming, restorable=kind == "plauder", pictures_here=pictures_here)
        )
        changes = offer.changes
        lines = [self._t("import.found", format=self._t(FORMAT_NAMES[kind]))]
        if changes.conversations or changes.folders or changes.messages or changes.backends:
            lines.append(
                self._t(
                    "import.summary",
                    conversations=changes.conversations,
                    messages=changes.messages,
                    folders=changes.folders,
                )
            )
            if changes.copies:
                lines.append(self._t("import.copies", count=changes.copies))
        if changes.pictures:
            lines.append(self._t("import.pictures", count=changes.pictures))
        if not offer.merge:
            lines.append(self._t("import.nothing_to_merge" if offer.restore else "import.nothing_new"))
        self._pending = (kind, incoming)
        self._status("")
        self._show_confirm(lines, offer)

    def ask_restore(self) -> None:
        """Replacing everything deletes: it takes a second, explicit click under the warning."""
        if self._pending is not None:
            element("import-restore-confirm").hidden = False

    async def apply(self, restoring: bool) -> None:
        if self._pending is None:
            return
        if self._busy():
            self._status("chat.busy", ok=False)
            return
        _kind, incoming = self._pending
        try:
            current = await self._store.snapshot()  # read again: another tab may have written since
            pictures_here = await self._store.files.ids()
            if restoring:
                restored = exchange.restore(current, incoming)
                await self._store.replace_all(restored)
                count = len(restored.conversations)
            else:
                merged = await _in_steps(exchange.merging(current, incoming, pictures_here))
                added = merged.added
                count, pictures = len(added.conversations), len(added.files)
                if added.folders or added.conversations or added.messages or added.files or merged.settings_changed:
                    await self._store.add_all(added, settings_changed=merged.settings_changed)
        except Locked:
            self._status("exchange.locked", ok=False)
            return
        except StorageError as error:
            self._status("storage.failed", ok=False, detail=error.name)
            return
        self._pending = None
        element("import-confirm").hidden = True
        await self._on_imported()
        if restoring:
            self._status("import.restored", conversations=count)
        else:
            key = "import.done" if count else "import.pictures_done" if pictures else "import.nothing_imported"
            self._status(key, conversations=count, count=pictures)
