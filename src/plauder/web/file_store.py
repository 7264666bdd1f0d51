"""Pictures' bytes and attached files' originals in IndexedDB's files store, as Blobs apart from their messages
(web/store.py writes them in the same transaction as the messages), each under the id of its Image or Attachment
(core/records.py: Message.stored_files names them).

A record is `{id, message_id, conversation_id, blob}`. Under a lock that seals conversations the Blob is
sealed too: `blob` gives way to `sealed_blob` (the ciphertext, its media type inside) and `iv`, and only
the ids, which the indexes need, stay in the clear (core/lock.py's CLEAR_FIELDS).
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from plauder.core.exchange.picture_files import PictureFile, files_of
from plauder.core.lock import clear_part
from plauder.core.records import FileCopies, Image, Message
from plauder.web import crypto
from plauder.web.idb import Database
from plauder.web.images import base64_of, blob_of
from plauder.web.ports import Locked

FILES = "files"
Put = tuple[str, dict[str, Any]]


class FileStore:
    """`session_key` gives the lock's key while this session has it open (else None): sealed bytes need it."""

    def __init__(self, db: Database, session_key: Callable[[], Any]) -> None:
        self._db = db
        self._session_key = session_key
        # Blobs by their picture's or attachment's id until their message is stored (for ever in a temporary chat),
        # and those of the messages the latest Undo offer may put back, until the offer goes.
        self._held: dict[str, Any] = {}
        self._for_undo: set[str] = set()  # which held files are the offer's

    def hold(self, file_id: str, blob: Any) -> None:
        """A picture or an original attached to the next message: stored with that message, read from here until
        then."""
        self._held[file_id] = blob

    async def _opened(self, record: Any) -> Any:
        """The Blob of a stored record, unsealed (raises Locked while the lock is closed)."""
        sealed = getattr(record, "sealed_blob", None)
        if sealed is None:
            return record.blob
        key = self._session_key()
        if key is None:
            raise Locked
        return await crypto.unseal_blob(key, str(record.iv), sealed)

    async def blob(self, file_id: str) -> Any:
        """A picture's or an original's Blob, held or stored; None when this browser has no bytes for it."""
        if file_id in self._held:
            return self._held[file_id]
        record = await self._db.get_raw(FILES, file_id)
        return None if record is None else await self._opened(record)

    async def pictures(self, images: Sequence[Image]) -> dict[str, str]:
        """The base64 bytes of the `images` this browser has, by id (what a request carries)."""
        found = {image.id: await self.blob(image.id) for image in images}
        return {image_id: await base64_of(blob) for image_id, blob in found.items() if blob is not None}

    async def _stored(self, record: dict[str, Any], blob: Any, key: Any, seal: bool) -> Put:
        """The files store's record of `blob` (sealed under `key` when `seal`)."""
        if not seal:
            return FILES, {**record, "blob": blob}
        if key is None:
            raise Locked
        iv, sealed = await crypto.seal_blob(key, blob)
        return FILES, {**clear_part(FILES, record), "iv": iv, "sealed_blob": sealed}

    async def copy(self, copies: FileCopies) -> None:
        """Files copied with messages (a fork, a duplicate): each copy's bytes held under its own id, to be stored
        with its message (or kept here, for a temporary chat), from the bytes of the file it copies, held or stored;
        none where this browser has none."""
        for copy_id, source_id in copies:
            blob = await self.blob(source_id)
            if blob is not None:
                self._held[copy_id] = blob

    async def held_puts(self, messages: Sequence[Message], key: Any, seal: bool) -> list[Put]:
        """The held pictures and originals of `messages`, as records of the files store."""
        return list(
            await asyncio.gather(
                *(
                    self._stored(
                        {"id": file.id, "message_id": m.id, "conversation_id": m.conversation_id}, blob, key, seal
                    )
                    for m in messages
                    for file in m.stored_files
                    if (blob := self._held.get(file.id)) is not None
                )
            )
        )

    def written(self, puts: Sequence[Put]) -> None:
        """The held files among `puts` are stored now: read them from the store from here on."""
        for _, record in puts:
            self._held.pop(record["id"], None)
            self._for_undo.discard(record["id"])

    async def undoable(self, deletes: Sequence[tuple[str, str]]) -> dict[str, Any]:
        """The Blobs of the stored files among `deletes`, unsealed, by id: what an Undo puts back after the delete.

        A Blob read from IndexedDB is a handle, not a copy; under a lock each is a decrypted copy in memory. While
        the lock is closed none can be opened: nothing is kept, and the files go with their messages."""
        found = [(file_id, await self._db.get_raw(FILES, file_id)) for _, file_id in deletes]
        stored = [(file_id, record) for file_id, record in found if record is not None]
        try:
            blobs = await asyncio.gather(*(self._opened(record) for _, record in stored))
        except Locked:
            return {}
        return {file_id: blob for (file_id, _), blob in zip(stored, blobs, strict=True)}

    def hold_for_undo(self, blobs: Mapping[str, Any]) -> None:
        """Hold `blobs` for the latest Undo offer, in place of those of the offer it replaces: Undo writes their
        messages back, and held_puts their files with them."""
        self.offer_gone()
        self._held |= blobs
        self._for_undo = set(blobs)

    def offer_gone(self) -> None:
        """No Undo offer is left: the files held for one go (they were deleted from the store with their messages)."""
        for file_id in self._for_undo:
            self._held.pop(file_id, None)
        self._for_undo = set()

    async def deletes(self, index: str, keys: Sequence[str]) -> list[tuple[str, str]]:
        """The files of the messages or conversations (`index`) whose ids are `keys`."""
        return [(FILES, file_id) for key in keys for file_id in await self._db.get_keys(FILES, index, key)]

    async def moved(self, owners: Mapping[str, Message], key: Any, seal: bool) -> list[Put]:
        """The stored files named in `owners` (by id) as records of the message given there, whose own message goes."""
        puts = []
        for file_id, message in owners.items():
            record = await self._db.get_raw(FILES, file_id)
            if record is not None:
                ids = {"id": file_id, "message_id": message.id, "conversation_id": message.conversation_id}
                puts.append(await self._stored(ids, await self._opened(record), key, seal))
        return puts

    async def ids(self) -> set[str]:
        """The ids of the pictures and originals whose bytes are stored here (no bytes are read)."""
        return {str(record["id"]) for record in await self._db.get_all(FILES)}  # a Blob reads as {} through JSON

    async def unwanted(self, messages: Collection[str], brought: Collection[str]) -> list[tuple[str, str]]:
        """The files of messages not in `messages` and not in `brought` (what a restore deletes)."""
        return [
            (FILES, str(record["id"]))
            for record in await self._db.get_all(FILES)  # a Blob reads as {} through JSON: no bytes are read
            if record["message_id"] not in messages and record["id"] not in brought
        ]

    async def exported_blobs(self, messages: Sequence[Message]) -> list[tuple[PictureFile, Any]]:
        """The pictures and originals of `messages` this browser has: each file entry of an export (its `data` still
        empty) and the Blob its base64 is read from; once per id, under the first message that shows it (a fork's
        copies and a question sent again after an edit share their files)."""
        held = []
        for file_id, showing in files_of(messages).items():
            message_id, file = next(iter(showing.items()))
            blob = await self.blob(file_id)
            if blob is not None:
                held.append((PictureFile(file_id, message_id, file.media_type, ""), blob))
        return held

    async def imported(
        self, files: Sequence[PictureFile], conversation_of: dict[str, str], key: Any, seal: bool
    ) -> list[Put]:
        """The records of imported `files` whose message is in `conversation_of` (message id to conversation id),
        decoded one file per step: the page draws between them."""
        puts = []
        for file in files:
            if file.message_id not in conversation_of:  # a message deleted since (in another tab)
                continue
            ids = {"id": file.id, "message_id": file.message_id, "conversation_id": conversation_of[file.message_id]}
            puts.append(await self._stored(ids, blob_of(base64.b64decode(file.data), file.media_type), key, seal))
            await asyncio.sleep(0)
        return puts

    async def restored(self, key: Any, seal: bool) -> list[Put]:
        """Every stored file as stored under a new lock (or none): opened with this session's key, sealed with `key`
        when `seal`."""

        async def again(record: Any) -> Put:
            ids = {name: str(getattr(record, name)) for name in ("id", "message_id", "conversation_id")}
            return await self._stored(ids, await self._opened(record), key, seal)

        return list(await asyncio.gather(*(again(record) for record in await self._db.get_all_raw(FILES))))
