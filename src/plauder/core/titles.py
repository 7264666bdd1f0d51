"""The automatic title: when to ask the model for one, what to ask, and how to read its answer.

A new conversation is titled with the first words of its first message (requests.title_from).
After the first answer is complete, the same model is asked, in a short side request, for a
better title in the language the user reads; whatever goes wrong leaves the first-words title in
place, and a title the user chose is never replaced. Either title has the shape of core/title_text.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from plauder.core.masking import Secrets
from plauder.core.providers.types import ChatMessage, ChatRequest
from plauder.core.records import Conversation, Message, MessageStatus, Role
from plauder.core.requests import title_from
from plauder.core.title_text import TRAILING, shaped

TITLE_WORDS = 6
# The side request's answer is six words. Kept short so a server that runs one request at a time is
# free again at once; a reasoning model cut off while it thinks gives no title (the first words stay).
TITLE_MAX_TOKENS = 32
# The first words of the question and answer are enough to name a conversation, and keep the request small.
EXCERPT_CHARS = 2000
# The instruction stays in English, which small models follow best, and names the language of the title.
TITLE_INSTRUCTION = (
    "Write a short title in {language} of at most {words} words for the conversation above. "
    "Answer with the title only: no quotes, no punctuation at the end, no explanation."
)
LANGUAGE_NAMES = {"en": "English", "de": "German"}  # the UI's languages (core/i18n.py), as the model knows them
QUOTES = "\"'`“”„‘’‚«»‹›*_#"
# "Title:", "**Titel:**", "Conversation title -": labels some models put before the title itself.
LABEL = re.compile(r"^(?:(?:conversation|chat)\s+)?(?:title|titel)\s*[:\-–—]\s*", re.IGNORECASE)


def wants_title(conversation: Conversation, thread: Sequence[Message]) -> bool:
    """True right after the first answer of a conversation completed, while its title is still the first words."""
    if len(thread) != 2:
        return False
    question, answer = thread
    return (
        question.role is Role.USER
        and answer.role is Role.ASSISTANT
        and answer.status is MessageStatus.COMPLETE
        and bool(answer.content.strip())
        and conversation.title == title_from(question.content)
    )


def title_instruction(language: str) -> str:
    """What the model is asked, for a title in `language` (a UI language code; English for any other)."""
    return TITLE_INSTRUCTION.format(language=LANGUAGE_NAMES.get(language, "English"), words=TITLE_WORDS)


def title_request(conversation: Conversation, thread: Sequence[Message], language: str) -> ChatRequest:
    """The side request: the first exchange (cut short), then the instruction; same model, no system prompt."""
    question, answer = thread[0], thread[1]
    return ChatRequest(
        model=conversation.model or "",
        messages=(
            ChatMessage(Role.USER, question.content[:EXCERPT_CHARS]),
            ChatMessage(Role.ASSISTANT, answer.content[:EXCERPT_CHARS]),
            ChatMessage(Role.USER, title_instruction(language)),
        ),
        max_tokens=TITLE_MAX_TOKENS,
    )


def without_thinking(text: str) -> str:
    """Drop a reasoning block some models put before their answer (<think>…</think>)."""
    if "</think>" in text:
        return text.rsplit("</think>", 1)[1]
    return "" if "<think>" in text else text


def clean_title(answer: str, api_key: str = "") -> str | None:
    """The model's answer as a title: its first line, unwrapped from quotes and markup, without a "Title:"
    label, then shaped (core/title_text.py); None if nothing is left.

    An echoed `api_key` is masked before the answer is cut to one line, which could cut the key in two.
    """
    shown = Secrets.of([api_key]).hide(without_thinking(answer))
    lines = [line.strip() for line in shown.splitlines() if line.strip()]
    if not lines:
        return None
    bare = LABEL.sub("", lines[0].strip(QUOTES + " "))
    return shaped(bare.lstrip(QUOTES + " ").rstrip(QUOTES + TRAILING + " ")) or None
