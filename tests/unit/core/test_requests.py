"""What a conversation sends: its messages, parameters only when set, a title from the first words."""

from __future__ import annotations

from dataclasses import replace

from plauder.core import thread
from plauder.core.providers import ChatMessage
from plauder.core.records import Conversation, Generation, MessageStatus, Role
from plauder.core.requests import chat_request_for, parameters_from_form, thinking_budget_from_form, title_from


def two_turns() -> tuple[Conversation, list]:
    conv = Conversation("c", "t", 1.0, 1.0, backend_id="b", model="m", system_prompt="Be brief.", temperature=0.2)
    conv, q1, a1 = thread.send(conv, "First?", 2.0)
    a1 = replace(a1, content="One.", status=MessageStatus.COMPLETE)
    conv, q2, a2 = thread.send(conv, "Second?", 3.0)
    return conv, [q1, a1, q2, a2]


def test_fresh_answer_is_asked_for_and_not_sent() -> None:
    """The pending answer is what we ask for: the history ends with the question."""
    conv, path = two_turns()
    request = chat_request_for(conv, path, continuing=False)
    assert request.messages == (
        ChatMessage(Role.USER, "First?"),
        ChatMessage(Role.ASSISTANT, "One."),
        ChatMessage(Role.USER, "Second?"),
    )
    assert (request.model, request.system_prompt, request.temperature, request.max_tokens) == (
        "m",
        "Be brief.",
        0.2,
        None,
    )


def test_continuing_sends_the_partial_answer_last() -> None:
    conv, path = two_turns()
    path[-1] = replace(path[-1], content="Two", status=MessageStatus.STREAMING)
    assert chat_request_for(conv, path, continuing=True).messages[-1] == ChatMessage(Role.ASSISTANT, "Two")


def test_thinking_is_never_sent_back() -> None:
    """An earlier answer's thinking stays out of the history, also when the answer is continued."""
    conv, path = two_turns()
    path[1] = replace(path[1], reasoning="SECRET-THOUGHT", reasoning_ms=5.0)
    path[-1] = replace(path[-1], content="Two", reasoning="MORE-THOUGHT", status=MessageStatus.STOPPED)
    for continuing in (False, True):
        request = chat_request_for(conv, path, continuing=continuing)
        assert "THOUGHT" not in repr(request)
        assert [m.content for m in request.messages][:3] == ["First?", "One.", "Second?"]


def test_failed_empty_answers_are_left_out() -> None:
    """An earlier answer that failed before any text is no turn of the conversation."""
    conv, path = two_turns()
    path[1] = replace(path[1], content="", status=MessageStatus.ERROR)
    assert [m.content for m in chat_request_for(conv, path, continuing=False).messages] == ["First?", "Second?"]


def test_a_turn_of_pictures_is_not_sent_to_the_chat_model() -> None:
    """The prompt and the answer of pictures it got (core/picturing.py) were the image backend's business."""
    conv, path = two_turns()
    path[1] = replace(path[1], content="", generation=Generation("img", "flux"))
    assert [m.content for m in chat_request_for(conv, path, continuing=False).messages] == ["Second?"]


def test_parameters_from_form_leave_blank_and_invalid_to_the_server() -> None:
    assert parameters_from_form(" Hi ", "0.7", "256") == {"system_prompt": "Hi", "temperature": 0.7, "max_tokens": 256}
    assert parameters_from_form("", "", "abc") == {"system_prompt": "", "temperature": None, "max_tokens": None}
    assert parameters_from_form("", "-1", "0")["temperature"] is None
    assert [thinking_budget_from_form(text) for text in ("2048", "", "abc", "0", "-5")] == [
        2048,
        None,
        None,
        None,
        None,
    ]


def test_the_conversation_thinking_budget_goes_with_the_request() -> None:
    conv, path = two_turns()
    assert chat_request_for(conv, path, continuing=False).thinking_budget is None
    assert chat_request_for(replace(conv, thinking_budget=3000), path, continuing=False).thinking_budget == 3000


def test_title_is_the_first_words() -> None:
    assert (
        title_from("  Wie   geht es dir heute an diesem schönen Tag im Herbst? ")
        == "Wie geht es dir heute an diesem schönen"
    )
    assert title_from("x" * 100).endswith("…") and len(title_from("x" * 100)) == 60
