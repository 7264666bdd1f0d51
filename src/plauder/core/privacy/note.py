"""What the user reads before and after sending to a backend that redacts: the composer's note ("2 email
addresses, 1 IBAN will be replaced before this goes to api.example.com"), the values marked in the message
box, a chip per value found (which the user may let through for that message), and a question's marker
("sent with 2 replacements").

The note counts distinct values, as the placeholders do (the same address twice is one placeholder);
the marker counts replacements made.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

from plauder.core.admin import AdminPreset
from plauder.core.destination import destination
from plauder.core.i18n import translate
from plauder.core.privacy.findings import Finding, Kind
from plauder.core.privacy.policy import Guard, guard
from plauder.core.privacy.redaction import PLACEHOLDER, Redactions, redact, value_key
from plauder.core.receivers import receivers
from plauder.core.state import ChatState

SECRETS = frozenset({Kind.PRIVATE_KEY, Kind.JWT, Kind.API_KEY, Kind.URL, Kind.TOKEN})
SECRET_SHOWN = 6  # "sk-ant", "eyJhbG", "ghp_ab": enough to tell which key, too little to use it
SHOWN_CHARS = 40
# The box marks no more than this, so that drawing the marks stays a short task whatever is pasted; the
# note and the chips still name every value (a 20-page paste holds some 65,000 characters).
MARKED_CHARS = 20_000
MARKED_MOST = 200


def found(texts: Iterable[str], redactions: Redactions | None = None, names: Iterable[str] = ()) -> Redactions:
    """The placeholders `texts` need, one per distinct value, added to `redactions` (a part found earlier);
    `names` are the listed names to find as well."""
    redactions = redactions or Redactions()
    names = tuple(names)
    for text in texts:
        redactions = redact(text, redactions, names).redactions
    return redactions


def redacting_host(state: ChatState, preset: AdminPreset) -> tuple[str, Guard] | None:
    """The host the next message goes to and how it is redacted there (side by side: the first of theirs that
    redacts it); None when it goes out unchanged."""
    for backend_id, _ in receivers(state):
        backend = state.settings.backend(backend_id)
        rule = guard(backend, state.settings, preset) if backend is not None else None
        if backend is not None and rule is not None:
            return destination(backend, preset).host, rule
    return None


def _plural(language: str, stem: str, count: int) -> str:
    """The text `<stem>_one` for one, else `<stem>_many` (the catalogs hold both forms of every stem)."""
    return translate(language, stem + ("_one" if count == 1 else "_many"), count=count)


def counted(language: str, kinds: Counter[Kind]) -> str:
    """Findings counted by kind, in the order given: "2 email addresses, 1 IBAN"."""
    return ", ".join(_plural(language, f"privacy.{kind}", count) for kind, count in kinds.items())


def values_by_kind(redactions: Redactions) -> Counter[Kind]:
    """How many distinct values of each kind `redactions` holds, kinds in order of appearance."""
    return Counter(kind for kind, _ in _values(redactions))


@dataclass(frozen=True)
class FindingChip:
    """One value the composer found, as its chip shows it; the user may let it through once."""

    key: str  # redaction.value_key: what an exemption names
    kind: str  # the kind, in words
    value: str  # as shown: a secret only by its first characters
    exempt: bool  # goes as typed in the next message


def _values(redactions: Redactions) -> list[tuple[Kind, str]]:
    return [
        (Kind(match.group(1)), value)
        for key, value in redactions.values.items()
        if (match := PLACEHOLDER.fullmatch(key))
    ]


def _shown(kind: Kind, value: str) -> str:
    """A value as a chip shows it: a password not at all, other secrets by the start that tells what they are."""
    if kind is Kind.PASSWORD:
        return "•••"
    if kind in SECRETS:
        return value[:SECRET_SHOWN] + "…"
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


def marked(text: str, findings: Sequence[Finding], exempt: frozenset[str]) -> tuple[Finding, ...]:
    """The findings in the box's `text` to mark there: those that will be replaced (the user let the others
    through); none in a text longer than MARKED_CHARS, the first MARKED_MOST in any other."""
    if len(text) > MARKED_CHARS:
        return ()
    kept = (f for f in findings if value_key(f.kind, text[f.start : f.end]) not in exempt)
    return tuple(islice(kept, MARKED_MOST))


def first_places(text: str, findings: Sequence[Finding]) -> dict[str, tuple[int, int]]:
    """Where in the box's `text` each value (by its `value_key`) first stands: what its chip selects there."""
    places: dict[str, tuple[int, int]] = {}
    for f in findings:
        places.setdefault(value_key(f.kind, text[f.start : f.end]), (f.start, f.end))
    return places


def chips(language: str, redactions: Redactions, exempt: frozenset[str]) -> tuple[FindingChip, ...]:
    """A chip per value in `redactions`, in order of appearance, marked when the user let it through."""
    shown = []
    for kind, value in _values(redactions):
        key = value_key(kind, value)
        shown.append(FindingChip(key, translate(language, f"privacy.kind_{kind}"), _shown(kind, value), key in exempt))
    return tuple(shown)


def note(
    language: str, redactions: Redactions, host: str, exempt: frozenset[str] = frozenset(), blocked: bool = False
) -> str:
    """The composer's note for the values in `redactions`, by kind in order of appearance, and how many
    the user lets through; when the backend's policy blocks such messages, that it will not be sent;
    "" when there are none."""
    values = _values(redactions)
    kinds = Counter(kind for kind, value in values if value_key(kind, value) not in exempt)
    let_through = len(values) - kinds.total()
    parts = []
    if kinds:
        findings = counted(language, kinds)
        if blocked:
            key = "privacy.note_blocked"
        else:
            key = "privacy.note_one" if kinds.total() == 1 else "privacy.note_many"  # German: "wird" or "werden"
        parts.append(translate(language, key, findings=findings, host=host))
    if let_through:
        key = "privacy.exempt_one" if let_through == 1 else "privacy.exempt_many"
        parts.append(translate(language, key, count=let_through))
    return " ".join(parts)


def marker(language: str, replacements: int) -> str:
    """A question's marker in its meta line; "" when nothing was replaced."""
    if not replacements:
        return ""
    return translate(language, "privacy.sent_one" if replacements == 1 else "privacy.sent_many", count=replacements)
