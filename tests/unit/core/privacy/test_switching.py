"""Moving a conversation to a backend of lower trust: when it is warned about, what the warning says, and
that the new backend's policy is applied to the history it is sent."""

from __future__ import annotations

from dataclasses import replace

import pytest

from plauder.core.admin import AdminPreset
from plauder.core.privacy.outgoing import outgoing
from plauder.core.privacy.policy import guard
from plauder.core.privacy.switching import switch_warning
from plauder.core.privacy.trust import Action, Trust
from plauder.core.records import Backend, BackendKind, Conversation, Message, MessageStatus, Role, Settings
from plauder.core.state import ChatState

EMAIL = "max@example.com"
OPENAI = BackendKind("openai")
LOCAL = Backend("local", "Local", OPENAI, "http://127.0.0.1:8080/v1")
EU = Backend("eu", "EU", OPENAI, "https://llm.example.eu/v1", trust=Trust.PROCESSOR)
CLOUD = Backend("cloud", "Cloud", OPENAI, "https://api.example.com/v1")
QUESTION = Message("m1", "c1", None, Role.USER, f"Write to {EMAIL}", 1.0)
ANSWER = Message("m2", "c1", "m1", Role.ASSISTANT, "Done.", 2.0, status=MessageStatus.COMPLETE)


def opened(backend_id: str, *messages: Message, **settings: object) -> ChatState:
    """A conversation on `backend_id` open on its last message."""
    conversation = Conversation(
        "c1", "t", 0, 0, backend_id=backend_id, model="m", current_leaf=messages[-1].id if messages else None
    )
    chosen = Settings(backends=(LOCAL, EU, CLOUD), **settings)  # type: ignore[arg-type]
    return ChatState(chosen, (conversation,), current=conversation, messages={m.id: m for m in messages})


def test_a_history_with_findings_moved_to_lower_trust_is_warned_about() -> None:
    warning = switch_warning(opened("local", QUESTION, ANSWER), "cloud", AdminPreset())
    assert warning is not None
    assert (warning.host, warning.trust, warning.action) == ("api.example.com", Trust.EXTERNAL, Action.REDACT)
    assert warning.findings.values == {"[EMAIL_1]": EMAIL}
    assert warning.title("en") == "Send this conversation to api.example.com?"
    assert warning.text("en") == (
        "api.example.com is external, trusted less than this conversation's backend, and every message sends it"
        " the whole history, which holds 1 email address. Its policy replaces them by placeholders before"
        " anything goes there."
    )
    assert warning.text("de").startswith("api.example.com ist extern, ihm wird weniger vertraut")


@pytest.mark.parametrize(
    ("action", "said"),
    [
        (Action.OFF, "Its policy sends messages as typed: these would go there in clear."),
        (Action.BLOCK, "Its policy blocks messages with them: nothing more could be sent in this conversation there."),
    ],
)
def test_the_warning_says_what_the_new_backend_s_policy_does(action: Action, said: str) -> None:
    state = opened("local", QUESTION, ANSWER, privacy_policy={Trust.PROCESSOR: action})
    warning = switch_warning(state, "eu", AdminPreset())
    assert warning is not None and warning.action is action
    assert warning.text("en").startswith("llm.example.eu is a processor under contract")
    assert warning.text("en").endswith(said)


def test_no_warning_without_lower_trust_or_without_findings() -> None:
    """Equal or higher trust, a clean history, a new chat or a backend that is gone: no warning."""
    clean = replace(QUESTION, content="What is a monad?")
    assert switch_warning(opened("cloud", QUESTION, ANSWER), "local", AdminPreset()) is None
    assert switch_warning(opened("eu", QUESTION, ANSWER), "eu", AdminPreset()) is None
    assert switch_warning(opened("local", clean, ANSWER), "cloud", AdminPreset()) is None
    assert switch_warning(replace(opened("local"), current=None), "cloud", AdminPreset()) is None
    assert switch_warning(opened("gone", QUESTION, ANSWER), "cloud", AdminPreset()) is None


def test_listed_names_and_the_system_prompt_count() -> None:
    plain = replace(QUESTION, content="Ask Eva Berg")
    named = opened("local", plain, ANSWER, privacy_names=("Eva Berg",))
    assert switch_warning(named, "eu", AdminPreset()) is not None
    state = opened("local", replace(QUESTION, content="Hi"), ANSWER)
    prompted = replace(state, current=replace(state.current, system_prompt=f"Sign as {EMAIL}"))  # type: ignore[type-var]
    assert switch_warning(prompted, "cloud", AdminPreset()) is not None


def next_turn(state: ChatState) -> list[Message]:
    """The open thread with a new question (no findings in it) and the answer it waits for."""
    question = Message("m3", "c1", "m2", Role.USER, "Thanks", 3.0)
    answer = Message("m4", "c1", "m3", Role.ASSISTANT, "", 4.0, status=MessageStatus.STREAMING)
    return [*state.visible_thread(), question, answer]


def test_the_history_sent_after_the_move_gets_the_new_backend_s_policy() -> None:
    """The first turn went to the internal backend as typed (nothing stored to restore); after the move the
    external backend's guard replaces the address in the history it is sent, and a blocking one refuses it."""
    state = opened("local", QUESTION, ANSWER)
    assert guard(LOCAL, state.settings, AdminPreset()) is None
    thread = next_turn(state)
    conversation = replace(state.current, backend_id="cloud")  # type: ignore[type-var]
    sent = outgoing(conversation, thread, continuing=False, guard=guard(CLOUD, state.settings, AdminPreset()))
    assert [m.content for m in sent.request.messages] == ["Write to [EMAIL_1]", "Done.", "Thanks"]
    assert sent.redactions.values == {"[EMAIL_1]": EMAIL} and not sent.blocked
    assert sent.replaced == {"m1": 1, "m3": 0}

    blocking = replace(state.settings, privacy_policy={Trust.EXTERNAL: Action.BLOCK})
    refused = outgoing(conversation, thread, continuing=False, guard=guard(CLOUD, blocking, AdminPreset()))
    assert refused.blocked and EMAIL not in str(refused.request)
    assert not refused.redactions  # nothing stored for a request that does not leave
