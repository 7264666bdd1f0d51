"""How a streaming answer changes as events arrive, and how it ends: finished, stopped or failed.

Every function returns the answer to show and store; text that arrived is never dropped, and an
answer that ends early keeps it, marked incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from plauder.core.http_errors import ErrorKind, problem
from plauder.core.masking import Secrets
from plauder.core.providers.types import Event, Finished, ReasoningDelta, StreamError, TextDelta, TextWasReasoning
from plauder.core.records import ErrorInfo, Message, MessageStatus, Usage


def apply_events(answer: Message, events: Iterable[Event], api_key: str = "") -> Message:
    """The answer after `events`; `api_key` is masked in the text and in any error the server sent back.

    The text and the thinking are masked as they grow, so a key the model echoes in pieces, across
    chunks, is caught once its last piece arrives; each update looks only at the tail a key could
    reach back into.
    """
    texts = {"content": [answer.content], "reasoning": [answer.reasoning]}
    touched: set[str] = set()
    changes: dict[str, object] = {}
    ended: ErrorInfo | None = None
    for event in events:
        if isinstance(event, TextDelta | ReasoningDelta):
            name = "content" if isinstance(event, TextDelta) else "reasoning"
            texts[name].append(event.text)
            touched.add(name)
        elif isinstance(event, TextWasReasoning):
            texts["reasoning"] += texts["content"]
            texts["content"] = []
            touched.update(texts)
        elif isinstance(event, Usage):
            changes["usage"] = event
        elif isinstance(event, Finished):
            changes.update(finish_reason=event.reason, status=MessageStatus.COMPLETE)
        elif isinstance(event, StreamError):
            ended = problem(event.kind, event.message, api_key=api_key)
    for name in touched:
        before: str = getattr(answer, name)
        grown = "".join(texts[name])
        if grown != before:
            changes[name] = Secrets.of([api_key]).hide_after(grown, len(before) if grown.startswith(before) else 0)
    updated = replace(answer, **changes) if changes else answer  # type: ignore[arg-type]
    if ended is None:
        return updated
    if ended.kind == ErrorKind.TRUNCATED and updated.status is MessageStatus.COMPLETE:
        return updated  # the server said it finished and only left out its end marker
    return failed(updated, ended)


def thought(answer: Message, now_ms: float) -> Message:
    """The answer with its thinking time set, once its text has begun or its stream has ended: from the
    request (the answer's creation) to now, as the user waited for it."""
    if not answer.reasoning or answer.reasoning_ms is not None:
        return answer
    if answer.content or answer.status is not MessageStatus.STREAMING:
        return replace(answer, reasoning_ms=max(0.0, now_ms - answer.created_at))
    return answer


def settled(answer: Message) -> Message:
    """The answer once its stream ended normally: an end marker without a finish reason is complete too."""
    return replace(answer, status=MessageStatus.COMPLETE) if answer.status is MessageStatus.STREAMING else answer


def stopped(answer: Message) -> Message:
    """The user pressed Stop: the text so far stays, marked incomplete."""
    return replace(answer, status=MessageStatus.STOPPED)


def failed(answer: Message, error: ErrorInfo) -> Message:
    """The request or the stream failed: with text already there it is interrupted, without it an error."""
    status = MessageStatus.INTERRUPTED if answer.content else MessageStatus.ERROR
    return replace(answer, status=status, error=error)
