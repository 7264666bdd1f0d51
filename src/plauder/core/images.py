"""Pictures for vision models: which files are taken, how small they are made, and how they are stored.

The browser decodes and scales them (web/images.py); the rules are here. Every picture is re-encoded,
even one already small enough: that drops what its file carries beside the pixels (a photo's EXIF
location, a PNG's text chunks), which the model has no need of.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import floor

from plauder.core.attachments.reading import Refusal
from plauder.core.i18n import translate
from plauder.core.records import DEFAULT_IMAGE_SIDE, Image, Settings
from plauder.core.units import human_size, whole_number

MAX_SIDE = DEFAULT_IMAGE_SIDE  # the longest side a picture is sent with, unless its backend says otherwise
# What a backend's own limit may be: below 256 px a picture says little; above 8,192 px no model takes it whole.
MIN_SIDE_LIMIT, MAX_SIDE_LIMIT = 256, 8192
# Bigger files are refused before they are decoded: a 12-megapixel photo is 3-8 MB as JPEG, 20-35 MB as PNG.
MAX_SOURCE_BYTES = 50_000_000

SOURCE_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",  # its first frame: what the browser's decoder gives
}
JPEG_QUALITY = 0.9


def source_type(name: str, browser_type: str = "") -> str | None:
    """The media type of a picture we take (by the browser's type, else the name's extension); None for others."""
    if browser_type in SOURCE_TYPES.values():
        return browser_type
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return SOURCE_TYPES.get(extension)


def precheck(name: str, size: int) -> Refusal | None:
    """What the size already refuses, before the browser decodes anything."""
    if size > MAX_SOURCE_BYTES:
        return Refusal(name, "attach.too_big", {"limit": "50 MB"})
    if size == 0:
        return Refusal(name, "attach.image_unreadable")
    return None


def usable_side_limit(pixels: int) -> bool:
    """A longest side a backend may ask pictures to be scaled to (the settings form and an import hold to it)."""
    return MIN_SIDE_LIMIT <= pixels <= MAX_SIDE_LIMIT


def side_limit(settings: Settings, selected: tuple[str, str] | None) -> int:
    """The longest side of a picture for the `selected` (backend id, model) the next message goes to: its backend's,
    or the default."""
    backend = settings.backend(selected[0]) if selected else None
    return MAX_SIDE if backend is None else backend.image_max_side


def scaled(width: int, height: int, limit: int = MAX_SIDE) -> tuple[int, int]:
    """The size to send: the longest side at most `limit`, the aspect ratio kept, never larger than the
    original, no side below one pixel."""
    if width <= 0 or height <= 0:
        raise ValueError(f"no picture is {width} x {height} pixels")
    factor = min(1.0, limit / max(width, height))
    if factor == 1.0:
        return width, height
    # The longest side lands on the limit exactly, the other is rounded to the nearest pixel.
    if width >= height:
        return limit, max(1, floor(height * factor + 0.5))
    return max(1, floor(width * factor + 0.5)), limit


@dataclass(frozen=True)
class Thumbnail:
    index: int  # its place among the message's (or the draft's) pictures
    id: str  # names its bytes
    label: str  # "Show photo.jpg (2,048 × 1,536 pixels, 480.0 KB)"


def thumbnails(language: str, images: Sequence[Image]) -> tuple[Thumbnail, ...]:
    return tuple(
        Thumbnail(
            index,
            image.id,
            translate(
                language,
                "attach.image_show",
                name=image.name,
                width=whole_number(image.width, language),
                height=whole_number(image.height, language),
                size=human_size(image.size, language),
            ),
        )
        for index, image in enumerate(images)
    )


def stored_type(source: str) -> str:
    """What a picture is re-encoded as: a JPEG stays JPEG (a photo: a tenth of its size as PNG); PNG, WebP
    and GIF become PNG, because they may be transparent (JPEG has no alpha) and are most often screenshots
    and drawings, whose text and edges JPEG blurs."""
    return "image/jpeg" if source == "image/jpeg" else "image/png"
