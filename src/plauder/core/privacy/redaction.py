"""Placeholders for findings, stable across a conversation, and the real values put back.

`Redactions` is the conversation's mapping: placeholder -> the value it stands for, in the order
issued. The same value (compared as its kind compares: email addresses and names in any letter
case, IBANs, card numbers, tax and VAT ids without their spaces) gets the same placeholder in
every message, so the history that is sent again reads as it did. Placeholders count per kind
([EMAIL_1], [EMAIL_2], [IBAN_1]) and skip any that the text itself already holds, so `restore`
gives back exactly the text that was redacted.

Restoring works on a whole text: for a streamed answer, on the text received so far, never on
a chunk alone, because a placeholder can arrive split across two chunks. `Restoring` does that for a
text that grows, at the cost of its new part only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from plauder.core.privacy.detect import detect
from plauder.core.privacy.findings import Finding, Kind

PLACEHOLDER = re.compile(r"\[([A-Z]+(?:_[A-Z]+)*)_([1-9]\d*)\]")
_KINDS = {kind.value: kind for kind in Kind}


def _same_value(kind: Kind, value: str) -> str:
    """What two values of `kind` are compared by."""
    if kind in (Kind.IBAN, Kind.CARD, Kind.TAX_ID, Kind.VAT_ID):
        return re.sub(r"[\s-]", "", value).upper()
    if kind is Kind.PHONE:
        digits = re.sub(r"\D", "", value)
        return "0" + digits[4:] if value.startswith("+") or digits.startswith("00") else digits
    if kind in (Kind.EMAIL, Kind.NAME, Kind.IP):
        return " ".join(value.split()).casefold()
    return value


@dataclass(frozen=True)
class Redactions:
    """A conversation's placeholders and the values they stand for; pure data, never sent."""

    values: Mapping[str, str] = field(default_factory=dict)  # "[EMAIL_1]" -> "a@example.com"

    def __bool__(self) -> bool:
        return bool(self.values)

    @cached_property
    def _placeholders(self) -> dict[tuple[Kind, str], str]:
        found: dict[tuple[Kind, str], str] = {}
        for placeholder, value in self.values.items():
            match = PLACEHOLDER.fullmatch(placeholder)
            if match and match.group(1) in _KINDS:
                kind = _KINDS[match.group(1)]
                found.setdefault((kind, _same_value(kind, value)), placeholder)
        return found

    def to_record(self) -> dict[str, str]:
        return dict(self.values)

    @classmethod
    def from_record(cls, record: Any) -> Redactions:
        """The mapping in a stored record; anything that is not a placeholder and its text is dropped."""
        if not isinstance(record, dict):
            return cls()
        return cls(
            {
                key: value
                for key, value in record.items()
                if isinstance(key, str) and isinstance(value, str) and PLACEHOLDER.fullmatch(key)
            }
        )


@dataclass(frozen=True)
class Redacted:
    """A text with its findings replaced, and the mapping that now holds their placeholders."""

    text: str
    redactions: Redactions
    findings: tuple[Finding, ...]


def value_key(kind: Kind, value: str) -> str:
    """What names a value the user lets through once: two values of `kind` that compare the same share it."""
    return f"{kind.value}:{_same_value(kind, value)}"


def redact(
    text: str, redactions: Redactions, terms: Iterable[str] = (), exempt: frozenset[str] = frozenset()
) -> Redacted:
    """`text` with each finding replaced by its placeholder, issuing new ones as needed; a finding whose
    `value_key` is in `exempt` stays as it is (the user let it through for this message)."""
    findings = detect(text, terms)
    if exempt:
        findings = tuple(f for f in findings if value_key(f.kind, text[f.start : f.end]) not in exempt)
    if not findings:
        return Redacted(text, redactions, ())
    values = dict(redactions.values)
    known = dict(redactions._placeholders)
    taken = set(values) | {match.group() for match in PLACEHOLDER.finditer(text)}
    pieces: list[str] = []
    done = 0
    for finding in findings:
        value = text[finding.start : finding.end]
        key = (finding.kind, _same_value(finding.kind, value))
        placeholder = known.get(key)
        if placeholder is None:
            placeholder = _next_free(finding.kind, taken)
            known[key] = placeholder
            values[placeholder] = value
            taken.add(placeholder)
        pieces += (text[done : finding.start], placeholder)
        done = finding.end
    pieces.append(text[done:])
    return Redacted("".join(pieces), Redactions(values), findings)


def restore(text: str, redactions: Redactions) -> str:
    """`text` with every placeholder of `redactions` replaced by its value; other text left as it is."""
    if not redactions or "[" not in text:
        return text
    values = redactions.values
    return PLACEHOLDER.sub(lambda match: values.get(match.group(), match.group()), text)


class Restoring:
    """`restore` of a text that grows at its end (a streamed answer), each call costing only what is new.

    The part before an unclosed `[` at the end is restored once and kept: a placeholder holds no `[`, so
    none can start before that `[` and end after it. A text that is not the last one grown (the stream's
    text was rewritten) is restored whole again."""

    def __init__(self, redactions: Redactions) -> None:
        self._redactions = redactions
        self._raw = ""  # the settled part of the text as received ...
        self._shown = ""  # ... and restored

    def __call__(self, text: str) -> str:
        if not self._redactions:
            return text
        if not text.startswith(self._raw):
            self._raw = self._shown = ""
        opening = text.rfind("[", len(self._raw))
        settled = opening if opening >= 0 and text.find("]", opening) < 0 else len(text)
        self._shown += restore(text[len(self._raw) : settled], self._redactions)
        self._raw = text[:settled]
        return self._shown + text[settled:]


def _next_free(kind: Kind, taken: set[str]) -> str:
    number = 1 + sum(placeholder.startswith(f"[{kind.value}_") for placeholder in taken)
    while f"[{kind.value}_{number}]" in taken:
        number += 1
    return f"[{kind.value}_{number}]"
