"""Whether the next request fits the model's context, as far as its server told the size (the model lists of
llama.cpp, vLLM and OpenRouter carry it; see core/providers). The request's size is the estimate of
core/tokens, so the check is as rough as the estimate: before sending it offers the user a choice (leave the
oldest messages out, start a new chat, or send anyway), never decides alone. What it compares is what servers refuse: llama.cpp answers 400 "exceed_context_size_error" when the
prompt alone is longer than the context, whatever room the answer would need."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from plauder.core.draft import draft_request
from plauder.core.http_errors import ErrorKind
from plauder.core.providers.types import ChatRequest
from plauder.core.receivers import receivers
from plauder.core.records import Conversation, Message, Role, Settings
from plauder.core.requests import chat_request_for
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


def holding_summary(state: ChatState, summary: str | None) -> ChatState:
    """`state` as if the open conversation held `summary` of what is left out (None: as it is): a summary takes
    room in every request it goes with, so the cut that makes room for it lies later."""
    if summary is None or state.current is None:
        return state
    return replace(state, current=replace(state.current, context_summary=summary))


def overflow(state: ChatState, text: str, now_ms: float, summary: str | None = None) -> Overflow | None:
    """How the request for `text` (with the history, system prompt and files) overflows the context of the model it
    goes to (side by side: the smallest of theirs); None when it fits or no size is known (then nothing is counted).
    With `summary`, as it would be with that summary of what is left out."""
    state = holding_summary(state, summary)
    known = ((context_size(state.settings, choice), choice[1]) for choice in receivers(state))
    sizes = [(size, model) for size, model in known if size is not None]
    if not sizes:
        return None
    size, model = min(sizes)  # side by side, what fits the smallest context fits every one
    needed = request_estimate(draft_request(state, text, now_ms))
    if needed <= size:
        return None
    over = Overflow(needed, size, model)
    if state.current is None:
        return over
    return _cut(over, state.current, state.visible_thread(), lambda cut: draft_request(cut, text, now_ms), state)


def refused(state: ChatState, answer_id: str, summary: str | None = None) -> Overflow | None:
    """The overflow of a last answer that its server refused as too long (core/http_errors.py), at the size the
    refusal named: a cut that would let the same question be asked again (with `summary`, as in `overflow`);
    None without such a refusal."""
    state = holding_summary(state, summary)
    answer, current = state.messages.get(answer_id), state.current
    size = (
        answer.error.params.get("size") if answer and answer.error and answer.error.kind == ErrorKind.CONTEXT else None
    )
    shown = state.visible_thread()
    if current is None or not isinstance(size, int) or not shown or shown[-1].id != answer_id:
        return None

    def request_for(cut: ChatState) -> ChatRequest:
        conversation = cut.current or current
        return chat_request_for(conversation, shown, continuing=False)

    over = Overflow(request_estimate(request_for(state)), size, answer.model if answer and answer.model else "")
    # With a summary, the question may go with it alone: the summary carries what came before.
    return _cut(over, current, shown[:-1] if summary else shown[:-2], request_for, state)


def _cut(
    over: Overflow,
    current: Conversation,
    earlier: Sequence[Message],
    request_for: Callable[[ChatState], ChatRequest],
    state: ChatState,
) -> Overflow:
    """`over` with the earliest question of `earlier` (the thread before the question asked) from which the request
    fits. The cut is searched at questions only, so the model never reads an answer without what it answered, and
    never past the last exchange: a question that does not fit with one exchange before it is for a new chat."""
    first = next((index for index, message in enumerate(earlier) if message.id == current.context_from), 0)
    questions = [index for index, message in enumerate(earlier) if message.role is Role.USER and index > first]

    def fits(index: int) -> bool:
        cut = replace(state, current=replace(current, context_from=earlier[index].id))
        return request_estimate(request_for(cut)) <= over.size

    fitting = _first(questions, fits)  # a later start sends less: the first that fits is found by halving
    return replace(over, start=earlier[fitting].id, left_out=fitting) if fitting is not None else over


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
