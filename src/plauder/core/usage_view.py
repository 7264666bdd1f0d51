"""What the thread and the Parameters dialog say about tokens: per answer, for the whole conversation, and
about how many the next message carries."""

from __future__ import annotations

from collections.abc import Collection

from plauder.core.i18n import translate
from plauder.core.prices import PriceTable, money
from plauder.core.providers.types import ChatRequest
from plauder.core.records import Message
from plauder.core.tokens import answer_cost, conversation_cost, conversation_totals, counted, request_estimate
from plauder.core.units import whole_number


def answer_usage(language: str, message: Message, prices: PriceTable) -> str:
    """The line beside an answer's time: "22 prompt + 7 answer tokens", and " · 0.000018 EUR" when its model has
    a price ("" when the backend gave no counts)."""
    usage = counted(message.usage)
    if usage is None:
        return ""
    line = translate(
        language,
        "chat.usage",
        prompt=whole_number(usage.prompt_tokens or 0, language),
        completion=whole_number(usage.completion_tokens or 0, language),
    )
    amount = answer_cost(message, prices)
    return line if amount is None else f"{line} · {money(amount, prices.currency, language)}"


def conversation_usage(language: str, messages: Collection[Message], prices: PriceTable) -> str:
    """The conversation's total so far and, when any of its answers' models has a price, what they cost (saying
    how many answers have none); or why there is no total."""
    totals = conversation_totals(messages)
    if not totals.answers:
        return translate(language, "usage.none")
    line = translate(
        language,
        "usage.total_one" if totals.answers == 1 else "usage.total_many",
        prompt=whole_number(totals.prompt_tokens, language),
        completion=whole_number(totals.completion_tokens, language),
        answers=totals.answers,
    )
    spent = conversation_cost(messages, prices)
    if not spent.priced:
        return line
    cost_line = translate(language, "usage.cost", amount=money(spent.amount, prices.currency, language))
    unpriced = translate(language, "usage.unpriced", count=spent.unpriced) if spent.unpriced else ""
    return " ".join(part for part in (line, cost_line, unpriced) if part)


def estimate_line(language: str, request: ChatRequest, context_size: int | None) -> str:
    """About how many tokens the next message carries, and what that counts; and the model's context size when
    its server told it."""
    line = translate(language, "usage.estimate", tokens=whole_number(request_estimate(request), language))
    if context_size is None:
        return line
    return f"{line} {translate(language, 'usage.context', size=whole_number(context_size, language))}"
