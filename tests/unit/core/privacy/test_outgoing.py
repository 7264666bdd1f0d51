"""Requests as they leave for a backend that redacts, and answers as they come back."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from plauder.core.privacy.findings import Kind
from plauder.core.privacy.outgoing import RestoredAnswer, outgoing, outgoing_title
from plauder.core.privacy.policy import Guard
from plauder.core.privacy.redaction import Redactions, value_key
from plauder.core.records import Attachment, Conversation, Message, MessageStatus, Role

EMAIL, OTHER, IBAN = "max@example.com", "eva@example.org", "DE89 3704 0044 0532 0130 00"
CONVERSATION = Conversation("c1", "t", 0, 0, backend_id="b1", model="m1")


def message(number: int, role: Role, content: str, **more: object) -> Message:
    parent = f"m{number - 1}" if number > 1 else None
    return Message(f"m{number}", "c1", parent, role, content, float(number), **more)  # type: ignore[arg-type]


def turn(history: list[Message], question: str, **more: object) -> list[Message]:
    """`history` with a new question and the empty answer it waits for."""
    n = len(history)
    return [
        *history,
        message(n + 1, Role.USER, question, **more),
        message(n + 2, Role.ASSISTANT, "", status=MessageStatus.STREAMING),
    ]


def contents(sent: object) -> list[str]:
    return [m.content for m in sent.request.messages]  # type: ignore[attr-defined]


def test_an_internal_backend_gets_the_request_unchanged() -> None:
    thread = turn([], f"Write to {EMAIL}")
    sent = outgoing(CONVERSATION, thread, continuing=False, guard=None)
    assert contents(sent) == [f"Write to {EMAIL}"]
    assert not sent.redactions and sent.replaced == {}


def test_placeholders_stay_the_same_across_turns_and_the_mapping_grows() -> None:
    """The history is sent again with the placeholders it had; a new value gets a new one; the stored
    messages (the thread given) keep the real values."""
    first = turn([], f"Write to {EMAIL} about {IBAN}")
    sent = outgoing(CONVERSATION, first, continuing=False, guard=Guard())
    assert contents(sent) == ["Write to [EMAIL_1] about [IBAN_1]"]
    assert sent.redactions.values == {"[EMAIL_1]": EMAIL, "[IBAN_1]": IBAN}
    assert sent.replaced == {"m1": 2}

    conversation = replace(CONVERSATION, redactions=sent.redactions)
    answered = [first[0], replace(first[1], content=f"Done: {EMAIL} is written to.", status=MessageStatus.COMPLETE)]
    second = turn(answered, f"Also copy {OTHER} and {EMAIL.upper()}")
    again = outgoing(conversation, second, continuing=False, guard=Guard())
    assert contents(again) == [
        "Write to [EMAIL_1] about [IBAN_1]",
        "Done: [EMAIL_1] is written to.",
        "Also copy [EMAIL_2] and [EMAIL_1]",
    ]
    assert again.redactions.values == {"[EMAIL_1]": EMAIL, "[IBAN_1]": IBAN, "[EMAIL_2]": OTHER}
    assert again.replaced == {"m1": 2, "m3": 2}
    assert second[0].content == f"Write to {EMAIL} about {IBAN}"  # what is stored is left as it was


def test_files_and_the_system_prompt_are_redacted_too() -> None:
    """Everything the request carries: the system prompt, the typed text and each file's text (and name)."""
    notes = Attachment(f"notes for {OTHER}", 40, "text/plain", f"IBAN: {IBAN}\n")
    conversation = replace(CONVERSATION, system_prompt=f"Answer as {EMAIL}.")
    sent = outgoing(conversation, turn([], "See the file", attachments=(notes,)), continuing=False, guard=Guard())
    assert sent.request.system_prompt == "Answer as [EMAIL_1]."
    (text,) = contents(sent)
    assert text == "See the file\n\nAttachment: notes for [EMAIL_2]\n```\nIBAN: [IBAN_1]\n```"
    assert EMAIL not in str(sent.request) and OTHER not in str(sent.request) and IBAN not in str(sent.request)
    assert sent.replaced == {"m1": 2}  # the question's own findings: the system prompt is no question


def test_a_continued_answer_is_sent_redacted_as_well() -> None:
    thread = [
        message(1, Role.USER, "Hi"),
        message(2, Role.ASSISTANT, f"Mail {EMAIL} and", status=MessageStatus.STOPPED),
    ]
    sent = outgoing(CONVERSATION, thread, continuing=True, guard=Guard())
    assert contents(sent) == ["Hi", "Mail [EMAIL_1] and"]
    assert sent.replaced == {"m1": 0}


