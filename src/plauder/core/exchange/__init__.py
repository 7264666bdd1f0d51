"""Export and import: Plauder's own file, ChatGPT's and Technologic's, merged or restored.

Every parser is all or nothing: it returns a complete Snapshot or raises ImportProblem.

A name's module is imported when the name is first used (PEP 562's module `__getattr__`): the app's start needs
only `Snapshot`, and the rest, most of this package, waits for the first export or import. A start from the
start-up snapshot has them all already (plauder_build/snapshot.py imports every module named here). No name here
is a module's: importing a module sets the package's attribute of its name, which would hide the name.
(`merge` itself is `plauder.core.exchange.merge.merge`.)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plauder.core.exchange.chatgpt import parse_chatgpt
    from plauder.core.exchange.chatgpt_archive import is_archive
    from plauder.core.exchange.detect import parse_any, parse_archive, parsing
    from plauder.core.exchange.markdown_export import conversation_alone, conversation_markdown, file_stem
    from plauder.core.exchange.merge import Changes, ImportOffer, Merged, import_offer, merging, offering, restore
    from plauder.core.exchange.plauder_format import export_json, export_pieces, parse_export
    from plauder.core.exchange.problem import MAX_IMPORT_CHARS, ImportProblem, reading_status
    from plauder.core.exchange.snapshot import Snapshot
    from plauder.core.exchange.technologic import parse_technologic

# The module of this package that each name comes from.
HOMES = {
    "MAX_IMPORT_CHARS": "problem",
    "Changes": "merge",
    "ImportOffer": "merge",
    "ImportProblem": "problem",
    "Merged": "merge",
    "Snapshot": "snapshot",
    "conversation_alone": "markdown_export",
    "conversation_markdown": "markdown_export",
    "export_json": "plauder_format",
    "export_pieces": "plauder_format",
    "file_stem": "markdown_export",
    "import_offer": "merge",
    "is_archive": "chatgpt_archive",
    "merging": "merge",
    "offering": "merge",
    "parse_any": "detect",
    "parse_archive": "detect",
    "parse_chatgpt": "chatgpt",
    "parse_export": "plauder_format",
    "parse_technologic": "technologic",
    "parsing": "detect",
    "reading_status": "problem",
    "restore": "merge",
}

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
    "merging",
    "offering",
    "parse_any",
    "parse_archive",
    "parse_chatgpt",
    "parse_export",
    "parse_technologic",
    "parsing",
    "reading_status",
    "restore",
]


def __getattr__(name: str) -> object:
    """`name` from its module, imported now if it is not yet; kept here for the next use."""
    home = HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
