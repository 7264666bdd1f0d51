"""Pictures in the browser: decoded, scaled and re-encoded for a vision model (the rules: core/images.py),
read back as base64 for a request, and shown through blob: URLs.

Decoding and scaling happen in `createImageBitmap` (the browser does it off the page's thread); the
scaled bitmap is drawn onto an OffscreenCanvas and encoded by `convertToBlob`, which also runs apart.
"""

from __future__ import annotations

import base64
from typing import Any

import js
from pyodide.ffi import JsException, to_js

from plauder.core.attachments import Refusal
from plauder.core.ids import new_id
from plauder.core.images import JPEG_QUALITY, MAX_SIDE, precheck, scaled, source_type, stored_type
from plauder.core.records import Image
from plauder.web.dom import js_object, now_ms


def is_picture(file: Any) -> bool:
    return source_type(str(file.name), str(file.type or "")) is not None


async def picture(file: Any, limit: int = MAX_SIDE) -> tuple[Image, Any] | Refusal:
    """A browser File as the picture to send (its record and its Blob), or why not."""
    name = str(file.name)
    refusal = precheck(name, int(file.size))
    if refusal is not None:
        return refusal
    source = source_type(name, str(file.type or "")) or ""
    try:
        original = await js.createImageBitmap(file)
        width, height = scaled(int(original.width), int(original.height), limit)
        original.close()
        options = {"resizeWidth": width, "resizeHeight": height, "resizeQuality": "high"}
        bitmap = await js.createImageBitmap(file, js_object(options))
        canvas = js.OffscreenCanvas.new(width, height)
        canvas.getContext("2d").drawImage(bitmap, 0, 0)
        bitmap.close()
        media_type = stored_type(source)
        blob = await canvas.convertToBlob(js_object({"type": media_type, "quality": JPEG_QUALITY}))
    except (JsException, ValueError):  # not a picture after all, or one the browser cannot decode
        return Refusal(name, "attach.image_unreadable")
    return Image(new_id(now_ms()), name, media_type, width, height, int(blob.size)), blob


async def base64_of(blob: Any) -> str:
    return base64.b64encode((await blob.arrayBuffer()).to_bytes()).decode("ascii")


def blob_of(data: Any, media_type: str) -> Any:
    """The bytes (Python's, or an ArrayBuffer's, copied) as a Blob of `media_type`, as the files store keeps them."""
    return js.Blob.new(to_js([to_js(data)]), js_object({"type": media_type}))


def url_of(blob: Any) -> str:
    """A blob: URL for the page's own use (the CSP's img-src allows blob:); it lives as long as the page."""
    return str(js.URL.createObjectURL(blob))
