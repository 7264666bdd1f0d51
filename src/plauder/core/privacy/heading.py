"""The header's destination line: the hosts that receive the conversation's messages and their trust level
as the privacy policy sees it (policy.trust_of), so what the user reads and what the guard does agree."""

from __future__ import annotations

from collections.abc import Sequence
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
    text: str  # "to api.example.com", or "to 127.0.0.1:8080, api.example.com" side by side
    badge: str  # the level, one or two words: "external"; of the least trusted host
    hint: str  # the level explained, for the line's tooltip


# From the most to the least trusted: the line shows the level of the least trusted host it names.
EXPOSURE = (Trust.INTERNAL, Trust.PROCESSOR, Trust.EXTERNAL)


def destination_line(language: str, backends: Sequence[Backend], preset: AdminPreset) -> DestinationLine:
    """The line for the next message, which goes to every one of `backends` (several when models are
    compared side by side): each host once, and the level of the least trusted."""
    hosts = dict.fromkeys(destination(backend, preset).host for backend in backends)
    trust = max((trust_of(backend, preset) for backend in backends), key=EXPOSURE.index)
    return DestinationLine(
        trust,
        translate(language, "chat.destination", host=", ".join(hosts)),
        translate(language, f"chat.trust_{trust}"),
        translate(language, f"chat.trust_{trust}_hint"),
    )
