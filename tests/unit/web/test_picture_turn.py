"""A turn of pictures under CPython: the shell asks the image backend (a fake), stores the pictures' bytes with
the answer, and keeps the question with a clear error when the backend refuses or the user stops."""

from __future__ import annotations

import asyncio

from plauder.core import branching, picturing
from plauder.core.admin import AdminPreset
from plauder.core.http_errors import ErrorKind
from plauder.core.privacy.trust import Action as PrivacyAction
from plauder.core.privacy.trust import Trust
from plauder.core.records import Backend, BackendKind, Generation, Image, Message, MessageStatus, Role, Settings
from plauder.web.ports import Picture, Pictures
from tests.unit.web.fakes import BACKEND, FakeDrawing, Rig, rig, run

DRAWS = Backend("img", "Pictures", BackendKind("openai"), "http://127.0.0.1:2/v1", image_models=("flux",))
SETTINGS = Settings(backends=(BACKEND, DRAWS), default_backend_id="b1", default_model="m1")
FOX = Image("i1", "a-fox-1.png", "image/png", 64, 64, 100)


def drawing_rig(*drawings: FakeDrawing) -> Rig:
    r = rig(SETTINGS)
    r.transport.drawings.extend(drawings)
    run(r.shell.run(picturing.drawing_mode, True))
    return r


def answer_of(r: Rig) -> Message:
    (answer,) = (m for m in r.storage.messages.values() if m.role is Role.ASSISTANT)
    return answer


def test_pictures_are_asked_for_and_stored_with_the_answer() -> None:
    r = drawing_rig(FakeDrawing(Pictures((Picture(FOX, "blob-1"),), "A fox", ("cdn.example.com",))))
    run(r.shell.run(picturing.ask, " a fox ", r.clock()))
    assert r.transport.asked == [("img", "a fox", Generation("img", "flux"))]
    answer = answer_of(r)
    assert answer.status is MessageStatus.COMPLETE and answer.images == (FOX,)
    assert answer.generation == Generation("img", "flux", revised_prompt="A fox", not_loaded=("cdn.example.com",))
    assert r.storage.files == {"i1": "blob-1"} and r.storage.held == {}
    assert not r.shell.state.busy and r.screen.prompt_cleared == 1 and r.screen.answers_done == 1


def test_a_refusal_keeps_the_question_and_says_why() -> None:
    r = drawing_rig(FakeDrawing(ErrorKind.BAD_REQUEST))
    run(r.shell.run(picturing.ask, "a fox", r.clock()))
    answer = answer_of(r)
    assert answer.status is MessageStatus.ERROR and answer.error is not None and answer.images == ()
    (question,) = (m for m in r.storage.messages.values() if m.role is Role.USER)
    assert question.content == "a fox" and not r.shell.state.busy


def test_stop_ends_the_request_and_keeps_the_question() -> None:
    hold = asyncio.Event()
    r = drawing_rig(FakeDrawing(Pictures((Picture(FOX, "blob"),)), hold))

    async def ask_then_stop() -> None:
        asking = asyncio.ensure_future(r.shell.run(picturing.ask, "a fox", r.clock()))
        while not r.transport.asked:
            await asyncio.sleep(0)
        r.shell.stop()
        hold.set()
        await asking

    run(ask_then_stop())
    assert answer_of(r).status is MessageStatus.STOPPED and r.storage.files == {}


def test_an_external_image_backend_gets_the_prompt_redacted_and_the_revised_prompt_comes_back_real() -> None:
    """A prompt is text that leaves like any other: for an external host the default policy replaces the address,
    and what the server says it drew from is shown with the address put back."""
    external = Backend(
        "img", "Pictures", BackendKind("openai"), "https://images.example.com/v1", image_models=("flux",)
    )
    r = rig(Settings(backends=(BACKEND, external), default_backend_id="b1", default_model="m1"))
    r.transport.drawings.append(FakeDrawing(Pictures((Picture(FOX, "blob-1"),), "A fox mailing [EMAIL_1]", ())))
    run(r.shell.run(picturing.drawing_mode, True))
    run(r.shell.run(picturing.ask, "a fox mailing anna@example.com", r.clock()))
    assert r.transport.asked == [("img", "a fox mailing [EMAIL_1]", Generation("img", "flux"))]
    answer = answer_of(r)
    assert answer.generation is not None and answer.generation.revised_prompt == "A fox mailing anna@example.com"


def test_an_edited_prompt_is_blocked_as_a_typed_one_is() -> None:
    """The block is checked again when an edited prompt goes anew: under a policy that blocks findings for an
    external host, nothing is asked and the answer says why; the question stays."""
    external = Backend(
        "img", "Pictures", BackendKind("openai"), "https://images.example.com/v1", image_models=("flux",)
    )
    preset = AdminPreset(privacy_policy={Trust.EXTERNAL: PrivacyAction.BLOCK})
    r = rig(Settings(backends=(BACKEND, external), default_backend_id="b1", default_model="m1"), preset=preset)
    r.transport.drawings.append(FakeDrawing(Pictures((Picture(FOX, "blob-1"),))))
    run(r.shell.run(picturing.drawing_mode, True))
    run(r.shell.run(picturing.ask, "a fox", r.clock()))
    question = next(m for m in r.storage.messages.values() if m.role is Role.USER)
    run(r.shell.run(branching.edit_and_resend, question.id, "a fox mailing anna@example.com", r.clock()))
    assert r.transport.asked == [("img", "a fox", Generation("img", "flux"))]  # the edited prompt never left
    resent = r.storage.messages[r.shell.state.current.current_leaf or ""] if r.shell.state.current else None
    assert resent is not None and resent.status is MessageStatus.ERROR and resent.error is not None
    assert resent.error.message_key == "privacy.blocked" and resent.error.params == {"host": "images.example.com"}
    assert r.storage.messages[resent.parent_id or ""].content == "a fox mailing anna@example.com"
