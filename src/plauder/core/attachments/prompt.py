"""What the model receives of a message with attachments, the same for every backend.

The typed text, then one fenced block per file, headed by its name:

    Attachment: notes.md
    ````
    ...the file's text...
    ````

The fence is one backtick longer than the longest run of backticks in the file (at least three), so
no line of the file can close it (CommonMark's rule); models read this as the file, quoted whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from plauder.core.records import Attachment

_BACKTICKS = re.compile(r"`+")


def fenced(attachment: Attachment) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(attachment.text)), default=0)
    fence = "`" * max(3, longest + 1)
    name = " ".join(attachment.name.split())  # one line, whatever the name holds
    body = attachment.text.rstrip("\n")
    return f"Attachment: {name}\n{fence}\n{body}\n{fence}"


def with_attachments(text: str, attachments: Sequence[Attachment]) -> str:
    """The message as the model gets it: the typed text, then each file's block, a blank line apart."""
    return "\n\n".join([part for part in (text,) if part] + [fenced(a) for a in attachments])
