"""Plauder's records in IndexedDB: settings, conversation metadata, and messages apart.

Under a passphrase lock the settings are stored without API keys, and the keys sealed apart;
when the lock covers conversations too, the privacy guard's names are sealed apart as well, and
every conversation and message record is sealed but for the fields its indexes need, and every
picture's and attached file's Blob (web/file_store.py). This store seals and unseals, so nothing above it
handles ciphertext.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from plauder.core.exchange import Snapshot
from plauder.core.lock import (
    SEALED_FIELD,
    LockRecord,
    Sealed,
    clear_part,
    is_sealed,
    keys_of,
    stored_clear,
    with_keys,
    with_names,
)
from plauder.core.records import Conversation, Folder, Image, Message, Settings
from plauder.core.search import MessageText, searchable
from plauder.core.state import Write
from plauder.core.tree import tree_order
from plauder.web import crypto
from plauder.web.file_store import FileStore
from plauder.web.idb import Database
from plauder.web.ports import Locked
from plauder.web.tabs import Change, Changed, Tabs

SETTINGS_KEY = "settings"
LOCK_KEY = "lock"
SEALED_KEYS = "sealed_keys"
SEALED_NAMES = "sealed_names"  # the privacy guard's names, under a lock that seals conversations
CONVERSATION_STORES = ("folders", "conversations", "messages")  # what a lock on conversations seals
RECORDS_PER_TURN = 1000  # messages made into records at a time by an import (some 20 ms on a busy 2-core machine)


class Store:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.tabs = Tabs()
        # Told of every save(), the most frequent write (turns, streams, edits), with the records as saved.
        self.saved_listeners: list[Callable[[Conversation | None, Sequence[Message]], None]] = []
        self.lock: LockRecord | None = None
        self._key: Any = None  # the session key while unlocked; never stored
        self.files = FileStore(db, lambda: self._key)

    @classmethod
    async def open(cls, on_blocked: Callable[[], None], on_replaced: Callable[[], None]) -> Store:
        """The store, migrated to the current schema (see Database.open for the callbacks)."""
        store = cls(await Database.open(on_blocked=on_blocked, on_replaced=on_replaced))
        await store.reload_lock()
        return store

    async def reload_lock(self) -> None:
        """Read the lock as stored; a lock set or removed in another tab closes this tab's session key."""
        record = await self._db.get("settings", LOCK_KEY)
        self.lock = LockRecord.from_record(record["value"]) if record else None
        self._key = None

    @property
    def locked(self) -> bool:
        """A lock exists and this session has not opened it: the keys are not available."""
        return self.lock is not None and self._key is None

    @property
    def seals_conversations(self) -> bool:
        return self.lock is not None and self.lock.conversations

    async def _sealed(self, key: Any, store: str, record: dict[str, Any]) -> dict[str, Any]:
        sealed = await crypto.seal(key, json.dumps(record))
        return {**clear_part(store, record), SEALED_FIELD: sealed.to_record()}

    async def _opened(self, record: dict[str, Any]) -> dict[str, Any]:
        if not is_sealed(record):
            return record
        if self._key is None:
            raise Locked
        text = await crypto.unseal(self._key, Sealed.from_record(record[SEALED_FIELD]))
        opened: dict[str, Any] = json.loads(text)
        return opened

    async def _opened_all(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Unseal many records at once: WebCrypto works on them in parallel, off the page's thread."""
        if not any(is_sealed(record) for record in records):
            return records  # nothing to unseal: no task per record
        return list(await asyncio.gather(*(self._opened(record) for record in records)))

    async def _stored_form(
        self, key: Any, seal: bool, records: Sequence[tuple[str, dict[str, Any]]]
    ) -> list[tuple[str, dict[str, Any]]]:
        """`records` as they are stored: sealed when `seal`, which needs the session key (else Locked)."""
        if not seal:
            return list(records)
        if key is None:
            raise Locked
        sealed = await asyncio.gather(*(self._sealed(key, store, record) for store, record in records))
        return [(store, record) for (store, _), record in zip(records, sealed, strict=True)]

    async def _every_conversation_record(self) -> list[tuple[str, dict[str, Any]]]:
        """Every conversation and message record, unsealed: what a new or removed lock rewrites."""
        found: list[tuple[str, dict[str, Any]]] = []
        for store in CONVERSATION_STORES:
            found.extend((store, record) for record in await self._opened_all(await self._db.get_all(store)))
        return found

    async def settings(self) -> Settings:
        """The stored settings; under a lock, with the keys (and sealed names) only once unlocked."""
        record = await self._db.get("settings", SETTINGS_KEY)
        settings = Settings.from_record(record["value"] if record else None)
        if self.lock is None or self._key is None:
            return settings
        keys, names = await self._unsealed(SEALED_KEYS), await self._unsealed(SEALED_NAMES)
        settings = settings if keys is None else with_keys(settings, keys)
        return settings if names is None else with_names(settings, names)

    async def _unsealed(self, key: str) -> Any:
        """The value sealed under `key` in the settings store, or None where there is none (a lock set
        before names were sealed, or one on keys alone)."""
        sealed = await self._db.get("settings", key)
        if sealed is None:
            return None
        return json.loads(await crypto.unseal(self._key, Sealed.from_record(sealed["value"])))

    async def unlock(self, passphrase: str) -> Settings:
        """Open the lock for this session; raises crypto.WrongPassphrase and then changes nothing.

        Names a lock on conversations left in the clear (it was set before names were sealed) are
        sealed now."""
        assert self.lock is not None
        self._key = await crypto.open_lock(self.lock, passphrase)
        settings = await self.settings()
        if self.lock.conversations and await self._db.get("settings", SEALED_NAMES) is None and settings.privacy_names:
            await self.save_settings(settings)
        return settings

    async def save_settings(self, settings: Settings) -> None:
        await self._db.write(puts=await self._settings_puts(settings))
        self.tabs.announce(Change(Changed.SETTINGS))

    async def _settings_puts(
        self, settings: Settings, lock: LockRecord | None = None, key: Any = None
    ) -> list[tuple[str, dict[str, Any]]]:
        """The settings as stored under `lock` (by default this store's, with its session key): without
        the keys (and names, where it seals conversations), which are sealed apart once unlocked."""
        lock, key = (self.lock, self._key) if lock is None else (lock, key)
        if lock is None:
            return [("settings", {"key": SETTINGS_KEY, "value": settings.to_record()})]
        puts = [("settings", {"key": SETTINGS_KEY, "value": stored_clear(settings, lock).to_record()})]
        if key is None:  # still locked: the sealed keys and names stay as they are
            return puts
        apart: dict[str, Any] = {SEALED_KEYS: keys_of(settings)}
        if lock.conversations:
            apart[SEALED_NAMES] = list(settings.privacy_names)
        for name, value in apart.items():
            sealed = await crypto.seal(key, json.dumps(value))
            puts.append(("settings", {"key": name, "value": sealed.to_record()}))
        return puts

    async def set_lock(self, passphrase: str, settings: Settings, conversations: bool) -> None:
        """Lock the keys (and `conversations` and names, if so) under `passphrase`, replacing any lock, in one
        transaction."""
        assert not self.locked
        lock, key = await crypto.new_lock(passphrase)
        lock = replace(lock, conversations=conversations)
        rewrite = conversations or self.seals_conversations  # sealed before or now: every record is stored anew
        rewritten = await self._every_conversation_record() if rewrite else []
        await self._db.write(
            puts=[
                ("settings", {"key": LOCK_KEY, "value": lock.to_record()}),
                *await self._settings_puts(settings, lock, key),
                *await self._stored_form(key, conversations, rewritten),
                *(await self.files.restored(key, conversations) if rewrite else []),
            ],
            deletes=[] if conversations else [("settings", SEALED_NAMES)],
        )
        self.lock, self._key = lock, key
        self.tabs.announce(Change(Changed.LOCK))

    async def remove_lock(self, settings: Settings, passphrase: str) -> None:
        """Store the keys in the clear again and forget the lock (only while unlocked, and only with the
        passphrase: raises crypto.WrongPassphrase and then changes nothing)."""
        assert self.lock is not None and not self.locked
        await crypto.open_lock(self.lock, passphrase)
        rewrite = self.seals_conversations
        rewritten = await self._every_conversation_record() if rewrite else []
        await self._db.write(
            puts=[
                ("settings", {"key": SETTINGS_KEY, "value": settings.to_record()}),
                *rewritten,
                *(await self.files.restored(None, seal=False) if rewrite else []),
            ],
            deletes=[("settings", LOCK_KEY), ("settings", SEALED_KEYS), ("settings", SEALED_NAMES)],
        )
        self.lock, self._key = None, None
        self.tabs.announce(Change(Changed.LOCK))

    async def conversations(self) -> list[Conversation]:
        """All conversation metadata, most recently active first (no message is read)."""
        records = await self._opened_all(await self._db.get_all("conversations", index="updated_at"))
        return [Conversation.from_record(record) for record in reversed(records)]

    @property
    def revision(self) -> int:
        """Grows with every write of this tab: whoever caches what is stored can tell it is stale."""
        return self._db.writes

    async def message_texts(self) -> list[MessageText]:
        """The text of every message, for the search index (no whole records are built)."""
        return [
            MessageText(
                record["conversation_id"],
                record["id"],
                searchable(record.get("content") or "", (str(a["name"]) for a in record.get("attachments") or ())),
                record["created_at"],
            )
            for record in await self._opened_all(await self._db.get_all("messages"))
        ]

    async def messages(self, conversation_id: str) -> dict[str, Message]:
        records = await self._db.get_all("messages", index="conversation_id", key=conversation_id)
        return {record["id"]: Message.from_record(record) for record in await self._opened_all(records)}

    def hold(self, file_id: str, blob: Any) -> None:
        """A picture's or an original's bytes, stored with the message that names it (the Storage port)."""
        self.files.hold(file_id, blob)

    async def pictures(self, images: Sequence[Image]) -> dict[str, str]:
        """The base64 bytes of the `images` this browser has, by id (the Storage port)."""
        return await self.files.pictures(images)

    def offer_gone(self) -> None:
        """No Undo offer is shown any more: the files its delete took are let go (the Storage port)."""
        self.files.offer_gone()

    async def write(self, write: Write) -> None:
        """Store and delete what `write` names in one transaction (a deleted conversation takes its
        messages with it, a message its pictures and originals); other tabs hear which conversation changed,
        or to reload them all. The files of an undoable delete stay held until its offer goes, for Undo to put
        back with their messages."""
        records = [("folders", folder.to_record()) for folder in write.folders]
        records += [("conversations", conversation.to_record()) for conversation in write.conversations]
        records += [("messages", message.to_record()) for message in write.messages]
        puts = await self._stored_form(self._key, self.seals_conversations, records)
        await self.files.copy(write.copied_files)
        files = await self.files.held_puts(write.messages, self._key, self.seals_conversations)
        puts += files
        if write.settings is not None:
            puts += await self._settings_puts(write.settings)
        deletes = [("messages", message_id) for message_id in write.delete_messages]
        deletes += [("folders", folder_id) for folder_id in write.delete_folders]
        for conversation_id in write.delete_conversations:  # the ids first: the index is read before the write
            deletes.append(("conversations", conversation_id))
            for record in await self._db.get_all("messages", index="conversation_id", key=conversation_id):
                deletes.append(("messages", str(record["id"])))
        gone = await self._files_gone(write, puts)
        gone += await self.files.deletes("conversation_id", write.delete_conversations)
        undoable = await self.files.undoable(gone) if write.undoable else None
        await self._db.write(puts=puts, deletes=deletes + gone)
        self.files.written(files)
        if undoable is not None:
            self.files.hold_for_undo(undoable)
        self._announce(write)

    async def _files_gone(self, write: Write, puts: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, str]]:
        """The files of `write`'s deleted messages, less those a message that stays still shows: a question sent again
        after an edit shows the files of the one it came from, a merged message those of the one it took in. Such a
        file is put (into `puts`) as that message's instead."""
        gone = await self.files.deletes("message_id", write.delete_messages)
        if not gone:
            return []
        staying: dict[str, Message] = {}
        for conversation in write.conversations:
            staying |= await self.messages(conversation.id)
        staying |= {message.id: message for message in write.messages}
        shown = {
            file.id: message
            for message in staying.values()
            if message.id not in write.delete_messages
            for file in message.stored_files
        }
        owners = {file_id: shown[file_id] for _, file_id in gone if file_id in shown}
        puts += await self.files.moved(owners, self._key, self.seals_conversations)
        return [(store, file_id) for store, file_id in gone if file_id not in owners]

    def _announce(self, write: Write) -> None:
        if write.settings is not None:
            self.tabs.announce(Change(Changed.SETTINGS))
        touched = {c.id for c in write.conversations} | {m.conversation_id for m in write.messages}
        if write.folders or write.delete_folders or write.delete_conversations or len(touched) > 1:
            self.tabs.announce(Change(Changed.CONVERSATION, None))  # reload them all
        elif touched:
            self.tabs.announce(Change(Changed.CONVERSATION, touched.pop()))
            if not write.delete_messages:
                conversation = write.conversations[0] if write.conversations else None
                for listener in self.saved_listeners:
                    listener(conversation, write.messages)

    # -- export and import: the whole database at once --------------------------------------------

    async def snapshot(self) -> Snapshot:
        """Everything stored, unsealed: settings (keys included once unlocked), folders, conversations, messages.

        Messages are grouped by conversation in the conversations' order; a message whose
        conversation record is gone is left out, so an export always reads back.
        """
        if self.seals_conversations and self._key is None:
            raise Locked
        settings = await self.settings()
        folders = sorted(await self.folders(), key=lambda f: (f.created_at, f.id))
        conversations = await self.conversations()
        grouped: dict[str, list[Message]] = {c.id: [] for c in conversations}
        for record in await self._opened_all(await self._db.get_all("messages")):
            message = Message.from_record(record)
            if message.conversation_id in grouped:
                grouped[message.conversation_id].append(message)
        messages = [m for c in conversations for m in tree_order(grouped[c.id])]
        return Snapshot(settings, tuple(folders), tuple(conversations), tuple(messages))

    async def _snapshot_puts(self, snapshot: Snapshot, settings: bool) -> list[tuple[str, dict[str, Any]]]:
        """The records of `snapshot` as stored (sealed where the lock seals them), settings first if asked, and
        its pictures' and originals' bytes as Blobs in the files store."""
        if self.locked:
            raise Locked
        puts = await self._settings_puts(snapshot.settings) if settings else []
        records: list[tuple[str, dict[str, Any]]] = []
        for store, items in (("folders", snapshot.folders), ("conversations", snapshot.conversations)):
            records += [(store, item.to_record()) for item in items]
        for start in range(0, len(snapshot.messages), RECORDS_PER_TURN):  # a big import's: the page draws between
            records += [("messages", m.to_record()) for m in snapshot.messages[start : start + RECORDS_PER_TURN]]
            await asyncio.sleep(0)
        puts.extend(await self._stored_form(self._key, self.seals_conversations, records))
        conversation_of = {m.id: m.conversation_id for m in snapshot.messages}
        for file in snapshot.files:  # the bytes of a file of a message here already (its index field is clear)
            if file.message_id not in conversation_of and (record := await self._db.get("messages", file.message_id)):
                conversation_of[file.message_id] = str(record["conversation_id"])
        puts.extend(await self.files.imported(snapshot.files, conversation_of, self._key, self.seals_conversations))
        return puts

    def _announce_everything(self) -> None:
        """Other tabs reload settings and every conversation (a conversation change without an id)."""
        self.tabs.announce(Change(Changed.SETTINGS))
        self.tabs.announce(Change(Changed.CONVERSATION, None))

    async def add_all(self, snapshot: Snapshot, settings_changed: bool = True) -> None:
        """Store every record of `snapshot` (what a merge adds) and its settings, in one transaction.

        Raises Locked while a lock exists and is closed: the keys and sealed records cannot be written then.
        """
        await self._db.write(puts=await self._snapshot_puts(snapshot, settings_changed))
        self._announce_everything()

    async def replace_all(self, snapshot: Snapshot) -> None:
        """Make the database hold exactly `snapshot` (a restore), in one transaction; the lock stays as it is.

        The bytes of pictures and originals of messages that are gone go with them; those of kept messages stay unless
        the file brings them (a file of version 1 brings none)."""
        puts = await self._snapshot_puts(snapshot, settings=True)
        keep = {
            "folders": {f.id for f in snapshot.folders},
            "conversations": {c.id for c in snapshot.conversations},
            "messages": {m.id for m in snapshot.messages},
        }
        deletes = [
            (store, str(record["id"]))
            for store, wanted in keep.items()
            for record in await self._db.get_all(store)
            if record["id"] not in wanted
        ]
        # The files brought are put, not deleted (the deletes come after the puts).
        deletes += await self.files.unwanted(keep["messages"], {file.id for file in snapshot.files})
        await self._db.write(puts=puts, deletes=deletes)
        self._announce_everything()

    async def folders(self) -> list[Folder]:
        """Every folder (unsealed; raises Locked while a lock on conversations is closed)."""
        return [Folder.from_record(record) for record in await self._opened_all(await self._db.get_all("folders"))]
