"""Text documents attached to a message: read in the browser, sent to the model as fenced blocks.

`reading` decides what a file is and turns its bytes into text (or says why not), `html_text` strips
HTML to its text in pieces, `prompt` writes what the model receives (core/tokens estimates its size).
"""

from plauder.core.attachments.prompt import fenced, with_attachments
from plauder.core.attachments.reading import (
    MAX_BYTES,
    Refusal,
    decode,
    media_type_of,
    precheck,
    read,
    reading,
)
from plauder.core.tokens import estimate_tokens

__all__ = [
    "MAX_BYTES",
    "Refusal",
    "decode",
    "estimate_tokens",
    "fenced",
    "media_type_of",
    "precheck",
    "read",
    "reading",
    "with_attachments",
]
