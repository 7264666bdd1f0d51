"""The header's destination line: the host that receives the conversation's messages and its trust level
as the privacy policy sees it (policy.trust_of), so what the user reads and what the guard does agree."""

from __future__ import annotations

from dataclasses import dataclass

from plauder.core.admin import AdminPreset
from plauder.core.destination import destination
from plauder.core.i18n import translate
from plauder.core.privacy.policy import trust_of
from plauder.core.privacy.trust import Trust
from plauder.core.records import Backend


@dataclass(frozen=True)
class DestinationLine:
    trust: Trust
    text: str  # "to api.example.com"
    badge: str  # the level, one or two words: "external"
    hint: str  # the level explained, for the line's tooltip


def destination_line(language: str, backend: Backend, preset: AdminPreset) -> DestinationLine:
    trust = trust_of(backend, preset)
    return DestinationLine(
        trust,
        translate(language, "chat.destination", host=destination(backend, preset).host),
        translate(language, f"chat.trust_{trust}"),
        translate(language, f"chat.trust_{trust}_hint"),
    )
