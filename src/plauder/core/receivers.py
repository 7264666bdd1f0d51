"""Which models the next message goes to: the header's destination, the privacy note, the context check and the
pictures' size limit all ask this, so that side by side (core/comparing.py) they speak of every model asked."""

from __future__ import annotations

from plauder.core.state import ChatState, Model


def receivers(state: ChatState) -> tuple[Model, ...]:
    """Every model compared, else the one selected (none while no model is chosen)."""
    selected = state.selected_model()
    return state.comparing or ((selected,) if selected else ())
