"""The composer's note before sending and a sent question's marker: counted and worded in core."""

from __future__ import annotations

from plauder.core.admin import AdminPreset
from plauder.core.privacy.findings import Kind
from plauder.core.privacy.note import (
    MARKED_CHARS,
    MARKED_MOST,
    chips,
    first_places,
    found,
    marked,
    marker,
    note,
    redacting_host,
)
from plauder.core.privacy.policy import Guard
from plauder.core.privacy.redaction import redact, value_key
from plauder.core.records import Backend, BackendKind, Settings
from plauder.core.state import ChatState

EMAIL, OTHER, IBAN = "max@example.com", "eva@example.org", "DE89 3704 0044 0532 0130 00"


def test_the_note_counts_distinct_values_by_kind_in_order_of_appearance() -> None:
    """The same address twice is one placeholder, so one address; kinds are named as they first appear."""
    values = found([f"Mail {EMAIL} and {OTHER}, again {EMAIL.upper()}; IBAN {IBAN}"])
    assert note("en", values, "api.example.com") == (
        "2 email addresses, 1 IBAN will be replaced before this goes to api.example.com."
    )
    assert note("de", values, "api.example.com") == (
        "2 E-Mail-Adressen, 1 IBAN werden ersetzt, bevor dies an api.example.com geht."
    )


def test_one_value_reads_in_the_singular() -> None:
    one = found([f"IBAN {IBAN}"])
    assert note("en", one, "h.example") == "1 IBAN will be replaced before this goes to h.example."
    assert note("de", one, "h.example") == "1 IBAN wird ersetzt, bevor dies an h.example geht."


def test_nothing_found_says_nothing() -> None:
    assert note("en", found(["Just a question about Python 3.12"]), "h.example") == ""


def test_files_found_earlier_count_with_the_typed_text() -> None:
    """The composer searches the attached files once and the typed text at every pause; a value in both
    is counted once."""
    in_files = found([f"IBAN {IBAN}, {EMAIL}"])
    assert found([f"to {EMAIL} and {OTHER}"], in_files).values == {
        "[IBAN_1]": IBAN,
        "[EMAIL_1]": EMAIL,
        "[EMAIL_2]": OTHER,
    }


def test_the_note_is_for_backends_that_redact_only() -> None:
    external = Backend("b1", "Cloud", BackendKind("openai"), "https://api.example.com/v1", fetched_models=("m",))
    internal = Backend("b2", "Local", BackendKind("ollama"), "http://localhost:11434", fetched_models=("m",))
    settings = Settings(
        backends=(external, internal), default_backend_id="b1", default_model="m", privacy_names=("Eva",)
    )
    assert redacting_host(ChatState(settings), AdminPreset()) == ("api.example.com", Guard(names=("Eva",)))
    local = Settings(backends=(external, internal), default_backend_id="b2", default_model="m")
    assert redacting_host(ChatState(local), AdminPreset()) is None
    assert redacting_host(ChatState(Settings()), AdminPreset()) is None
    side_by_side = ChatState(local, comparing=(("b2", "m"), ("b1", "m")))  # the selected one is internal
    assert redacting_host(side_by_side, AdminPreset()) == ("api.example.com", Guard())


def test_listed_names_count_as_names() -> None:
    assert note("en", found(["Ask Eva Berg and eva berg"], names=["Eva Berg"]), "h.example") == (
        "1 name will be replaced before this goes to h.example."
    )


def test_a_sent_question_is_marked_with_its_replacements() -> None:
    assert marker("en", 2) == "sent with 2 replacements" and marker("en", 1) == "sent with 1 replacement"
    assert marker("de", 2) == "mit 2 Ersetzungen gesendet" and marker("de", 0) == ""


def test_each_value_is_a_chip_and_one_let_through_is_counted_apart() -> None:
    """Chips in order of appearance with the kind in words; a password is not shown and a key only by its
    start; the note counts what is replaced and, apart, what goes as typed."""
    key = "sk-ant-" + "a" * 30
    values = found([f"Mail {EMAIL} with api {key} and password=hunter2hunter, IBAN {IBAN}"])
    exempt = frozenset({value_key(Kind.IBAN, IBAN)})
    shown = chips("en", values, exempt)
    assert [(c.kind, c.value, c.exempt) for c in shown] == [
        ("Email address", EMAIL, False),
        ("API key", "sk-ant…", False),
        ("Password", "•••", False),
        ("IBAN", IBAN, True),
    ]
    assert chips("de", values, exempt)[0].kind == "E-Mail-Adresse"
    assert note("en", values, "h.example", exempt) == (
        "1 email address, 1 API key, 1 password will be replaced before this goes to h.example."
        " 1 goes as typed, in this message only."
    )
    everything = frozenset(c.key for c in shown)
    assert note("de", values, "h.example", everything) == "4 gehen wie eingegeben hinaus, nur in dieser Nachricht."


def test_a_blocking_backend_s_note_says_the_message_will_not_go() -> None:
    values = found([f"Mail {EMAIL}"])
    assert (
        note("en", values, "h.example", blocked=True)
        == "1 email address found: this message will not be sent to h.example."
    )
    assert note("de", values, "h.example", blocked=True) == (
        "1 E-Mail-Adresse gefunden: Diese Nachricht wird nicht an h.example gesendet."
    )


def test_the_box_marks_what_will_be_replaced_and_a_chip_selects_its_first_place() -> None:
    """Every finding is marked, the same value each time it stands, but none the user let through; a chip
    selects where its value first stands."""
    text = f"Mail {EMAIL} and {OTHER}, again {EMAIL.upper()}"
    findings = redact(text, found([])).findings
    assert [text[f.start : f.end] for f in marked(text, findings, frozenset())] == [EMAIL, OTHER, EMAIL.upper()]
    let_through = frozenset({value_key(Kind.EMAIL, EMAIL)})
    assert [text[f.start : f.end] for f in marked(text, findings, let_through)] == [OTHER]
    places = first_places(text, findings)
    assert places == {value_key(Kind.EMAIL, EMAIL): (5, 5 + len(EMAIL)), value_key(Kind.EMAIL, OTHER): (25, 40)}
    assert text[slice(*places[value_key(Kind.EMAIL, OTHER)])] == OTHER


def test_marks_are_capped() -> None:
    """A text too long to mark cheaply has none (its chips still list every value); a text with very many
    values has the first MARKED_MOST marked."""
    many = " ".join(f"u{n}@example.com" for n in range(MARKED_MOST + 5))
    assert len(marked(many, redact(many, found([])).findings, frozenset())) == MARKED_MOST
    long = f"{EMAIL} " + "x" * MARKED_CHARS
    assert marked(long, redact(long, found([])).findings, frozenset()) == ()
