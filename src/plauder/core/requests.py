"""What a conversation asks of its backend: parameters from the form, the title, the messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from plauder.core.attachments import with_attachments
from plauder.core.providers.types import BackendConfig, ChatMessage, ChatRequest, ImageData
from plauder.core.records import Backend, Conversation, Message, Role
from plauder.core.title_text import shaped

TITLE_WORDS = 8
# Before a summary of what is left out (core/summaries.py); in English, like the side requests' instructions.
SUMMARY_NOTE = "The earlier part of this conversation is left out here; this is a summary of it:\n"


def title_from(text: str) -> str:
    """The first words of the first message, as a title until a better one exists."""
    return shaped(" ".join(text.split()[:TITLE_WORDS]))


def _number(text: str, kind: type[float | int]) -> float | int | None:
    try:
        value = kind(text.strip())
    except ValueError:
        return None
    return value if value >= 0 else None


def parameters_from_form(system_prompt: str, temperature: str, max_tokens: str) -> dict[str, Any]:
    """Conversation parameters from the dialog; empty or invalid numbers mean the server's default."""
    return {
        "system_prompt": system_prompt.strip(),
        "temperature": _number(temperature, float),
        "max_tokens": _number(max_tokens, int) or None,
    }


def thinking_budget_from_form(thinking_budget: str) -> int | None:
    """A conversation's thinking budget from the dialog; empty or invalid means no extended thinking."""
    budget = _number(thinking_budget, int)
    return int(budget) if budget else None


def backend_config(backend: Backend) -> BackendConfig:
    return BackendConfig(backend.kind, backend.base_url, backend.api_key)


def sent_messages(thread: Sequence[Message], continuing: bool, start: str | None = None) -> tuple[Message, ...]:
    """The messages of `thread` that the request for the answer at its end carries, in order.

    A fresh answer is left out (it is what we ask for); a continued one goes last, so the model
    carries on from its own partial text. Answers that hold no text (failed ones) are left out, and so
    is everything before the message `start` when it is on the thread (the conversation's `context_from`).
    So is a turn of pictures, the prompt and the pictures it got (core/picturing.py): the image backend was
    asked that, not the chat model.
    """
    history = thread if continuing else thread[:-1]
    ids = [m.id for m in history]
    if start in ids:
        history = history[ids.index(start) :]
    drawn = {m.id for m in history if m.generation is not None} | {
        m.parent_id for m in history if m.generation is not None
    }
    return tuple(m for m in history if m.id not in drawn and (m.role is Role.USER or m.content))


def pictures(message: Message, images: Mapping[str, str]) -> tuple[ImageData, ...]:
    """A question's pictures with their bytes (`images`: base64 by image id, as the shell read them); one
    whose bytes are not stored here (gone, or not brought by an import) is left out."""
    return tuple(ImageData(image.media_type, images[image.id]) for image in message.images if image.id in images)


def with_summary(system_prompt: str, summary: str) -> str:
    """The system prompt a request carries when the thread it sends starts after a summary."""
    return "\n\n".join(part for part in (system_prompt, SUMMARY_NOTE + summary if summary else "") if part)


def chat_request_for(
    conversation: Conversation, thread: Sequence[Message], continuing: bool, images: Mapping[str, str] | None = None
) -> ChatRequest:
    """The request for the answer at the end of `thread` (see `sent_messages`). A question's files follow
    its text as fenced blocks (core/attachments/prompt.py), its pictures go as its provider sends them; a summary
    of what is left out ends the system prompt (core/summaries.py)."""
    messages = tuple(
        ChatMessage(m.role, with_attachments(m.content, m.attachments), pictures(m, images or {}))
        for m in sent_messages(thread, continuing, conversation.context_from)
    )
    starts = conversation.context_from is None or any(m.id == conversation.context_from for m in thread)
    summary = conversation.context_summary if starts else ""
    return ChatRequest(
        model=conversation.model or "",
        messages=messages,
        system_prompt=with_summary(conversation.system_prompt, summary),
        temperature=conversation.temperature,
        max_tokens=conversation.max_tokens,
        thinking_budget=conversation.thinking_budget,
    )
