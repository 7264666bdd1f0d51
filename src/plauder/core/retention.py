"""Retention: conversations without activity for N days are deleted, automatically, at the start and daily.

The days come from the user's settings over the admin's default, the admin's alone when the admin locked
"retention". Activity is a conversation's `updated_at` (a new or changed message; renaming, moving or
pinning is not activity, core/organizing.py), the same date the list is ordered and headed by. A pinned
conversation is kept, and so is the open one (it may stream, or be a temporary chat, which is never
stored anyway). Everything due goes in one write, whose deleted conversations take their messages (and
so their attachments) with them; there is no undo, and the notice says how many went.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from plauder.core.admin import AdminPreset
from plauder.core.records import Conversation, Settings
from plauder.core.state import ChatState, Notice, Part, Step, Write, unchanged

DAY_MS = 24 * 60 * 60 * 1000
MAX_DAYS = 36_500  # a hundred years: more reads as a typo, and the arithmetic stays small


def retention_days(settings: Settings, preset: AdminPreset) -> int | None:
    """The days in force, or None when nothing is deleted: the user's (0 is their "off") over the admin's."""
    if preset.locked("retention") or settings.retention_days is None:
        return preset.retention_days
    return settings.retention_days or None


def typed_days(text: str) -> int | None:
    """The days typed in Settings: a whole number from 1 to MAX_DAYS, 0 for an empty box ("never"), else None."""
    typed = text.strip()
    if not typed:
        return 0
    days = int(typed) if typed.isascii() and typed.isdigit() else 0
    return days if 1 <= days <= MAX_DAYS else None


def due(conversations: Iterable[Conversation], now_ms: float, days: int | None, open_id: str | None) -> list[str]:
    """The ids of the conversations to delete: untouched for `days` days or more, neither pinned nor open."""
    if days is None:
        return []
    cutoff = now_ms - days * DAY_MS
    return [c.id for c in conversations if c.updated_at <= cutoff and not c.pinned and c.id != open_id]


def expire(state: ChatState, preset: AdminPreset, now_ms: float) -> Step:
    """Delete what is due, in one write, and say how many (nothing due: nothing happens, nothing is said)."""
    days = retention_days(state.settings, preset)
    doomed = due(state.conversations, now_ms, days, state.current.id if state.current else None)
    if not doomed:
        return unchanged(state)
    gone = frozenset(doomed)
    kept = replace(state, conversations=tuple(c for c in state.conversations if c.id not in gone))
    count = len(doomed)
    notice = Notice("retention.deleted_one" if count == 1 else "retention.deleted_many", {"count": count})
    return Step(kept, write=Write(delete_conversations=tuple(doomed)), draw=frozenset({Part.SIDEBAR}), notice=notice)
