"""What a refused write tells the user: a full disk by name, any other refusal as it is."""

from __future__ import annotations

from plauder.core.i18n import translate
from plauder.core.state import Notice, storage_failed


def test_a_full_disk_is_named_in_both_languages() -> None:
    notice = storage_failed("QuotaExceededError")
    assert notice == Notice("storage.full", {"detail": "QuotaExceededError"})
    assert "storage for Plauder is full" in translate("en", notice.key, **notice.params)
    assert "Speicher dieses Browsers für Plauder ist voll" in translate("de", notice.key, **notice.params)


def test_another_refusal_keeps_its_name() -> None:
    assert storage_failed("UnknownError") == Notice("storage.failed", {"detail": "UnknownError"})
