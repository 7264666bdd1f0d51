"""What the user sees for each message: status lines, usage, problems and actions."""

from __future__ import annotations

from plauder.core.records import (
    Backend,
    BackendKind,
    ErrorInfo,
    Message,
    MessageStatus,
    Role,
    Settings,
    Usage,
)
from plauder.core.views import Action, ModelOption, message_view, model_options


def answer(**changes: object) -> Message:
    values: dict[str, object] = {
        "id": "m",
        "conversation_id": "c",
        "parent_id": "q",
        "role": Role.ASSISTANT,
        "content": "Hi",
        "created_at": 1.0,
    }
    return Message(**{**values, **changes})  # type: ignore[arg-type]


def test_complete_last_answer_offers_regenerate_and_shows_usage() -> None:
    """A finished answer shows its token counts and can be regenerated."""
    view = message_view("en", answer(usage=Usage(12, 34), finish_reason="stop"), is_last=True, busy=False)
    assert view.actions == (Action.REGENERATE,)
    assert view.usage == "12 prompt + 34 answer tokens" and view.status == ""


def test_no_actions_on_earlier_messages_or_while_busy() -> None:
    """Only the last answer has actions, and none while another answer streams."""
    assert message_view("en", answer(), is_last=False, busy=False).actions == ()
    assert message_view("en", answer(), is_last=True, busy=True).actions == ()


def test_cut_off_answer_offers_continue_and_says_why() -> None:
    """An answer stopped at the length limit says so and offers Continue."""
    view = message_view("de", answer(finish_reason="length"), is_last=True, busy=False)
    assert Action.CONTINUE in view.actions and "Längengrenze" in view.status


def test_failed_answer_shows_problem_with_server_words_and_hints() -> None:
    """A failure reads as the specific sentence, what the server said, and the hint; Retry is offered."""
    error = ErrorInfo("auth", "error.auth", {"status": 401, "origin": "x"}, ("hint.check_key",), "Invalid API Key")
    view = message_view("en", answer(status=MessageStatus.ERROR, content="", error=error), is_last=True, busy=False)
    assert view.problem == (
        "The backend refused the request (HTTP 401): the API key is missing or wrong. Check it in Settings.",
        "The server said: Invalid API Key",
        "Check the API key in Settings.",
    )
    assert view.actions == (Action.RETRY,)


def test_streaming_answer_is_marked_and_has_no_actions() -> None:
    """While streaming, the answer says it is being written."""
    view = message_view("en", answer(status=MessageStatus.STREAMING), is_last=True, busy=False)
    assert view.streaming and view.actions == () and view.status == "writing…"


def test_user_message_text_is_shown_as_written() -> None:
    """User messages keep their text exactly, whitespace included."""
    view = message_view("en", answer(role=Role.USER, content="  a\n\n  b "), is_last=False, busy=False)
    assert view.text == "  a\n\n  b " and view.author == "You"


def test_model_options_list_every_backend_model_and_mark_the_choice() -> None:
    """The picker lists each backend's models and marks the conversation's choice."""
    settings = Settings(
        (
            Backend("b1", "Local", BackendKind.OPENAI, "u", fetched_models=("a", "b")),
            Backend("b2", "Ollama", BackendKind.OLLAMA, "u", manual_models=("c",)),
        )
    )
    options = model_options(settings, ("b2", "c"))
    assert [(o.group, o.model, o.selected) for o in options] == [
        ("Local", "a", False),
        ("Local", "b", False),
        ("Ollama", "c", True),
    ]


def test_model_no_longer_listed_stays_selectable() -> None:
    """A conversation whose model the backend no longer lists still shows it, selected."""
    settings = Settings((Backend("b1", "Local", BackendKind.OPENAI, "u", fetched_models=("a",)),))
    assert model_options(settings, ("b1", "gone"))[0] == ModelOption("Local", "b1", "gone", True)
