"""Pictures from an image backend: the one request core/image_api.py describes, its answer's pictures as Blobs
with their records, and a picture given as a URL fetched once, from the backend's own origin only (the page's
CSP allows no other; one elsewhere is named, not fetched)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import js
from pyodide.ffi import JsException

from plauder.core.http_errors import ErrorKind, problem
from plauder.core.ids import new_id
from plauder.core.image_api import Drawn, build_request, from_backend, media_type, parse_response, refused, timed_out
from plauder.core.picturing import picture_name
from plauder.core.providers import HttpRequest
from plauder.core.providers.building import bearer
from plauder.core.records import Backend, ErrorInfo, Generation, Image
from plauder.core.requests import backend_config
from plauder.web.dom import now_ms
from plauder.web.fetching import Watchdog, open_response, read
from plauder.web.images import blob_of
from plauder.web.ports import Failed, Picture, Pictures


class Drawing:
    """One request for pictures, stopped by its own AbortController; the picture timeout covers it whole,
    fetching pictures given as URLs included."""

    def __init__(self, backend: Backend, prompt: str, generation: Generation) -> None:
        self._backend = backend
        self._prompt = prompt
        self._generation = generation
        self._controller = js.AbortController.new()

    def stop(self) -> None:
        self._controller.abort()

    async def pictures(self) -> Pictures:
        backend, size = self._backend, self._generation.size

        def classify(status: int, headers: Any, body: str, api_key: str, now: float) -> ErrorInfo:
            return refused(status, headers, body, size=size, api_key=api_key, now=now)

        http = build_request(backend_config(backend), self._prompt, self._generation)
        watchdog = Watchdog(self._controller, backend.image_timeout_seconds, timed_out)
        try:
            response = await open_response(backend, http, self._controller, watchdog, classify)
            body = await read(response.text(), watchdog)
            drawn = parse_response(str(body), backend.base_url)
            if isinstance(drawn, ErrorInfo):
                raise Failed(drawn)
            made: list[Picture] = []
            not_loaded = [urlsplit(item.url).netloc for item in drawn if item.url and not self._ours(item)]
            for item in drawn:
                data = await self._fetched(item, watchdog) if item.url else item.data
                if data and (picture := await self._picture(data, len(made) + 1)) is not None:
                    made.append(picture)
        finally:
            watchdog.stop()
        if not made and not not_loaded:  # nothing the browser could show
            raise Failed(problem(ErrorKind.MALFORMED))
        revised = next((item.revised_prompt for item in drawn if item.revised_prompt), "")
        return Pictures(tuple(made), revised, tuple(not_loaded))

    def _ours(self, item: Drawn) -> bool:
        return from_backend(item.url, self._backend.base_url)

    async def _fetched(self, item: Drawn, watchdog: Watchdog) -> bytes:
        """A picture's bytes from its URL on the backend's origin, with the backend's key as the request had it
        (b"" for a URL elsewhere: it is named, not fetched)."""
        if not self._ours(item):
            return b""
        get = HttpRequest("GET", item.url, bearer(self._backend.api_key))
        response = await open_response(self._backend, get, self._controller, watchdog)
        buffer = await read(response.arrayBuffer(), watchdog)
        return bytes(buffer.to_bytes())

    async def _picture(self, data: bytes, index: int) -> Picture | None:
        """The bytes as a Blob and its record, or None when they are no picture the browser can decode."""
        kind = media_type(data)
        if kind is None:
            return None
        blob = blob_of(data, kind)
        try:
            bitmap = await js.createImageBitmap(blob)
        except JsException:
            return None
        width, height = int(bitmap.width), int(bitmap.height)
        bitmap.close()
        name = picture_name(self._prompt, index, kind)
        return Picture(Image(new_id(now_ms()), name, kind, width, height, len(data)), blob)
