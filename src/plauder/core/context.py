"""Whether the next request fits the model's context, as far as its server told the size (the model lists of
llama.cpp, vLLM and OpenRouter carry it; see core/providers). The request's size is the estimate of
core/tokens, so the check is as rough as the estimate: before sending it offers the user a choice (leave the
oldest messages out, start a new chat, or send anyway), never decides alone. What it compares is what servers refuse: llama.cpp answers 400 "exceed_context_size_error" when the
prompt alone is longer than the context, whatever room the answer would need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from plauder.core.draft import draft_request
from plauder.core.records import Role, Settings
from plauder.core.state import ChatState
from plauder.core.tokens import request_estimate


def context_size(settings: Settings, choice: tuple[str, str] | None) -> int | None:
    """The context size in tokens its server gave for the (backend id, model) chosen, or None if none did."""
    backend = settings.backend(choice[0]) if choice else None
    return backend.contexts.get(choice[1]) if backend and choice else None


@dataclass(frozen=True)
class Overflow:
    """A request that would not fit, and where the thread could start for it to fit."""

    tokens: int  # the request's estimate
    size: int  # what the model takes
    model: str
    start: str | None = None  # the earliest question of the thread from which the request fits; None: none does
    left_out: int = 0  # how many messages of the thread shown that start leaves out

    def params(self) -> dict[str, object]:
        return {"tokens": self.tokens, "size": self.size, "model": self.model, "count": self.left_out}


def overflow(state: ChatState, text: str, now_ms: float) -> Overflow | None:
    """How the request for `text` (with the history, system prompt and files) overflows the chosen model's
    context; None when it fits or no size is known (then nothing is counted).

    The cut is searched at questions only, so the model never reads an answer without what it answered, and
    never past the last exchange: a question that does not fit alone is for a new chat (or a larger model).
    """
    choice = state.selected_model()
    size = context_size(state.settings, choice)
    if size is None or choice is None:
        return None
    needed = request_estimate(draft_request(state, text, now_ms))
    if needed <= size:
        return None
    over = Overflow(needed, size, choice[1])
    current = state.current
    if current is None:
        return over
    shown = state.visible_thread()
    first = next((index for index, message in enumerate(shown) if message.id == current.context_from), 0)
    questions = [index for index, message in enumerate(shown) if message.role is Role.USER and index > first]

    def fits(index: int) -> bool:
        cut = replace(state, current=replace(current, context_from=shown[index].id))
        return request_estimate(draft_request(cut, text, now_ms)) <= size

    fitting = _first(questions, fits)  # a later start sends less: the first that fits is found by halving
    return replace(over, start=shown[fitting].id, left_out=fitting) if fitting is not None else over


def _first(candidates: list[int], fits: Callable[[int], bool]) -> int | None:
    """The first of the ascending `candidates` for which `fits` holds, where it holds for all after it too."""
    low, high = 0, len(candidates)
    while low < high:
        middle = (low + high) // 2
        if fits(candidates[middle]):
            high = middle
        else:
            low = middle + 1
    return candidates[low] if low < len(candidates) else None
