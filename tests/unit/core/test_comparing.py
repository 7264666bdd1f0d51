"""Models side by side (core/comparing.py): one question, one sibling answer per model, each asked of its own
backend under that backend's privacy policy; each ends on its own; picking one makes its branch current."""

from __future__ import annotations

from dataclasses import replace

from plauder.core import branching, comparing, tree, turns
from plauder.core.privacy.trust import Action as PrivacyAction
from plauder.core.privacy.trust import Trust
from plauder.core.records import Backend, BackendKind, MessageStatus, Role, Settings
from plauder.core.state import BUSY, ChatState, Step
from plauder.core.views import Action

LOCAL = Backend("local", "Local", BackendKind("openai"), "http://127.0.0.1:1/v1", fetched_models=("small", "big"))
CLOUD = Backend("cloud", "Cloud", BackendKind("openai"), "https://api.example.com/v1", fetched_models=("gpt",))
SETTINGS = Settings(backends=(LOCAL, CLOUD), default_backend_id="local", default_model="small")
MODELS = (("local", "small"), ("cloud", "gpt"), ("local", "big"))
NOW = 1_700_000_000_000.0


def compared(models: tuple[tuple[str, str], ...] = MODELS, settings: Settings = SETTINGS) -> ChatState:
    return comparing.compare_with(ChatState(settings), models).state


def ended(state: ChatState, answer_id: str, text: str, status: MessageStatus = MessageStatus.COMPLETE) -> Step:
    answer = replace(state.messages[answer_id], content=text, status=status)
    return turns.stream_ended(state, answer, NOW + 50)


def test_a_send_side_by_side_makes_one_sibling_answer_per_model_all_streaming() -> None:
    """Three models: the question and three answers are stored in one write, the answers siblings in the models'
    order (the switcher's `‹ n / 3 ›`), each with its model, each started with its backend and model."""
    step = turns.send(compared(), "Which is best?", NOW)
    state = step.state
    assert step.write is not None and step.clear_prompt
    question, *answers = step.write.messages
    assert question.role is Role.USER and question.content == "Which is best?"
    assert [a.parent_id for a in answers] == [question.id] * 3
    assert [m.id for m in tree.siblings(state.messages, answers[0].id)] == [a.id for a in answers]
    assert [a.model for a in answers] == ["small", "gpt", "big"]
    assert [(s.answer_id, s.model) for s in step.streams] == [(a.id, m) for a, m in zip(answers, MODELS, strict=True)]
    assert state.streaming == {a.id for a in answers} and state.busy
    assert [(c.backend_id, c.model) for c in state.side_by_side] == list(MODELS)
    assert state.current is not None and state.current.current_leaf == answers[0].id


def test_each_answer_ends_on_its_own_and_the_app_is_busy_until_the_last() -> None:
    state = turns.send(compared(), "Hi", NOW).state
    first, second, third = (c.answer_id for c in state.side_by_side)
    state = ended(state, second, "Done first").state
    assert state.streaming == {first, third} and state.busy
    assert state.messages[second].status is MessageStatus.COMPLETE
    state = ended(state, first, "Stopped", MessageStatus.STOPPED).state
    state = ended(state, third, "Last").state
    assert not state.busy and state.side_by_side  # the columns stay shown until one is picked


def test_continue_with_one_makes_its_branch_and_its_model_the_conversation_s() -> None:
    state = turns.send(compared(), "Hi", NOW).state
    for column in state.side_by_side:
        state = ended(state, column.answer_id, f"from {column.model}").state
    picked = state.side_by_side[1]
    step = comparing.continue_with(state, picked.answer_id)
    after = step.state
    assert after.current is not None and after.current.current_leaf == picked.answer_id
    assert (after.current.backend_id, after.current.model) == ("cloud", "gpt")
    assert after.side_by_side == () and after.comparing == ()
    assert step.write is not None and step.write.conversations == (after.current,)
    assert [m.content for m in after.visible_thread()] == ["Hi", "from gpt"]
    follow_up = turns.send(after, "More", NOW + 100)  # one model again: the picked one, on its branch
    assert follow_up.stream is not None and follow_up.stream.model is None and not follow_up.more_streams
    assert [m.content for m in follow_up.state.visible_thread()[:2]] == ["Hi", "from gpt"]


