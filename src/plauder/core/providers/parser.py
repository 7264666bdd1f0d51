"""The common part of the stream parsers: decode, hand each message to the provider's handler,
stop at the end marker or the first error, and report a stream that ended early."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from typing import Any, Generic, Protocol, TypeVar

from plauder.core.http_errors import ErrorKind, server_message
from plauder.core.providers.think import ThinkSplitter
from plauder.core.providers.types import Event, Finished, StreamError, TextDelta
from plauder.core.records import Usage
from plauder.core.streams.ndjson import EXCERPT_CHARS, Malformed

T = TypeVar("T")


class Decoder(Protocol[T]):
    def decode(self, chunk: bytes) -> list[T]: ...

    def flush(self) -> list[T]: ...


class BaseStreamParser(ABC, Generic[T]):
    """Runs a decoder and the provider's `_handle`; a handler sets `_over` when it sees the end marker.

    After the end marker or an error event, later bytes are ignored: the executor should stop reading.
    With `think_tags`, the answer text goes through a `ThinkSplitter`, flushed before the stream ends.
    """

    def __init__(self, decoder: Decoder[T], *, think_tags: bool = False) -> None:
        self._decoder = decoder
        self._over = False
        self._think = ThinkSplitter() if think_tags else None

    @property
    def ended(self) -> bool:
        return self._over

    def feed(self, chunk: bytes) -> list[Event]:
        return [] if self._over else self._read(self._decoder.decode(chunk))

    def finish(self) -> list[Event]:
        if self._over:
            return []
        events = self._read(self._decoder.flush())
        if not self._over:
            self._over = True
            events += self._split(StreamError(ErrorKind.TRUNCATED))
        return events

    def _read(self, items: list[T]) -> list[Event]:
        events: list[Event] = []
        for item in items:
            if self._over:
                break
            for event in self._handle(item):
                events += self._split(event)
                self._over = self._over or isinstance(event, StreamError)
        if self._over and self._think:
            events += self._think.flush()
        return events

    def _split(self, event: Event) -> list[Event]:
        """The event with `<think>` split off its text; the text held back comes before the stream's end."""
        if self._think is None:
            return [event]
        if isinstance(event, TextDelta):
            return self._think.feed(event.text)
        return [*self._think.flush(), event] if isinstance(event, Finished | StreamError) else [event]

    @abstractmethod
    def _handle(self, item: T) -> list[Event]: ...


def json_object(value: object) -> dict[str, Any] | StreamError:
    """One message of a stream as a JSON object, or the error event it amounts to: MALFORMED if it is
    no JSON object, STREAM_ERROR if it is an error report ({"error": ...}, or vLLM's {"object": "error"})."""
    if isinstance(value, Malformed):
        return StreamError(ErrorKind.MALFORMED, value.line)
    if not isinstance(value, dict):
        return StreamError(ErrorKind.MALFORMED, _excerpt(value))
    if value.get("error") is not None or value.get("object") == "error":
        return StreamError(ErrorKind.STREAM_ERROR, server_message(value) or _excerpt(value))
    return value


def _excerpt(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)[:EXCERPT_CHARS]


def usage_events(prompt_tokens: int | None, completion_tokens: int | None) -> list[Event]:
    """A Usage event, unless the server gave no counts at all."""
    usage = Usage(prompt_tokens, completion_tokens)
    return [usage] if usage != Usage() else []
