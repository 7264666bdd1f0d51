"""Joining two messages' texts for a merge: a cut answer runs on where it was cut, a cut code block stays one
block, anything else becomes paragraphs."""

from __future__ import annotations

from dataclasses import replace

from plauder.core.mending import joined_text, open_fence
from plauder.core.records import Message, MessageStatus, Role


def answer(text: str, status: MessageStatus = MessageStatus.COMPLETE, finish_reason: str | None = None) -> Message:
    return Message("a", "c", None, Role.ASSISTANT, text, 1.0, status, finish_reason=finish_reason)


def test_open_fence_follows_commonmark_fences() -> None:
    assert open_fence("text") is None
    assert open_fence("```python\nx = 1\n") == "```"
    assert open_fence("```python\nx = 1\n```\n") is None
    assert open_fence("````\n```\nstill code") == "````"  # a shorter fence does not close a longer one
    assert open_fence("~~~\n```\n") == "~~~"  # nor one of the other character
    assert open_fence("```\n``` not a close\n") == "```"  # a closing fence carries no info string
    assert open_fence("    ```\nindented four: code, no fence") is None


def test_a_code_block_cut_in_two_becomes_one_again() -> None:
    """Mid-line, the pieces meet where they were cut; a continuation that opens the block again loses that line."""
    first = answer("Here:\n\n```python\ndef f():\n    ret")
    assert joined_text(first, answer("urn 1\n```\n")) == "Here:\n\n```python\ndef f():\n    return 1\n```\n"
    assert joined_text(first, answer("```python\n    return 1\n```")) == (
        "Here:\n\n```python\ndef f():\n    ret\n    return 1\n```"
    )
    at_line_end = answer("```\na = 1\n")
    assert joined_text(at_line_end, answer("```\nb = 2\n```")) == "```\na = 1\nb = 2\n```"


def test_an_answer_cut_off_runs_on_and_whole_messages_become_paragraphs() -> None:
    cut = answer("The quick brown fo", finish_reason="length")
    assert joined_text(cut, answer("x jumps.")) == "The quick brown fox jumps."
    stopped = answer("Half a sen", MessageStatus.STOPPED)
    assert joined_text(stopped, answer("tence.")) == "Half a sentence."
    whole = answer("First part.\n")
    assert joined_text(whole, answer("\n\nSecond part.")) == "First part.\n\nSecond part."
    question = Message("q", "c", None, Role.USER, "Look at this:", 1.0)
    assert joined_text(question, replace(question, id="q2", content="and this.")) == "Look at this:\n\nand this."
    assert joined_text(answer(""), answer("only")) == "only" and joined_text(answer("only"), answer("")) == "only"
