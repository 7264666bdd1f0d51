"""What the thread and the Parameters dialog say about tokens: per answer, for the whole conversation, and
about how many the next message carries."""

from __future__ import annotations

from collections.abc import Iterable

from plauder.core.i18n import translate
from plauder.core.providers.types import ChatRequest
from plauder.core.records import Message
from plauder.core.tokens import conversation_totals, counted, request_estimate
from plauder.core.units import whole_number


def answer_usage(language: str, message: Message) -> str:
    """The line beside an answer's time: "22 prompt + 7 answer tokens" ("" when the backend gave no counts)."""
    usage = counted(message.usage)
    if usage is None:
        return ""
    return translate(
        language,
        "chat.usage",
        prompt=whole_number(usage.prompt_tokens or 0, language),
        completion=whole_number(usage.completion_tokens or 0, language),
    )


def conversation_usage(language: str, messages: Iterable[Message]) -> str:
    """The conversation's total so far, or why there is none."""
    totals = conversation_totals(messages)
    if not totals.answers:
        return translate(language, "usage.none")
    return translate(
        language,
        "usage.total_one" if totals.answers == 1 else "usage.total_many",
        prompt=whole_number(totals.prompt_tokens, language),
        completion=whole_number(totals.completion_tokens, language),
        answers=totals.answers,
    )


def estimate_line(language: str, request: ChatRequest) -> str:
    """About how many tokens the next message carries, and what that counts."""
    return translate(language, "usage.estimate", tokens=whole_number(request_estimate(request), language))
