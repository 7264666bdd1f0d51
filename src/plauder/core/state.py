"""The app's state as one value, and a step: the state after an event plus what to carry out.

The shell (web/shell.py) owns the one current ChatState and runs each Step in one order: the
write first, in one transaction; only when it is stored does the new state take over, and then
the parts named are drawn, the notice shown and a stream started. A refused write changes
nothing, so what the user typed or saw is never lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import wraps
from typing import Concatenate, ParamSpec

from plauder.core import thread
from plauder.core.attachments import Refusal
from plauder.core.ids import new_id
from plauder.core.presets import started_from
from plauder.core.records import Attachment, Conversation, FileCopies, Folder, Generation, Image, Message, Settings

P = ParamSpec("P")
Model = tuple[str, str]  # (backend id, model name)


class Part(StrEnum):
    """What a step asks the screen to draw again."""

    SIDEBAR = "sidebar"
    PICKER = "picker"  # the model picker, the preset picker and the destination line
    THREAD = "thread"  # the open conversation's messages and its title
    COMPOSER = "composer"  # Send or Stop, and the files attached to the next message
    UNDO = "undo"  # the undo bar


EVERYTHING = frozenset(Part)


@dataclass(frozen=True)
class UndoOffer:
    """What the undo bar offers: its text, and the records that put everything back as it was."""

    key: str
    folders: tuple[Folder, ...] = ()
    conversations: tuple[Conversation, ...] = ()
    messages: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Column:
    """One answer of a question asked side by side, and the model it is asked of."""

    answer_id: str
    backend_id: str
    model: str


@dataclass(frozen=True)
class ChatState:
    settings: Settings
    conversations: tuple[Conversation, ...] = ()  # most recently active first
    folders: tuple[Folder, ...] = ()
    current: Conversation | None = None  # None: a new chat, not stored yet
    messages: Mapping[str, Message] = field(default_factory=dict)  # the open conversation's, by id
    streaming: frozenset[str] = frozenset()  # the answers being written (more than one: side by side)
    chosen_preset: str | None = None  # the preset the next new chat starts from
    preset_values: Mapping[str, str] = field(default_factory=dict)  # what its {{variables}} were filled with
    chosen_model: tuple[str, str] | None = None  # that preset's model, until the user picks another
    undo: UndoOffer | None = None  # the last delete, until it is undone or its time runs out
    attachments: tuple[Attachment, ...] = ()  # files read for the next message, sent with it
    refused: tuple[Refusal, ...] = ()  # files the last attempt could not read, and why
    reading: tuple[str, ...] = ()  # names of the documents being read for the next message (core/attaching.py)
    images: tuple[Image, ...] = ()  # pictures for the next message (their bytes are the shell's until it is stored)
    exempt: frozenset[str] = frozenset()  # values the user lets through unredacted in the next message only
    temporary: bool = False  # the open conversation, or the next new one, is never stored (core/temporary.py)
    drawing: Generation | None = None  # the composer's picture mode: what the next prompt asks for (core/picturing.py)
    comparing: tuple[Model, ...] = ()  # the models the next messages go to side by side (core/comparing.py)
    side_by_side: tuple[Column, ...] = ()  # the answers of the last question asked side by side, until one is picked

    @property
    def busy(self) -> bool:
        return bool(self.streaming)

    def conversation(self, conversation_id: str | None) -> Conversation | None:
        return next((c for c in self.conversations if c.id == conversation_id), None)

    def folder(self, folder_id: str | None) -> Folder | None:
        return next((f for f in self.folders if f.id == folder_id), None)

    def is_open(self, conversation_id: str | None) -> bool:
        return self.current is not None and self.current.id == conversation_id

    def listed(self) -> tuple[Conversation, ...]:
        """The conversations the list shows: a temporary chat is not among them."""
        if not self.temporary or self.current is None:
            return self.conversations
        return tuple(c for c in self.conversations if c.id != self.current.id)

    def visible_thread(self) -> list[Message]:
        return thread.thread(self.messages, self.current.current_leaf if self.current else None)

    def selected_model(self) -> tuple[str, str] | None:
        """The (backend id, model) the next message goes to: the conversation's, a preset's, or the default."""
        if self.current and self.current.backend_id and self.current.model:
            return self.current.backend_id, self.current.model
        if self.current is None and self.chosen_model and self.settings.backend(self.chosen_model[0]):
            return self.chosen_model
        if self.settings.default_backend_id and self.settings.default_model:
            return self.settings.default_backend_id, self.settings.default_model
        return None


@dataclass(frozen=True)
class Write:
    """Records to store and delete in one transaction (deleting a conversation deletes its messages)."""

    conversations: tuple[Conversation, ...] = ()
    messages: tuple[Message, ...] = ()
    folders: tuple[Folder, ...] = ()
    settings: Settings | None = None
    delete_messages: tuple[str, ...] = ()
    delete_folders: tuple[str, ...] = ()
    delete_conversations: tuple[str, ...] = ()
    undoable: bool = False  # an Undo offer holds what this deletes: the shell keeps its files until the offer goes
    copied_files: FileCopies = ()  # the bytes to copy for files copied with messages (core/tree.copy_messages)

    def without(self, conversation_id: str) -> Write | None:
        """This write less the records of one conversation and its messages; None when nothing is left. Files copied
        stay: a temporary chat's copies are held in memory under their new ids, as its files are."""
        kept = replace(
            self,
            conversations=tuple(c for c in self.conversations if c.id != conversation_id),
            messages=tuple(m for m in self.messages if m.conversation_id != conversation_id),
            delete_conversations=tuple(i for i in self.delete_conversations if i != conversation_id),
        )
        return None if replace(kept, undoable=False) == Write() else kept


