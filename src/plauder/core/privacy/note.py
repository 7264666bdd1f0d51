"""What the user reads before and after sending to a backend that redacts: the composer's note ("2 email
addresses, 1 IBAN will be replaced before this goes to api.example.com") and a question's marker
("sent with 2 replacements").

The note counts distinct values, as the placeholders do (the same address twice is one placeholder);
the marker counts replacements made.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from plauder.core.admin import AdminPreset
from plauder.core.destination import destination
from plauder.core.i18n import translate
from plauder.core.privacy.policy import Guard, guard
from plauder.core.privacy.redaction import PLACEHOLDER, Redactions, redact
from plauder.core.state import ChatState


def found(texts: Iterable[str], redactions: Redactions | None = None, names: Iterable[str] = ()) -> Redactions:
    """The placeholders `texts` need, one per distinct value, added to `redactions` (a part found earlier);
    `names` are the listed names to find as well."""
    redactions = redactions or Redactions()
    names = tuple(names)
    for text in texts:
        redactions = redact(text, redactions, names).redactions
    return redactions


def redacting_host(state: ChatState, preset: AdminPreset) -> tuple[str, Guard] | None:
    """The host the next message goes to and how it is redacted there; None when it goes out unchanged."""
    choice = state.selected_model()
    backend = state.settings.backend(choice[0]) if choice else None
    rule = guard(backend, state.settings, preset) if backend is not None else None
    return None if backend is None or rule is None else (destination(backend, preset).host, rule)


def _plural(language: str, stem: str, count: int) -> str:
    """The text `<stem>_one` for one, else `<stem>_many` (the catalogs hold both forms of every stem)."""
    return translate(language, stem + ("_one" if count == 1 else "_many"), count=count)


def note(language: str, redactions: Redactions, host: str) -> str:
    """The composer's note for the values in `redactions`, by kind in order of appearance; "" when none."""
    kinds = Counter(match.group(1) for key in redactions.values if (match := PLACEHOLDER.fullmatch(key)))
    if not kinds:
        return ""
    findings = ", ".join(_plural(language, f"privacy.{kind}", count) for kind, count in kinds.items())
    key = "privacy.note_one" if kinds.total() == 1 else "privacy.note_many"  # German: "wird" or "werden"
    return translate(language, key, findings=findings, host=host)


def marker(language: str, replacements: int) -> str:
    """A question's marker in its meta line; "" when nothing was replaced."""
    if not replacements:
        return ""
    return translate(language, "privacy.sent_one" if replacements == 1 else "privacy.sent_many", count=replacements)
