"""Plauder's own export file: the whole database as one versioned JSON document.

The format is documented for people in docs/export-format.md; keep the two in step. Reading is
strict: every field is type-checked, every reference resolved, and any fault raises
ImportProblem naming the path of the bad field, so a file is imported whole or not at all.
"""

from __future__ import annotations

import json
from typing import Any

from plauder.core.exchange.fields import expect_list, expect_object, invalid, is_number
from plauder.core.exchange.problem import MAX_IMPORT_CHARS, ImportProblem, load_json
from plauder.core.exchange.record_check import check_record
from plauder.core.exchange.snapshot import Snapshot, check_integrity
from plauder.core.lock import without_keys
from plauder.core.providers import PROVIDERS
from plauder.core.records import Conversation, Folder, Message, Settings

FORMAT = "plauder-export"
VERSION = 1


def export_document(snapshot: Snapshot, *, include_keys: bool, exported_at_ms: float) -> dict[str, Any]:
    """The export as a JSON-ready dict; API keys are blanked unless `include_keys`."""
    settings = snapshot.settings if include_keys else without_keys(snapshot.settings)
    grouped = snapshot.messages_by_conversation()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at_ms,
        "includes_api_keys": include_keys,
        "settings": settings.to_record(),
        "folders": [folder.to_record() for folder in snapshot.folders],
        "conversations": [
            {
                **conversation.to_record(),
                "messages": [_message_entry(m) for m in grouped.get(conversation.id, [])],
            }
            for conversation in snapshot.conversations
        ],
    }


def _message_entry(message: Message) -> dict[str, Any]:
    """A message as written inside its conversation: `conversation_id` is implied by the nesting."""
    record = message.to_record()
    del record["conversation_id"]
    return record


def export_json(snapshot: Snapshot, *, include_keys: bool, exported_at_ms: float) -> str:
    document = export_document(snapshot, include_keys=include_keys, exported_at_ms=exported_at_ms)
    return json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)


def is_plauder_export(document: Any) -> bool:
    return isinstance(document, dict) and document.get("format") == FORMAT


def _conversation(index: int, entry: Any) -> tuple[Conversation, list[Message]]:
    path = f"conversations[{index}]"
    entry = expect_object(entry, path)
    check_record(Conversation, entry, path)
    conversation = Conversation.from_record(entry)
    messages = []
    for mi, item in enumerate(expect_list(entry.get("messages"), f"{path}.messages")):
        record = {**expect_object(item, f"{path}.messages[{mi}]"), "conversation_id": conversation.id}
        check_record(Message, record, f"{path}.messages[{mi}]")
        messages.append(Message.from_record(record))
    return conversation, messages


def snapshot_from_document(document: Any) -> Snapshot:
    """The snapshot in a decoded export file; raises ImportProblem for anything amiss."""
    if not is_plauder_export(document):
        raise ImportProblem("import.foreign")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise invalid("version")
    if version > VERSION:
        raise ImportProblem("import.newer_version", version=version, supported=VERSION)
    if not is_number(document.get("exported_at")):
        raise invalid("exported_at")
    check_record(Settings, document.get("settings"), "settings")
    settings = Settings.from_record(document["settings"])
    for index, backend in enumerate(settings.backends):
        if backend.kind not in PROVIDERS:  # a backend nothing here could talk to
            raise invalid(f"settings.backends[{index}].kind")
    folders = []
    for index, entry in enumerate(expect_list(document.get("folders"), "folders")):
        check_record(Folder, entry, f"folders[{index}]")
        folders.append(Folder.from_record(entry))
    conversations, messages = [], []
    for index, entry in enumerate(expect_list(document.get("conversations"), "conversations")):
        conversation, its_messages = _conversation(index, entry)
        conversations.append(conversation)
        messages += its_messages
    snapshot = Snapshot(settings, tuple(folders), tuple(conversations), tuple(messages))
    check_integrity(snapshot)
    return snapshot


def parse_export(text: str, *, max_chars: int = MAX_IMPORT_CHARS) -> Snapshot:
    """A Plauder export file read whole; raises ImportProblem (never returns part of a file)."""
    return snapshot_from_document(load_json(text, max_chars=max_chars))
