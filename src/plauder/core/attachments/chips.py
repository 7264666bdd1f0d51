"""How an attachment shows as a chip, before sending and in the thread: its name, size and tokens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plauder.core.i18n import translate
from plauder.core.records import Attachment
from plauder.core.tokens import estimate_tokens
from plauder.core.units import human_size, whole_number

# The text dialog shows at most this much (a browser lays out a few hundred KB of text without a stall);
# the model always gets all of it.
SHOWN_CHARS = 200_000


@dataclass(frozen=True)
class ChipView:
    index: int  # its place among the message's (or the draft's) attachments
    name: str
    details: str  # "12.3 KB · about 3,100 tokens"
    label: str  # the open button's tooltip, e.g. "Show notes.md (12.3 KB)" (its name is what it shows)


@dataclass(frozen=True)
class TextView:
    """The dialog's content: the text up to SHOWN_CHARS, and a line saying what was left out."""

    title: str
    text: str
    note: str


def _tokens(language: str, count: int) -> str:
    return translate(language, "attach.tokens", count=whole_number(count, language))


def chip_views(language: str, attachments: Sequence[Attachment], with_tokens: bool) -> tuple[ChipView, ...]:
    """The chips; before sending they also say about how many tokens each file adds."""
    views = []
    for index, attachment in enumerate(attachments):
        size = human_size(attachment.size, language)
        details = f"{size} · {_tokens(language, estimate_tokens(attachment.text))}" if with_tokens else size
        label = translate(language, "attach.show", name=attachment.name, details=details)
        views.append(ChipView(index, attachment.name, details, label))
    return tuple(views)


def total_line(language: str, attachments: Sequence[Attachment]) -> str:
    """Below several chips: about how many tokens the files add together ("" for fewer than two)."""
    if len(attachments) < 2:
        return ""
    return translate(
        language, "attach.total", tokens=_tokens(language, sum(estimate_tokens(a.text) for a in attachments))
    )


def text_view(language: str, attachment: Attachment) -> TextView:
    text = attachment.text[:SHOWN_CHARS]
    hidden = len(attachment.text) - len(text)
    note = translate(language, "attach.capped", shown=f"{len(text):,}", hidden=f"{hidden:,}") if hidden else ""
    return TextView(attachment.name, text, note)
