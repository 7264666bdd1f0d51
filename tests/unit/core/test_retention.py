"""Retention (core/retention.py): which conversations automatic deletion takes, whose number of days
applies, the one write and the notice; never a pinned, open or streaming conversation, never with no days."""

from __future__ import annotations

from dataclasses import replace

import pytest

from plauder.core import turns
from plauder.core.admin import AdminPreset
from plauder.core.i18n import translate
from plauder.core.records import Conversation, Settings
from plauder.core.retention import DAY_MS, MAX_DAYS, due, expire, retention_days, typed_days
from plauder.core.state import ChatState, Notice, Part, Write
from tests.unit.core.test_state_steps import NOW, SETTINGS


def idle(conversation_id: str, days: float, pinned: bool = False) -> Conversation:
    """A conversation whose last activity was `days` days before NOW."""
    at = NOW - days * DAY_MS
    return Conversation(conversation_id, conversation_id.title(), at - DAY_MS, at, pinned=pinned)


LISTED = (idle("fresh", 1), idle("edge", 30), idle("old", 31), idle("pinned", 400, pinned=True), idle("ancient", 400))
ADMIN_90 = AdminPreset(retention_days=90)


def test_what_is_due_is_untouched_for_the_days_or_more_and_neither_pinned_nor_open() -> None:
    assert due(LISTED, NOW, 30, None) == ["edge", "old", "ancient"]  # exactly 30 days counts
    assert due(LISTED, NOW, 30, "old") == ["edge", "ancient"]
    assert due(LISTED, NOW, 365, None) == ["ancient"]
    assert due(LISTED, NOW, None, None) == []  # no days: nothing is ever due


@pytest.mark.parametrize(
    ("own", "preset", "days"),
    [
        (None, AdminPreset(), None),  # nobody set anything: kept for ever
        (None, ADMIN_90, 90),  # the admin's default
        (30, ADMIN_90, 30),  # the user's own days over it
        (0, ADMIN_90, None),  # the user's "never" over it
        (30, replace(ADMIN_90, lock=frozenset({"retention"})), 90),  # locked: the admin's alone
        (30, AdminPreset(lock=frozenset({"retention"})), None),  # locked without days: never
    ],
)
def test_the_user_s_days_apply_over_the_admin_s_unless_locked(
    own: int | None, preset: AdminPreset, days: int | None
) -> None:
    assert retention_days(Settings(retention_days=own), preset) == days


def test_expiring_deletes_everything_due_in_one_write_draws_the_list_and_says_how_many() -> None:
    state = ChatState(replace(SETTINGS, retention_days=30), conversations=LISTED)
    step = expire(state, AdminPreset(), NOW)
    assert step.write == Write(delete_conversations=("edge", "old", "ancient"))
    assert [c.id for c in step.state.conversations] == ["fresh", "pinned"]
    assert step.draw == frozenset({Part.SIDEBAR}) and step.state.undo is None
    assert step.notice == Notice("retention.deleted_many", {"count": 3})
    assert translate("de", step.notice.key, **step.notice.params).startswith("3 Unterhaltungen")

    once = expire(state, ADMIN_90, NOW)  # the user's 30 days stand over the admin's 90
    assert once == step
    yearly = expire(replace(state, settings=SETTINGS), AdminPreset(retention_days=365), NOW)
    assert yearly.notice == Notice("retention.deleted_one", {"count": 1})  # only "ancient" is a year old
    assert translate("en", "retention.deleted_one", count=1).startswith("1 conversation without")

    again = expire(step.state, AdminPreset(), NOW)  # nothing left to delete: nothing stored, nothing said
    assert again.write is None and again.notice is None and again.state is step.state


def test_the_open_conversation_stays_even_while_its_answer_streams() -> None:
    sent = turns.send(ChatState(replace(SETTINGS, retention_days=1)), "Hello", NOW).state
    assert sent.busy and sent.current is not None
    step = expire(sent, AdminPreset(), NOW + 5 * DAY_MS)
    assert step.write is None and step.state is sent


def test_without_days_nothing_is_deleted() -> None:
    step = expire(ChatState(SETTINGS, conversations=LISTED), AdminPreset(), NOW)
    assert step.write is None and step.notice is None


@pytest.mark.parametrize(
    ("typed", "days"),
    [("", 0), ("  ", 0), ("30", 30), (" 7 ", 7), (str(MAX_DAYS), MAX_DAYS)]
    + [(text, None) for text in ("0", "-3", "1.5", "1e3", "thirty", "٣", str(MAX_DAYS + 1))],
)
def test_the_typed_days_are_a_whole_number_in_range_or_empty_for_never(typed: str, days: int | None) -> None:
    assert typed_days(typed) == days
