"""Token counts added up for a conversation, the estimate of a request before it is sent, and the lines that
show them."""

from __future__ import annotations

from dataclasses import replace

from plauder.core import turns
from plauder.core.draft import draft_request
from plauder.core.prices import NO_PRICES
from plauder.core.providers.types import ChatMessage, ChatRequest
from plauder.core.records import Attachment, Message, Role, Usage
from plauder.core.requests import chat_request_for
from plauder.core.state import ChatState
from plauder.core.tokens import (
    MESSAGE_TOKENS,
    REPLY_TOKENS,
    Totals,
    conversation_totals,
    counted,
    estimate_tokens,
    request_estimate,
)
from plauder.core.units import whole_number
from plauder.core.usage_view import answer_usage, conversation_usage, estimate_line
from tests.unit.core.test_state_steps import NOW, SETTINGS, chat_with


def message(message_id: str, role: Role = Role.ASSISTANT, usage: Usage | None = None) -> Message:
    return Message(message_id, "c", None, role, "text", 1.0, model="m", usage=usage)


def test_only_usage_with_both_counts_is_counted() -> None:
    """A backend that reports one count only (or none) gives no figure rather than half of one."""
    assert counted(None) is None
    assert counted(Usage(3, None)) is None and counted(Usage(None, 4)) is None
    assert counted(Usage(0, 0)) == Usage(0, 0)


def test_totals_add_every_answer_on_every_branch() -> None:
    """Regenerated answers were requests too: siblings count; questions and answers without counts do not."""
    messages = [
        message("q", Role.USER, Usage(99, 99)),  # a question never carries usage; if one did, it is not an answer's
        message("a1", usage=Usage(1_200, 300)),
        message("a2", usage=Usage(1_250, 410)),  # a regenerated sibling
        message("a3"),  # failed: no counts
        message("a4", usage=Usage(5, None)),
    ]
    assert conversation_totals(messages) == Totals(2_450, 710, 2)
    assert conversation_totals([]) == Totals()


def test_numbers_are_grouped_in_the_ui_language() -> None:
    assert [whole_number(n, "en") for n in (0, 999, 1_000, 1_234_567)] == ["0", "999", "1,000", "1,234,567"]
    assert whole_number(1_234_567, "de") == "1.234.567"


def test_answer_line_and_conversation_total_in_both_languages() -> None:
    answered = message("a", usage=Usage(12_345, 67))
    assert answer_usage("en", answered, NO_PRICES) == "12,345 prompt + 67 answer tokens"
    assert answer_usage("de", answered, NO_PRICES) == "12.345 Eingabe- + 67 Antwort-Tokens"
    assert answer_usage("en", message("b", usage=Usage(None, 3)), NO_PRICES) == ""
    assert conversation_usage("en", [answered], NO_PRICES) == "So far 12,345 prompt + 67 answer tokens, in 1 answer."
    two = [answered, message("b", usage=Usage(1, 1))]
    assert conversation_usage("de", two, NO_PRICES).startswith(
        "Bisher 12.346 Eingabe- + 68 Antwort-Tokens, in 2 Antworten"
    )
    assert conversation_usage("en", [message("q", Role.USER)], NO_PRICES).startswith("No token counts yet")


def test_estimate_is_a_quarter_of_the_characters_rounded_up() -> None:
    assert [estimate_tokens(text) for text in ("", "a", "abcd", "abcde", "x" * 4000)] == [0, 1, 1, 2, 1000]


def test_request_estimate_counts_system_prompt_messages_and_their_markers() -> None:
    """12 characters of system prompt (3), two messages of 5 and 8 characters (2 and 2), 4 a message, 3 to reply."""
    request = ChatRequest(
        "m", (ChatMessage(Role.USER, "Hello"), ChatMessage(Role.ASSISTANT, "Hi there")), "Be brief. Ok"
    )
    assert request_estimate(request) == 3 + 2 + 2 + 3 * MESSAGE_TOKENS + REPLY_TOKENS
    assert request_estimate(ChatRequest("m", ())) == REPLY_TOKENS


def test_the_draft_is_the_request_that_sending_makes() -> None:
    """History, system prompt, the typed text and the files: the estimate measures what Send will send."""
    state = chat_with("First question", "Second question")
    assert state.current is not None
    state = replace(
        state,
        current=replace(state.current, system_prompt="Answer in German."),
        attachments=(Attachment("notes.md", 12, "text/markdown", "# Notes\nabc"),),
    )
    draft = draft_request(state, "  Third, with a file  ", NOW + 100)
    sent = turns.send(state, "  Third, with a file  ", NOW + 100).state
    assert draft == chat_request_for(sent.current, sent.visible_thread(), continuing=False)  # type: ignore[arg-type]
    assert draft.system_prompt == "Answer in German." and len(draft.messages) == 5
    assert draft.messages[-1].content.startswith("Third, with a file\n\nAttachment: notes.md")


def test_a_new_chat_is_estimated_with_nothing_but_what_is_typed() -> None:
    draft = draft_request(ChatState(SETTINGS), "Hello", NOW)
    assert draft.messages == (ChatMessage(Role.USER, "Hello"),)
    assert request_estimate(draft) == 2 + MESSAGE_TOKENS + REPLY_TOKENS
    assert estimate_line("en", draft, None).startswith("The next message carries about 9 tokens")
    assert "etwa 9 Tokens" in estimate_line("de", draft, None)


def test_the_estimate_names_the_context_size_when_the_server_told_it() -> None:
    draft = draft_request(ChatState(SETTINGS), "Hello", NOW)
    assert estimate_line("en", draft, 2048).endswith("The model takes up to 2,048 tokens, as its server says.")
    assert estimate_line("de", draft, 2048).endswith("Das Modell nimmt bis zu 2.048 Tokens, wie sein Server sagt.")
