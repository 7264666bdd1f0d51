"""How an attachment shows as a chip, before sending and in the thread: its name, size, a document's pages
(slides, sheets) and, before sending, its tokens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plauder.core.attachments.reading import PPTX, XLSX
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
    details: str  # "12.3 KB · about 3,100 tokens", "1.2 MB · 40 pages · about 31,000 tokens"
    label: str  # the open button's tooltip, e.g. "Show notes.md (12.3 KB)" (its name is what it shows)


@dataclass(frozen=True)
class TextView:
    """The dialog's content: the text up to SHOWN_CHARS, and a line saying what was left out."""

    title: str
    text: str
    note: str


def _tokens(language: str, count: int) -> str:
    return translate(language, "attach.tokens", count=whole_number(count, language))


# What a document's `pages` count, by its type (one, many): a Word or PDF file's pages, else its slides or sheets.
_PAGES = ("attach.pages_one", "attach.pages_many")
_PAGES_ARE = {PPTX: ("attach.slides_one", "attach.slides_many"), XLSX: ("attach.sheets_one", "attach.sheets_many")}


def pages_text(language: str, attachment: Attachment) -> str:
    """The count as it reads ("40 pages", "1 slide", "3 sheets"); "" for a text file, or a count not known."""
    if attachment.pages is None:
        return ""
    one, many = _PAGES_ARE.get(attachment.media_type, _PAGES)
    count = attachment.pages
    return translate(language, one if count == 1 else many, count=whole_number(count, language))


def chip_views(language: str, attachments: Sequence[Attachment], with_tokens: bool) -> tuple[ChipView, ...]:
    """The chips; before sending they also say about how many tokens each file adds."""
    views = []
    for index, attachment in enumerate(attachments):
        parts = [human_size(attachment.size, language), pages_text(language, attachment)]
        if with_tokens:
            parts.append(_tokens(language, estimate_tokens(attachment.text)))
        details = " · ".join(part for part in parts if part)
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
