"""The IndexedDB schema, version by version: what each upgrade creates.

IndexedDB runs an upgrade in one version-change transaction: when any step fails, the browser
rolls the whole upgrade back and the database stays at its old version with its data. So a
migration here is a list of steps applied inside that transaction, never a copy elsewhere.
Every version that ever shipped stays listed, with a fixture database in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Index:
    name: str
    key_path: str


@dataclass(frozen=True)
class CreateStore:
    name: str
    key_path: str
    indexes: tuple[Index, ...] = ()


@dataclass(frozen=True)
class CreateIndex:
    store: str
    index: Index


Step = CreateStore | CreateIndex

# MIGRATIONS[n] upgrades version n to n + 1.
MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    (  # 0 -> 1: settings by key; conversation metadata and messages one record each
        CreateStore("settings", "key"),
        CreateStore("conversations", "id", (Index("updated_at", "updated_at"),)),
        CreateStore("messages", "id", (Index("conversation_id", "conversation_id"),)),
    ),
    (  # 1 -> 2: folders, and conversations findable by folder
        CreateStore("folders", "id", (Index("parent_id", "parent_id"),)),
        CreateIndex("conversations", Index("folder_id", "folder_id")),
    ),
    (  # 2 -> 3: files (a picture's bytes as a Blob), found by the message and conversation they go with
        CreateStore("files", "id", (Index("message_id", "message_id"), Index("conversation_id", "conversation_id"))),
    ),
)
VERSION = len(MIGRATIONS)


def steps_between(old_version: int, new_version: int = VERSION) -> list[Step]:
    """The steps that bring a database from `old_version` to `new_version`, in order."""
    if not 0 <= old_version <= new_version <= VERSION:
        raise ValueError(f"no migration from version {old_version} to {new_version}")
    return [step for steps in MIGRATIONS[old_version:new_version] for step in steps]
