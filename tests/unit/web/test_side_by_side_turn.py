"""A question asked side by side, through the shell with fakes: one request per model, each to its own backend
with its own privacy policy, streamed at once; one stopped while the other finishes."""

from __future__ import annotations

import asyncio

from plauder.core import comparing, turns
from plauder.core.providers import Finished, TextDelta
from plauder.core.records import Backend, BackendKind, MessageStatus, Role, Settings
from tests.unit.web.fakes import BACKEND, Rig, Script, rig, run

CLOUD = Backend("ext", "Cloud", BackendKind("openai"), "https://api.example.com/v1", fetched_models=("gpt",))
SETTINGS = Settings(backends=(BACKEND, CLOUD), default_backend_id="b1", default_model="m1")
MODELS = (("b1", "m1"), ("ext", "gpt"))
EMAIL = "max@example.com"


def script(*chunks: str, hold: asyncio.Event | None = None) -> Script:
    return Script([*([TextDelta(chunk)] for chunk in chunks), [Finished("stop")]], hold=hold)


def answers(r: Rig) -> dict[str | None, str]:
    return {m.model: m.content for m in r.storage.messages.values() if m.role is Role.ASSISTANT}


def test_each_model_gets_its_request_from_its_backend_redacted_by_its_own_policy() -> None:
    """The local backend gets the address as typed, the cloud a placeholder; both answers are stored as
    siblings with their models, and the cloud's is restored."""
    r = rig(SETTINGS, [script("Local ", "answer"), script("Cloud says [EMAIL_1]")])
    run(r.shell.run(comparing.compare_with, MODELS))
    run(r.shell.run(turns.send, f"Mail {EMAIL}", r.clock()))
    local, cloud = r.transport.requests[:2]
    assert (local.model, local.messages[-1].content) == ("m1", f"Mail {EMAIL}")
    assert (cloud.model, cloud.messages[-1].content) == ("gpt", "Mail [EMAIL_1]")
    assert answers(r) == {"m1": "Local answer", "gpt": f"Cloud says {EMAIL}"}
    assert not r.shell.state.busy and r.screen.answers_done == 2


def test_stopping_one_answer_leaves_the_other_streaming_to_its_end() -> None:
    hold = asyncio.Event()

    async def scenario() -> None:
        await r.shell.run(comparing.compare_with, MODELS)
        sent = asyncio.ensure_future(r.shell.run(turns.send, "Hi", r.clock()))
        while len(r.transport.calls) < 2:
            await asyncio.sleep(0)
        first = r.shell.state.side_by_side[0].answer_id
        r.shell.stop(first)
        hold.set()
        await sent

    r = rig(SETTINGS, [script("never", hold=hold), script("Cloud ", "done", hold=hold)])
    run(scenario())
    by_model = {m.model: m for m in r.storage.messages.values() if m.role is Role.ASSISTANT}
    assert by_model["m1"].status is MessageStatus.STOPPED and by_model["m1"].content == ""
    assert by_model["gpt"].status is MessageStatus.COMPLETE and by_model["gpt"].content == "Cloud done"
    assert not r.shell.state.busy


def test_stop_without_an_answer_named_stops_them_all_even_before_their_requests_are_made() -> None:
    """Stop pressed as soon as the question is stored, before the requests are made one after another: each
    stops as it leaves."""
    hold = asyncio.Event()

    async def scenario() -> None:
        await r.shell.run(comparing.compare_with, MODELS)
        sent = asyncio.ensure_future(r.shell.run(turns.send, "Hi", r.clock()))
        while not r.shell.state.busy:
            await asyncio.sleep(0)
        assert r.transport.calls == []
        r.shell.stop()
        hold.set()
        await sent

    r = rig(SETTINGS, [script("never", hold=hold), script("never", hold=hold)])
    run(scenario())
    statuses = [m.status for m in r.storage.messages.values() if m.role is Role.ASSISTANT]
    assert statuses == [MessageStatus.STOPPED, MessageStatus.STOPPED] and not r.shell.state.busy
