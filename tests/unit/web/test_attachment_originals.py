"""An attached file's original under CPython: held from attaching on, stored in the same write as its question,
kept in memory when that write is refused, and never written for a temporary chat."""

from __future__ import annotations

from plauder.core import attaching, branching, temporary, turns
from plauder.core.providers import Finished, TextDelta
from plauder.core.records import Attachment, Role
from tests.unit.web.fakes import Rig, Script, rig, run

NOTES = Attachment("notes.pdf", 2048, "application/pdf", "Q3 figures", 2, id="d1")


def attached(r: Rig) -> None:
    """What web/attach.py does for a document read: its original held under its id, the attachment in the draft."""
    r.storage.hold(NOTES.id, "blob-d1")
    run(r.shell.run(attaching.attached, [NOTES]))


def send(r: Rig) -> None:
    run(r.shell.run(turns.send, "Sum it up", r.clock()))


def answered() -> Rig:
    return rig(scripts=[Script([[TextDelta("Up.")], [Finished("stop")]])])


def test_the_original_is_stored_with_its_question() -> None:
    r = answered()
    attached(r)
    send(r)
    (question,) = (m for m in r.storage.messages.values() if m.role is Role.USER)
    assert question.attachments == (NOTES,) and question.stored_files == (NOTES,)
    assert r.storage.files == {"d1": "blob-d1"} and r.storage.held == {}


def test_a_full_disk_loses_neither_the_file_nor_its_original() -> None:
    """The write is refused whole: the draft keeps the attachment, the original stays held for the next try."""
    r = answered()
    attached(r)
    r.storage.refuse = True
    send(r)
    assert r.screen.notices[-1].key == "storage.full"
    assert r.shell.state.attachments == (NOTES,) and r.storage.held == {"d1": "blob-d1"} and r.storage.files == {}
    r.storage.refuse = False
    send(r)
    assert r.storage.files == {"d1": "blob-d1"} and r.storage.held == {}


def test_a_temporary_chat_keeps_the_original_in_memory_only() -> None:
    r = answered()
    run(r.shell.run(temporary.temporary_chat, True))
    attached(r)
    send(r)
    assert r.storage.messages == {} and r.storage.files == {} and r.storage.held == {"d1": "blob-d1"}
    (question,) = (m for m in r.shell.state.messages.values() if m.role is Role.USER)
    assert question.attachments == (NOTES,)


def test_a_fork_of_a_temporary_chat_holds_a_copy_of_the_original() -> None:
    """The fork's question names a file of its own, whose bytes stay in memory like the chat's: nothing is written."""
    r = answered()
    run(r.shell.run(temporary.temporary_chat, True))
    attached(r)
    send(r)
    (question,) = (m for m in r.shell.state.messages.values() if m.role is Role.USER)
    run(r.shell.run(branching.fork, question.id, "Fork", r.clock()))
    (copied,) = (m for m in r.shell.state.messages.values() if m.role is Role.USER)
    (copy_id,) = (a.id for a in copied.attachments)
    assert r.shell.state.temporary and copy_id != "d1"
    assert r.storage.messages == {} and r.storage.files == {}
    assert r.storage.held == {"d1": "blob-d1", copy_id: "blob-d1"}
