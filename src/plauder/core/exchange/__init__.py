"""Export and import: Plauder's own file, ChatGPT's and Technologic's, merged or restored.

Every parser is all or nothing: it returns a complete Snapshot or raises ImportProblem.
"""

from __future__ import annotations

from plauder.core.exchange.chatgpt import parse_chatgpt
from plauder.core.exchange.chatgpt_archive import is_archive
from plauder.core.exchange.detect import parse_any, parse_archive, parsing
from plauder.core.exchange.markdown_export import conversation_alone, conversation_markdown, file_stem
from plauder.core.exchange.merge import Changes, ImportOffer, Merged, import_offer, merge, restore
from plauder.core.exchange.plauder_format import export_json, export_pieces, parse_export
from plauder.core.exchange.problem import MAX_IMPORT_CHARS, ImportProblem, reading_status
from plauder.core.exchange.snapshot import Snapshot
from plauder.core.exchange.technologic import parse_technologic

__all__ = [
    "MAX_IMPORT_CHARS",
    "Changes",
    "ImportOffer",
    "ImportProblem",
    "Merged",
    "Snapshot",
    "conversation_alone",
    "conversation_markdown",
    "export_json",
    "export_pieces",
    "file_stem",
    "import_offer",
    "is_archive",
    "merge",
    "parse_any",
    "parse_archive",
    "parse_chatgpt",
    "parse_export",
    "parse_technologic",
    "parsing",
    "reading_status",
    "restore",
]
