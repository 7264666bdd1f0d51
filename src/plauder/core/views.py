"""What the chat view shows for each message: texts already translated, actions already decided.

The web layer only copies these into the DOM, so every rule about what a user sees
(which status line, which hint, which buttons) is tested here under CPython.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from plauder.core.i18n import translate
from plauder.core.records import ErrorInfo, Message, MessageStatus, Role, Settings
from plauder.core.thread import can_continue


class Action(StrEnum):
    RETRY = "retry"
    REGENERATE = "regenerate"
    CONTINUE = "continue"


@dataclass(frozen=True)
class MessageView:
    id: str
    role: Role
    author: str
    text: str
    status: str  # a short status line: "", "writing…", "stopped: …"
    usage: str
    problem: tuple[str, ...]  # error sentence, server's words, hints
    actions: tuple[Action, ...]
    streaming: bool


def problem_lines(language: str, error: ErrorInfo) -> tuple[str, ...]:
    lines = [translate(language, error.message_key, **error.params)]
    if error.server_message:
        lines.append(translate(language, "error.server_said", message=error.server_message))
    lines += [translate(language, key, **error.params) for key in error.hint_keys]
    return tuple(lines)


def _status(language: str, message: Message) -> str:
    if message.status is MessageStatus.COMPLETE:
        return translate(language, "chat.status_length") if message.finish_reason == "length" else ""
    return translate(language, f"chat.status_{message.status}")


def _usage(language: str, message: Message) -> str:
    usage = message.usage
    if usage is None or usage.prompt_tokens is None or usage.completion_tokens is None:
        return ""
    return translate(language, "chat.usage", prompt=usage.prompt_tokens, completion=usage.completion_tokens)


def message_view(language: str, message: Message, is_last: bool, busy: bool) -> MessageView:
    """How one message of the thread looks; only the last answer offers actions, and none while busy."""
    actions: list[Action] = []
    if message.role is Role.ASSISTANT and is_last and not busy and message.status is not MessageStatus.STREAMING:
        actions.append(Action.RETRY if message.error else Action.REGENERATE)
        if can_continue(message):
            actions.append(Action.CONTINUE)
    return MessageView(
        id=message.id,
        role=message.role,
        author=translate(language, "chat.you" if message.role is Role.USER else "chat.assistant"),
        text=message.content,
        status=_status(language, message),
        usage=_usage(language, message),
        problem=problem_lines(language, message.error) if message.error else (),
        actions=tuple(actions),
        streaming=message.status is MessageStatus.STREAMING,
    )


@dataclass(frozen=True)
class ModelOption:
    """One entry of the model picker: a model of a backend, grouped under the backend's name."""

    group: str
    backend_id: str
    model: str
    selected: bool


def model_options(settings: Settings, selected: tuple[str, str] | None) -> list[ModelOption]:
    """Every model of every backend; a conversation's own choice stays listed even if no backend lists it now."""
    options = [
        ModelOption(backend.name, backend.id, model, selected == (backend.id, model))
        for backend in settings.backends
        for model in backend.models
    ]
    if selected and not any(option.selected for option in options):
        backend = settings.backend(selected[0])
        options.insert(0, ModelOption(backend.name if backend else "", selected[0], selected[1], True))
    return options
