"""The passphrase lock: which parts of the settings are secret, and how the lock is recorded.

With a lock, API keys never reach storage in the clear: the settings are stored without them,
and the keys apart, sealed with AES-GCM under a key derived from the passphrase (PBKDF2-SHA256).
A lock that seals conversations seals their pictures' bytes too, and the privacy guard's list of
names (customers and colleagues are personal data, as the conversations that name them are); a lock on keys alone
leaves them readable, since the page must be usable without its passphrase then, and a name it
could not read would go out unreplaced.
A sealed check text tells a right passphrase from a wrong one before anything is decrypted
with it. The cryptography itself is the browser's (WebCrypto); this module only says what is
sealed and what is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Self

from plauder.core.records import Settings

# OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; a new lock records its own count, so
# raising this later does not break existing locks.
PBKDF2_ITERATIONS = 600_000
SALT_BYTES = 16
CHECK_TEXT = "plauder passphrase check v1"
MIN_PASSPHRASE_CHARS = 8


@dataclass(frozen=True)
class Sealed:
    """AES-GCM output, base64: the 12-byte nonce and the ciphertext with its tag."""

    iv: str
    data: str

    def to_record(self) -> dict[str, str]:
        return {"iv": self.iv, "data": self.data}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        return cls(str(record["iv"]), str(record["data"]))


@dataclass(frozen=True)
class LockRecord:
    salt: str  # base64
    iterations: int
    check: Sealed  # CHECK_TEXT, sealed
    conversations: bool = False  # conversations and messages are sealed too, not only the keys

    def to_record(self) -> dict[str, Any]:
        return {
            "salt": self.salt,
            "iterations": self.iterations,
            "check": self.check.to_record(),
            "conversations": self.conversations,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        return cls(
            str(record["salt"]),
            int(record["iterations"]),
            Sealed.from_record(record["check"]),
            bool(record.get("conversations", False)),
        )


# Under a lock that seals conversations, a stored record keeps in the clear only what
# IndexedDB's keys and indexes need; everything else, titles and texts included, is sealed.
CLEAR_FIELDS: dict[str, tuple[str, ...]] = {
    "conversations": ("id", "updated_at"),
    "messages": ("id", "conversation_id"),
    "folders": ("id",),  # a sealed folder leaves the parent_id index: nothing looks folders up by it
    "files": ("id", "message_id", "conversation_id"),  # a picture's Blob is sealed into a Blob (web/file_store.py)
}
SEALED_FIELD = "sealed"


def clear_part(store: str, record: dict[str, Any]) -> dict[str, Any]:
    """The fields of `record` that stay readable when it is sealed into `store`."""
    return {name: record[name] for name in CLEAR_FIELDS[store]}


def is_sealed(record: dict[str, Any]) -> bool:
    return SEALED_FIELD in record


def keys_of(settings: Settings) -> dict[str, str]:
    """The secrets: each backend's API key, by backend id."""
    return {backend.id: backend.api_key for backend in settings.backends if backend.api_key}


def without_keys(settings: Settings) -> Settings:
    """The settings without their API keys (as an export without keys holds them)."""
    return replace(settings, backends=tuple(replace(b, api_key="") for b in settings.backends))


def stored_clear(settings: Settings, lock: LockRecord) -> Settings:
    """The settings as they may be stored in the clear under `lock`: without the keys, and without the
    names too when it seals conversations."""
    clear = without_keys(settings)
    return replace(clear, privacy_names=()) if lock.conversations else clear


def with_names(settings: Settings, names: list[Any]) -> Settings:
    """The settings with the unsealed names put back."""
    return replace(settings, privacy_names=tuple(name for name in names if isinstance(name, str)))


def with_keys(settings: Settings, keys: dict[str, str]) -> Settings:
    """The settings with unsealed keys put back (keys of backends that are gone are dropped)."""
    return replace(settings, backends=tuple(replace(b, api_key=keys.get(b.id, b.api_key)) for b in settings.backends))


def passphrase_problem(passphrase: str, repeated: str) -> str | None:
    """The message key of what is wrong with a new passphrase, or None."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        return "lock.too_short"
    if passphrase != repeated:
        return "lock.mismatch"
    return None


@dataclass(frozen=True)
class PassphrasePrompt:
    """The passphrase dialog's message keys. It names what the lock seals, so a user whose conversations
    are sealed is not told that only keys are at stake; `dismiss` is "" when the dialog cannot be
    dismissed (sealed conversations are unusable without the passphrase)."""

    title: str
    text: str
    confirm: str
    dismiss: str


def passphrase_prompt(conversations: bool, removing: bool = False) -> PassphrasePrompt:
    """What the dialog says to open the lock, or (`removing`) to remove it, which takes the passphrase too."""
    scope = "_all" if conversations else ""
    if removing:
        return PassphrasePrompt("lock.remove_title", "lock.remove_text" + scope, "lock.remove_confirm", "chat.cancel")
    return PassphrasePrompt(
        "lock.unlock_title" + scope, "lock.unlock_text" + scope, "lock.unlock", "" if conversations else "lock.skip"
    )