@dataclass(frozen=True)
class Notice:
    """A line for the user (a message key and its parameters); the empty key clears the line."""

    key: str = ""
    params: Mapping[str, object] = field(default_factory=dict)


CLEAR = Notice()
BUSY = Notice("chat.busy")


def storage_failed(error_name: str) -> Notice:
    """What a refused write says: a full disk is named, since only the user can free space (and nothing is lost)."""
    return Notice("storage.full" if error_name == "QuotaExceededError" else "storage.failed", {"detail": error_name})


@dataclass(frozen=True)
class StartStream:
    """Fill this answer of the open conversation from its backend (`continuing` appends to its text)."""

    answer_id: str
    continuing: bool = False
    exempt: frozenset[str] = frozenset()  # values sent as typed in this request (core/privacy/policy.Guard)
    model: Model | None = None  # the backend and model asked (side by side); None: the conversation's


@dataclass(frozen=True)
class Step:
    state: ChatState
    write: Write | None = None
    draw: frozenset[Part] = frozenset()
    notice: Notice | None = None  # None leaves the line as it is
    stream: StartStream | None = None
    clear_prompt: bool = False  # the typed message is stored: empty the box
    more_streams: tuple[StartStream, ...] = ()  # answers asked of other models at the same time (side by side)

    @property
    def streams(self) -> tuple[StartStream, ...]:
        """Every stream the step starts, at once."""
        return ((self.stream,) if self.stream else ()) + self.more_streams


def unchanged(state: ChatState, notice: Notice | None = None) -> Step:
    """Nothing happens (a refusal says why in `notice`)."""
    return Step(state, notice=notice)


def when_idle(transition: Callable[Concatenate[ChatState, P], Step]) -> Callable[Concatenate[ChatState, P], Step]:
    """A transition refused, with the busy notice, while an answer is being written (it would change the
    conversation under the stream)."""

    @wraps(transition)
    def guarded(state: ChatState, /, *args: P.args, **kwargs: P.kwargs) -> Step:
        return unchanged(state, BUSY) if state.busy else transition(state, *args, **kwargs)

    return guarded


def leaving(state: ChatState) -> ChatState:
    """`state` as the open conversation is left: a temporary chat ends there, and is forgotten; answers shown
    side by side are not any more (they stay in the tree as siblings)."""
    state = replace(state, side_by_side=()) if state.side_by_side else state
    return replace(state, conversations=state.listed(), temporary=False) if state.temporary else state


def remember(state: ChatState, conversation: Conversation) -> ChatState:
    """`conversation` as stored: first in the list (most recent activity), and the open one if it is."""
    others = [c for c in state.conversations if c.id != conversation.id]
    ordered = tuple(sorted([conversation, *others], key=lambda c: c.updated_at, reverse=True))
    current = conversation if state.is_open(conversation.id) else state.current
    return replace(state, conversations=ordered, current=current)


def replaced(state: ChatState, conversations: Sequence[Conversation]) -> ChatState:
    """Records changed without activity (moved, renamed, titled): same place in the list."""
    by_id = {c.id: c for c in conversations}
    current = by_id.get(state.current.id, state.current) if state.current else None
    return replace(state, conversations=tuple(by_id.get(c.id, c) for c in state.conversations), current=current)


def new_conversation(state: ChatState, now_ms: float) -> Conversation:
    """The one way a conversation begins: untitled (its first message names it), on the selected model,
    with the chosen preset's prompt and parameters."""
    backend_id, model = state.selected_model() or (None, None)
    conversation = Conversation(
        id=new_id(now_ms), title="", created_at=now_ms, updated_at=now_ms, backend_id=backend_id, model=model
    )
    preset = state.settings.preset(state.chosen_preset)
    return conversation if preset is None else started_from(conversation, preset, state.preset_values)


def settings_saved(state: ChatState, settings: Settings) -> Step:
    """New settings, stored; a chosen preset that no longer exists is forgotten. New prices change what the
    thread's answers cost, so it is drawn again."""
    chosen = state.chosen_preset if settings.preset(state.chosen_preset) else None
    repriced = {Part.THREAD} if settings.prices != state.settings.prices else set()
    return Step(
        replace(state, settings=settings, chosen_preset=chosen),
        write=Write(settings=settings),
        draw=frozenset({Part.PICKER, *repriced}),
    )


def reloaded(
    state: ChatState,
    settings: Settings | None = None,
    conversations: Sequence[Conversation] | None = None,
    folders: Sequence[Folder] | None = None,
    messages: Mapping[str, Message] | None = None,
) -> Step:
    """Records read again (another tab or an import stored them, the lock opened): what is given replaces
    what the state held. The open conversation stays open if it still exists, with `messages` as read;
    while an answer streams into it, it is left as it is."""
    changed = replace(state, settings=settings or state.settings)
    draw = {Part.PICKER} if settings is not None else set()
    if folders is not None:
        changed = replace(changed, folders=tuple(folders))
        draw.add(Part.SIDEBAR)
    if conversations is not None:
        changed = replace(changed, conversations=tuple(conversations))
        draw.add(Part.SIDEBAR)
        # A conversation being written into stays as it is, and so does a temporary one (it is not stored).
        if not state.busy and state.current is not None and not state.temporary:
            current = changed.conversation(state.current.id)
            if current is None:
                changed = replace(changed, current=None, messages={})
                draw |= EVERYTHING
            else:
                kept = state.messages if messages is None else dict(messages)
                changed = replace(changed, current=current, messages=kept)
                if messages is not None or current != state.current:
                    draw |= {Part.PICKER, Part.THREAD}
    return Step(changed, draw=frozenset(draw))
