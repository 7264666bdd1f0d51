"""A summary of the messages left out to fit the model's context: what to ask, and how it goes with requests.

When a conversation outgrows its model's context the user may leave the oldest messages out (core/context.py); a
summary keeps their gist. The same model is asked in a side request, with the messages to be left out (cut from
the oldest end to what fits the request) and, when an earlier summary exists, that one first, so summaries roll
on. The summary is stored with the conversation and goes at the end of the system prompt of every request that
carries the thread from the cut on (requests.with_summary); a new chat can start with the summary of the whole
conversation it leaves.
"""

from __future__ import annotations

from collections.abc import Sequence

from plauder.core.providers.types import ChatMessage, ChatRequest
from plauder.core.records import Conversation, Message, Role
from plauder.core.titles import LANGUAGE_NAMES, without_thinking
from plauder.core.tokens import CHARS_PER_TOKEN

SUMMARY_MAX_TOKENS = 300  # about 200 words, as asked, with room
# The instruction and the note before the summary stay in English, which small models follow best (as titles).
SUMMARY_INSTRUCTION = (
    "Summarize the conversation above in {language} in at most 200 words, for whoever continues it without "
    "seeing it: keep names, numbers, decisions, what was asked and what is still open. Answer with the summary only."
)
EARLIER_SUMMARY = "Summary of what came before:\n"
ROOM_TOKENS = 200  # the instruction and the chat template's markers, on top of the answer's room


def summary_request(
    conversation: Conversation, messages: Sequence[Message], language: str, context_size: int
) -> ChatRequest:
    """The side request: the earlier summary (if any), then the messages to summarize, newest kept whole as far as
    the model's context allows (older ones are cut from the start), then the instruction; same model."""
    budget = max(0, (context_size - SUMMARY_MAX_TOKENS - ROOM_TOKENS) * CHARS_PER_TOKEN)
    earlier = (
        [ChatMessage(Role.USER, EARLIER_SUMMARY + conversation.context_summary)] if conversation.context_summary else []
    )
    kept: list[ChatMessage] = []
    for message in reversed([m for m in messages if m.content]):
        room = budget - sum(len(m.content) for m in (*kept, *earlier))
        if room <= 0:
            break
        kept.insert(0, ChatMessage(message.role, message.content[-room:]))
    instruction = SUMMARY_INSTRUCTION.format(language=LANGUAGE_NAMES.get(language, "English"))
    return ChatRequest(
        model=conversation.model or "",
        messages=(*earlier, *kept, ChatMessage(Role.USER, instruction)),
        max_tokens=SUMMARY_MAX_TOKENS,
    )


def clean_summary(answer: str) -> str | None:
    """The model's answer as a summary: without a thinking block, trimmed; None if nothing is left."""
    return without_thinking(answer).strip() or None
