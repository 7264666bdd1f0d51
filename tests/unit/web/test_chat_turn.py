"""A whole chat turn under CPython: the shell with fake storage, network and screen (tests/unit/web/fakes.py).

Each test drives the shell as the page does (send, stop, the answer's buttons) and checks what is
stored and shown: the order "store first, then show", and that nothing typed or received is lost.
"""

from __future__ import annotations

import asyncio

from plauder.core import turns
from plauder.core.http_errors import ErrorKind
from plauder.core.providers import Finished, TextDelta
from plauder.core.records import Message, MessageStatus, Role, Settings
from plauder.core.requests import title_from
from plauder.core.views import Action
from tests.unit.web.fakes import Rig, Script, rig, run


def words(*texts: str) -> list[list[TextDelta]]:
    return [[TextDelta(text)] for text in texts]


def answer_script(*texts: str) -> Script:
    return Script([*words(*texts), [Finished("stop")]])


def send(r: Rig, text: str) -> None:
    run(r.shell.run(turns.send, text, r.clock()))


def stored_answers(r: Rig) -> list[Message]:
    return sorted((m for m in r.storage.messages.values() if m.role is Role.ASSISTANT), key=lambda m: m.created_at)


def test_send_stores_the_question_streams_the_answer_and_stores_it_whole() -> None:
    """The question and an empty answer are stored before anything is drawn; chunks are drawn as they come;
    the finished answer is stored complete and the app is no longer busy."""
    r = rig(scripts=[answer_script("Hel", "lo", "!")])
    send(r, "  Hi there  ")
    (conversation,) = r.storage.conversations.values()
    assert conversation.title == title_from("Hi there")
    question, answer = sorted(r.storage.messages.values(), key=lambda m: m.role != Role.USER)
    assert question.content == "Hi there" and answer.content == "Hello!"
    assert answer.status is MessageStatus.COMPLETE and answer.finish_reason == "stop"
    assert r.screen.progress == ["Hel", "Hello", "Hello!", "Hello!"]
    assert r.screen.prompt_cleared == 1 and r.screen.answers_done == 1
    assert not r.shell.state.busy and r.shell.state.current == conversation
    assert r.transport.requests[0].messages[-1].content == "Hi there"


def test_a_refused_write_keeps_the_typed_message_and_sends_nothing() -> None:
    """A full disk: the message stays in the box (the prompt is not cleared), the notice says the disk is full, no
    request."""
    r = rig(scripts=[answer_script("never")])
    r.storage.refuse = True
    send(r, "Keep me")
    assert r.screen.prompt_cleared == 0 and r.transport.requests == []
    assert r.screen.notices[-1].key == "storage.full" and r.screen.notices[-1].params == {
        "detail": "QuotaExceededError"
    }
    assert r.shell.state.current is None and not r.shell.state.busy


def test_no_backend_says_so_and_keeps_the_message() -> None:
    r = rig(settings=Settings())
    send(r, "Hello?")
    assert r.screen.last_notice == "shell.no_backend" and r.screen.prompt_cleared == 0
    assert r.storage.writes == 0


def test_stop_keeps_the_text_so_far_marked_stopped() -> None:
    hold = asyncio.Event()
    r = rig(scripts=[Script([*words("One ", "two ", "three"), [Finished("stop")]], hold=hold)])

    async def scenario() -> None:
        turn = asyncio.ensure_future(r.shell.run(turns.send, "Count", r.clock()))
        hold.set()
        while len(r.screen.progress) < 2:
            await asyncio.sleep(0)
        r.shell.stop()
        await turn

    run(scenario())
    (answer,) = stored_answers(r)
    assert answer.status is MessageStatus.STOPPED and answer.content.startswith("One two")
    assert not r.shell.state.busy


