"""What tokens cost: a price per model (per million prompt and answer tokens, in one currency) and the
arithmetic, in Decimal so that 0.1 + 0.2 is 0.3 and rounding is the one written here, not binary floats'.

The admin ships a table in the build config and the user may add to it or override it in Settings; a
model is looked up by its name as the backend lists it, so the same name on two backends costs the same
(a local model simply has no price, and no cost is shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Self

MILLION = Decimal(1_000_000)
SMALLEST = Decimal("0.000001")  # below this a cost shows as "< 0.000001": nobody pays less than a millionth
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Price:
    """Per million tokens, in the table's currency."""

    prompt: Decimal
    answer: Decimal


def amount(text: object) -> Decimal | None:
    """A price as written by a person or a record: "0.15", "0,15", 2 (never negative, never NaN or infinite)."""
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        return None
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


@dataclass(frozen=True)
class PriceTable:
    currency: str = ""  # as the admin or user writes it: "EUR", "€", "USD"
    models: Mapping[str, Price] = field(default_factory=dict, hash=False)

    def price(self, model: str | None) -> Price | None:
        return self.models.get(model) if model else None

    def over(self, base: PriceTable) -> PriceTable:
        """This table's prices over `base`'s (the user's over the admin's); the admin's currency stands."""
        return PriceTable(base.currency or self.currency, {**base.models, **self.models})

    def to_record(self) -> dict[str, Any]:
        models = {name: {"prompt": str(p.prompt), "answer": str(p.answer)} for name, p in self.models.items()}
        return {"currency": self.currency, "models": models}

    @classmethod
    def from_record(cls, record: object) -> Self:
        """A stored table; entries that do not read as two prices are left out."""
        if not isinstance(record, Mapping):
            return cls()
        models: dict[str, Price] = {}
        entries = record.get("models")
        for name, entry in (entries if isinstance(entries, Mapping) else {}).items():
            fields = entry if isinstance(entry, Mapping) else {}
            prompt, answer = amount(fields.get("prompt")), amount(fields.get("answer"))
            if isinstance(name, str) and prompt is not None and answer is not None:
                models[name] = Price(prompt, answer)
        currency = record.get("currency")
        return cls(currency.strip() if isinstance(currency, str) else "", models)


NO_PRICES = PriceTable()


def cost(prompt_tokens: int, completion_tokens: int, price: Price) -> Decimal:
    """Exact: tokens times the price per million, divided by a million (Decimal keeps every digit here)."""
    return (prompt_tokens * price.prompt + completion_tokens * price.answer) / MILLION


def rounded(value: Decimal) -> Decimal:
    """To cents from one cent up; below, to two significant digits (0.000018, not 0.00), half up."""
    if 0 < value < CENT:
        places = Decimal(1).scaleb(value.adjusted() - 1)
        value = value.quantize(max(places, SMALLEST), rounding=ROUND_HALF_UP)
        if value < CENT:  # (0.009996 rounds to a cent and is shown as one)
            return value.normalize()  # 0.005, not 0.0050
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal, currency: str, language: str) -> str:
    """ "0.42 EUR", German "0,42 EUR"; a positive amount too small to show is "< 0.000001 EUR", never "0"."""
    shown = rounded(value)
    prefix = ""
    if value > 0 and shown == 0:
        shown, prefix = SMALLEST, "< "
    text = f"{shown:,f}"
    if language == "de":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{prefix}{text} {currency}".strip()


@dataclass(frozen=True)
class PriceLines:
    """The Settings box read: the prices of the lines that read, and the numbers (from 1) of those that did not."""

    models: Mapping[str, Price]
    unreadable: tuple[int, ...]


def read_lines(text: str) -> PriceLines:
    """One model a line: its name, then the prompt and the answer price per million tokens, e.g.
    `gpt-4o-mini 0.15 0.60` (a name may hold colons, as Ollama's do; a later line for the same name wins).
    Empty lines are skipped."""
    models: dict[str, Price] = {}
    unreadable: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.rsplit(None, 2)
        prompt, answer = (amount(parts[1]), amount(parts[2])) if len(parts) == 3 else (None, None)
        if prompt is not None and answer is not None:
            models[parts[0].strip()] = Price(prompt, answer)
        else:
            unreadable.append(number)
    return PriceLines(models, tuple(unreadable))


def written_lines(models: Mapping[str, Price]) -> str:
    """The box's text for `models`, one line each, as `read_lines` reads it back."""
    return "\n".join(f"{name} {price.prompt} {price.answer}" for name, price in sorted(models.items()))
