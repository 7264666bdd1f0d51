"""Each detector finds its kind of value, and leaves alone what only looks like one."""

from __future__ import annotations

from itertools import pairwise

import pytest

from plauder.core.privacy import Kind, detect
from plauder.core.privacy.terms import listed

POSITIVES = [
    ("mail max.mustermann@example.com today", "max.mustermann@example.com", Kind.EMAIL),
    ("(j.weber+news@firma.co.uk).", "j.weber+news@firma.co.uk", Kind.EMAIL),
    ("an: jörg@müller.de", "jörg@müller.de", Kind.EMAIL),
    ("IBAN DE89 3704 0044 0532 0130 00, bitte", "DE89 3704 0044 0532 0130 00", Kind.IBAN),
    ("GB82WEST12345698765432", "GB82WEST12345698765432", Kind.IBAN),
    ("iban: at611904300234573201", "at611904300234573201", Kind.IBAN),
    ("card 4111 1111 1111 1111 exp", "4111 1111 1111 1111", Kind.CARD),
    ("Amex 3782-822463-10005.", "3782-822463-10005", Kind.CARD),
    ("5555555555554444", "5555555555554444", Kind.CARD),
    ("Maestro 6759 6895 2795, bitte", "6759 6895 2795", Kind.CARD),
    ("card 5018-0000-0009.", "5018-0000-0009", Kind.CARD),
    ("Steuer-ID: 86095742719.", "86095742719", Kind.TAX_ID),
    ("IdNr. 36 574 261 809, Finanzamt", "36 574 261 809", Kind.TAX_ID),
    ("USt-IdNr.: DE136695976", "DE136695976", Kind.VAT_ID),
    ("VAT de 811569869.", "de 811569869", Kind.VAT_ID),
    ("host 10.0.0.12.", "10.0.0.12", Kind.IP),
    ("via 2001:db8::8a2e:370:7334 now", "2001:db8::8a2e:370:7334", Kind.IP),
    ("link fe80::1%eth0", "fe80::1", Kind.IP),
    ("see https://admin:hunter2@db.example.com/x.", "https://admin:hunter2@db.example.com/x", Kind.URL),
    ("postgres://app:s3cr%40t@10.1.2.3:5432/db", "postgres://app:s3cr%40t@10.1.2.3:5432/db", Kind.URL),
    ("key sk-proj-abcdefghijklmnopqrstuvwxyz0123", "sk-proj-abcdefghijklmnopqrstuvwxyz0123", Kind.API_KEY),
    ("sk-ant-api03-abcdefghijklmnopqrstuv_XYZ", "sk-ant-api03-abcdefghijklmnopqrstuv_XYZ", Kind.API_KEY),
    ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", Kind.API_KEY),
    ("github_pat_11ABCDEFG0123456789_abcdefghijk", "github_pat_11ABCDEFG0123456789_abcdefghijk", Kind.API_KEY),
    ("aws AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", Kind.API_KEY),
    ("xoxb-1234567890-abcdefABCDEF", "xoxb-1234567890-abcdefABCDEF", Kind.API_KEY),
    ("AIzaSyA-abcdefghijklmnopqrstuvwxyz01234", "AIzaSyA-abcdefghijklmnopqrstuvwxyz01234", Kind.API_KEY),
    ("Authorization: Bearer abc.def-ghi_jkl~mnop+q/rs==", "abc.def-ghi_jkl~mnop+q/rs==", Kind.TOKEN),
    ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w", None, Kind.JWT),
    ("password=hunter22;", "hunter22", Kind.PASSWORD),
    ('{"passwd": "corr ect horse"}', "corr ect horse", Kind.PASSWORD),
    ("PWD: Sommer2024!", "Sommer2024!", Kind.PASSWORD),
    ("db.secret = 'x9Y!z'", "x9Y!z", Kind.PASSWORD),
    ("?token=ab12cd34ef&x=1", "ab12cd34ef&x=1", Kind.PASSWORD),
    ("Passwort: Geheim123", "Geheim123", Kind.PASSWORD),
    ("ruf an: +49 30 1234567.", "+49 30 1234567", Kind.PHONE),
    ("Tel. 030/98765432", "030/98765432", Kind.PHONE),
    ("(089) 123 456 78", "(089) 123 456 78", Kind.PHONE),
    ("mobil 01712345678", "01712345678", Kind.PHONE),
    ("0049 221 1234567", "0049 221 1234567", Kind.PHONE),
    ("+44 20 7946 0958", "+44 20 7946 0958", Kind.PHONE),
    ("+49 (0)30 1234567", "+49 (0)30 1234567", Kind.PHONE),
    # Misses the labelled corpus found (tests/privacy_corpus.py, test_recall.py).
    ("mobil (+49 30 1234567), ab", "+49 30 1234567", Kind.PHONE),
    ("Tel.: 0231144313 danke", "0231144313", Kind.PHONE),
    ("JCB 2131 3453 9999 466.", "2131 3453 9999 466", Kind.CARD),
    ('DB_PASSWORD="Fight14!"', "Fight14!", Kind.PASSWORD),
    ("db_password: Sommer2024", "Sommer2024", Kind.PASSWORD),
    ("Kennwort = *1uS%iGo@U", "*1uS%iGo@U", Kind.PASSWORD),
    ("secret=$WGGcmbX_8)4I&", "$WGGcmbX_8)4I&", Kind.PASSWORD),
]

