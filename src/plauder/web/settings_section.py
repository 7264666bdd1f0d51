"""What the sections of settings that edit part of the user's Settings share (Privacy, Prices, Prompts,
the automatic deletion in Storage): the texts, the admin's preset over them, the settings as they are now,
and the way to store changed ones. Each section wires its own elements in `_wire`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from plauder.core.admin import AdminPreset
from plauder.core.records import Settings


class SettingsSection:
    def __init__(
        self,
        translate: Callable[..., str],
        preset: AdminPreset,
        current: Callable[[], Settings],
        on_change: Callable[[Settings], Awaitable[bool]],
    ) -> None:
        """`current` gives the settings as they are now; `on_change` stores changed ones and says whether
        that worked (the section then says so)."""
        self._t = translate
        self._preset = preset
        self._current = current
        self._on_change = on_change
        self._wire()

    def _wire(self) -> None:
        """Find the section's elements and listen to them."""
