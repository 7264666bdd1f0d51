"""Placeholders stable across a conversation, the real values put back, and the mapping as a record."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plauder.core import privacy
from plauder.core.privacy import Kind, Redactions, redact, restore
from plauder.core.privacy.redaction import Restoring, value_key
from plauder.core.privacy.scanning import folded

EMAIL, IBAN = "max@example.com", "DE89 3704 0044 0532 0130 00"


def test_public_names() -> None:
    assert sorted(privacy.__all__) == ["Finding", "Kind", "Redacted", "Redactions", "detect", "redact", "restore"]


def test_same_value_same_placeholder_across_messages() -> None:
    """Later messages (and the history sent again) get the placeholders issued before; new values new ones."""
    first = redact(f"Mail {EMAIL}, IBAN {IBAN}.", Redactions())
    assert first.text == "Mail [EMAIL_1], IBAN [IBAN_1]."
    second = redact("Also MAX@example.com, DE89370400440532013000 and eva@example.com", first.redactions)
    assert second.text == "Also [EMAIL_1], [IBAN_1] and [EMAIL_2]"
    again = redact(f"Mail {EMAIL}, IBAN {IBAN}.", second.redactions)
    assert again.text == first.text and again.redactions == second.redactions
    assert second.redactions.values == {"[EMAIL_1]": EMAIL, "[IBAN_1]": IBAN, "[EMAIL_2]": "eva@example.com"}


def test_a_number_written_grouped_or_not_is_one_value() -> None:
    """A tax id or VAT id grouped in one message and written as one run in the next gets the same placeholder."""
    first = redact("Steuer-ID 36 574 261 809, USt-IdNr. DE 136695976", Redactions())
    assert first.text == "Steuer-ID [TAX_ID_1], USt-IdNr. [VAT_ID_1]"
    assert redact("36574261809 and DE136695976", first.redactions).text == "[TAX_ID_1] and [VAT_ID_1]"


def test_round_trip_and_answer_restored() -> None:
    """The model's answer shows the real values where it used the placeholders."""
    sent = redact(f"Write to {EMAIL} about {IBAN}", Redactions(), ["Anna Schmidt"])
    assert restore(sent.text, sent.redactions) == f"Write to {EMAIL} about {IBAN}"
    answer = "Dear [EMAIL_1]: the account [IBAN_1] is fine; [EMAIL_9] and [NAME_1] are unknown."
    assert (
        restore(answer, sent.redactions)
        == f"Dear {EMAIL}: the account {IBAN} is fine; [EMAIL_9] and [NAME_1] are unknown."
    )


def test_placeholder_split_across_chunks() -> None:
    """Restoring the text received so far gives the real value once the placeholder is whole, at any split."""
    redactions = redact(EMAIL, Redactions()).redactions
    answer = "Sure, [EMAIL_1] it is."
    for split in range(len(answer) + 1):
        for second in range(split, len(answer) + 1):
            so_far = ""
            for chunk in (answer[:split], answer[split:second], answer[second:]):
                so_far += chunk
                shown = restore(so_far, redactions)
            assert shown == f"Sure, {EMAIL} it is."


def test_placeholders_in_the_text_itself_are_skipped() -> None:
    """A text that already holds "[EMAIL_1]" gets [EMAIL_2] for its address, so restoring is exact."""
    text = f"The template says [EMAIL_1]; mine is {EMAIL}"
    redacted = redact(text, Redactions())
    assert redacted.text == "The template says [EMAIL_1]; mine is [EMAIL_2]"
    assert restore(redacted.text, redacted.redactions) == text


def test_record_round_trip_and_tolerant_load() -> None:
    """The mapping is pure data; a stored record loads back, and anything malformed in one is dropped."""
    redactions = redact(f"{EMAIL} {IBAN}", Redactions()).redactions
    assert Redactions.from_record(redactions.to_record()) == redactions
    assert Redactions.from_record({"[EMAIL_1]": "a@b.de", "junk": "x", "[IP_1]": 3}).values == {"[EMAIL_1]": "a@b.de"}
    assert Redactions.from_record(None) == Redactions() and not Redactions()


def test_no_findings_returns_the_same_text_and_mapping() -> None:
    redactions = Redactions({"[EMAIL_1]": EMAIL})
    result = redact("nothing here", redactions)
    assert result.text == "nothing here" and result.redactions is redactions and result.findings == ()


PIECES = st.sampled_from(
    [
        EMAIL,
        IBAN,
        "4111 1111 1111 1111",
        "10.0.0.1",
        "+49 30 1234567",
        "password=abc123x",
        "Anna",
        "[EMAIL_1]",
        "[",
        "]",
    ]
)


@given(st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=12))
def test_redact_then_restore_gives_back_any_text(parts: list[str]) -> None:
    """For any text, restoring the redacted text gives back the original, and no finding is left in it."""
    text = " ".join(parts)
    redacted = redact(text, Redactions(), ["Anna"])
    assert restore(redacted.text, redacted.redactions) == text
    for value in redacted.redactions.values.values():
        assert value not in redacted.text


@given(st.text())
def test_folding_keeps_positions(text: str) -> None:
    assert len(folded(text)) == len(text)


def test_a_value_let_through_stays_as_typed_in_any_letter_case() -> None:
    """An exempted value (named by value_key) is neither replaced, nor counted, nor added to the mapping;
    other values are replaced as ever."""
    text = "Mail Max@Example.com and eva@example.org, again max@example.com"
    done = redact(text, Redactions(), exempt=frozenset({value_key(Kind.EMAIL, "max@example.com")}))
    assert done.text == "Mail Max@Example.com and [EMAIL_1], again max@example.com"
    assert done.redactions.values == {"[EMAIL_1]": "eva@example.org"} and len(done.findings) == 1
    assert value_key(Kind.IBAN, "de89 3704 0044 0532 0130 00") == value_key(Kind.IBAN, "DE89370400440532013000")


@given(
    st.lists(st.sampled_from(["[", "]", "EMAIL", "_", "1", "2", "[EMAIL_1]", "[IBAN_", "x ", "\n"]), max_size=30),
    st.lists(st.integers(min_value=0, max_value=40), max_size=8),
)
def test_restoring_a_growing_text_equals_restoring_it_whole(pieces: list[str], cuts: list[int]) -> None:
    """However a streamed text grows (and if it is rewritten), each call gives what `restore` of the whole
    text gives; only the new part is restored."""
    mapping = Redactions({"[EMAIL_1]": "a@example.com", "[IBAN_1]": "DE89"})
    text = "".join(pieces)
    growing = Restoring(mapping)
    for cut in [*sorted(cuts), len(text), 0, len(text)]:  # 0: a rewritten text starts again
        assert growing(text[:cut]) == restore(text[:cut], mapping)
