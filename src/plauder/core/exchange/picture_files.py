"""The bytes of pictures and of attachments' original files in an export: a message's Image and Attachment records
say what they are, these carry them.

In the database these bytes live apart from their message, in the files store under the picture's or the
attachment's id (web/store.py); an export lists them apart too, base64 in JSON, each naming the message
it belongs to. Reading checks each as strictly as the records: an entry whose message is not in the file
or does not show that picture or file, a type other than its record's, bad base64 or too many bytes refuse
the file.
"""

from __future__ import annotations

import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from plauder.core.attachments.reading import MAX_DOCUMENT_BYTES
from plauder.core.exchange.fields import expect_list, expect_object, expect_text
from plauder.core.exchange.problem import ImportProblem
from plauder.core.ids import MAX_ID_CHARS, is_sane_id
from plauder.core.images import MAX_SOURCE_BYTES, SOURCE_TYPES
from plauder.core.records import Attachment, Image, Message

MEDIA_TYPES = frozenset(SOURCE_TYPES.values())  # what a picture is stored as: taken, re-encoded or drawn
MAX_FILE_BYTES = MAX_SOURCE_BYTES  # no stored picture comes near: the largest taken is refused before decoding
# An original is at most what attaching takes (core/attachments/reading.py: a document is the largest).
MAX_ORIGINAL_BYTES = MAX_DOCUMENT_BYTES


def _base64_chars(size: int) -> int:
    return 4 * -(-size // 3)


@dataclass(frozen=True)
class PictureFile:
    """One picture's bytes or one attachment's original, as base64 (what the export holds), stored under `id` for
    message `message_id`."""

    id: str  # the Image's id in its message's `images`, or the Attachment's in its `attachments`
    message_id: str
    media_type: str
    data: str  # base64, standard alphabet with padding

    def to_record(self) -> dict[str, str]:
        return {"id": self.id, "message_id": self.message_id, "media_type": self.media_type, "data": self.data}


def files_of(messages: Iterable[Message]) -> dict[str, dict[str, Image | Attachment]]:
    """Every id of a picture or an original the `messages` show, and the messages that show it (by id) with its record
    there. Several may show one: a fork's copies and an edited question sent again show the same files, stored once."""
    shown: dict[str, dict[str, Image | Attachment]] = {}
    for message in messages:
        for file in message.stored_files:
            shown.setdefault(file.id, {})[message.id] = file
    return shown


def _sane_id(value: Any, path: str) -> str:
    text = expect_text(value, path)
    if not is_sane_id(text):
        raise ImportProblem("import.bad_id", path=path, limit=MAX_ID_CHARS)
    return text


def _checked(entry: Any, path: str, shown_by: Mapping[str, Mapping[str, Image | Attachment]]) -> PictureFile:
    entry = expect_object(entry, path)
    file_id = _sane_id(entry.get("id"), f"{path}.id")
    message_id = _sane_id(entry.get("message_id"), f"{path}.message_id")
    record = shown_by.get(file_id, {}).get(message_id)
    if record is None:  # the message is missing, or shows no such picture or file
        raise ImportProblem("import.bad_reference", path=f"{path}.id", id=file_id)
    media_type = expect_text(entry.get("media_type"), f"{path}.media_type")
    picture = isinstance(record, Image)
    if media_type not in (MEDIA_TYPES if picture else {record.media_type}):  # an original's is its attachment's
        raise ImportProblem("import.bad_value", path=f"{path}.media_type")
    data = expect_text(entry.get("data"), f"{path}.data")
    if not data or len(data) > _base64_chars(MAX_FILE_BYTES if picture else MAX_ORIGINAL_BYTES):  # before decoding
        raise ImportProblem("import.bad_value", path=f"{path}.data")
    return PictureFile(file_id, message_id, media_type, data)


def check_bytes(file: PictureFile, index: int) -> None:
    """Refuse the `index`th file unless its data is strict base64. It is decoded to tell, the costly part of reading
    a file of pictures, so core/exchange/detect.parsing does it one file per step."""
    try:
        binascii.a2b_base64(file.data.encode("ascii"), strict_mode=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ImportProblem("import.bad_value", path=f"files[{index}].data") from None


def read_files(value: Any, messages: Iterable[Message], *, bytes_checked: bool = True) -> tuple[PictureFile, ...]:
    """The `files` list of an export, every entry checked against the `messages` read from the same file (and its
    bytes too unless `bytes_checked` is False: then the caller checks each with check_bytes)."""
    shown_by = files_of(messages)
    files: list[PictureFile] = []
    seen: set[str] = set()
    for index, entry in enumerate(expect_list(value, "files")):
        file = _checked(entry, f"files[{index}]", shown_by)
        if file.id in seen:
            raise ImportProblem("import.duplicate_id", path=f"files[{index}].id", id=file.id)
        seen.add(file.id)
        if bytes_checked:
            check_bytes(file, index)
        files.append(file)
    return tuple(files)
