"""Models side by side (issue 17): one question asked of two to four models at once.

Their answers are siblings under the one question, as a regenerated answer's are, so the tree, the
`‹ n / m ›` switcher, search and export hold them with nothing new. Each answer is asked of its own
model through its own backend (`StartStream.model`), guarded by that backend's privacy policy. While
`ChatState.side_by_side` lists them the thread shows them next to each other; picking one makes its
branch the conversation's and its model the conversation's model. The columns are not stored: after a
reload the answers are siblings like any other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from plauder.core import thread, tree
from plauder.core.prices import NO_PRICES, PriceTable
from plauder.core.records import Conversation, Message, MessageStatus
from plauder.core.state import (
    CLEAR,
    EVERYTHING,
    ChatState,
    Column,
    Model,
    Notice,
    Part,
    StartStream,
    Step,
    Write,
    remember,
    unchanged,
    when_idle,
)
from plauder.core.views import Action, MessageView, message_view

FEWEST, MOST = 2, 4
COUNT = Notice("compare.count", {"fewest": FEWEST, "most": MOST})


def compare_with(state: ChatState, models: Sequence[Model]) -> Step:
    """The models the next messages go to side by side, kept until turned off (no models: off). Fewer than
    two or more than four are refused."""
    chosen = tuple(dict.fromkeys(models))
    if chosen and not FEWEST <= len(chosen) <= MOST:
        return unchanged(state, COUNT)
    return Step(replace(state, comparing=chosen), draw=frozenset({Part.PICKER}), notice=CLEAR)


def side_by_side(
    state: ChatState, conversation: Conversation, question: Message, first: Message, exempt: frozenset[str]
) -> Step:
    """`question` (with its first answer, from `thread.send`) asked of every model compared: one answer to fill
    per model, siblings in the models' order (one millisecond apart, the switcher's order), streamed at once."""
    models = state.comparing
    answers = [
        replace(
            first if index == 0 else thread.pending_answer(conversation, question.id, first.created_at + index),
            model=model,
        )
        for index, (_, model) in enumerate(models)
    ]
    columns = tuple(
        Column(answer.id, backend_id, answer.model or "")
        for answer, (backend_id, _) in zip(answers, models, strict=True)
    )
    starts = tuple(StartStream(a.id, exempt=exempt, model=m) for a, m in zip(answers, models, strict=True))
    messages = {**state.messages, **thread.by_id((question, *answers))}
    asked = replace(
        state, current=conversation, messages=messages, streaming=frozenset(a.id for a in answers), side_by_side=columns
    )
    return Step(
        remember(asked, conversation),
        write=Write(conversations=(conversation,), messages=(question, *answers)),
        draw=EVERYTHING,
        notice=CLEAR,
        stream=starts[0],
        more_streams=starts[1:],
        clear_prompt=True,
    )


@when_idle
def continue_with(state: ChatState, answer_id: str) -> Step:
    """Go on with one of the answers shown side by side: its branch becomes the conversation's, its model the
    conversation's model, and the thread shows one answer again (the others stay, as siblings)."""
    column = next((c for c in state.side_by_side if c.answer_id == answer_id), None)
    if column is None or state.current is None or answer_id not in state.messages:
        return unchanged(state)
    switched = tree.switch_branch(state.current, state.messages, answer_id)
    conversation = replace(switched, backend_id=column.backend_id, model=column.model)
    picked = replace(state, side_by_side=(), comparing=())
    return Step(
        remember(picked, conversation),
        write=Write(conversations=(conversation,)),
        draw=frozenset({Part.PICKER, Part.THREAD}),
        notice=CLEAR,
    )


def question_id(state: ChatState) -> str | None:
    """The question the answers shown side by side answer; None when one answer is shown."""
    first = state.messages.get(state.side_by_side[0].answer_id) if state.side_by_side else None
    return first.parent_id if first else None


def column_view(
    language: str, answer: Message, column: Column, busy: bool, prices: PriceTable = NO_PRICES
) -> MessageView:
    """An answer shown side by side, named by its model: Stop while it streams; once no answer streams, "Continue
    with this". The tree's actions and the switcher wait until one is picked (the columns are the switcher)."""
    view = message_view(language, answer, False, True, prices=prices)
    streaming = answer.status is MessageStatus.STREAMING
    actions = (Action.STOP_ANSWER,) if streaming else () if busy else (Action.PICK,)
    return replace(view, author=column.model, actions=actions)


def column_views(
    language: str, state: ChatState, prices: PriceTable = NO_PRICES, live: Mapping[str, Message] | None = None
) -> list[MessageView]:
    """The columns; a streaming answer as far as it is `live` (shown so far), since the state holds it only as last
    saved (turns.progressed): when one answer ends and all are drawn, the others must not go back in time."""
    live = live or {}
    return [
        column_view(
            language,
            live.get(c.answer_id, message) if c.answer_id in state.streaming else message,
            c,
            state.busy,
            prices,
        )
        for c in state.side_by_side
        if (message := state.messages.get(c.answer_id)) is not None
    ]
