"""The automatic title: asked for once, after the first complete answer; the model's answer cleaned up."""

from __future__ import annotations

from dataclasses import replace

from plauder.core import thread
from plauder.core.providers import ChatMessage
from plauder.core.records import Conversation, MessageStatus, Role
from plauder.core.requests import title_from
from plauder.core.title_text import TITLE_CHARS, shaped
from plauder.core.titles import clean_title, title_instruction, title_request, wants_title


def first_exchange(question: str = "Which colours have names?", status: MessageStatus = MessageStatus.COMPLETE):
    conv = Conversation("c", title_from(question), 1.0, 1.0, backend_id="b", model="m", system_prompt="Be brief.")
    conv, q, a = thread.send(conv, question, 2.0)
    return conv, [q, replace(a, content="Red, green and blue.", status=status)]


def test_a_title_is_wanted_only_after_the_first_complete_answer() -> None:
    """Asked once: a complete first answer under the first-words title; never after a rename or a failure."""
    conv, path = first_exchange()
    assert wants_title(conv, path)
    assert not wants_title(replace(conv, title="Chosen by the user"), path)
    assert not wants_title(conv, path[:1])
    assert not wants_title(conv, [*path, *path])  # a later turn
    assert not wants_title(*first_exchange(status=MessageStatus.STOPPED))
    assert not wants_title(*first_exchange(status=MessageStatus.ERROR))
    assert not wants_title(conv, [path[0], replace(path[1], content="  ")])


def test_title_request_sends_the_first_exchange_and_the_instruction() -> None:
    """Same model, no system prompt, a small token limit, the instruction last."""
    conv, path = first_exchange("x" * 5000)
    request = title_request(conv, path, "en")
    assert request.model == "m" and request.system_prompt == "" and request.max_tokens
    assert [m.role for m in request.messages] == [Role.USER, Role.ASSISTANT, Role.USER]
    assert len(request.messages[0].content) < 5000  # long texts are cut short
    assert request.messages[1] == ChatMessage(Role.ASSISTANT, "Red, green and blue.")
    assert request.messages[2] == ChatMessage(Role.USER, title_instruction("en"))


def test_the_title_is_asked_for_in_the_language_of_the_ui() -> None:
    """The instruction names the language the user reads; an unknown code asks for English."""
    conv, path = first_exchange()
    assert "in German" in title_request(conv, path, "de").messages[-1].content
    assert "in English" in title_instruction("en") and title_instruction("fr") == title_instruction("en")


def test_clean_title() -> None:
    """One line, unquoted, no label or final full stop, at most TITLE_CHARS; nothing usable gives None."""
    assert clean_title("Colour names") == "Colour names"
    assert clean_title('  "Colour   names."  \nBecause the user asked.') == "Colour names"
    assert clean_title("Title: **Colour names**") == "Colour names"
    assert clean_title("„Farbnamen“") == "Farbnamen"
    assert clean_title("<think>Let me see.</think>\nColour names") == "Colour names"
    assert clean_title("<think>never finished") is None
    assert clean_title("") is None and clean_title(' \n "" ') is None
    long = clean_title("word " * 40)
    assert long is not None and len(long) <= TITLE_CHARS and long.endswith("word…")


def test_clean_title_takes_off_labels_markup_and_final_punctuation() -> None:
    """What models wrap around a title, in either language, goes; the title inside stays as written."""
    assert clean_title("**Title:** Colour names") == "Colour names"
    assert clean_title("Titel: „Farbnamen im Deutschen“.") == "Farbnamen im Deutschen"
    assert clean_title('Conversation title - "Colour names"') == "Colour names"
    assert clean_title('"Why is the sky blue?"') == "Why is the sky blue"
    assert clean_title("# Colour names!!!") == "Colour names"
    assert clean_title("Title:") is None and clean_title('"..."') is None


def test_a_shouted_title_is_written_in_sentence_case_and_acronyms_elsewhere_stay() -> None:
    """ALL CAPS over several words reads as shouting; capitals in a normal title are acronyms or names."""
    assert clean_title("COLOUR NAMES IN ENGLISH") == "Colour names in english"
    assert clean_title("ÜBER UNS") == "Über uns"
    assert clean_title("How HTTP caching works") == "How HTTP caching works"
    assert clean_title("Capital Of France") == "Capital Of France"
    assert clean_title("NASA") == "NASA" and clean_title("NASA 2024") == "NASA 2024"


def test_shaped_cuts_after_a_whole_word() -> None:
    """A long title ends with an ellipsis after its last whole word; a single long word is cut inside it."""
    title = shaped("The history of the printing press and its effect on European literacy rates")
    assert title == "The history of the printing press and its effect on…" and len(title) <= TITLE_CHARS
    assert shaped("x" * 100) == "x" * (TITLE_CHARS - 1) + "…"
    assert shaped("  one\n two\tthree,  ") == "one two three"


def test_a_key_in_the_title_answer_is_masked() -> None:
    """A model that echoes the API key as the title (even split over two lines) does not put it in the sidebar."""
    assert clean_title("Key SK-PROJ-\nsecret-1 help", "sk-proj-secret-1") == "Key ••• help"
