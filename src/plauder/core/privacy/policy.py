"""What the privacy guard does with a message for a backend: its trust level, the action for that level,
and what redacting needs besides the text.

A backend's trust level is the admin's for a backend the admin set up (when given), else the user's
(unless the admin locked "privacy"), else its address decides as the header's indicator does: this
machine and private networks are internal, anything else external. The action per level is the
user's over the admin's over the defaults (core/privacy/trust.py); with "privacy" locked, the admin's.
"""

from __future__ import annotations

from dataclasses import dataclass

from plauder.core.admin import AdminPreset
from plauder.core.destination import destination
from plauder.core.privacy.trust import DEFAULT_POLICY, Action, Trust
from plauder.core.records import Backend, Settings


@dataclass(frozen=True)
class Guard:
    """How the texts of a request are redacted: besides what the detectors find, the names listed by
    the admin (in the build config) and by the user (in settings), since no pattern tells a name."""

    names: tuple[str, ...] = ()
    # Values the user let through for this one message (redaction.value_key): sent as typed, never stored.
    exempt: frozenset[str] = frozenset()
    block: bool = False  # a message with findings is not sent at all (the user cannot let one through then)


def trust_of(backend: Backend, preset: AdminPreset) -> Trust:
    managed = preset.preset(backend.id)
    if managed is not None and managed.trust is not None:
        return managed.trust
    if managed is None and backend.trust is not None and not preset.locked("privacy"):
        return backend.trust
    return Trust.EXTERNAL if destination(backend, preset).external else Trust.INTERNAL


def action_for(trust: Trust, settings: Settings, preset: AdminPreset) -> Action:
    admins = preset.privacy_policy.get(trust, DEFAULT_POLICY[trust])
    return admins if preset.locked("privacy") else settings.privacy_policy.get(trust, admins)


def guard(
    backend: Backend, settings: Settings, preset: AdminPreset, exempt: frozenset[str] = frozenset()
) -> Guard | None:
    """How what is sent to `backend` is guarded; None when it goes out as typed (its level's action is off)."""
    action = action_for(trust_of(backend, preset), settings, preset)
    if action is Action.OFF:
        return None
    names = (*preset.privacy_names, *settings.privacy_names)
    return Guard(names, frozenset() if action is Action.BLOCK else exempt, block=action is Action.BLOCK)
