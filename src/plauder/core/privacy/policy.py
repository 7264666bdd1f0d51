"""Which backends get redacted messages, and what redacting them needs besides the text.

Today a backend is redacted when the header marks it external. One pure decision, so trust levels per
backend and the admin's locks (issue 16) change it here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from plauder.core.admin import AdminPreset
from plauder.core.destination import destination
from plauder.core.records import Backend, Settings


@dataclass(frozen=True)
class Guard:
    """How the texts of a request are redacted: besides what the detectors find, the names listed by
    the admin (in the build config) and by the user (in settings), since no pattern tells a name."""

    names: tuple[str, ...] = ()
    # Values the user let through for this one message (redaction.value_key): sent as typed, never stored.
    exempt: frozenset[str] = frozenset()


def guard(
    backend: Backend, settings: Settings, preset: AdminPreset, exempt: frozenset[str] = frozenset()
) -> Guard | None:
    """How what is sent to `backend` is redacted; None when it goes out unchanged (it is in the user's networks)."""
    if not destination(backend, preset).external:
        return None
    return Guard((*preset.privacy_names, *settings.privacy_names), exempt)
