"""What the passphrase lock seals: the keys, and the privacy guard's names where it seals conversations."""

from __future__ import annotations

from dataclasses import replace

from plauder.core.lock import (
    LockRecord,
    Sealed,
    clear_part,
    is_sealed,
    keys_of,
    passphrase_problem,
    passphrase_prompt,
    stored_clear,
    with_keys,
    with_names,
    without_keys,
)
from plauder.core.records import Backend, BackendKind, Settings

SETTINGS = Settings(
    (
        Backend("a", "OpenAI", BackendKind("openai"), "https://api.openai.com/v1", "sk-a"),
        Backend("b", "Ollama", BackendKind("ollama"), "http://localhost:11434"),
    ),
    "a",
    "gpt",
)


def test_keys_come_apart_and_back() -> None:
    """Stored settings hold no key; unsealed keys restore exactly the settings."""
    assert keys_of(SETTINGS) == {"a": "sk-a"}
    stored = without_keys(SETTINGS)
    assert "sk-a" not in repr(stored.to_record()) and stored.backends[0].base_url == "https://api.openai.com/v1"
    assert with_keys(stored, keys_of(SETTINGS)) == SETTINGS
    assert with_keys(stored, {"gone": "sk-x"}) == stored


def test_names_are_sealed_with_conversations_only() -> None:
    """A lock on conversations stores the settings without the names (then put back unsealed); a lock on
    keys alone keeps them readable, as a locked page must still replace them."""
    named = replace(SETTINGS, privacy_names=("Erika Mustermann", "ACME Corp"))
    lock = LockRecord("c2FsdA==", 600_000, Sealed("aXY=", "ZGF0YQ=="))
    assert stored_clear(named, lock) == replace(without_keys(SETTINGS), privacy_names=named.privacy_names)
    sealing = replace(lock, conversations=True)
    stored = stored_clear(named, sealing)
    assert "Erika" not in repr(stored.to_record()) and "sk-a" not in repr(stored.to_record())
    assert with_names(with_keys(stored, keys_of(named)), ["Erika Mustermann", "ACME Corp", 7]) == named


def test_lock_record_round_trips() -> None:
    lock = LockRecord("c2FsdA==", 600_000, Sealed("aXY=", "ZGF0YQ=="))
    assert LockRecord.from_record(lock.to_record()) == lock
    sealing = LockRecord("c2FsdA==", 600_000, Sealed("aXY=", "ZGF0YQ=="), conversations=True)
    assert LockRecord.from_record(sealing.to_record()) == sealing


def test_a_lock_stored_before_conversation_sealing_existed_seals_keys_only() -> None:
    record = {"salt": "c2FsdA==", "iterations": 600_000, "check": {"iv": "aXY=", "data": "ZGF0YQ=="}}
    assert LockRecord.from_record(record).conversations is False


def test_sealed_records_keep_only_what_their_indexes_need() -> None:
    message = {"id": "m1", "conversation_id": "c1", "parent_id": None, "content": "secret", "role": "user"}
    assert clear_part("messages", message) == {"id": "m1", "conversation_id": "c1"}
    conversation = {"id": "c1", "title": "Secret plans", "updated_at": 5.0, "system_prompt": "x"}
    assert clear_part("conversations", conversation) == {"id": "c1", "updated_at": 5.0}
    assert not is_sealed(message)
    assert is_sealed({"id": "m1", "conversation_id": "c1", "sealed": {"iv": "", "data": ""}})


def test_passphrase_rules() -> None:
    assert passphrase_problem("short", "short") == "lock.too_short"
    assert passphrase_problem("long enough", "long enuogh") == "lock.mismatch"
    assert passphrase_problem("long enough", "long enough") is None


def test_the_passphrase_dialog_names_what_is_sealed() -> None:
    """Sealed conversations are named in the title and text, and cannot be skipped; keys alone can."""
    keys = passphrase_prompt(conversations=False)
    assert (keys.title, keys.text, keys.dismiss) == ("lock.unlock_title", "lock.unlock_text", "lock.skip")
    everything = passphrase_prompt(conversations=True)
    assert (everything.title, everything.text, everything.dismiss) == (
        "lock.unlock_title_all",
        "lock.unlock_text_all",
        "",
    )


def test_removing_the_lock_asks_for_the_passphrase_and_may_be_cancelled() -> None:
    removing = passphrase_prompt(conversations=True, removing=True)
    assert (removing.title, removing.text, removing.confirm, removing.dismiss) == (
        "lock.remove_title",
        "lock.remove_text_all",
        "lock.remove_confirm",
        "chat.cancel",
    )
    assert passphrase_prompt(conversations=False, removing=True).text == "lock.remove_text"
