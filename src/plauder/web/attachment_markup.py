"""Attachment chips as markup: under the message box (with a remove button) and in a sent question.

A chip's button opens the file's text (web/attachments_view.py); `data-attachment` is its place in the
message's list. Every text is escaped: names come from the user's files, or from an import.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from plauder.core.attachments.chips import ChipView
from plauder.core.i18n import Translate
from plauder.core.images import Thumbnail
from plauder.web.icons import icon


def _open_button(chip: ChipView) -> str:
    return (
        f'<button type="button" class="chip-open" data-attachment="{chip.index}" title="{escape(chip.label)}">'
        f'<span class="chip-name">{escape(chip.name)}</span>'
        f'<span class="chip-details">{escape(chip.details)}</span></button>'
    )


def draft_chips_html(chips: Sequence[ChipView], t: Translate) -> str:
    """The files for the next message, each removable."""
    return "".join(_removable(_open_button(chip), f'data-remove="{chip.index}"', chip.name, t) for chip in chips)


def reading_chips_html(names: Sequence[str], t: Translate) -> str:
    """The documents still being read for the next message: named, marked busy, nothing to open or remove yet."""
    reading = escape(t("attach.reading"))
    return "".join(
        f'<li class="chip" aria-busy="true"><span class="chip-open"><span class="chip-name">{escape(name)}</span>'
        f'<span class="chip-details">{reading}</span></span></li>'
        for name in names
    )


def sent_chips_html(chips: Sequence[ChipView], t: Translate) -> str:
    """A sent question's files, below its text ("" when it has none)."""
    return _sent_list([_open_button(chip) for chip in chips], t)


def _thumbnail(thumbnail: Thumbnail) -> str:
    """A picture's button: the <img> gets its blob: URL once the bytes are read (web/picture_view.py)."""
    label = escape(thumbnail.label)
    return (
        f'<button type="button" class="thumb" data-image="{thumbnail.index}" aria-label="{label}" title="{label}">'
        f'<img alt="" data-file="{escape(thumbnail.id)}"></button>'
    )


def draft_thumbnails_html(thumbnails: Sequence[Thumbnail], names: Sequence[str], t: Translate) -> str:
    """The pictures for the next message, each removable (`names`: theirs, for the remove buttons)."""
    return "".join(
        _removable(_thumbnail(thumbnail), f'data-remove-image="{thumbnail.index}"', name, t)
        for thumbnail, name in zip(thumbnails, names, strict=True)
    )


def sent_thumbnails_html(thumbnails: Sequence[Thumbnail], t: Translate) -> str:
    """A sent question's pictures, below its text ("" when it has none)."""
    return _sent_list([_thumbnail(thumbnail) for thumbnail in thumbnails], t)


def _removable(content: str, remove_attribute: str, name: str, t: Translate) -> str:
    """A draft's chip: `content` and the button that takes it off the next message again."""
    remove = escape(t("attach.remove", name=name))
    return (
        f'<li class="chip">{content}<button type="button" class="icon chip-remove" '
        f'{remove_attribute} aria-label="{remove}" title="{remove}">{icon("remove")}</button></li>'
    )


def _sent_list(contents: Sequence[str], t: Translate) -> str:
    """A sent question's chips as one list below its text ("" when it has none)."""
    if not contents:
        return ""
    items = "".join(f'<li class="chip">{content}</li>' for content in contents)
    return f'<ul class="chips" aria-label="{escape(t("attach.list"))}">{items}</ul>'
