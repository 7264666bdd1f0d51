"""What the passphrase lock seals: the keys, and nothing else of the settings."""

from __future__ import annotations

from plauder.core.lock import LockRecord, Sealed, keys_of, passphrase_problem, with_keys, without_keys
from plauder.core.records import Backend, BackendKind, Settings

SETTINGS = Settings(
    (
        Backend("a", "OpenAI", BackendKind.OPENAI, "https://api.openai.com/v1", "sk-a"),
        Backend("b", "Ollama", BackendKind.OLLAMA, "http://localhost:11434"),
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


def test_lock_record_round_trips() -> None:
    lock = LockRecord("c2FsdA==", 600_000, Sealed("aXY=", "ZGF0YQ=="))
    assert LockRecord.from_record(lock.to_record()) == lock


def test_passphrase_rules() -> None:
    assert passphrase_problem("short", "short") == "lock.too_short"
    assert passphrase_problem("long enough", "long enuogh") == "lock.mismatch"
    assert passphrase_problem("long enough", "long enough") is None
