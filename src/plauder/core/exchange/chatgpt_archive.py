"""A ChatGPT data export as it is downloaded: a ZIP archive holding conversations.json and the files the
conversations show, pictures among them.

conversations.json names a picture by an asset pointer ("file-service://file-AbC12", "sediment://file_0a1b");
the archive holds it beside the JSON, or under dalle-generations/ where ChatGPT drew it, under a name that begins
with that id ("file-AbC12-photo.jpg", "file_0a1b-3f2c….png", "dalle-generations/file-XyZ-9e1d….webp"). Only what the import needs is read, each entry's size checked before it is read and
the reading capped (an archive's sizes can lie): conversations.json, and the pictures it points to.
"""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Iterator

from plauder.core.exchange.chatgpt import Held, is_chatgpt_export, reading_chatgpt
from plauder.core.exchange.picture_files import MAX_FILE_BYTES
from plauder.core.exchange.problem import DECODE_BYTES, MAX_IMPORT_CHARS, ImportProblem, loading_json
from plauder.core.exchange.snapshot import Snapshot
from plauder.core.exchange.steps import Steps, finished
from plauder.core.images import SOURCE_TYPES

CONVERSATIONS = "conversations.json"
READ_BYTES = DECODE_BYTES  # conversations.json is inflated this much at a time


def is_archive(name: str) -> bool:
    """Whether a chosen file is read as a ZIP archive (by its name, as the file picker offers it)."""
    return name.lower().endswith(".zip")


def _id_prefixes(name: str) -> Iterator[str]:
    """`dir/file-AbC-photo.jpg` -> file, file-AbC, file-AbC-photo: every start of the name that an id can be."""
    base = name.rpartition("/")[2]
    for index, char in enumerate(base):
        if char in "-.":
            yield base[:index]


class _Pictures:
    """The archive's pictures by asset id, read when asked for, together at most MAX_IMPORT_CHARS bytes."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._by_id: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            if info.filename.rpartition(".")[2].lower() in SOURCE_TYPES:
                for prefix in _id_prefixes(info.filename):
                    self._by_id.setdefault(prefix, info)
        self._left = MAX_IMPORT_CHARS

    def __call__(self, asset_id: str) -> Held | None:
        info = self._by_id.get(asset_id)
        if info is None or info.file_size > min(MAX_FILE_BYTES, self._left):
            return None
        data = _read(self._archive, info, info.file_size)
        self._left -= len(data)
        name = info.filename.rpartition("/")[2]
        media_type = SOURCE_TYPES[name.rpartition(".")[2].lower()]
        return Held(name, media_type, base64.b64encode(data).decode("ascii"), len(data))


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """An entry's bytes, never more than `limit` (what its header says it holds)."""
    return finished(_reading(archive, info, limit))


def _reading(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Steps[bytes]:
    """`_read` in steps of READ_BYTES, each inflated apart."""
    pieces, size = [], 0
    try:
        with archive.open(info) as entry:
            while piece := entry.read(min(READ_BYTES, limit + 1 - size)):
                pieces.append(piece)
                size += len(piece)
                if size > limit:  # the header understated it: a crafted archive
                    raise ImportProblem("import.bad_archive")
                yield None
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as error:
        raise ImportProblem("import.bad_archive") from error
    return b"".join(pieces)


def reading_chatgpt_archive(data: bytes) -> Steps[Snapshot]:
    """The conversations of a ChatGPT export ZIP, with the pictures it holds; raises ImportProblem. In steps:
    conversations.json inflated a slice at a time, then read as `detect.parsing` reads it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ImportProblem("import.bad_archive") from error
    with archive:
        found = [info for info in archive.infolist() if info.filename.rpartition("/")[2] == CONVERSATIONS]
        if not found:
            raise ImportProblem("import.no_conversations")
        info = min(found, key=lambda entry: entry.filename.count("/"))  # the export's own, at its top
        if info.file_size > MAX_IMPORT_CHARS:
            limit_mb = MAX_IMPORT_CHARS // 1_000_000
            raise ImportProblem("import.too_large", size_mb=-(-info.file_size // 1_000_000), limit_mb=limit_mb)
        document = yield from loading_json((yield from _reading(archive, info, info.file_size)))
        if not is_chatgpt_export(document):
            raise ImportProblem("import.no_conversations")
        return (yield from reading_chatgpt(document, _Pictures(archive)))