NEGATIVES = [
    "a random 22-digit number 1234567890123456789012 is not an IBAN",
    "DE89370400440532013001 has a wrong check digit",
    "DE8937040044053201300 is one character short",
    "4111 1111 1111 1112 fails Luhn",
    "9111111111111111 passes Luhn but no issuer starts with 9",
    "ticket 1234-5678-9012-3456 and order 20240512123456",
    "in 1 5018-0000-0009 and 5018-0000-0009-1 Maestro's number is part of another; 4111-2222-3333 is no card",
    "version 1.2.3 released 2024-05-12 at 12:30:45",
    "localhost 127.0.0.1 and 0.0.0.0 and ::1 and ::",
    "std::vector<int> and a::b::c in C++",
    "999.1.1.1 and 1.2.3.4.5",
    "user@localhost is not a mail domain, nor is @handle or a@b",
    "https://example.com/path?x=1 and mailto:someone",
    "sk-short and ghp_tooShort and AKIA123",
    "password: str",
    'API_KEY = "API_KEY" and f(api_key=api_key) and f(password: str)',
    '"privacy.kind_PASSWORD": "Passwort" and a `password=...` in a docstring',
    "password=%s and pwd=%(pwd)s and secret=%SECRET%",
    "password = get_password()",
    "token=${TOKEN} secret=<secret> pwd=%s passwd=*****",
    "password=self.password and token: Optional[str]",
    "bypass=yes compass: north",
    "dates 05/12/2023 01.02.2023 2023-05-12 12.05.2023",
    "ZIP 80331 München, amount 1 000 000, ISBN 0-306-40615-2",
    "the year 2024 and the number 0815",
    "tax id 86095742718 has a wrong check digit, 860957427190 and 1 86095742719 are other numbers",
    "36 574 261 809 123 runs on, and so does 2024/36574261809",
    "VAT DE136695977 has a wrong check digit, CODE136695976 and DE1366959761 are other words",
    "-----BEGIN PUBLIC KEY----- is public",
]


@pytest.mark.parametrize(("text", "value", "kind"), POSITIVES)
def test_finds_each_kind(text: str, value: str | None, kind: Kind) -> None:
    """The one finding in the text is the value, of its kind."""
    found = [(text[f.start : f.end], f.kind) for f in detect(text)]
    assert found == [(value or text, kind)]


@pytest.mark.parametrize("text", NEGATIVES)
def test_leaves_lookalikes_alone(text: str) -> None:
    """Numbers with wrong check digits, versions, dates, code and templates are no findings."""
    assert [text[f.start : f.end] for f in detect(text)] == []


def test_private_key_block_whole_and_cut_off() -> None:
    """A private key block is one finding from BEGIN to END; one pasted without its END runs to its last line."""
    block = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nMIIBOgIBAAJBAKj34Gkx\nFhD90vcN==\n"
    whole = block + "-----END RSA PRIVATE KEY-----"
    text = f"key:\n{whole}\nthanks"
    assert [(text[f.start : f.end], f.kind) for f in detect(text)] == [(whole, Kind.PRIVATE_KEY)]
    assert [f.kind for f in detect("x " + block)] == [Kind.PRIVATE_KEY]


def test_names_from_term_lists() -> None:
    """Listed names are found as whole words in any letter case and spacing, the longest listed first."""
    text = "ANNA  schmidt met Anna and Müller GmbH; Anastasia and Müllers are others."
    found = [(text[f.start : f.end], f.kind) for f in detect(text, ["Anna Schmidt", "anna", "müller gmbh", " "])]
    assert found == [("ANNA  schmidt", Kind.NAME), ("Anna", Kind.NAME), ("Müller GmbH", Kind.NAME)]


def test_a_typed_list_gives_each_name_once() -> None:
    """One name a line, spacing tidied; blank lines and a name repeated in other letter case are left out."""
    assert listed("  Anna   Schmidt \n\nACME Corp\nanna schmidt\r\n Projekt Falke") == (
        "Anna Schmidt",
        "ACME Corp",
        "Projekt Falke",
    )
    assert listed("") == ()


def test_overlaps_longest_then_most_specific() -> None:
    """An email inside a URL with credentials is part of the URL; a Bearer JWT is a JWT; a key after
    `password=` is an API key."""
    text = "https://max:pw@mail.example.com/ Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijkl"
    text += " password=sk-abcdefghijklmnopqrstuvwxyz"
    assert [f.kind for f in detect(text)] == [Kind.URL, Kind.JWT, Kind.API_KEY]


def test_findings_never_overlap_in_dense_text() -> None:
    """In a text full of values next to one another, every finding ends before the next starts."""
    text = " ".join(text for text, _, _ in POSITIVES) * 3
    findings = detect(text, ["Anna Schmidt"])
    assert len(findings) >= len(POSITIVES) * 3 - 3
    assert all(a.end <= b.start for a, b in pairwise(findings))


def test_long_runs_take_linear_time() -> None:
    """Hostile runs (letters, digits, separators, colons, "@") are read in about linear time."""
    import time

    for run in ("a" * 200_000, "1 " * 100_000, "1" * 200_000, ":" * 200_000, "a@" * 100_000, "+1" * 100_000):
        started = time.perf_counter()
        detect(run)
        assert time.perf_counter() - started < 2.0, run[:4]
