"""The one owner of the app's state, and the one runner of steps: store first, then show.

Every user action becomes a Step in core (turns, branching, organizing); `run` carries it out in
one order: the write (a refused one changes nothing and says why), the new state, the prompt, the
notice, the drawing, and last a stream. Streams fill an answer chunk by chunk and store it in
throttled steps; when one ends, its answer is stored and the model may be asked for a title.

Nothing here touches `js`: storage, network, screen and clock come in as ports.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Concatenate, ParamSpec

from plauder.core import organizing, tree
from plauder.core.admin import AdminPreset
from plauder.core.answer import apply_events, failed, settled, stopped, thought
from plauder.core.destination import destination
from plauder.core.i18n import UNKNOWN_TEXT
from plauder.core.picturing import blocked_at, drawn
from plauder.core.privacy.outgoing import (
    Outgoing,
    RestoredAnswer,
    outgoing,
    outgoing_prompt,
    outgoing_summary,
    outgoing_title,
)
from plauder.core.privacy.policy import guard
from plauder.core.privacy.redaction import Redactions, restore
from plauder.core.providers import StreamError, TextDelta, TextWasReasoning
from plauder.core.records import Backend, ErrorInfo, Message, MessageStatus
from plauder.core.state import ChatState, Notice, StartStream, Step, storage_failed
from plauder.core.summaries import clean_summary, summary_request
from plauder.core.temporary import stored_part
from plauder.core.thread import thread
from plauder.core.throttle import Throttle
from plauder.core.titles import clean_title, wants_title
from plauder.core.turns import progressed, sending, stream_ended
from plauder.web.ports import Call, DrawCall, Failed, Screen, Stopped, Storage, StorageError, Transport

PERSIST_INTERVAL_MS = 1000
P = ParamSpec("P")


class Shell:
    def __init__(
        self,
        state: ChatState,
        storage: Storage,
        screen: Screen,
        transport: Transport,
        now_ms: Callable[[], float],
        preset: AdminPreset,
    ) -> None:
        self.state = state
        self.storage = storage
        self.screen = screen
        self.transport = transport
        self.now_ms = now_ms
        self.preset = preset  # with the backend, decides whether a request is redacted (core/privacy/policy.py)
        self._calls: dict[str, Call | DrawCall] = {}  # the requests under way, by the answer they fill
        self._turn = asyncio.Lock()
        self._preparing = asyncio.Lock()  # side by side: each request redacted with the mapping the last one grew
        self._stopping: set[str] = set()  # answers stopped before their request was made
        self._titles: dict[asyncio.Future[None], Call | None] = {}  # side requests under way, and their calls

    async def run(
        self, transition: Callable[Concatenate[ChatState, P], Step], *args: P.args, **kwargs: P.kwargs
    ) -> bool:
        """Carry out `transition` of the latest state; False when its write was refused (nothing changes then).

        Steps run one at a time, each decided on the state the previous one left, so two quick
        actions never overwrite each other's records; a stream a step starts runs after it.
        """
        async with self._turn:
            offered = self.state.undo
            step = transition(self.state, *args, **kwargs)
            write = stored_part(self.state, step)
            if write is not None:
                try:
                    await self.storage.write(write)
                except StorageError as error:
                    self.screen.say(storage_failed(error.name))
                    return False
            self.state = step.state
            if offered is not None and self.state.undo is None:
                self.storage.offer_gone()
            if step.clear_prompt:
                self.screen.clear_prompt()
            if step.notice is not None:
                self.screen.say(step.notice)
            if step.draw:
                self.screen.draw(self.state, step.draw)
        if step.streams:
            await asyncio.gather(*(self._stream(start) for start in step.streams))
        return True

    def stop(self, answer_id: str | None = None) -> None:
        """Stop the answers being written, or the one `answer_id` of those side by side (their text so far stays).
        One whose request is still being made (side by side, they are made one after another) stops as it leaves."""
        streaming = self.state.streaming
        for filling in streaming if answer_id is None else streaming & {answer_id}:
            call = self._calls.get(filling)
            if call is not None:
                call.stop()
            else:
                self._stopping.add(filling)
        self._stopping &= streaming

    async def _stream(self, start: StartStream) -> None:
        """Fill an answer of the open conversation from its backend, drawing each chunk, storing in steps.

        A redacted request's mapping is stored before it leaves; each chunk is restored on the whole text
        so far (`raw` keeps the placeholders as received), so only real values are drawn and stored."""
        self._stop_titles()  # the user asks again: the answer goes first (many servers run one request at a time)
        if self.state.messages[start.answer_id].generation is not None:
            await self._draw(start.answer_id)
            return
        answer = self.state.messages[start.answer_id]
        position = tree.branch_position(self.state.messages, answer.id)  # its siblings do not change while it streams
        throttle = Throttle(PERSIST_INTERVAL_MS)
        saves: list[asyncio.Future[bool]] = []
        try:
            async with self._preparing:
                call, sent, backend = await self._prepare(start)
            restored = RestoredAnswer(sent.redactions)
            raw = answer
            async for events in call.events():
                raw = thought(apply_events(raw, events, backend.api_key), self.now_ms())
                answer = restored(raw)
                self.screen.show_progress(answer, position)
                if throttle.due(self.now_ms()) and answer.status is MessageStatus.STREAMING:
                    saves.append(asyncio.ensure_future(self.run(progressed, answer)))
            answer = settled(answer)
        except Stopped:
            answer = stopped(answer)
        except Failed as failure:
            answer = failed(answer, failure.error)
        except Exception:  # noqa: BLE001 - a fault of ours (drawing, parsing) must not leave the app busy forever
            self.stop(answer.id)
            answer = failed(answer, ErrorInfo("internal", UNKNOWN_TEXT))
        finally:
            self._calls.pop(answer.id, None)
        await asyncio.gather(*saves)
        await self._ended(answer)

    async def _prepare(self, start: StartStream) -> tuple[Call, Outgoing, Backend]:
        """The request for `start`'s answer, to its own backend and model (side by side) or the conversation's,
        redacted as that backend's privacy policy says, its grown mapping stored before it leaves."""
        state = self.state
        conversation = state.current
        backend_id, model = (
            start.model or (conversation.backend_id, conversation.model) if conversation else (None, None)
        )
        backend = state.settings.backend(backend_id)
        if backend is None or conversation is None:
            raise Failed(ErrorInfo("unknown_backend", "chat.unknown_backend"))
        path = thread(state.messages, start.answer_id)
        asked = [image for message in path if message.generation is None for image in message.images]
        pictures = await self.storage.pictures(asked)  # drawn pictures are not sent (core/requests.py)
        sent = outgoing(
            replace(conversation, backend_id=backend.id, model=model),
            path,
            start.continuing,
            guard(backend, state.settings, self.preset, start.exempt),
            pictures,
        )
        if sent.blocked:  # the history holds findings, and this backend's policy blocks them
            raise Failed(
                ErrorInfo("blocked", "privacy.blocked_history", {"host": destination(backend, self.preset).host})
            )
        if sent.redactions:
            await self.run(sending, conversation.id, sent)  # refused: still sent redacted, said so
        call = self._calls[start.answer_id] = self.transport.stream(backend, sent.request)
        if start.answer_id in self._stopping:
            call.stop()
        return call, sent, backend

    async def _ended(self, answer: Message) -> None:
        now = self.now_ms()
        answer = thought(answer, now)
        if not await self.run(stream_ended, answer, now):  # not stored (that is said), but shown as it ended
            await self.run(lambda state: replace(stream_ended(state, answer, now), write=None))
        self.screen.answer_done()
        if not self.state.busy:  # side by side: once, after the last answer
            self._ask_title()

    async def _draw(self, answer_id: str) -> None:
        """Fill an answer of pictures from its image backend (core/picturing.py): they come whole, and their
        bytes are stored with the answer. The prompt is redacted as the backend's privacy policy says, like any
        request. A failure keeps the question and says why, as any answer's."""
        answer = self.state.messages[answer_id]
        generation = answer.generation
        backend = self.state.settings.backend(generation.backend_id) if generation else None
        question = self.state.messages.get(answer.parent_id or "")
        try:
            if backend is None or generation is None or question is None:
                raise Failed(ErrorInfo("unknown_backend", "chat.unknown_backend"))
            host = blocked_at(backend, self.state.settings, self.preset, question.content)
            if host is not None:
                raise Failed(ErrorInfo("blocked", "privacy.blocked", {"host": host}))
            rule = guard(backend, self.state.settings, self.preset)
            conversation = self.state.conversation(answer.conversation_id)
            mapping = conversation.redactions if conversation else Redactions()
            prompt, redactions = outgoing_prompt(question.content, mapping, rule)
            call = self._calls[answer_id] = self.transport.draw(backend, prompt, generation)
            pictures = await call.pictures()
            for picture in pictures.made:
                self.storage.hold(picture.image.id, picture.blob)
            made = [picture.image for picture in pictures.made]
            answer = drawn(answer, made, restore(pictures.revised_prompt, redactions), pictures.not_loaded)
        except Stopped:
            answer = stopped(answer)
        except Failed as failure:
            answer = failed(answer, failure.error)
        except Exception:  # noqa: BLE001 - a fault of ours must not leave the app busy forever
            answer = failed(answer, ErrorInfo("internal", UNKNOWN_TEXT))
        finally:
            self._calls.pop(answer_id, None)
        await self._ended(answer)

    def _ask_title(self) -> None:
        """After the first answer, ask the model for a title in a side request (never waited for)."""
        conversation = self.state.current
        path = self.state.visible_thread()
        if conversation is None or not wants_title(conversation, path):
            return
        task = asyncio.ensure_future(self._title(conversation.id, conversation.title, path))
        self._titles[task] = None
        task.add_done_callback(lambda done: self._titles.pop(done, None))

    def _stop_titles(self) -> None:
        for task, call in list(self._titles.items()):
            if call is not None:
                call.stop()
            task.cancel()

    async def _title(self, conversation_id: str, asked_with: str, path: list[Message]) -> None:
        conversation = self.state.conversation(conversation_id)
        backend = self.state.settings.backend(conversation.backend_id) if conversation else None
        task = asyncio.current_task()
        if conversation is None or backend is None or task is None:
            return
        rule = guard(backend, self.state.settings, self.preset)
        sent = outgoing_title(conversation, path, self.screen.language, rule)
        call = self._titles[task] = self.transport.stream(backend, sent.request)
        text = await self._side_text(call)
        if text is None:
            return  # the first words stay
        title = clean_title(restore(text, sent.redactions), backend.api_key)
        await self.run(organizing.titled, conversation_id, asked_with, title)

    async def summary(self, messages: Sequence[Message], context_size: int) -> str | None:
        """A summary of `messages` of the open conversation by its model (core/summaries.py), waited for with a
        notice; None, and a notice saying why, when none came (the caller then sends nothing)."""
        conversation = self.state.current
        backend = self.state.settings.backend(conversation.backend_id) if conversation else None
        if conversation is None or backend is None:
            return None
        request = summary_request(conversation, messages, self.screen.language, context_size)
        sent = outgoing_summary(request, conversation, guard(backend, self.state.settings, self.preset))
        if sent.blocked:
            self.screen.say(Notice("privacy.blocked", {"host": destination(backend, self.preset).host}))
            return None
        self.screen.say(Notice("context.summarizing"))
        text = await self._side_text(self.transport.stream(backend, sent.request))
        summary = clean_summary(restore(text, sent.redactions)) if text else None
        self.screen.say(Notice() if summary else Notice("context.summary_failed"))
        return summary

    async def _side_text(self, call: Call) -> str | None:
        """The answer text of a side request (its thinking left out), or None when it failed or was stopped."""
        parts: list[str] = []
        try:
            async for events in call.events():
                for event in events:
                    if isinstance(event, TextWasReasoning):
                        parts.clear()  # the model's thinking is not the answer
                    elif isinstance(event, TextDelta):
                        parts.append(event.text)
                if any(isinstance(event, StreamError) for event in events):
                    return None
        except (Failed, Stopped):
            return None
        return "".join(parts)
