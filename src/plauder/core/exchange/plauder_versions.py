"""Older versions of Plauder's export file, brought up to the current one step by step before it is read.

One function per step, applied in order (as core/schema.py migrates the database): each takes a decoded
document of its version, still untrusted, and gives the next version's. What a step does not understand it
leaves as it is, for the strict reading (core/exchange/plauder_format.py) to refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# 2: the pictures' bytes in `files`; 3: the attachments' original files there too, under the attachment's `id`.
VERSION = 3

Document = dict[str, Any]


def _each(value: Document, key: str, change: Callable[[Document], Document]) -> Document:
    """`value` with `change` made to every object in its list `key` (anything not shaped so is left as it is)."""
    items = value.get(key)
    if not isinstance(items, list):
        return value
    return {**value, key: [change(item) if isinstance(item, dict) else item for item in items]}


def _pictures_missing(document: Document) -> Document:
    """1 to 2: a version-1 file carries no bytes (anything under `files` is not read): its pictures are missing."""
    return {**document, "files": []}


def _no_originals(document: Document) -> Document:
    """2 to 3: a version-2 file kept no attachment's original, so an `id` on an attachment there names none."""

    def attachment(record: Document) -> Document:
        return {name: value for name, value in record.items() if name != "id"}

    def conversation(record: Document) -> Document:
        return _each(record, "messages", lambda message: _each(message, "attachments", attachment))

    return _each(document, "conversations", conversation)


STEPS: Mapping[int, Callable[[Document], Document]] = {1: _pictures_missing, 2: _no_originals}


def upgraded(document: Document, version: int) -> Document:
    """The `document` of `version` (1 to VERSION) in the current version's shape."""
    for step in range(version, VERSION):
        document = STEPS[step](document)
    return document