def test_an_error_mid_stream_keeps_the_partial_answer_and_retry_asks_again_as_a_sibling() -> None:
    r = rig(scripts=[Script(words("Half an "), fail=ErrorKind.NETWORK), answer_script("Whole answer")])
    send(r, "Tell me")
    (broken,) = stored_answers(r)
    assert broken.status is MessageStatus.INTERRUPTED and broken.content == "Half an "
    assert broken.error is not None and broken.error.kind == ErrorKind.NETWORK

    run(r.shell.run(turns.answer_again, Action.RETRY, broken.id, r.clock()))
    old, fresh = stored_answers(r)
    assert old == broken  # the partial text stays in the tree
    assert fresh.parent_id == broken.parent_id and fresh.content == "Whole answer"
    assert r.shell.state.current is not None and r.shell.state.current.current_leaf == fresh.id


def test_a_failure_before_any_text_is_retried_in_place() -> None:
    r = rig(scripts=[Script([], fail=ErrorKind.AUTH), answer_script("Now it works")])
    send(r, "Hello")
    (failed,) = stored_answers(r)
    assert failed.status is MessageStatus.ERROR and failed.content == ""
    run(r.shell.run(turns.answer_again, Action.RETRY, failed.id, r.clock()))
    (answer,) = stored_answers(r)
    assert answer.id == failed.id and answer.content == "Now it works" and answer.error is None


def test_regenerate_adds_a_sibling_and_continue_appends() -> None:
    no_title = Script([], fail=ErrorKind.SERVER)  # the side request for a title after an only answer
    r = rig(scripts=[Script([*words("Short")]), no_title, answer_script("Other"), no_title, answer_script(" and more")])
    send(r, "Go")
    (first,) = stored_answers(r)
    run(r.shell.run(turns.answer_again, Action.REGENERATE, first.id, r.clock()))
    first_again, second = stored_answers(r)
    assert first_again.content == "Short" and second.content == "Other" and second.parent_id == first.parent_id

    run(r.shell.run(turns.answer_again, Action.CONTINUE, second.id, r.clock()))
    assert r.storage.messages[second.id].content == "Other and more"
    continued = r.transport.requests[4]  # (a title request follows each only answer)
    assert continued.messages[-1].role is Role.ASSISTANT and continued.messages[-1].content == "Other"


def test_a_page_closed_mid_stream_leaves_the_partial_answer_stored() -> None:
    """Throttled saves store the answer while it streams; if the page goes, the record read back is interrupted."""
    r = rig(scripts=[Script(words("a", "b", "c", "d"), hang_after=3)], clock_step=600.0)

    async def scenario() -> None:
        turn = asyncio.ensure_future(r.shell.run(turns.send, "Stream", r.clock()))
        while len(r.screen.progress) < 3:
            await asyncio.sleep(0)
        for _ in range(5):
            await asyncio.sleep(0)  # the save scheduled with the last chunk lands
        turn.cancel()  # the page closes

    run(scenario())
    (answer,) = stored_answers(r)
    assert answer.status is MessageStatus.STREAMING and answer.content in {"ab", "abc"}
    assert Message.from_record(answer.to_record()).status is MessageStatus.INTERRUPTED


def test_two_quick_sends_store_both_questions_and_the_second_is_refused_while_busy() -> None:
    """The second Enter comes while the first answer streams: it is refused with a notice and its text
    stays in the box; nothing of the first turn is overwritten."""
    hold = asyncio.Event()
    r = rig(scripts=[Script([*words("First answer"), [Finished("stop")]], hold=hold)])

    async def scenario() -> None:
        first = asyncio.ensure_future(r.shell.run(turns.send, "First", r.clock()))
        second = asyncio.ensure_future(r.shell.run(turns.send, "Second", r.clock()))
        await asyncio.sleep(0.01)
        hold.set()
        await asyncio.gather(first, second)

    run(scenario())
    assert [m.content for m in r.storage.messages.values() if m.role is Role.USER] == ["First"]
    assert r.screen.last_notice == "chat.busy" or "chat.busy" in [n.key for n in r.screen.notices]
    assert r.screen.prompt_cleared == 1
    (answer,) = stored_answers(r)
    assert answer.content == "First answer" and answer.status is MessageStatus.COMPLETE


