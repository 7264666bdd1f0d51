"""Undo brings back a deleted message's stored files with it: the shell holds them while the offer lasts (the fake
storage keeps the store's contract, web/store.py and web/file_store.py), and lets them go when the offer ends. A
delete without an offer (retention) holds nothing."""

from __future__ import annotations

from dataclasses import replace

from plauder.core import branching, organizing, retention, turns
from plauder.core.admin import AdminPreset
from plauder.core.records import Role
from tests.unit.web.fakes import SETTINGS, Rig, Script, rig, run
from tests.unit.web.test_attachment_originals import attached, send

DAY_MS = 86_400_000


def sent(r: Rig) -> str:
    """A question with an attached original, answered: the id of its conversation."""
    r.transport.scripts.append(Script([]))
    attached(r)
    send(r)
    assert r.storage.files == {"d1": "blob-d1"} and r.storage.held == {}
    current = r.shell.state.current
    assert current is not None
    return current.id


def delete(r: Rig, conversation_id: str) -> None:
    run(r.shell.run(organizing.delete_conversation, conversation_id, list(r.storage.messages.values())))


def test_undo_of_a_conversation_delete_puts_its_files_back() -> None:
    r = rig()
    conversation_id = sent(r)
    delete(r, conversation_id)
    assert r.storage.messages == {} and r.storage.files == {} and r.storage.held == {"d1": "blob-d1"}
    run(r.shell.run(organizing.undo))
    assert r.storage.files == {"d1": "blob-d1"} and r.storage.held == {} and r.storage.for_undo == set()


def test_an_expired_offer_lets_the_files_go() -> None:
    r = rig()
    delete(r, sent(r))
    offer = r.shell.state.undo
    assert offer is not None
    run(r.shell.run(organizing.undo_expired, offer))
    assert r.storage.files == {} and r.storage.held == {}
    run(r.shell.run(organizing.undo))  # nothing left to undo
    assert r.storage.messages == {} and r.storage.files == {}


def test_a_newer_offer_replaces_the_files_held_for_the_last() -> None:
    """A deleted question's file is held for its offer; deleting the conversation offers anew, and that offer's
    Undo brings back the conversation without the question (the first delete stays done)."""
    r = rig()
    sent(r)
    (question,) = (m for m in r.storage.messages.values() if m.role is Role.USER)
    run(r.shell.run(branching.delete, question.id, r.clock()))
    assert r.storage.files == {} and r.storage.held == {"d1": "blob-d1"}
    current = r.shell.state.current
    assert current is not None
    delete(r, current.id)
    assert r.storage.held == {}
    run(r.shell.run(organizing.undo))
    assert r.storage.files == {} and r.storage.held == {}


def test_retention_deletes_the_files_at_once() -> None:
    r = rig(replace(SETTINGS, retention_days=1))
    sent(r)
    run(r.shell.run(turns.new_chat))  # the open conversation stays
    run(r.shell.run(retention.expire, AdminPreset(), r.clock() + 2 * DAY_MS))
    assert r.storage.messages == {} and r.storage.files == {} and r.storage.held == {}


def test_a_fork_keeps_copies_of_the_files_under_ids_of_its_own() -> None:
    """The store deletes a conversation's files with it: a fork that shared their ids would lose its own."""
    r = rig()
    conversation_id = sent(r)
    answer = next(m for m in r.storage.messages.values() if m.role is Role.ASSISTANT)
    run(r.shell.run(branching.fork, answer.id, "Fork", r.clock()))
    (copy_id,) = set(r.storage.files) - {"d1"}
    assert r.storage.files == {"d1": "blob-d1", copy_id: "blob-d1"} and r.storage.held == {}
    delete(r, conversation_id)
    offer = r.shell.state.undo
    assert offer is not None
    run(r.shell.run(organizing.undo_expired, offer))
    assert r.storage.files == {copy_id: "blob-d1"}
    (question,) = (m for m in r.storage.messages.values() if m.role is Role.USER)
    assert [a.id for a in question.attachments] == [copy_id]
