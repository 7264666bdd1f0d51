"""Plauder's records in IndexedDB: settings, conversation metadata, and messages apart.

Under a passphrase lock the settings are stored without API keys, and the keys sealed apart;
this store seals and unseals them, so nothing above it handles ciphertext.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from plauder.core.lock import LockRecord, Sealed, keys_of, with_keys, without_keys
from plauder.core.records import Conversation, Message, Settings
from plauder.web import crypto
from plauder.web.idb import Database

SETTINGS_KEY = "settings"
LOCK_KEY = "lock"
SEALED_KEYS = "sealed_keys"


class Store:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.lock: LockRecord | None = None
        self._key: Any = None  # the session key while unlocked; never stored

    @classmethod
    async def open(cls) -> Store:
        store = cls(await Database.open())
        record = await store._db.get("settings", LOCK_KEY)
        store.lock = LockRecord.from_record(record["value"]) if record else None
        return store

    @property
    def locked(self) -> bool:
        """A lock exists and this session has not opened it: the keys are not available."""
        return self.lock is not None and self._key is None

    async def settings(self) -> Settings:
        """The stored settings; under a lock, with the keys only once unlocked."""
        record = await self._db.get("settings", SETTINGS_KEY)
        settings = Settings.from_record(record["value"] if record else None)
        if self.lock is None or self._key is None:
            return settings
        sealed = await self._db.get("settings", SEALED_KEYS)
        return with_keys(settings, json.loads(await crypto.unseal(self._key, Sealed.from_record(sealed["value"]))))

    async def unlock(self, passphrase: str) -> Settings:
        """Open the lock for this session; raises crypto.WrongPassphrase and then changes nothing."""
        assert self.lock is not None
        self._key = await crypto.open_lock(self.lock, passphrase)
        return await self.settings()

    async def save_settings(self, settings: Settings) -> None:
        puts: list[tuple[str, dict[str, Any]]] = []
        if self.lock is None:
            puts.append(("settings", {"key": SETTINGS_KEY, "value": settings.to_record()}))
        else:
            puts.append(("settings", {"key": SETTINGS_KEY, "value": without_keys(settings).to_record()}))
            if self._key is not None:  # still locked: the sealed keys stay as they are
                sealed = await crypto.seal(self._key, json.dumps(keys_of(settings)))
                puts.append(("settings", {"key": SEALED_KEYS, "value": sealed.to_record()}))
        await self._db.write(puts=puts)

    async def set_lock(self, passphrase: str, settings: Settings) -> None:
        """Lock the keys under `passphrase` (replacing any lock), in one transaction."""
        lock, key = await crypto.new_lock(passphrase)
        sealed = await crypto.seal(key, json.dumps(keys_of(settings)))
        await self._db.write(
            puts=[
                ("settings", {"key": LOCK_KEY, "value": lock.to_record()}),
                ("settings", {"key": SEALED_KEYS, "value": sealed.to_record()}),
                ("settings", {"key": SETTINGS_KEY, "value": without_keys(settings).to_record()}),
            ]
        )
        self.lock, self._key = lock, key

    async def remove_lock(self, settings: Settings) -> None:
        """Store the keys in the clear again and forget the lock (only while unlocked)."""
        assert not self.locked
        await self._db.write(
            puts=[("settings", {"key": SETTINGS_KEY, "value": settings.to_record()})],
            deletes=[("settings", LOCK_KEY), ("settings", SEALED_KEYS)],
        )
        self.lock, self._key = None, None

    async def conversations(self) -> list[Conversation]:
        """All conversation metadata, most recently active first (no message is read)."""
        records = await self._db.get_all("conversations", index="updated_at")
        return [Conversation.from_record(record) for record in reversed(records)]

    async def messages(self, conversation_id: str) -> dict[str, Message]:
        records = await self._db.get_all("messages", index="conversation_id", key=conversation_id)
        return {record["id"]: Message.from_record(record) for record in records}

    async def save(self, conversation: Conversation | None = None, messages: Sequence[Message] = ()) -> None:
        """Write a conversation's metadata and some of its messages in one transaction."""
        puts = [("messages", message.to_record()) for message in messages]
        if conversation is not None:
            puts.append(("conversations", conversation.to_record()))
        await self._db.write(puts=puts)
