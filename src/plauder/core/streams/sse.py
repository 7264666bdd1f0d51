"""Server-Sent Events, decoded as the WHATWG HTML standard specifies (section "Parsing an event stream")."""

from __future__ import annotations

from dataclasses import dataclass

from plauder.core.streams.lines import LineDecoder


@dataclass(frozen=True)
class ServerSentEvent:
    """One dispatched event: its data lines joined by LF, its type, and the last event id seen."""

    data: str
    event: str = "message"
    id: str = ""


class SSEDecoder:
    """Bytes in, events out, the same events however the bytes are chunked.

    Comments (`:` lines) and unknown fields, `retry:` among them, are ignored: nothing here reconnects.
    As in browsers, an event the stream ends before its blank line is never dispatched.
    """

    def __init__(self) -> None:
        self._lines = LineDecoder()
        self._data: list[str] = []
        self._event = ""
        self._last_id = ""

    def decode(self, chunk: bytes) -> list[ServerSentEvent]:
        return self._events(self._lines.decode(chunk))

    def flush(self) -> list[ServerSentEvent]:
        return self._events(self._lines.flush())

    def _events(self, lines: list[str]) -> list[ServerSentEvent]:
        events = []
        for line in lines:
            if not line:
                if self._data:
                    events.append(ServerSentEvent("\n".join(self._data), self._event or "message", self._last_id))
                self._data, self._event = [], ""
            elif not line.startswith(":"):
                self._field(line)
        return events

    def _field(self, line: str) -> None:
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._last_id = value
