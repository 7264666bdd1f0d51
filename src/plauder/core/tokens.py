"""Token counts as the backends report them, added up for a conversation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plauder.core.records import Message, Role, Usage


@dataclass(frozen=True)
class Totals:
    """What a conversation's answers cost in tokens, as far as their backends said."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    answers: int = 0  # answers whose backend reported both counts


def counted(usage: Usage | None) -> Usage | None:
    """The usage when it holds both counts: a backend that reports only one gives no line, not half of one."""
    if usage is None or usage.prompt_tokens is None or usage.completion_tokens is None:
        return None
    return usage


def conversation_totals(messages: Iterable[Message]) -> Totals:
    """The counts of every answer in the conversation, on every branch: each was a request of its own, so a
    regenerated answer counts although the thread no longer shows it."""
    prompt = completion = answers = 0
    for message in messages:
        usage = counted(message.usage) if message.role is Role.ASSISTANT else None
        if usage is not None:
            prompt += usage.prompt_tokens or 0
            completion += usage.completion_tokens or 0
            answers += 1
    return Totals(prompt, completion, answers)
