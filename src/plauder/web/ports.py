"""What the shell needs from the browser, as small protocols: storage, the network and the screen.

The browser's implementations (web/store.py, web/transport.py, web/screen.py) touch `js`; this module
does not, so the shell and a whole chat turn run under CPython with fakes (tests/unit/web).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from plauder.core.providers import ChatRequest, Event
from plauder.core.records import Backend, ErrorInfo, Generation, Image, Message
from plauder.core.state import ChatState, Notice, Part, Write


class StorageError(Exception):
    """A read or write the browser refused; `name` is the DOMException's (e.g. QuotaExceededError)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name


class Locked(StorageError):
    """Sealed conversations were asked for, or written, while the lock is closed."""

    def __init__(self) -> None:
        super().__init__("Locked", "the passphrase lock is closed")


class Failed(Exception):
    """A request failed; `error` says how, for the user."""

    def __init__(self, error: ErrorInfo) -> None:
        super().__init__(error.message_key)
        self.error = error


class Stopped(Exception):
    """The user stopped the request."""


class Storage(Protocol):
    async def write(self, write: Write) -> None:
        """Store and delete in one transaction; raises StorageError and then changes nothing."""

    async def pictures(self, images: Sequence[Image]) -> dict[str, str]:
        """The base64 bytes of the `images` this browser has, by id."""
        ...

    def hold(self, file_id: str, blob: object) -> None:
        """A picture's or an attached file's original bytes, stored with the message that names it when that
        message is written."""

    def offer_gone(self) -> None:
        """The Undo offer is gone (undone, expired): the files its delete took, held for Undo, can go."""


class Call(Protocol):
    """One streaming request under way."""

    def events(self) -> AsyncIterator[list[Event]]:
        """The answer's events, a list per network chunk; raises Stopped after stop(), Failed otherwise."""
        ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class Picture:
    image: Image
    blob: object  # its bytes as the browser holds them (a Blob)


@dataclass(frozen=True)
class Pictures:
    """What an image backend made: the pictures that could be read, what it drew from, hosts not fetched."""

    made: tuple[Picture, ...]
    revised_prompt: str = ""
    not_loaded: tuple[str, ...] = ()


class DrawCall(Protocol):
    """One request for pictures under way: they come whole, not in chunks."""

    async def pictures(self) -> Pictures:
        """Raises Stopped after stop(), Failed otherwise."""
        ...

    def stop(self) -> None: ...


class Transport(Protocol):
    def stream(self, backend: Backend, chat: ChatRequest) -> Call: ...

    def draw(self, backend: Backend, prompt: str, generation: Generation) -> DrawCall: ...


class Screen(Protocol):
    language: str  # the UI's, which the model's titles are asked in

    def draw(self, state: ChatState, parts: Collection[Part]) -> None: ...

    def say(self, notice: Notice) -> None: ...

    def show_progress(self, answer: Message, position: tuple[int, int]) -> None:
        """A streaming answer's latest text (drawn at the next frame at most)."""

    def clear_prompt(self) -> None: ...

    def answer_done(self) -> None:
        """An answer is stored and drawn."""
