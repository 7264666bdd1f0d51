"""The summary of what is left out to fit the context: the side request, the answer read, and where it is sent."""

from __future__ import annotations

from dataclasses import replace

from plauder.core import thread, turns
from plauder.core.privacy.outgoing import outgoing_summary
from plauder.core.privacy.policy import Guard
from plauder.core.records import Backend, BackendKind, Conversation, MessageStatus, Role, Settings
from plauder.core.requests import SUMMARY_NOTE, chat_request_for
from plauder.core.state import ChatState
from plauder.core.summaries import EARLIER_SUMMARY, ROOM_TOKENS, SUMMARY_MAX_TOKENS, clean_summary, summary_request
from plauder.core.tokens import CHARS_PER_TOKEN
from plauder.core.views import thread_views

NOW = 1_700_000_000_000.0
BACKEND = Backend("b", "llama.cpp", BackendKind("openai"), "http://127.0.0.1:8080/v1", fetched_models=("smol",))


def talked(exchanges: int, chars: int = 80) -> ChatState:
    conversation = Conversation("c", "Talk", NOW, NOW, backend_id="b", model="smol", system_prompt="Be brief.")
    messages = {}
    for number in range(exchanges):
        conversation, question, answer = thread.send(conversation, f"{number}" + "q" * chars, NOW + 2 * number)
        answer = replace(answer, content=f"{number}" + "a" * chars, status=MessageStatus.COMPLETE)
        messages |= {question.id: question, answer.id: answer}
    settings = Settings(backends=(BACKEND,), default_backend_id="b", default_model="smol")
    return ChatState(settings, conversations=(conversation,), current=conversation, messages=messages)


def test_the_request_asks_the_same_model_in_the_users_language_with_the_messages_in_order() -> None:
    state = talked(2)
    assert state.current is not None
    request = summary_request(state.current, state.visible_thread(), "de", 8192)
    assert request.model == "smol" and request.max_tokens == SUMMARY_MAX_TOKENS and not request.system_prompt
    assert [m.content[:1] for m in request.messages[:-1]] == ["0", "0", "1", "1"]
    assert "in German" in request.messages[-1].content and request.messages[-1].role is Role.USER


def test_what_does_not_fit_the_model_is_cut_from_the_oldest_end_and_an_earlier_summary_rolls_on() -> None:
    """A context that leaves 1,200 characters beside the answer and the instruction: the newest messages whole."""
    state = talked(10, chars=299)  # 300 characters a message
    assert state.current is not None
    size = 1200 // CHARS_PER_TOKEN + SUMMARY_MAX_TOKENS + ROOM_TOKENS
    texts = [m.content for m in summary_request(state.current, state.visible_thread(), "en", size).messages[:-1]]
    assert [t[:1] for t in texts] == ["8", "8", "9", "9"] and sum(map(len, texts)) == 1200
    smaller = summary_request(state.current, state.visible_thread(), "en", size - 50).messages[:-1]
    assert [len(m.content) for m in smaller] == [100, 300, 300, 300]  # the oldest kept loses its start
    assert smaller[0].content == "q" * 100
    rolled = summary_request(
        replace(state.current, context_summary="They met."), state.visible_thread()[:2], "en", 8192
    )
    assert rolled.messages[0].content == EARLIER_SUMMARY + "They met."


def test_the_answer_loses_its_thinking_and_an_empty_one_is_none() -> None:
    assert clean_summary("<think>hm</think>\n They met on Monday. ") == "They met on Monday."
    assert clean_summary("  ") is None and clean_summary("<think>still thinking") is None


def test_the_summary_ends_the_system_prompt_of_requests_from_the_cut_on_and_is_undone_with_it() -> None:
    state = talked(3)
    shown = state.visible_thread()
    cut = turns.send_from(state, shown[2].id, "They said hello.").state
    assert cut.current is not None
    request = chat_request_for(cut.current, shown, continuing=False)
    assert request.system_prompt == "Be brief.\n\n" + SUMMARY_NOTE + "They said hello."
    assert len(request.messages) == 3
    assert Conversation.from_record(cut.current.to_record()) == cut.current
    elsewhere = chat_request_for(replace(cut.current, context_from="elsewhere"), shown, continuing=False)
    assert elsewhere.system_prompt == "Be brief." and len(elsewhere.messages) == 5  # another branch: all, no summary
    views = thread_views("en", cut.messages, shown, busy=False, start=shown[2].id, summary="They said hello.")
    assert views[2].cut.endswith("it gets a summary of them instead.") and views[2].summary == "They said hello."
    assert views[2].resend
    again = turns.send_from(cut, None).state
    assert again.current is not None and (again.current.context_from, again.current.context_summary) == (None, "")


def test_a_new_chat_can_begin_with_the_summary_on_the_same_model() -> None:
    step = turns.continued(talked(2), "They met.", ("b", "smol"), NOW + 100)
    fresh = step.state.current
    assert fresh is not None and fresh.context_summary == "They met." and fresh.id != "c"
    assert (fresh.backend_id, fresh.model, fresh.title, step.state.messages) == ("b", "smol", "", {})
    assert step.write is None  # stored with its first message
    sent = turns.send(step.state, "Go on", NOW + 200)
    assert sent.write is not None and sent.write.conversations[0].context_summary == "They met."
    question = sent.write.messages[0]
    request = chat_request_for(sent.write.conversations[0], [question, *sent.write.messages[1:]], continuing=False)
    assert request.system_prompt == SUMMARY_NOTE + "They met."
    views = thread_views("en", {question.id: question}, [question], busy=False, summary="They met.")
    assert views[0].cut.startswith("This chat begins with a summary") and not views[0].resend


def test_the_summary_request_is_redacted_like_any_other_and_restores() -> None:
    state = talked(1)
    assert state.current is not None
    question = state.visible_thread()[0]
    messages = [replace(question, content="Mail anna@example.com please")]
    request = summary_request(state.current, messages, "en", 8192)
    sent = outgoing_summary(request, state.current, Guard())
    assert "anna@example.com" not in str(sent.request) and "[EMAIL_1]" in sent.request.messages[0].content
    assert sent.redactions.to_record() and not sent.blocked
    assert outgoing_summary(request, state.current, Guard(block=True)).blocked
    assert outgoing_summary(request, state.current, None).request == request
