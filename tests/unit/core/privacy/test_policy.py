"""What the guard does per backend: its trust level (the admin's, the user's, or its address), the action for
that level (the user's over the admin's over the defaults, the admin's when locked), and the names listed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from plauder.core.admin import AdminPreset, PresetBackend
from plauder.core.privacy.policy import Guard, action_for, guard, trust_of
from plauder.core.privacy.trust import Action, Trust
from plauder.core.records import Backend, BackendKind, Settings

OPENAI = BackendKind("openai")


def backend(url: str, backend_id: str = "b1") -> Backend:
    return Backend(backend_id, "B", OPENAI, url)


@pytest.mark.parametrize(
    "url", ["https://api.openai.com/v1", "https://api.example.com", "http://93.184.216.34:8080/v1"]
)
def test_external_backends_are_redacted(url: str) -> None:
    assert guard(backend(url), Settings(), AdminPreset()) == Guard()


@pytest.mark.parametrize(
    "url",
    ["http://localhost:11434", "http://127.0.0.1:8080/v1", "http://10.0.0.7/v1", "http://gpu01.corp/v1", "http://llm"],
)
def test_internal_backends_are_not(url: str) -> None:
    assert guard(backend(url), Settings(), AdminPreset()) is None


def test_a_backend_the_admin_set_up_counts_as_internal() -> None:
    """An admin's backend is in-house by the admin's word (core/destination.py), wherever it is."""
    preset = AdminPreset(backends=(PresetBackend("admin-eu", "EU", OPENAI, "https://llm.example.eu/v1"),))
    assert guard(backend("https://llm.example.eu/v1", "admin-eu"), Settings(), preset) is None
    assert guard(backend("https://llm.example.eu/v1", "mine"), Settings(), preset) is not None


def test_the_admin_s_names_and_the_user_s_are_both_found() -> None:
    preset = AdminPreset(privacy_names=("ACME Corp",))
    settings = Settings(privacy_names=("Anna Schmidt",))
    rule = guard(backend("https://api.example.com"), settings, preset)
    assert rule == Guard(names=("ACME Corp", "Anna Schmidt"))


EU = "https://llm.example.eu/v1"


def test_a_processor_is_redacted_by_default_and_internal_is_not() -> None:
    """The defaults (core/privacy/trust.py): internal off, processor and external redact."""
    assert guard(replace(backend(EU), trust=Trust.PROCESSOR), Settings(), AdminPreset()) == Guard()
    assert guard(replace(backend(EU), trust=Trust.INTERNAL), Settings(), AdminPreset()) is None
    assert trust_of(backend("http://10.0.0.7/v1"), AdminPreset()) is Trust.INTERNAL


def test_the_user_s_trust_and_policy_hold_unless_the_admin_locked_privacy() -> None:
    rated = replace(backend(EU), trust=Trust.INTERNAL)
    blocking = Settings(privacy_policy={Trust.EXTERNAL: Action.BLOCK})
    assert trust_of(rated, AdminPreset()) is Trust.INTERNAL
    assert guard(backend(EU), blocking, AdminPreset()) == Guard(block=True)
    admin = AdminPreset(lock=frozenset({"privacy"}), privacy_policy={Trust.EXTERNAL: Action.OFF})
    assert trust_of(rated, admin) is Trust.EXTERNAL  # the user's rating does not count under the lock
    assert action_for(Trust.EXTERNAL, blocking, admin) is Action.OFF
    assert action_for(Trust.PROCESSOR, blocking, admin) is Action.REDACT  # the default where the admin says nothing
    assert action_for(Trust.EXTERNAL, blocking, replace(admin, lock=frozenset())) is Action.BLOCK


def test_the_admin_s_trust_for_its_own_backend_wins() -> None:
    preset = AdminPreset(backends=(PresetBackend("admin-eu", "EU", OPENAI, EU, trust=Trust.PROCESSOR),))
    assert trust_of(replace(backend(EU, "admin-eu"), trust=Trust.INTERNAL), preset) is Trust.PROCESSOR


def test_blocking_lets_nothing_through() -> None:
    """Under block the user's exemptions do not count (the message is not sent in part)."""
    blocking = Settings(privacy_policy={Trust.EXTERNAL: Action.BLOCK})
    rule = guard(backend(EU), blocking, AdminPreset(), exempt=frozenset({"EMAIL:a@b.example"}))
    assert rule == Guard(block=True)