def test_the_first_answer_brings_a_title_unless_the_user_renamed_meanwhile() -> None:
    r = rig(scripts=[answer_script("Paris."), answer_script('"Capital Of France"')])

    async def scenario() -> None:
        await r.shell.run(turns.send, "What is the capital of France?", r.clock())
        await asyncio.gather(*r.shell._titles)

    run(scenario())
    (conversation,) = r.storage.conversations.values()
    assert conversation.title == "Capital Of France"
    assert r.shell.state.current is not None and r.shell.state.current.title == "Capital Of France"


def test_the_title_is_asked_for_in_the_language_shown_and_arrives_tidied() -> None:
    """A German UI asks for a German title; a shouted answer is written in sentence case."""
    r = rig(scripts=[answer_script("Paris."), answer_script("TITEL: HAUPTSTADT VON FRANKREICH.")])
    r.screen.language = "de"

    async def scenario() -> None:
        await r.shell.run(turns.send, "Was ist die Hauptstadt von Frankreich?", r.clock())
        await asyncio.gather(*r.shell._titles)

    run(scenario())
    assert "in German" in r.transport.requests[1].messages[-1].content
    (conversation,) = r.storage.conversations.values()
    assert conversation.title == "Hauptstadt von frankreich"


def test_a_conversation_started_from_parameters_is_named_by_its_first_message() -> None:
    """The Parameters dialog stores a conversation before any message; the first message still names it,
    and the model is asked for a title after the first answer."""
    r = rig(scripts=[answer_script("Done."), answer_script("Tidy Title")])

    async def scenario() -> None:
        await r.shell.run(turns.set_parameters, {"system_prompt": "Be brief.", "temperature": 0.2}, r.clock())
        await r.shell.run(turns.send, "Summarize this for me", r.clock())
        await asyncio.gather(*r.shell._titles)

    run(scenario())
    (conversation,) = r.storage.conversations.values()
    assert conversation.system_prompt == "Be brief." and conversation.title == "Tidy Title"
    assert r.transport.requests[0].system_prompt == "Be brief."


def test_a_fault_while_drawing_ends_the_turn_instead_of_leaving_the_app_busy() -> None:
    """If drawing a chunk raises (a bug of ours), the request is stopped, the text so far is kept and marked,
    and the next message can be sent."""
    r = rig(scripts=[Script(words("Some ", "text")), answer_script("Next")])
    real = r.screen.show_progress

    def broken(answer: Message, position: tuple[int, int]) -> None:
        real(answer, position)
        if answer.content == "Some text":
            raise RuntimeError("a drawing bug")

    r.screen.show_progress = broken  # type: ignore[method-assign]
    send(r, "First")
    (answer,) = stored_answers(r)
    assert answer.status is MessageStatus.INTERRUPTED and answer.content == "Some text"
    assert not r.shell.state.busy
    send(r, "Second")
    assert stored_answers(r)[-1].content == "Next"


def test_a_title_request_is_short_and_stopped_when_the_user_asks_again() -> None:
    """A server that runs one request at a time must not make the next answer wait for a title."""
    never = asyncio.Event()
    r = rig(scripts=[answer_script("First."), Script(words("Slow title"), hold=never), answer_script("Second.")])

    async def scenario() -> None:
        await r.shell.run(turns.send, "Question one", r.clock())
        await asyncio.sleep(0)
        await r.shell.run(turns.send, "Question two", r.clock())
        await asyncio.gather(*r.shell._titles, return_exceptions=True)

    run(scenario())
    title_request = r.transport.requests[1]
    assert title_request.max_tokens is not None and title_request.max_tokens <= 32
    assert r.transport.calls[1]._stopped
    (conversation,) = r.storage.conversations.values()
    assert conversation.title == title_from("Question one")
    assert [m.content for m in stored_answers(r)] == ["First.", "Second."]
