"""What would not fit the model's context (as its server reported the size), and where the thread is cut to fit."""

from __future__ import annotations

from dataclasses import replace

from plauder.core import thread, turns
from plauder.core.admin import AdminPreset, PresetBackend, apply_preset
from plauder.core.context import Overflow, context_size, overflow, refused
from plauder.core.draft import draft_request
from plauder.core.records import Attachment, Backend, BackendKind, Conversation, ErrorInfo, MessageStatus, Settings
from plauder.core.requests import chat_request_for
from plauder.core.state import ChatState, Part
from plauder.core.tokens import MESSAGE_TOKENS, REPLY_TOKENS
from plauder.core.views import Action, thread_views

NOW = 1_700_000_000_000.0
LLAMA = Backend("b", "llama.cpp", BackendKind("openai"), "http://127.0.0.1:8080/v1", fetched_models=("smol", "big"))
SIZED = Settings(backends=(replace(LLAMA, contexts={"smol": 100}),), default_backend_id="b", default_model="smol")


def test_the_size_is_the_one_the_server_gave_for_the_chosen_model() -> None:
    assert context_size(SIZED, ("b", "smol")) == 100
    assert context_size(SIZED, ("b", "big")) is None  # the server said nothing of it
    assert context_size(SIZED, ("gone", "smol")) is None and context_size(SIZED, None) is None


def test_a_message_that_does_not_fit_is_found_one_that_fits_is_not() -> None:
    """388 characters is 97 tokens, with the markers 104: over 100. 360 characters (90 + 7) fit. A new chat has no
    history to leave out."""
    state = ChatState(SIZED)
    assert overflow(state, "x" * 360, NOW) is None
    assert 388 // 4 + MESSAGE_TOKENS + REPLY_TOKENS == 104
    over = overflow(state, "x" * 388, NOW)
    assert over == Overflow(104, 100, "smol")
    assert over.params() == {"tokens": 104, "size": 100, "model": "smol", "count": 0}


def test_files_count_and_no_size_means_no_overflow() -> None:
    """The attached files go with the message, so they count; a model without a known size is never warned about."""
    with_file = ChatState(SIZED, attachments=(Attachment("a.txt", 400, "text/plain", "y" * 400),))
    assert overflow(with_file, "Hi", NOW) is not None
    unsized = ChatState(replace(SIZED, default_model="big"))
    assert overflow(unsized, "x" * 100_000, NOW) is None


def test_side_by_side_the_smallest_context_of_the_models_asked_counts() -> None:
    """Compared with a model of 1,000 tokens, the selected one of 100 still decides: the message goes to both."""
    roomy = replace(LLAMA, id="r", contexts={"big": 1000})
    settings = replace(SIZED, backends=(*SIZED.backends, roomy))
    state = ChatState(settings, comparing=(("r", "big"), ("b", "smol")))
    assert overflow(state, "x" * 388, NOW) == Overflow(104, 100, "smol")
    assert overflow(replace(state, comparing=(("r", "big"), ("b", "big"))), "x" * 388, NOW) is None


def talked(exchanges: int, chars: int = 80) -> ChatState:
    """An open conversation of `exchanges` questions and answers of `chars` characters each (20 tokens + 4)."""
    conversation = Conversation("c", "Talk", NOW, NOW, backend_id="b", model="smol")
    messages = {}
    for number in range(exchanges):
        conversation, question, answer = thread.send(conversation, "q" * chars, NOW + 2 * number)
        answer = replace(answer, content="a" * chars, status=MessageStatus.COMPLETE)
        messages |= {question.id: question, answer.id: answer}
    return ChatState(SIZED, conversations=(conversation,), current=conversation, messages=messages)


def test_the_cut_is_the_earliest_question_from_which_the_request_fits() -> None:
    """Ten exchanges of 24 tokens a message, and a question of 24: 507 tokens, over 100. From the 9th question on
    the request is 4 messages + 1 + 3 = 123, still over; from the 10th, 2 + 1: 75, which fits."""
    state = talked(10)
    over = overflow(state, "q" * 80, NOW + 100)
    shown = state.visible_thread()
    assert over is not None and over.start == shown[18].id and over.left_out == 18
    cut = turns.send_from(state, over.start)
    assert cut.state.current is not None and cut.state.current.context_from == shown[18].id
    assert cut.write is not None and cut.write.conversations == (cut.state.current,)
    assert cut.draw == frozenset({Part.THREAD})
    assert overflow(cut.state, "q" * 80, NOW + 100) is None  # what is sent now fits
    request = draft_request(cut.state, "q" * 80, NOW + 100)
    assert [m.content[:1] for m in request.messages] == ["q", "a", "q"]


