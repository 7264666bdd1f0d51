"""Which of the known formats a file is, told by its shape (an archive by its name), so the user need not say."""

from __future__ import annotations

from collections.abc import Iterator

from plauder.core.exchange.chatgpt import is_chatgpt_export, snapshot_from_chatgpt
from plauder.core.exchange.chatgpt_archive import parse_chatgpt_archive
from plauder.core.exchange.picture_files import check_bytes
from plauder.core.exchange.plauder_format import is_plauder_export, snapshot_from_document
from plauder.core.exchange.problem import MAX_IMPORT_CHARS, ImportProblem, load_json
from plauder.core.exchange.snapshot import Snapshot
from plauder.core.exchange.technologic import is_technologic_backup, snapshot_from_technologic


def parsing(text: str, *, max_chars: int = MAX_IMPORT_CHARS) -> Iterator[tuple[str, Snapshot] | None]:
    """`parse_any` in steps, for the page to draw between them: None after each, the result last. The steps are the
    JSON, the records, and each picture's bytes (a Plauder export with 20 photos is mostly their base64)."""
    document = load_json(text, max_chars=max_chars)
    yield None
    if is_plauder_export(document):
        snapshot = snapshot_from_document(document, bytes_checked=False)
        for index, file in enumerate(snapshot.files):
            yield None
            check_bytes(file, index)
        yield "plauder", snapshot
    elif is_chatgpt_export(document):
        yield "chatgpt", snapshot_from_chatgpt(document)
    elif is_technologic_backup(document):
        yield "technologic", snapshot_from_technologic(document)
    else:
        raise ImportProblem("import.foreign")


def parse_any(text: str, *, max_chars: int = MAX_IMPORT_CHARS) -> tuple[str, Snapshot]:
    """("plauder" | "chatgpt" | "technologic", the snapshot); raises ImportProblem, `import.foreign` for others."""
    *_, result = parsing(text, max_chars=max_chars)
    assert result is not None  # the last step is the result
    return result


def parse_archive(data: bytes) -> tuple[str, Snapshot]:
    """A ZIP archive: the one kind Plauder reads is ChatGPT's data export, with its pictures."""
    return "chatgpt", parse_chatgpt_archive(data)
