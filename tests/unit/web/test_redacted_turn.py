"""A chat turn with a backend that redacts (core/privacy): the shell with fakes, as the page runs it.

The request carries placeholders, never the values; the user sees and the storage keeps the real
values; the conversation's mapping is stored before the request leaves and grows over the turns.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from plauder.core import turns
from plauder.core.admin import AdminPreset
from plauder.core.privacy import Kind
from plauder.core.privacy.redaction import value_key
from plauder.core.privacy.trust import Action, Trust
from plauder.core.providers import Finished, TextDelta
from plauder.core.records import Backend, BackendKind, Message, Role, Settings
from tests.unit.web.fakes import BACKEND, Rig, Script, rig, run

EMAIL, IBAN = "max@example.com", "DE89 3704 0044 0532 0130 00"
EXTERNAL = Backend("ext", "Cloud", BackendKind("openai"), "https://api.example.com/v1", fetched_models=("m1",))
CLOUD = Settings(backends=(EXTERNAL, BACKEND), default_backend_id="ext", default_model="m1")


def script(*chunks: str) -> Script:
    return Script([*([TextDelta(chunk)] for chunk in chunks), [Finished("stop")]])


def send(r: Rig, text: str) -> None:
    async def scenario() -> None:
        await r.shell.run(turns.send, text, r.clock())
        await asyncio.gather(*r.shell._titles)

    run(scenario())


def stored(r: Rig, role: Role) -> list[Message]:
    return sorted((m for m in r.storage.messages.values() if m.role is role), key=lambda m: m.created_at)


def test_the_backend_gets_placeholders_and_the_user_the_real_values() -> None:
    """The answer echoes a placeholder split across two chunks: drawn and stored with the address back in
    it; the title the model suggests comes back restored too."""
    r = rig(CLOUD, [script("I will write to [EMA", "IL_1] now."), script("Mail To [EMAIL_1]")])
    send(r, f"Please write to {EMAIL} about {IBAN}")
    question_sent, title_sent = r.transport.requests
    assert question_sent.messages[-1].content == "Please write to [EMAIL_1] about [IBAN_1]"
    assert EMAIL not in str(title_sent) and "[EMAIL_1]" in title_sent.messages[0].content
    (question,), (answer,) = stored(r, Role.USER), stored(r, Role.ASSISTANT)
    assert question.content == f"Please write to {EMAIL} about {IBAN}" and question.replacements == 2
    assert answer.content == f"I will write to {EMAIL} now."
    assert r.screen.progress[:2] == ["I will write to [EMA", f"I will write to {EMAIL} now."]
    (conversation,) = r.storage.conversations.values()
    assert conversation.redactions.values == {"[EMAIL_1]": EMAIL, "[IBAN_1]": IBAN}
    assert conversation.title == f"Mail To {EMAIL}"


def test_the_mapping_grows_over_turns_and_the_history_keeps_its_placeholders() -> None:
    r = rig(CLOUD, [script(f"Noted {EMAIL}."), script("Title"), script("Ok.")])
    send(r, f"Mail {EMAIL}")
    send(r, f"And {IBAN}, also {EMAIL}")
    third = r.transport.requests[2]
    assert [m.content for m in third.messages] == ["Mail [EMAIL_1]", "Noted [EMAIL_1].", "And [IBAN_1], also [EMAIL_1]"]
    (conversation,) = r.storage.conversations.values()
    assert conversation.redactions.values == {"[EMAIL_1]": EMAIL, "[IBAN_1]": IBAN}
    assert [q.replacements for q in stored(r, Role.USER)] == [1, 2]


def test_the_admin_s_and_the_user_s_names_never_leave() -> None:
    """Names from both lists are replaced in the question and the title request; the user sees them."""
    settings = replace(CLOUD, privacy_names=("Anna Schmidt",))
    r = rig(settings, [script("Ask [NAME_1]."), script("[NAME_2] call")], preset=AdminPreset(privacy_names=("ACME",)))
    send(r, "Should anna schmidt call ACME today?")
    question_sent, title_sent = r.transport.requests
    assert question_sent.messages[-1].content == "Should [NAME_1] call [NAME_2] today?"
    assert "schmidt" not in str(title_sent).lower() and "ACME" not in str(title_sent)
    assert stored(r, Role.ASSISTANT)[0].content == "Ask anna schmidt."
    (conversation,) = r.storage.conversations.values()
    assert conversation.title == "ACME call"


def test_a_value_let_through_goes_as_typed_once() -> None:
    """The exempted address goes as typed in that question's request; the title request and the next
    question's request (its history) have it replaced again, and the exemption is gone."""
    r = rig(CLOUD, [script("Ok."), script("Title"), script("Ok again.")])
    run(r.shell.run(turns.exempted, value_key(Kind.EMAIL, EMAIL)))
    send(r, f"Mail {EMAIL}")
    assert stored(r, Role.USER)[0].replacements == 0 and r.shell.state.exempt == frozenset()
    send(r, "Thanks")
    question_sent, title_sent, next_sent = r.transport.requests
    assert question_sent.messages[-1].content == f"Mail {EMAIL}"
    assert EMAIL not in str(title_sent) and EMAIL not in str(next_sent)
    assert next_sent.messages[0].content == "Mail [EMAIL_1]"


def test_an_internal_backend_gets_the_text_unchanged_and_nothing_is_stored_for_it() -> None:
    r = rig(scripts=[script("Ok."), script("Title")])
    send(r, f"Mail {EMAIL}")
    assert r.transport.requests[0].messages[-1].content == f"Mail {EMAIL}"
    assert EMAIL in r.transport.requests[1].messages[0].content
    (conversation,) = r.storage.conversations.values()
    assert not conversation.redactions and stored(r, Role.USER)[0].replacements == 0


def test_a_conversation_moved_to_a_blocking_backend_sends_nothing_of_its_history() -> None:
    """The address went to the local backend as typed; moved to an external backend whose policy blocks,
    a next question without findings is not sent either, since its history holds one: the answer says why."""
    blocking = Settings(
        backends=(BACKEND, EXTERNAL),
        default_backend_id="b1",
        default_model="m1",
        privacy_policy={Trust.EXTERNAL: Action.BLOCK},
    )
    r = rig(blocking, [script("Done."), script("Title")])
    send(r, f"Please write to {EMAIL}")
    assert r.transport.requests[0].messages[-1].content == f"Please write to {EMAIL}"
    run(r.shell.run(turns.choose_model, "ext", "m1"))
    send(r, "Thanks")
    assert len(r.transport.requests) == 2  # the question and the title, both to the local backend
    answer = stored(r, Role.ASSISTANT)[-1]
    assert answer.error is not None and answer.error.message_key == "privacy.blocked_history"
    assert answer.error.params == {"host": "api.example.com"}
