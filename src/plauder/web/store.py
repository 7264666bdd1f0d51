"""Plauder's records in IndexedDB: settings, conversation metadata, and messages apart."""

from __future__ import annotations

from collections.abc import Sequence

from plauder.core.records import Conversation, Message, Settings
from plauder.web.idb import Database

SETTINGS_KEY = "settings"


class Store:
    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    async def open(cls) -> Store:
        return cls(await Database.open())

    async def settings(self) -> Settings:
        record = await self._db.get("settings", SETTINGS_KEY)
        return Settings.from_record(record["value"] if record else None)

    async def save_settings(self, settings: Settings) -> None:
        await self._db.write(puts=[("settings", {"key": SETTINGS_KEY, "value": settings.to_record()})])

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
