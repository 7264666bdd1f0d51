"""The one executor: sends the requests core describes with fetch, streams the body, and turns
every way it can fail into an ErrorInfo. Core decides what the bytes mean."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import js
from pyodide.ffi import JsException

from plauder.core.http_errors import ErrorKind, problem
from plauder.core.providers import ChatRequest, Event, StreamParser, contexts_from, models_from, provider_for
from plauder.core.records import Backend, ErrorInfo, Generation
from plauder.core.requests import backend_config
from plauder.web.drawing import Drawing
from plauder.web.fetching import Watchdog, open_response, read
from plauder.web.ports import DrawCall, Failed

FEED_BYTES = 16_384  # about 100 tokens of OpenAI-style events: a few milliseconds of parsing in Pyodide
FEED_BUDGET_MS = 10  # parsing one read for longer than this gives the page a turn before going on


async def stream(backend: Backend, chat: ChatRequest, controller: Any) -> AsyncIterator[list[Event]]:
    """The answer's events, a list per network chunk (a large one in slices: _fed); ends after the parser's last word.

    Raises Stopped when `controller` is aborted by the user, Failed for everything else that goes wrong.
    """
    provider = provider_for(backend.kind)
    http = provider.build_chat_request(backend_config(backend), chat)
    parser = provider.stream_parser()
    watchdog = Watchdog(controller, backend.timeout_seconds)
    try:
        response = await open_response(backend, http, controller, watchdog)
        reader = response.body.getReader()
        while not parser.ended:
            try:
                result = await reader.read()
            except JsException as error:
                raise watchdog.failure(problem(ErrorKind.NETWORK)) from error
            watchdog.touch()
            if result.done:
                break
            async for events in _fed(parser, result.value.to_bytes()):
                yield events
        if parser.ended:
            reader.cancel()  # after the end marker or an error nothing more is read
        if events := parser.finish():
            yield events
    finally:
        watchdog.stop()


async def _fed(parser: StreamParser, data: bytes) -> AsyncIterator[list[Event]]:
    """The events of one network read, parsed FEED_BYTES at a time, with a turn of the event loop once parsing took
    FEED_BUDGET_MS: a read can hold hundreds of tokens (the page was busy, or answers stream side by side), and
    parsing them at once would hold the main thread past a frame. The parsers take any split (core/streams)."""
    started = js.performance.now()
    for start in range(0, len(data), FEED_BYTES):
        if start and js.performance.now() - started > FEED_BUDGET_MS:
            await asyncio.sleep(0)
            started = js.performance.now()
        if parser.ended:
            return
        if events := parser.feed(data[start : start + FEED_BYTES]):
            yield events


async def list_models(backend: Backend) -> tuple[list[str], dict[str, int]]:
    """The backend's model names and the context sizes the list tells for them; Failed says why there are none."""
    http = provider_for(backend.kind).build_models_request(backend_config(backend))
    controller = js.AbortController.new()
    watchdog = Watchdog(controller, backend.timeout_seconds)
    try:
        response = await open_response(backend, http, controller, watchdog)
        body = str(await read(response.text(), watchdog))
    finally:
        watchdog.stop()
    found = models_from(backend.kind, body, backend.api_key)
    if isinstance(found, ErrorInfo):
        raise Failed(found)
    return found, contexts_from(backend.kind, body)


class FetchCall:
    """One streaming request, stopped by its own AbortController."""

    def __init__(self, backend: Backend, chat: ChatRequest) -> None:
        self._backend = backend
        self._chat = chat
        self._controller = js.AbortController.new()

    def events(self) -> AsyncIterator[list[Event]]:
        return stream(self._backend, self._chat, self._controller)

    def stop(self) -> None:
        self._controller.abort()


class FetchTransport:
    """The browser's network, as the shell's Transport port."""

    def stream(self, backend: Backend, chat: ChatRequest) -> FetchCall:
        return FetchCall(backend, chat)

    def draw(self, backend: Backend, prompt: str, generation: Generation) -> DrawCall:
        return Drawing(backend, prompt, generation)
