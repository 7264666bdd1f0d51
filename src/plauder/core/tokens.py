"""Token counts: as the backends report them, added up for a conversation; and an estimate of a request
before it is sent.

The estimate is an approximation, documented here because it is one: about 4 characters a token, rounded
up per text, plus a few tokens a message for the chat template's role markers. That is the usual figure
for English prose and code with the BPE tokenizers of today's models (GPT, Llama, Qwen, Mistral);
German and other languages run nearer 3, and non-Latin scripts lower still, so for them it runs low.
No tokenizer is used: each model family has its own, with vocabularies of several megabytes, none fits in
the page as a small pure-Python wheel, and it would be right for one family only. The exact count comes
from the backend after each answer; the estimate says about how much, with room to spare, before one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from plauder.core.prices import PriceTable, cost
from plauder.core.providers.types import ChatRequest
from plauder.core.records import Message, Role, Usage

CHARS_PER_TOKEN = 4
MESSAGE_TOKENS = 4  # a chat template's markers around each message (role, start and end), as OpenAI counts them
REPLY_TOKENS = 3  # the prompt ends by opening the answer's turn


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


@dataclass(frozen=True)
class Spent:
    """What a conversation's answers cost, as far as the price table knows their models."""

    amount: Decimal = Decimal(0)
    priced: int = 0  # answers with counts and a price
    unpriced: int = 0  # answers with counts whose model has no price


def answer_cost(message: Message, prices: PriceTable) -> Decimal | None:
    """What the answer cost, when its backend gave both counts and its model has a price."""
    usage, price = counted(message.usage), prices.price(message.model)
    if usage is None or price is None:
        return None
    return cost(usage.prompt_tokens or 0, usage.completion_tokens or 0, price)


def conversation_cost(messages: Iterable[Message], prices: PriceTable) -> Spent:
    """The exact sum over every answer with counts (every branch, as the totals); rounded only when shown."""
    total, priced, unpriced = Decimal(0), 0, 0
    for message in messages:
        if message.role is not Role.ASSISTANT or counted(message.usage) is None:
            continue
        amount = answer_cost(message, prices)
        if amount is None:
            unpriced += 1
        else:
            total, priced = total + amount, priced + 1
    return Spent(total, priced, unpriced)


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


def estimate_tokens(text: str) -> int:
    """About how many tokens `text` is (see the module's note); rounded up: any text is at least one."""
    return -(-len(text) // CHARS_PER_TOKEN)


def request_estimate(request: ChatRequest) -> int:
    """About how many tokens `request` carries: its system prompt and messages (files included, as sent)."""
    texts = [request.system_prompt] if request.system_prompt else []
    texts += [message.content for message in request.messages]
    return sum(estimate_tokens(text) + MESSAGE_TOKENS for text in texts) + REPLY_TOKENS
