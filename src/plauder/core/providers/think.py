"""Thinking written into the answer text as `<think>...</think>` (DeepSeek R1 and its distillations on
llama.cpp, vLLM and Ollama), split from the answer as the text streams in, however it is cut.

Only a `<think>` at the very start (after whitespace) opens thinking; one later on is answer text.
Some servers put `<think>` into the prompt, so the model only writes `</think>`: a `</think>` before any
`<think>` makes the text so far thinking (`TextWasReasoning`). A tag cut between two chunks is held
back until the next chunk shows whether it is one, so only the tail that could start a tag waits.
Whitespace right after either tag is dropped: the models write a line break or two there.
"""

from __future__ import annotations

from enum import Enum, auto

from plauder.core.providers.types import Event, ReasoningDelta, TextDelta, TextWasReasoning

OPEN = "<think>"
CLOSE = "</think>"


class _Part(Enum):
    START = auto()  # nothing but whitespace yet: a `<think>` may still open
    THINKING = auto()  # after `<think>`, until `</think>`
    UNDECIDED = auto()  # answer text, unless a `</think>` comes before any `<think>`
    ANSWER = auto()  # answer text for good


def _tag_start(text: str, *tags: str) -> int:
    """How many characters at the end of `text` could be the start of one of `tags` (cut by a chunk)."""
    return max((size for tag in tags for size in range(len(tag) - 1, 0, -1) if text.endswith(tag[:size])), default=0)


class ThinkSplitter:
    """`feed(text)` gives the events for the text that is sure so far; `flush()` at the end gives the rest."""

    def __init__(self) -> None:
        self._part = _Part.START
        self._held = ""  # a tail that could be the start of a tag
        self._trim = False  # drop whitespace up to the next other character

    def feed(self, text: str) -> list[Event]:
        events: list[Event] = []
        rest, self._held = self._held + text, ""
        while rest:
            rest = self._step(rest, events)
        return events

    def flush(self) -> list[Event]:
        held, self._held = self._held, ""
        if not held:
            return []
        return [ReasoningDelta(held) if self._part is _Part.THINKING else TextDelta(held)]

    def _step(self, rest: str, events: list[Event]) -> str:
        """Read from the start of `rest`: add events, hold back a possible tag, and return what is left to read."""
        if self._trim:
            rest = rest.lstrip()
            self._trim = not rest
        if not rest:
            return ""
        match self._part:
            case _Part.START:
                return self._start(rest)
            case _Part.THINKING:
                return self._to_close(rest, events)
            case _Part.UNDECIDED:
                opened, closed = rest.find(OPEN), rest.find(CLOSE)
                if opened >= 0 and not 0 <= closed < opened:
                    self._part = _Part.ANSWER
                    return rest
                return self._to_close(rest, events)
            case _Part.ANSWER:
                events.append(TextDelta(rest))
        return ""

    def _start(self, rest: str) -> str:
        stripped = rest.lstrip()
        if stripped.startswith(OPEN):
            self._part, self._trim = _Part.THINKING, True
            return stripped[len(OPEN) :]
        if OPEN.startswith(stripped):  # whitespace so far, or a `<think>` cut short
            self._held = rest
            return ""
        self._part = _Part.UNDECIDED
        return rest

    def _to_close(self, rest: str, events: list[Event]) -> str:
        """Thinking (or undecided text) up to `</think>`, then the answer; without one, all but a tag's start."""
        kind = ReasoningDelta if self._part is _Part.THINKING else TextDelta
        at = rest.find(CLOSE)
        if at < 0:
            held = _tag_start(rest, CLOSE) if kind is ReasoningDelta else _tag_start(rest, CLOSE, OPEN)
            rest, self._held = rest[: len(rest) - held], rest[len(rest) - held :]
            events += [kind(rest)] if rest else []
            return ""
        events += [kind(rest[:at])] if at else []
        if self._part is _Part.UNDECIDED:
            events.append(TextWasReasoning())
        self._part, self._trim = _Part.ANSWER, True
        return rest[at + len(CLOSE) :]
