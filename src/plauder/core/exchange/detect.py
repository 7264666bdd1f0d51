"""Which of the known formats a file is, told by its shape (an archive by its name), so the user need not say."""

from __future__ import annotations

from typing import Any

from plauder.core.exchange.chatgpt import is_chatgpt_export, reading_chatgpt
from plauder.core.exchange.chatgpt_archive import reading_chatgpt_archive
from plauder.core.exchange.picture_files import check_bytes
from plauder.core.exchange.plauder_format import is_plauder_export, reading_document
from plauder.core.exchange.problem import MAX_IMPORT_CHARS, ImportProblem, loading_json
from plauder.core.exchange.snapshot import Snapshot
from plauder.core.exchange.steps import Steps, finished
from plauder.core.exchange.technologic import is_technologic_backup, reading_technologic


def parsing(
    data: str | bytes | list[bytes], *, archive: bool = False, max_chars: int = MAX_IMPORT_CHARS
) -> Steps[tuple[str, Snapshot]]:
    """`parse_any` (or `parse_archive`, for an `archive`'s bytes) in steps, for the page to draw between them: the JSON
    a few hundred kilobytes at a time (a file's bytes, whole or in pieces, decoded as it goes: problem.loading_json),
    the records one message (or ChatGPT node) at a time, then each picture's bytes (a Plauder export with 20 photos
    is mostly their base64). An archive's pieces are joined first: a ZIP is read from one buffer."""
    if archive and not isinstance(data, str):
        return "chatgpt", (yield from reading_chatgpt_archive(b"".join(data) if isinstance(data, list) else data))
    document = yield from loading_json(data, max_chars=max_chars)
    kind, snapshot = yield from _read(document)
    yield from _let_go(document)
    return kind, snapshot


def _read(document: Any) -> Steps[tuple[str, Snapshot]]:
    if is_plauder_export(document):
        snapshot = yield from reading_document(document, bytes_checked=False)
        for index, file in enumerate(snapshot.files):
            yield None
            check_bytes(file, index)
        return "plauder", snapshot
    if is_chatgpt_export(document):
        return "chatgpt", (yield from reading_chatgpt(document))
    if is_technologic_backup(document):
        return "technologic", (yield from reading_technologic(document))
    raise ImportProblem("import.foreign")


def _let_go(document: Any) -> Steps[None]:
    """The decoded file, read, let go of a conversation per step: freed at once, its millions of objects took 110 ms
    at 189 MB (bench/import_big.py). The snapshot keeps only the texts, not the file's dicts and lists."""
    conversations = document.get("conversations") if isinstance(document, dict) else document
    while isinstance(conversations, list) and conversations:
        conversations.pop()
        yield None
    while isinstance(conversations, dict) and conversations:
        conversations.popitem()
        yield None


def parse_any(text: str, *, max_chars: int = MAX_IMPORT_CHARS) -> tuple[str, Snapshot]:
    """("plauder" | "chatgpt" | "technologic", the snapshot); raises ImportProblem, `import.foreign` for others."""
    return finished(parsing(text, max_chars=max_chars))


def parse_archive(data: bytes) -> tuple[str, Snapshot]:
    """A ZIP archive: the one kind Plauder reads is ChatGPT's data export, with its pictures."""
    return finished(parsing(data, archive=True))