def test_no_cut_is_offered_when_even_the_last_exchange_does_not_fit() -> None:
    over = overflow(talked(3, chars=200), "q" * 80, NOW + 100)
    assert over is not None and over.start is None and over.left_out == 0


def test_the_cut_is_stored_sent_shown_and_undone() -> None:
    state = talked(3)
    shown = state.visible_thread()
    cut = turns.send_from(state, shown[2].id).state
    assert cut.current is not None
    assert Conversation.from_record(cut.current.to_record()) == cut.current
    assert state.current is not None and "context_from" not in state.current.to_record()  # old records stay
    sent = chat_request_for(cut.current, shown, continuing=False)
    assert len(sent.messages) == 3  # from the second question on, less the answer asked for
    elsewhere = replace(cut.current, context_from="not-on-this-branch")
    assert len(chat_request_for(elsewhere, shown, continuing=False).messages) == 5  # a cut on another branch: all
    views = thread_views("en", cut.messages, shown, busy=False, start=shown[2].id)
    assert [view.cut for view in views][:3] == [
        "",
        "",
        "The 2 messages above are not sent to the model, so that the conversation fits its context.",
    ]
    again = turns.send_from(cut, None).state
    assert again.current is not None and again.current.context_from is None
    assert turns.send_from(again, None).write is None  # nothing to undo


def test_a_new_chat_can_keep_the_model() -> None:
    fresh = turns.new_chat(talked(1), ("b", "big")).state
    assert fresh.current is None and fresh.selected_model() == ("b", "big")


def test_an_admins_backend_keeps_the_sizes_fetched_with_its_models() -> None:
    preset = AdminPreset(backends=(PresetBackend("admin-l", "L", BackendKind("openai"), "http://l/v1", ("smol",)),))
    fetched = Settings(
        backends=(
            Backend(
                "admin-l",
                "L",
                BackendKind("openai"),
                "http://l/v1",
                contexts={"smol": 8},
            ),
        )
    )
    assert apply_preset(fetched, preset).backends[0].contexts == {"smol": 8}


def test_backend_records_keep_the_sizes_and_drop_what_is_no_size() -> None:
    sized = replace(LLAMA, contexts={"smol": 2048})
    assert Backend.from_record(sized.to_record()) == sized
    assert "contexts" not in LLAMA.to_record()  # records of servers that tell no size stay as they were
    odd = {**sized.to_record(), "contexts": {"a": True, "b": -1, "c": 5, "d": "big"}}
    assert Backend.from_record(odd).contexts == {"c": 5}


def test_an_answer_refused_for_length_offers_the_cut_that_lets_it_be_asked_again() -> None:
    """Four exchanges, the last answer refused by a server of 100 tokens: from the third question on the request
    is 24 * 3 + 3 = 75 and fits; from the second, 123 does not. The answer offers Fit; others do not."""
    state = talked(4)
    shown = state.visible_thread()
    error = ErrorInfo("context", "error.context", {"status": 400, "size": 100})
    failed = replace(shown[-1], content="", status=MessageStatus.ERROR, error=error)
    state = replace(state, messages={**state.messages, failed.id: failed})
    over = refused(state, failed.id)
    assert over is not None and (over.start, over.left_out, over.size) == (shown[4].id, 4, 100)
    assert refused(state, shown[-3].id) is None  # not the last answer
    views = thread_views("en", state.messages, state.visible_thread(), busy=False)
    assert Action.FIT in views[-1].actions and all(Action.FIT not in view.actions for view in views[:-1])
    unsized = replace(failed, error=replace(error, params={"status": 400}))
    assert refused(replace(state, messages={**state.messages, failed.id: unsized}), failed.id) is None
    assert Action.FIT not in thread_views("en", state.messages, [*shown[:-1], unsized], busy=False)[-1].actions


def test_a_summary_takes_room_so_the_cut_made_with_it_lies_later() -> None:
    """The refused answer of four exchanges at 100 tokens: without a summary the cut keeps one exchange before the
    question (75 tokens); a summary of 20 tokens (and its note) leaves room for the question alone, with it."""
    state = talked(4)
    shown = state.visible_thread()
    error = ErrorInfo("context", "error.context", {"status": 400, "size": 100})
    failed = replace(shown[-1], content="", status=MessageStatus.ERROR, error=error)
    state = replace(state, messages={**state.messages, failed.id: failed})
    plain, summed = refused(state, failed.id), refused(state, failed.id, "s" * 80)
    assert plain is not None and summed is not None
    assert (plain.start, summed.start) == (shown[4].id, shown[6].id)
    without, summarized = overflow(state, "q" * 80, NOW + 100), overflow(state, "q" * 80, NOW + 100, "s" * 80)
    assert without is not None and summarized is not None and summarized.tokens > without.tokens  # it counts
