"""Whether the next request fits the model's context, as far as its server told the size (the model lists of
llama.cpp, vLLM and OpenRouter carry it; see core/providers). The request's size is the estimate of
core/tokens, so the check is as rough as the estimate: it warns before sending and leaves the choice to the
user. What it compares is what servers refuse: llama.cpp answers 400 "exceed_context_size_error" when the
prompt alone is longer than the context, whatever room the answer would need."""

from __future__ import annotations

from plauder.core.draft import draft_request
from plauder.core.records import Settings
from plauder.core.state import ChatState, Notice
from plauder.core.tokens import request_estimate


def context_size(settings: Settings, choice: tuple[str, str] | None) -> int | None:
    """The context size in tokens its server gave for the (backend id, model) chosen, or None if none did."""
    backend = settings.backend(choice[0]) if choice else None
    return backend.contexts.get(choice[1]) if backend and choice else None


def context_warning(state: ChatState, text: str, now_ms: float) -> Notice | None:
    """A warning when the request for `text` (with the history, system prompt and files) would not fit the
    chosen model's context; None when it fits or no size is known (then nothing is counted)."""
    choice = state.selected_model()
    size = context_size(state.settings, choice)
    if size is None or choice is None:
        return None
    needed = request_estimate(draft_request(state, text, now_ms))
    return Notice("context.over", {"tokens": needed, "size": size, "model": choice[1]}) if needed > size else None
