"""Message content that Plauder cannot hold (images, files, audio), shown as a placeholder
text in the imported message instead of being dropped silently."""

from __future__ import annotations

from collections.abc import Iterable

IMAGE_PLACEHOLDER = "[image not imported]"


def placeholder(kind: str) -> str:
    """The text standing in for a part of kind `kind` (e.g. "[audio_asset_pointer not imported]")."""
    return IMAGE_PLACEHOLDER if "image" in kind else f"[{kind} not imported]"


def missing_picture(asset_id: str) -> str:
    """The text standing in for a picture the import file names but does not hold (ChatGPT's conversations.json
    alone holds only references: its ZIP holds the pictures)."""
    return f"[image not in the imported file: {asset_id}]" if asset_id else IMAGE_PLACEHOLDER


def join_parts(parts: Iterable[str]) -> str:
    """The parts of one message as one text, a blank line between them."""
    return "\n\n".join(part for part in parts if part)
