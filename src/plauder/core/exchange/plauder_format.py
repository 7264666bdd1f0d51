"""Plauder's own export file: the whole database as one versioned JSON document.

The format is documented for people in docs/export-format.md; keep the two in step. Reading is
strict: every field is type-checked, every reference resolved, and any fault raises
ImportProblem naming the path of the bad field, so a file is imported whole or not at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from plauder.core.backend_form import usable_timeout, usable_url
from plauder.core.exchange.fields import check_number, expect_list, expect_object, invalid, is_storable
from plauder.core.exchange.picture_files import read_files
from plauder.core.exchange.plauder_versions import VERSION, upgraded
from plauder.core.exchange.problem import MAX_IMPORT_CHARS, ImportProblem, load_json
from plauder.core.exchange.record_check import check_record
from plauder.core.exchange.snapshot import Snapshot, checking_integrity
from plauder.core.exchange.steps import Steps, finished
from plauder.core.i18n import UNKNOWN_TEXT, can_translate
from plauder.core.images import usable_side_limit
from plauder.core.lock import keys_of, without_keys
from plauder.core.masking import Secrets
from plauder.core.providers import PROVIDERS
from plauder.core.records import Backend, Conversation, ErrorInfo, Folder, Message, Settings

FORMAT = "plauder-export"
ERROR_PREFIXES = ("error.", "chat.")  # the texts an error record may show; its hints are `hint.` texts
HINT_PREFIX = "hint."


def export_document(
    snapshot: Snapshot, *, include_keys: bool, exported_at_ms: float, secrets: Iterable[str] = ()
) -> dict[str, Any]:
    """The export as a JSON-ready dict.

    Unless `include_keys`, the API keys are blanked, and every key (the snapshot's own and `secrets`)
    is masked in every text of the file: a title, a message or an error may hold one that a server,
    a model or the user wrote there. The files' base64 (pictures, originals) is added after masking: it holds no
    text.
    """
    settings = snapshot.settings if include_keys else without_keys(snapshot.settings)
    grouped = snapshot.messages_by_conversation()
    document = {
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
    if not include_keys:
        document = Secrets.of([*keys_of(snapshot.settings).values(), *secrets]).hide_in(document)
    return {**document, "files": [file.to_record() for file in snapshot.files]}


def _message_entry(message: Message) -> dict[str, Any]:
    """A message as written inside its conversation: `conversation_id` is implied by the nesting."""
    record = message.to_record()
    del record["conversation_id"]
    return record


def export_json(snapshot: Snapshot, *, include_keys: bool, exported_at_ms: float, secrets: Iterable[str] = ()) -> str:
    document = export_document(snapshot, include_keys=include_keys, exported_at_ms=exported_at_ms, secrets=secrets)
    return json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)


# Stands in for a picture's base64 in `export_pieces`: JSON writes it as \u0000. Written unescaped, the quotes
# around "data": "\u0000" can only be a key and its value, and only a file entry has that key and value.
_PENDING = "\x00"
_PENDING_DATA = re.compile(r'(?<="data": ")\\u0000(?=")')


def export_pieces(
    snapshot: Snapshot, *, include_keys: bool, exported_at_ms: float, secrets: Iterable[str] = ()
) -> list[str] | None:
    """`export_json`'s text cut where each file's base64 goes, in the order of `snapshot.files` (whose `data` is not
    read): the page puts the pictures' bytes between the pieces, so no Python string holds them all and no one
    step writes them. None when the cuts cannot be found (a crafted record with such a key and value)."""
    files = tuple(replace(file, data=_PENDING) for file in snapshot.files)
    text = export_json(
        replace(snapshot, files=files), include_keys=include_keys, exported_at_ms=exported_at_ms, secrets=secrets
    )
    pieces = _PENDING_DATA.split(text)
    return pieces if len(pieces) == len(files) + 1 else None


def is_plauder_export(document: Any) -> bool:
    return isinstance(document, dict) and document.get("format") == FORMAT


def _conversation(index: int, entry: Any) -> Steps[tuple[Conversation, list[Message]]]:
    path = f"conversations[{index}]"
    entry = expect_object(entry, path)
    check_record(Conversation, entry, path)
    conversation = Conversation.from_record(entry)
    messages = []
    for mi, item in enumerate(expect_list(entry.get("messages"), f"{path}.messages")):
        record = {**expect_object(item, f"{path}.messages[{mi}]"), "conversation_id": conversation.id}
        check_record(Message, record, f"{path}.messages[{mi}]")
        message = Message.from_record(record)
        messages.append(replace(message, error=_readable(message.error)) if message.error else message)
        yield None
    return conversation, messages


def _check_backend(backend: Backend, path: str) -> None:
    """A backend this Plauder could talk to, held to the rules of the settings form."""
    if backend.kind not in PROVIDERS:
        raise invalid(f"{path}.kind")
    if not usable_url(backend.base_url):
        raise ImportProblem("import.bad_value", path=f"{path}.base_url")
    for name in ("timeout_seconds", "image_timeout_seconds"):
        if not usable_timeout(getattr(backend, name)):
            raise ImportProblem("import.bad_value", path=f"{path}.{name}")
    if not usable_side_limit(backend.image_max_side):
        raise ImportProblem("import.bad_value", path=f"{path}.image_max_side")


def _readable(error: ErrorInfo) -> ErrorInfo:
    """An imported error record as the app can show it; rewritten, not refused, since it only explains.

    Parameters keep only plain values (text, numbers, true/false, null); a message key that is no
    error text with its placeholders filled becomes the general sentence (a crafted file could
    otherwise show any text of the app in a message); hints that are no such hint texts are dropped.
    """
    params = {name: value for name, value in error.params.items() if _plain(value)}
    known = error.message_key.startswith(ERROR_PREFIXES) and can_translate(error.message_key, params)
    hints = tuple(key for key in error.hint_keys if key.startswith(HINT_PREFIX) and can_translate(key, params))
    return replace(error, message_key=error.message_key if known else UNKNOWN_TEXT, params=params, hint_keys=hints)


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | bool) or is_storable(value)


def snapshot_from_document(document: Any, *, bytes_checked: bool = True) -> Snapshot:
    """`reading_document` run to its end."""
    return finished(reading_document(document, bytes_checked=bytes_checked))


def reading_document(document: Any, *, bytes_checked: bool) -> Steps[Snapshot]:
    """The snapshot in a decoded export file, of this version or an older one (plauder_versions); raises ImportProblem
    for anything amiss (the files' bytes are left to the caller to check when `bytes_checked` is False:
    picture_files.check_bytes)."""
    if not is_plauder_export(document):
        raise ImportProblem("import.foreign")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise invalid("version")
    if version > VERSION:
        raise ImportProblem("import.newer_version", version=version, supported=VERSION)
    document = upgraded(document, version)
    check_number(document.get("exported_at"), "exported_at")
    check_record(Settings, document.get("settings"), "settings")
    settings = Settings.from_record(document["settings"])
    for index, backend in enumerate(settings.backends):
        _check_backend(backend, f"settings.backends[{index}]")
    folders = []
    for index, entry in enumerate(expect_list(document.get("folders"), "folders")):
        check_record(Folder, entry, f"folders[{index}]")
        folders.append(Folder.from_record(entry))
    conversations, messages = [], []
    for index, entry in enumerate(expect_list(document.get("conversations"), "conversations")):
        conversation, its_messages = yield from _conversation(index, entry)
        conversations.append(conversation)
        messages += its_messages
    snapshot = Snapshot(settings, tuple(folders), tuple(conversations), tuple(messages))
    yield from checking_integrity(snapshot)
    return replace(snapshot, files=read_files(document.get("files"), messages, bytes_checked=bytes_checked))


def parse_export(text: str, *, max_chars: int = MAX_IMPORT_CHARS) -> Snapshot:
    """A Plauder export file read whole; raises ImportProblem (never returns part of a file)."""
    return snapshot_from_document(load_json(text, max_chars=max_chars))
