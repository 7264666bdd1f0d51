"""Chat turns as steps: send, retry, regenerate, continue, an answer's progress and end, and the
choices around them (open a conversation, start a new one, pick a model or preset, parameters).

Each function takes the state and what happened and returns a Step (core/state.py); a refusal
(something streams, no backend is set up) changes nothing and says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from plauder.core import comparing, thread
from plauder.core.admin import AdminPreset
from plauder.core.attachments import with_attachments
from plauder.core.destination import destination
from plauder.core.image_models import asked_of_an_image_model
from plauder.core.presets import preset_model
from plauder.core.privacy import detect
from plauder.core.privacy.outgoing import Outgoing
from plauder.core.privacy.policy import guard
from plauder.core.records import Conversation, Message
from plauder.core.requests import title_from
from plauder.core.state import (
    CLEAR,
    EVERYTHING,
    ChatState,
    Notice,
    Part,
    StartStream,
    Step,
    Write,
    leaving,
    new_conversation,
    remember,
    replaced,
    unchanged,
    when_idle,
)
from plauder.core.views import Action

ANSWER_ACTIONS = frozenset({Action.CONTINUE, Action.RETRY, Action.REGENERATE})


def send(state: ChatState, text: str, now_ms: float, preset: AdminPreset | None = None) -> Step:
    """The typed text, the attached files and pictures as a question with an empty answer to fill, in the open
    conversation or a new one. An empty box sends nothing, and says nothing even while an answer is being
    written. A message the privacy policy blocks (core/privacy/policy.py, under the admin's `preset`) stays
    in the box, and the notice says why; so does one sent while a document attached to it is still being read."""
    if state.reading:  # a document the user attached is not in the draft yet: it must not go missing
        return unchanged(state, Notice("attach.still_reading", {"name": state.reading[0]}))
    text = text.strip()
    if not text and not state.attachments and not state.images:
        return unchanged(state)
    return _send(state, text, now_ms, preset or AdminPreset())


@when_idle
def _send(state: ChatState, text: str, now_ms: float, preset: AdminPreset) -> Step:
    """Asked of the selected model, or side by side of the models compared (core/comparing.py), each backend's
    privacy policy applied: one that blocks the message keeps it in the box."""
    choice = state.selected_model()
    models = state.comparing or ((choice,) if choice else ())
    if state.comparing and not comparing.FEWEST <= len(models) <= comparing.MOST:
        return unchanged(state, comparing.COUNT)
    backends = [state.settings.backend(backend_id) for backend_id, _ in models]
    if not backends or None in backends:
        return unchanged(state, Notice("chat.choose_backend" if state.settings.backends else "shell.no_backend"))
    for backend in filter(None, backends):
        rule = guard(backend, state.settings, preset)
        if rule is not None and rule.block and detect(with_attachments(text, state.attachments), rule.names):
            return unchanged(state, Notice("privacy.blocked", {"host": destination(backend, preset).host}))
    conversation = state.current or new_conversation(state, now_ms)
    if conversation.current_leaf is None and not conversation.title:
        names = [file.name for file in state.attachments] + [image.name for image in state.images]
        conversation = replace(conversation, title=title_from(text or names[0]))  # it names it
    conversation, question, answer = thread.send(conversation, text, now_ms, state.attachments, state.images)
    sent = replace(
        state, attachments=(), images=(), refused=(), exempt=frozenset()
    )  # the exemptions go with this message
    if state.comparing:
        return comparing.side_by_side(sent, conversation, question, answer, state.exempt)
    return asking(sent, conversation, (question, answer), answer, clear_prompt=True, exempt=state.exempt)


@when_idle
def answer_again(state: ChatState, action: Action, message_id: str, now_ms: float) -> Step:
    """Continue, Retry or Regenerate an answer of the open conversation."""
    message = state.messages.get(message_id)
    if message is None or state.current is None or action not in ANSWER_ACTIONS:
        return unchanged(state)
    if action == Action.CONTINUE:
        conversation, answer = replace(state.current, updated_at=now_ms), thread.resume(message)
    elif action == Action.RETRY:
        conversation, answer = thread.retry(state.current, message, now_ms)
    else:
        conversation, answer = thread.regenerate(state.current, message, now_ms)
    aimed = asked_of_an_image_model(state.settings, state.drawing, answer)
    if aimed is None:
        return unchanged(state, Notice("images.none"))
    return asking(state, conversation, (aimed,), aimed, continuing=action == Action.CONTINUE)


def asking(
    state: ChatState,
    conversation: Conversation,
    stored: tuple[Message, ...],
    answer: Message,
    continuing: bool = False,
    clear_prompt: bool = False,
    exempt: frozenset[str] = frozenset(),
) -> Step:
    """Store the turn's records, open the conversation on the answer, and start its stream."""
    messages = {**state.messages, **thread.by_id(stored)}
    opened = replace(state, current=conversation, messages=messages, streaming=frozenset({answer.id}), side_by_side=())
    return Step(
        remember(opened, conversation),
        write=Write(conversations=(conversation,), messages=stored),
        draw=EVERYTHING,
        notice=CLEAR,
        stream=StartStream(answer.id, continuing, exempt),
        clear_prompt=clear_prompt,
    )


def exempted(state: ChatState, key: str) -> Step:
    """The user lets a finding of the message being typed through unredacted, or takes that back: it holds
    for the next message sent and is forgotten then (never stored)."""
    return Step(replace(state, exempt=state.exempt ^ {key}), draw=frozenset({Part.COMPOSER}))


def sending(state: ChatState, conversation_id: str, sent: Outgoing) -> Step:
    """A request about to leave, redacted: the conversation keeps the grown mapping (so later turns and a
    reload restore the same placeholders), each question how many of its findings were replaced."""
    conversation = state.conversation(conversation_id)
    if conversation is None:
        return unchanged(state)
    marked = tuple(
        replace(message, replacements=count)
        for message_id, count in sent.replaced.items()
        if (message := state.messages.get(message_id)) is not None and message.replacements != count
    )
    grown = replace(conversation, redactions=sent.redactions) if sent.redactions else conversation  # never shrinks
    if grown == conversation and not marked:
        return unchanged(state)
    changed = replaced(replace(state, messages={**state.messages, **thread.by_id(marked)}), [grown])
    return Step(changed, write=Write(conversations=(grown,), messages=marked), draw=frozenset({Part.THREAD}))


def progressed(state: ChatState, answer: Message) -> Step:
    """A throttled save of a streaming answer: a reload shows what arrived so far."""
    return Step(replace(state, messages={**state.messages, answer.id: answer}), write=Write(messages=(answer,)))


def stream_ended(state: ChatState, answer: Message, now_ms: float) -> Step:
    """The answer as it ended (finished, stopped or failed), stored with its conversation's activity."""
    settled = replace(state, streaming=state.streaming - {answer.id}, messages={**state.messages, answer.id: answer})
    conversation = state.current
    if conversation is None or conversation.id != answer.conversation_id:
        return Step(settled, write=Write(messages=(answer,)), draw=EVERYTHING)
    conversation = replace(conversation, updated_at=now_ms)
    return Step(
        remember(settled, conversation),
        write=Write(conversations=(conversation,), messages=(answer,)),
        draw=EVERYTHING,
    )


@when_idle
def opened(state: ChatState, conversation_id: str, messages: Mapping[str, Message]) -> Step:
    """A conversation of the list, with its messages as read."""
    conversation = state.conversation(conversation_id)
    if conversation is None:
        return unchanged(state)
    chosen = replace(leaving(state), current=conversation, messages=dict(messages))
    draw = {Part.PICKER, Part.THREAD, Part.COMPOSER} | ({Part.SIDEBAR} if state.temporary else set())
    return Step(chosen, draw=frozenset(draw), notice=CLEAR)


@when_idle
def new_chat(state: ChatState, model: tuple[str, str] | None = None) -> Step:
    """An empty chat, on the default model or on `model` (backend id, model) for this chat only."""
    fresh = replace(leaving(state), current=None, messages={}, chosen_preset=None, chosen_model=model)
    return Step(fresh, draw=EVERYTHING, notice=CLEAR)


def choose_preset(state: ChatState, preset_id: str | None, values: Mapping[str, str] | None = None) -> Step:
    """The preset the next new chat starts from, with what the user filled its variables with; its model, if it
    names one, goes into the picker."""
    preset = state.settings.preset(preset_id)
    model = preset_model(preset, state.settings) if preset else None
    chosen = replace(state, chosen_preset=preset_id, preset_values=dict(values or {}), chosen_model=model)
    return Step(chosen, draw=frozenset({Part.PICKER}))


def choose_model(state: ChatState, backend_id: str, model: str) -> Step:
    """A new chat's pick becomes the default (and wins over a preset's model); an open conversation keeps its own."""
    if state.current is None:
        settings = replace(state.settings, default_backend_id=backend_id, default_model=model)
        return Step(
            replace(state, settings=settings, chosen_model=None),
            write=Write(settings=settings),
            draw=frozenset({Part.PICKER}),
        )
    conversation = replace(state.current, backend_id=backend_id, model=model)
    return Step(
        remember(state, conversation), write=Write(conversations=(conversation,)), draw=frozenset({Part.PICKER})
    )


def set_parameters(state: ChatState, parameters: Mapping[str, Any], now_ms: float) -> Step:
    """The Parameters dialog's values for the open conversation, or a new one that starts with them."""
    conversation = replace(state.current or new_conversation(state, now_ms), **parameters)
    return Step(
        remember(replace(state, current=conversation), conversation),
        write=Write(conversations=(conversation,)),
        draw=EVERYTHING,
    )


@when_idle
def send_from(state: ChatState, start: str | None, summary: str = "") -> Step:
    """Requests carry the open conversation's thread from the question `start` on, to fit the model's context
    (core/context.py), after a `summary` of what is left out if one was made (core/summaries.py); None sends all
    of it again. The thread shows where the cut is."""
    conversation = state.current
    if conversation is None or (conversation.context_from, conversation.context_summary) == (start, summary):
        return unchanged(state)
    cut = replace(conversation, context_from=start, context_summary=summary)
    return Step(replaced(state, (cut,)), write=Write(conversations=(cut,)), draw=frozenset({Part.THREAD}), notice=CLEAR)


@when_idle
def continued(state: ChatState, summary: str, model: tuple[str, str] | None, now_ms: float) -> Step:
    """A new chat that begins with the `summary` of the open one (core/summaries.py), on `model`; it is stored with
    its first message, like any new chat."""
    fresh = replace(leaving(state), current=None, messages={}, chosen_preset=None, chosen_model=model)
    conversation = replace(new_conversation(fresh, now_ms), context_summary=summary)
    return Step(replace(fresh, current=conversation), draw=EVERYTHING, notice=CLEAR)
