"""Which of the known formats a file is, told by its shape (an archive by its name), so the user need not say."""

from __future__ import annotations

from plauder.core.exchange.chatgpt import is_chatgpt_export, snapshot_from_chatgpt
from plauder.core.exchange.chatgpt_archive import parse_chatgpt_archive
from plauder.core.exchange.plauder_format import is_plauder_export, snapshot_from_document
from plauder.core.exchange.problem import MAX_IMPORT_CHARS, ImportProblem, load_json
from plauder.core.exchange.snapshot import Snapshot
from plauder.core.exchange.technologic import is_technologic_backup, snapshot_from_technologic


def parse_any(text: str, *, max_chars: int = MAX_IMPORT_CHARS) -> tuple[str, Snapshot]:
    """("plauder" | "chatgpt" | "technologic", the snapshot); raises ImportProblem, `import.foreign` for others."""
    document = load_json(text, max_chars=max_chars)
    if is_plauder_export(document):
        return "plauder", snapshot_from_document(document)
    if is_chatgpt_export(document):
        return "chatgpt", snapshot_from_chatgpt(document)
    if is_technologic_backup(document):
        return "technologic", snapshot_from_technologic(document)
    raise ImportProblem("import.foreign")


def parse_archive(data: bytes) -> tuple[str, Snapshot]:
    """A ZIP archive: the one kind Plauder reads is ChatGPT's data export, with its pictures."""
    return "chatgpt", parse_chatgpt_archive(data)
