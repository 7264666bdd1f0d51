"""How a streaming answer grows and ends: nothing that arrived is ever dropped."""

from __future__ import annotations

from plauder.core.answer import apply_events, failed, settled, stopped, thought
from plauder.core.http_errors import ErrorKind, timed_out
from plauder.core.providers import Finished, ReasoningDelta, StreamError, TextDelta, TextWasReasoning
from plauder.core.records import Message, MessageStatus, Role, Usage

KEY = "sk-proj-Abc123Def456"


def streaming(content: str = "") -> Message:
    return Message("a", "c", "q", Role.ASSISTANT, content, 1.0, status=MessageStatus.STREAMING)


def test_text_usage_and_finish_build_the_answer() -> None:
    """Deltas append in order; Finished completes it with its reason; usage is kept."""
    answer = apply_events(streaming("He"), [TextDelta("llo"), TextDelta(" you")])
    answer = apply_events(answer, [Finished("length"), Usage(3, 4)])
    assert (answer.content, answer.status, answer.finish_reason, answer.usage) == (
        "Hello you",
        MessageStatus.COMPLETE,
        "length",
        Usage(3, 4),
    )


def test_error_in_the_stream_keeps_the_text_and_hides_the_key() -> None:
    """A mid-stream error marks the answer interrupted, keeps its text, and masks an echoed key."""
    answer = apply_events(streaming(), [TextDelta("Hi"), StreamError(ErrorKind.STREAM_ERROR, f"bad key {KEY}")], KEY)
    assert answer.content == "Hi" and answer.status is MessageStatus.INTERRUPTED
    assert answer.error is not None and answer.error.message_key == "error.stream_error"
    assert answer.error.server_message == "bad key •••"


def test_a_key_echoed_in_the_answer_is_masked_even_across_chunks() -> None:
    """A key the model repeats, lowercased and cut over chunks (one update each), is masked once it is whole."""
    echoed = f"Your key is {KEY.lower()}, keep it safe."
    answer = streaming()
    for start in range(0, len(echoed), 3):
        answer = apply_events(answer, [TextDelta(echoed[start : start + 3])], KEY)
    assert answer.content == "Your key is •••, keep it safe."


def test_a_key_spaced_out_or_cut_by_invisible_characters_is_masked() -> None:
    """Spaces, line breaks and zero-width characters between the key's characters do not hide it."""
    spaced = " ".join(KEY[:8]) + "\n" + "\u200b".join(KEY[8:])
    answer = apply_events(streaming("Here: "), [TextDelta(spaced), TextDelta(" done")], KEY)
    assert answer.content == "Here: ••• done"


def test_each_update_reads_only_the_tail_a_key_can_reach_into() -> None:
    """Text that arrived long before was masked then and is not read again, so an update costs the same
    however long the answer is; a key completed by the newest chunk is still found whole."""
    early = f"{KEY} " + "x" * 10_000  # as if it had arrived unmasked: far back, it stays as it is
    assert apply_events(streaming(early), [TextDelta("tail")], KEY).content == early + "tail"
    assert apply_events(streaming("x" * 10_000 + KEY[:-1]), [TextDelta(KEY[-1])], KEY).content == "x" * 10_000 + "•••"


def test_missing_end_marker_after_a_finish_is_no_failure() -> None:
    """A server that said it finished but left out [DONE] gave a complete answer."""
    answer = apply_events(streaming(), [TextDelta("Hi"), Finished("stop"), StreamError(ErrorKind.TRUNCATED)])
    assert answer.status is MessageStatus.COMPLETE and answer.error is None


def test_truncated_stream_without_finish_is_interrupted() -> None:
    answer = apply_events(streaming(), [TextDelta("Hi"), StreamError(ErrorKind.TRUNCATED)])
    assert answer.status is MessageStatus.INTERRUPTED and answer.error is not None


def test_endings() -> None:
    """Stop keeps the text; a failure with no text is an error; an end marker alone completes."""
    assert stopped(streaming("Hi")).status is MessageStatus.STOPPED
    assert failed(streaming(), timed_out(5)).status is MessageStatus.ERROR
    assert failed(streaming("Hi"), timed_out(5)).status is MessageStatus.INTERRUPTED
    assert settled(streaming("Hi")).status is MessageStatus.COMPLETE
    assert settled(stopped(streaming("Hi"))).status is MessageStatus.STOPPED


def test_thinking_grows_apart_from_the_text() -> None:
    """Thinking deltas build `reasoning`; the text stays the answer alone; an echoed key is masked in both."""
    answer = apply_events(streaming(), [ReasoningDelta("Hm, "), ReasoningDelta(KEY[:5])], KEY)
    answer = apply_events(answer, [ReasoningDelta(KEY[5:]), TextDelta("Ja.")], KEY)
    assert (answer.reasoning, answer.content) == ("Hm, •••", "Ja.")


def test_text_that_was_thinking_moves_over() -> None:
    """`TextWasReasoning` (a `</think>` without `<think>`) makes the text so far thinking, in one update or two."""
    events = [TextDelta("Hm"), TextDelta(", ja"), TextWasReasoning(), TextDelta("Ja.")]
    whole = apply_events(streaming(), events)
    assert (whole.reasoning, whole.content) == ("Hm, ja", "Ja.")
    assert apply_events(apply_events(streaming(), events[:2]), events[2:]) == whole


def test_thinking_time_runs_until_the_answer_starts_or_the_stream_ends() -> None:
    """From the request (the answer's creation) to its first text, or to its end if it never got any."""
    thinking = apply_events(streaming(), [ReasoningDelta("Hm")])
    assert thought(thinking, 900.0).reasoning_ms is None  # still thinking
    assert thought(apply_events(thinking, [TextDelta("Ja")]), 901.0).reasoning_ms == 900.0
    assert thought(stopped(thinking), 1201.0).reasoning_ms == 1200.0
    assert thought(streaming("Ja"), 50.0).reasoning_ms is None  # no thinking, no time
