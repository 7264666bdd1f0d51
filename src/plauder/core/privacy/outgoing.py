"""What leaves for a backend, redacted when the policy says so (core/privacy/policy.py), and the answer
brought back.

Every text of a redacted request (the system prompt, the history, the new question with its files) is
redacted with the conversation's mapping, grown by what is new, so a value keeps its placeholder across
turns; the stored messages keep the real values. A value the user let through for this message goes as
typed in every text of this one request, so the model reads it the same throughout; the next request
(a title, a regenerated answer, the next question) replaces it again. Under a blocking policy a request
holding any finding, in the history as in the new question, is not sent at all: the history re-sent to
a backend the conversation was moved to gets that backend's policy like everything else. The answer is restored on the whole text received so
far, never chunk by chunk: a placeholder can arrive in two pieces.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from plauder.core.privacy.policy import Guard
from plauder.core.privacy.redaction import Redactions, Restoring, redact
from plauder.core.providers.types import ChatRequest
from plauder.core.records import Conversation, Message, Role
from plauder.core.requests import chat_request_for, sent_messages
from plauder.core.titles import title_request


@dataclass(frozen=True)
class Outgoing:
    """A request as it is sent, the mapping that restores its answer, and what was replaced in each question."""

    request: ChatRequest
    redactions: Redactions = field(
        default_factory=Redactions
    )  # the conversation's mapping with this request's new placeholders
    replaced: Mapping[str, int] = field(default_factory=dict)  # question id -> findings replaced in it
    blocked: bool = False  # the policy blocks it: it must not be sent (the request is redacted all the same)


def _redacted(texts: Sequence[str], redactions: Redactions, guard: Guard) -> tuple[list[str], Redactions, list[int]]:
    """`texts` redacted in order with one growing mapping, and the number of findings in each."""
    shown: list[str] = []
    counts: list[int] = []
    for text in texts:
        done = redact(text, redactions, guard.names, guard.exempt)
        shown.append(done.text)
        counts.append(len(done.findings))
        redactions = done.redactions
    return shown, redactions, counts


def outgoing(
    conversation: Conversation,
    thread: Sequence[Message],
    continuing: bool,
    guard: Guard | None,
    images: Mapping[str, str] | None = None,
) -> Outgoing:
    """The request for the answer at the end of `thread` (core/requests.py, with the pictures' bytes by id),
    redacted as `guard` says (None: not); pictures go as they are."""
    request = chat_request_for(conversation, thread, continuing, images)
    if guard is None:
        return Outgoing(request)
    texts = [request.system_prompt, *(message.content for message in request.messages)]
    (system_prompt, *contents), redactions, counts = _redacted(texts, conversation.redactions, guard)
    messages = tuple(replace(m, content=text) for m, text in zip(request.messages, contents, strict=True))
    sent = sent_messages(thread, continuing, conversation.context_from)
    replaced = {m.id: count for m, count in zip(sent, counts[1:], strict=True) if m.role is Role.USER}
    redacted = replace(request, messages=messages, system_prompt=system_prompt)
    if guard.block and any(counts):
        return Outgoing(redacted, blocked=True)
    return Outgoing(redacted, redactions, replaced)


def outgoing_title(
    conversation: Conversation, thread: Sequence[Message], language: str, guard: Guard | None
) -> Outgoing:
    """The title's side request (core/titles.py), redacted as `guard` says: the whole first exchange is
    redacted before it is cut short, so no value is sent cut in half, past what a detector recognises."""
    if guard is None:
        return Outgoing(title_request(conversation, thread, language))
    question, answer = thread[0], thread[1]
    texts = [question.content, answer.content]
    (asked, answered), redactions, _ = _redacted(texts, conversation.redactions, guard)
    exchange = (replace(question, content=asked), replace(answer, content=answered))
    return Outgoing(title_request(conversation, exchange, language), redactions)


def outgoing_summary(request: ChatRequest, conversation: Conversation, guard: Guard | None) -> Outgoing:
    """A summary's side request (core/summaries.py), redacted as `guard` says, every message with the
    conversation's mapping, so the summary restores to the real values; under a blocking policy it is blocked like
    any request with findings."""
    if guard is None:
        return Outgoing(request)
    texts = [message.content for message in request.messages]
    contents, redactions, counts = _redacted(texts, conversation.redactions, guard)
    messages = tuple(replace(m, content=text) for m, text in zip(request.messages, contents, strict=True))
    redacted = replace(request, messages=messages)
    return Outgoing(redacted, blocked=True) if guard.block and any(counts) else Outgoing(redacted, redactions)


def outgoing_prompt(prompt: str, redactions: Redactions, guard: Guard | None) -> tuple[str, Redactions]:
    """A picture's prompt as it goes to an image backend, redacted as `guard` says (None: as typed) with the
    conversation's `redactions`, and the mapping that restores what the server says it drew from (its revised
    prompt). A block is decided before, on the question (core/picturing.py)."""
    if guard is None:
        return prompt, redactions
    done = redact(prompt, redactions, guard.names)
    return done.text, done.redactions


class RestoredAnswer:
    """A streamed answer as the user sees and stores it: the placeholders in its text and its thinking put
    back, on the whole text so far, each call costing only what arrived since the last (`Restoring`)."""

    def __init__(self, redactions: Redactions) -> None:
        self._content = Restoring(redactions)
        self._reasoning = Restoring(redactions)
        self._redactions = redactions

    def __call__(self, answer: Message) -> Message:
        if not self._redactions:
            return answer
        return replace(answer, content=self._content(answer.content), reasoning=self._reasoning(answer.reasoning))