def test_continue_with_is_refused_while_an_answer_streams() -> None:
    state = turns.send(compared(), "Hi", NOW).state
    first = state.side_by_side[0].answer_id
    assert comparing.continue_with(state, first).notice == BUSY


def test_fewer_than_two_or_more_than_four_models_are_refused() -> None:
    state = ChatState(SETTINGS)
    five = (*MODELS, ("cloud", "gpt-2"), ("cloud", "gpt-3"))
    for models in (MODELS[:1], five):
        step = comparing.compare_with(state, models)
        assert step.state is state and step.notice == comparing.COUNT
    assert comparing.compare_with(state, MODELS[:2]).state.comparing == MODELS[:2]
    assert comparing.compare_with(compared(), ()).state.comparing == ()  # turned off
    assert comparing.compare_with(state, (MODELS[0], MODELS[0])).notice == comparing.COUNT  # the same one twice


def test_a_send_side_by_side_is_refused_while_an_answer_streams() -> None:
    busy = turns.send(compared(), "Hi", NOW).state
    refused = turns.send(busy, "Again", NOW + 1)
    assert refused.state is busy and refused.notice == BUSY and refused.write is None


def test_every_backend_s_policy_is_applied_one_that_blocks_keeps_the_message() -> None:
    """The cloud backend blocks findings: a message with an e-mail address is not sent to any of the models,
    and the notice names the cloud's host; without findings all three go."""
    blocking = replace(SETTINGS, privacy_policy={Trust.EXTERNAL: PrivacyAction.BLOCK})
    state = compared(settings=blocking)
    refused = turns.send(state, "Mail max@example.com", NOW)
    assert refused.write is None and refused.notice is not None and refused.notice.key == "privacy.blocked"
    assert refused.notice.params == {"host": "api.example.com"}
    assert len(turns.send(state, "No findings here", NOW).streams) == 3


def test_a_model_whose_backend_is_gone_refuses_the_send() -> None:
    state = compared((("local", "small"), ("gone", "x")))
    refused = turns.send(state, "Hi", NOW)
    assert refused.write is None and refused.notice is not None and refused.notice.key == "chat.choose_backend"


def test_leaving_or_switching_shows_one_answer_again() -> None:
    state = turns.send(compared(), "Hi", NOW).state
    for column in state.side_by_side:
        state = ended(state, column.answer_id, "x").state
    assert turns.new_chat(state).state.side_by_side == ()
    switched = branching.switch(state, state.side_by_side[2].answer_id).state
    assert switched.side_by_side == () and switched.comparing == MODELS  # the choice of models stays until off


def test_columns_offer_stop_while_streaming_and_continue_once_all_have_ended() -> None:
    """Each column is named by its model; a streaming one offers its own Stop; an ended one offers nothing while
    another streams, and "Continue with this" once none does. The question is the one above the columns."""
    state = turns.send(compared(), "Hi", NOW).state
    first, second, third = (c.answer_id for c in state.side_by_side)
    assert comparing.question_id(state) == state.messages[first].parent_id
    state = ended(state, second, "Done").state
    views = comparing.column_views("en", state)
    assert [v.author for v in views] == ["small", "gpt", "big"]
    assert [v.actions for v in views] == [(Action.STOP_ANSWER,), (), (Action.STOP_ANSWER,)]
    state = ended(ended(state, first, "a").state, third, "b").state
    assert [v.actions for v in comparing.column_views("en", state)] == [(Action.PICK,)] * 3
    assert comparing.question_id(comparing.continue_with(state, first).state) is None


def test_a_streaming_column_is_drawn_as_far_as_it_was_shown_not_as_last_saved() -> None:
    """One answer ends and every column is drawn again: the others keep the text shown so far (`live`), which the
    state holds only as last saved; an answer that ended is drawn as stored."""
    state = turns.send(compared(), "Hi", NOW).state
    first, second, _ = (c.answer_id for c in state.side_by_side)
    shown = {
        first: replace(state.messages[first], content="Shown so far"),
        second: replace(state.messages[second], content="Shown"),
    }
    state = ended(state, second, "Done").state
    texts = [view.text for view in comparing.column_views("en", state, live=shown)]
    assert texts == ["Shown so far", "Done", ""]