def test_the_title_request_is_redacted_before_it_is_cut_short() -> None:
    """The excerpt limit could cut a value in half, past what a detector recognises: redacting comes first."""
    question = "x" * 1995 + f" {IBAN}"
    thread = [message(1, Role.USER, question), message(2, Role.ASSISTANT, f"Noted {EMAIL}.")]
    sent = outgoing_title(CONVERSATION, thread, "en", guard=Guard())
    asked, answered, _instruction = contents(sent)
    assert "DE89" not in asked and asked.endswith(" [IBA")  # the placeholder cut, never the value
    assert answered == "Noted [EMAIL_1]."
    assert sent.redactions.values == {"[IBAN_1]": IBAN, "[EMAIL_1]": EMAIL}
    assert contents(outgoing_title(CONVERSATION, thread, "en", guard=None))[1] == f"Noted {EMAIL}."


def test_a_streamed_answer_is_restored_on_the_text_so_far() -> None:
    """A placeholder split across chunks shows in pieces until its last piece arrives, then as the value;
    the thinking is restored too, and an unknown placeholder stays as the model wrote it."""
    mapping = Redactions({"[EMAIL_1]": EMAIL})
    answer = message(2, Role.ASSISTANT, "", status=MessageStatus.STREAMING)
    restored = RestoredAnswer(mapping)
    shown = []
    for chunk in ["Write to [EMA", "IL_1] now", " or [EMAIL_2]."]:
        answer = replace(answer, content=answer.content + chunk, reasoning=answer.reasoning + chunk)
        shown.append(restored(answer))
    assert [s.content for s in shown] == [
        "Write to [EMA",
        f"Write to {EMAIL} now",
        f"Write to {EMAIL} now or [EMAIL_2].",
    ]
    assert shown[-1].reasoning == shown[-1].content
    assert RestoredAnswer(Redactions())(answer) is answer


@given(st.text(), st.integers(min_value=0, max_value=200))
def test_any_question_comes_back_whole_from_what_was_sent(question: str, cut: int) -> None:
    """Restoring what was sent gives the question back, in whatever pieces the answer echoes it."""
    sent = outgoing(CONVERSATION, turn([], question), continuing=False, guard=Guard())
    (text,) = contents(sent)
    echo = message(2, Role.ASSISTANT, "", status=MessageStatus.STREAMING)
    restored = RestoredAnswer(sent.redactions)
    restored(replace(echo, content=text[:cut]))
    assert restored(replace(echo, content=text)).content == question


def test_listed_names_are_replaced_on_every_path_of_a_request() -> None:
    """The guard's names are found in the system prompt, the history, the question, its files and the title
    request, as whole words in any letter case, one placeholder per name across them all."""
    guard = Guard(names=("Anna Schmidt", "Projekt Falke"))
    notes = Attachment("falke.txt", 20, "text/plain", "Status of projekt  falke")
    conversation = replace(CONVERSATION, system_prompt="You assist Anna Schmidt.")
    answered = [
        message(1, Role.USER, "Who leads Projekt Falke?"),
        message(2, Role.ASSISTANT, "ANNA SCHMIDT leads it.", status=MessageStatus.COMPLETE),
    ]
    sent = outgoing(conversation, turn(answered, "Ask Anna Schmidtke", attachments=(notes,)), False, guard)
    assert sent.request.system_prompt == "You assist [NAME_1]."
    assert contents(sent) == [
        "Who leads [NAME_2]?",
        "[NAME_1] leads it.",
        "Ask Anna Schmidtke\n\nAttachment: falke.txt\n```\nStatus of [NAME_2]\n```",  # a longer word is no name
    ]
    titled = outgoing_title(CONVERSATION, answered, "en", guard)
    assert "Anna" not in str(titled.request) and "Falke" not in str(titled.request)
    assert outgoing(conversation, answered, False, Guard()).request.system_prompt == "You assist Anna Schmidt."


def test_a_value_let_through_goes_as_typed_in_that_request_only() -> None:
    """The exempted address is in clear in the question and the history of this request, is not counted as
    replaced and gets no placeholder; the other one is replaced; without the exemption it is replaced again."""
    history = [
        message(1, Role.USER, f"Who is {EMAIL}?"),
        message(2, Role.ASSISTANT, "Someone.", status=MessageStatus.COMPLETE),
    ]
    thread = turn(history, f"Write to {EMAIL} and {OTHER}")
    let_through = Guard(exempt=frozenset({value_key(Kind.EMAIL, EMAIL)}))
    sent = outgoing(CONVERSATION, thread, False, let_through)
    assert contents(sent) == [f"Who is {EMAIL}?", "Someone.", f"Write to {EMAIL} and [EMAIL_1]"]
    assert sent.redactions.values == {"[EMAIL_1]": OTHER} and sent.replaced == {"m1": 0, "m3": 1}
    assert EMAIL not in str(outgoing(CONVERSATION, thread, False, Guard()).request)
