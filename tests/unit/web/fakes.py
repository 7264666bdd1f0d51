"""Fakes of the shell's ports (web/ports.py): storage as dicts, a scripted network, a screen that records.

They keep the contracts the browser's implementations keep: a refused write changes nothing, a
stopped call raises Stopped at its next read, a failing call raises Failed after what it sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Collection, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from plauder.core.admin import AdminPreset
from plauder.core.http_errors import ErrorKind, problem
from plauder.core.providers import ChatRequest, Event
from plauder.core.records import Backend, BackendKind, Conversation, Folder, Generation, Image, Message, Settings
from plauder.core.state import ChatState, Notice, Part, Write
from plauder.web.ports import Failed, Pictures, Stopped, StorageError
from plauder.web.shell import Shell

T = TypeVar("T")
BACKEND = Backend(
    id="b1", name="Local", kind=BackendKind("openai"), base_url="http://127.0.0.1:1/v1", api_key="sk-test"
)
SETTINGS = Settings(backends=(BACKEND,), default_backend_id="b1", default_model="m1")


@dataclass
class FakeStorage:
    conversations: dict[str, Conversation] = field(default_factory=dict)
    messages: dict[str, Message] = field(default_factory=dict)
    folders: dict[str, Folder] = field(default_factory=dict)
    settings: Settings | None = None
    refuse: bool = False  # the next writes fail, as on a full disk
    writes: int = 0
    held: dict[str, object] = field(default_factory=dict)  # pictures' and originals' bytes until their message's write
    files: dict[str, object] = field(default_factory=dict)  # and once it is
    for_undo: set[str] = field(default_factory=set)  # the held files of deleted messages the Undo offer may put back

    async def pictures(self, images: Sequence[Image]) -> dict[str, str]:
        return {}  # no picture's bytes are stored here

    def hold(self, file_id: str, blob: object) -> None:
        self.held[file_id] = blob

    def offer_gone(self) -> None:
        for file_id in self.for_undo:
            self.held.pop(file_id, None)
        self.for_undo = set()

    async def write(self, write: Write) -> None:
        await asyncio.sleep(0)  # a transaction takes a turn of the event loop, as IndexedDB's do
        if self.refuse:
            raise StorageError("QuotaExceededError", "full")
        self.writes += 1
        before = dict(self.messages)
        for conversation_id in write.delete_conversations:
            self.conversations.pop(conversation_id, None)
            for message_id in [m.id for m in self.messages.values() if m.conversation_id == conversation_id]:
                del self.messages[message_id]
        for message_id in write.delete_messages:
            self.messages.pop(message_id, None)
        for folder_id in write.delete_folders:
            self.folders.pop(folder_id, None)
        for copy_id, source_id in write.copied_files:  # the bytes of a file copied with its message
            if (source := self.held.get(source_id, self.files.get(source_id))) is not None:
                self.held[copy_id] = source
        self.conversations |= {c.id: c for c in write.conversations}
        self.messages |= {m.id: m for m in write.messages}
        self.files |= {f.id: self.held.pop(f.id) for m in write.messages for f in m.stored_files if f.id in self.held}
        self.folders |= {f.id: f for f in write.folders}
        if write.settings is not None:
            self.settings = write.settings
        self._files_gone(before, write.undoable)

    def _files_gone(self, before: dict[str, Message], undoable: bool) -> None:
        """The files of the messages gone go too, but for those a staying message shows; an undoable delete's stay
        held until its offer goes."""
        shown = {file.id for message in self.messages.values() for file in message.stored_files}
        gone = {file.id for m in before.values() if m.id not in self.messages for file in m.stored_files} - shown
        taken = {file_id: self.files.pop(file_id) for file_id in gone if file_id in self.files}
        if undoable:
            self.offer_gone()
            self.held |= taken
            self.for_undo = set(taken)


@dataclass
class Script:
    """What the fake backend answers to one request: chunks of events, then maybe a failure."""

    chunks: list[list[Event]]
    fail: ErrorKind | None = None
    hold: asyncio.Event | None = None  # wait for this before each chunk (to stop or send meanwhile)
    hang_after: int | None = None  # after this many chunks nothing more arrives (a stalled server)


class FakeCall:
    def __init__(self, script: Script) -> None:
        self._script = script
        self._stopped = False

    async def events(self) -> AsyncIterator[list[Event]]:
        for number, chunk in enumerate(self._script.chunks):
            if number == self._script.hang_after:
                await asyncio.Event().wait()
            if self._script.hold is not None:
                await self._script.hold.wait()
            await asyncio.sleep(0)
            if self._stopped:
                raise Stopped
            yield chunk
        if self._stopped:
            raise Stopped
        if self._script.fail is not None:
            raise Failed(problem(self._script.fail))

    def stop(self) -> None:
        self._stopped = True


class FakeDrawing:
    """A request for pictures: `answer` (Pictures) or `fail`, after `hold` if given; stop() ends it as Stopped."""

    def __init__(self, answer: Pictures | ErrorKind, hold: asyncio.Event | None = None) -> None:
        self._answer = answer
        self._hold = hold
        self._stopped = False

    async def pictures(self) -> Pictures:
        if self._hold is not None:
            await self._hold.wait()
        await asyncio.sleep(0)
        if self._stopped:
            raise Stopped
        if isinstance(self._answer, ErrorKind):
            raise Failed(problem(self._answer))
        return self._answer

    def stop(self) -> None:
        self._stopped = True


@dataclass
class FakeTransport:
    scripts: list[Script] = field(default_factory=list)
    requests: list[ChatRequest] = field(default_factory=list)
    calls: list[FakeCall] = field(default_factory=list)
    drawings: list[FakeDrawing] = field(default_factory=list)  # what the next requests for pictures get
    asked: list[tuple[str, str, Generation]] = field(default_factory=list)  # (backend id, prompt, generation)

    def draw(self, backend: Backend, prompt: str, generation: Generation) -> FakeDrawing:
        self.asked.append((backend.id, prompt, generation))
        return self.drawings.pop(0)

    def stream(self, backend: Backend, chat: ChatRequest) -> FakeCall:
        """The next script's call; with none left, the server fails (as a title request does in most tests)."""
        self.requests.append(chat)
        call = FakeCall(self.scripts.pop(0) if self.scripts else Script([], fail=ErrorKind.SERVER))
        self.calls.append(call)
        return call


