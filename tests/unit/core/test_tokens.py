"""Token counts added up for a conversation, and the lines that show them."""

from __future__ import annotations

from plauder.core.records import Message, Role, Usage
from plauder.core.tokens import Totals, conversation_totals, counted
from plauder.core.units import whole_number
from plauder.core.usage_view import answer_usage, conversation_usage


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
    assert answer_usage("en", answered) == "12,345 prompt + 67 answer tokens"
    assert answer_usage("de", answered) == "12.345 Eingabe- + 67 Antwort-Tokens"
    assert answer_usage("en", message("b", usage=Usage(None, 3))) == ""
    assert conversation_usage("en", [answered]) == "So far 12,345 prompt + 67 answer tokens, in 1 answer."
    two = [answered, message("b", usage=Usage(1, 1))]
    assert conversation_usage("de", two).startswith("Bisher 12.346 Eingabe- + 68 Antwort-Tokens, in 2 Antworten")
    assert conversation_usage("en", [message("q", Role.USER)]).startswith("No token counts yet")
