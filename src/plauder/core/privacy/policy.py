"""Which backends get redacted messages: today, exactly those the header marks external.

One pure decision, so trust levels per backend and the admin's locks (issue 16) change it here
and nowhere else.
"""

from __future__ import annotations

from plauder.core.admin import AdminPreset
from plauder.core.destination import destination
from plauder.core.records import Backend


def redacts(backend: Backend, preset: AdminPreset) -> bool:
    """True when what is sent to `backend` has its findings replaced: it is outside the user's networks."""
    return destination(backend, preset).external