@dataclass
class FakeScreen:
    language: str = "en"
    drawn: list[set[Part]] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)  # each drawn chunk's text
    prompt_cleared: int = 0
    answers_done: int = 0

    def draw(self, state: ChatState, parts: Collection[Part]) -> None:
        self.drawn.append(set(parts))

    def say(self, notice: Notice) -> None:
        self.notices.append(notice)

    def show_progress(self, answer: Message, position: tuple[int, int]) -> None:
        self.progress.append(answer.content)

    def clear_prompt(self) -> None:
        self.prompt_cleared += 1

    def answer_done(self) -> None:
        self.answers_done += 1

    @property
    def last_notice(self) -> str | None:
        return self.notices[-1].key if self.notices else None


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` to its end in a fresh event loop of its own thread: the browser tests' Playwright keeps
    a loop running in the main thread when both kinds run in one session."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


class Clock:
    """Milliseconds that move on by `step` at every reading, so ids and throttling behave as in a page."""

    def __init__(self, start: float = 1_700_000_000_000.0, step: float = 10.0) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@dataclass
class Rig:
    shell: Shell
    storage: FakeStorage
    transport: FakeTransport
    screen: FakeScreen
    clock: Clock


def rig(
    settings: Settings = SETTINGS,
    scripts: list[Script] | None = None,
    clock_step: float = 10.0,
    preset: AdminPreset | None = None,
) -> Rig:
    storage, transport, screen, clock = (
        FakeStorage(),
        FakeTransport(scripts or []),
        FakeScreen(),
        Clock(step=clock_step),
    )
    shell = Shell(ChatState(settings), storage, screen, transport, clock, preset or AdminPreset())
    return Rig(shell, storage, transport, screen, clock)
