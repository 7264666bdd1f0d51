"""How a streaming answer grows and ends: nothing that arrived is ever dropped."""

from __future__ import annotations

from plauder.core.answer import apply_events, failed, settled, stopped
from plauder.core.http_errors import ErrorKind, timed_out
from plauder.core.providers import Finished, StreamError, TextDelta
from plauder.core.records import Message, MessageStatus, Role, Usage


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
    answer = apply_events(streaming(), [TextDelta("Hi"), StreamError(ErrorKind.STREAM_ERROR, "bad key sk-1")], "sk-1")
    assert answer.content == "Hi" and answer.status is MessageStatus.INTERRUPTED
    assert answer.error is not None and answer.error.message_key == "error.stream_error"
    assert "sk-1" not in answer.error.server_message and "bad key" in answer.error.server_message


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
