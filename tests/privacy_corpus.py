"""A labelled corpus for the privacy detectors, and clean text to count their false positives on (issue 16).

Labelled: values of each kind, made by Faker (pinned in the test extra; de_DE and en_US) or here in the
vendors' real formats, embedded in German and English sentences, several to a paragraph, each with its
exact span. The same seed gives the same corpus. Each value also names its form (how it is written),
so a figure can say which forms are missed.

Clean: text that holds no personal data or secret: the repository's own Markdown and Python source,
the XSS corpus of the renderer's tests, and Faker's prose in both locales. Every finding in it counts
as a false positive, except the few listed in `TRUE_IN_CLEAN` (looked at one by one: real values
that a reader would want replaced too).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

from plauder.core.privacy import Finding, Kind, detect
from plauder.core.privacy.checksums import mod_11_10_check_digit
from tests.xss_corpus import corpus as xss_corpus

ROOT = Path(__file__).resolve().parents[1]
SEED = 16
LOCALES = ("de_DE", "en_US")
TERMS_PER_LOCALE = 40
# Faker's card types, all of them.
CARD_TYPES = (
    "visa13",
    "visa16",
    "visa19",
    "mastercard",
    "amex",
    "discover",
    "diners",
    "jcb15",
    "jcb16",
    "maestro",
)  # listed names (the admin's or the user's term list)


@dataclass(frozen=True)
class Labelled:
    """`text[start:end]` holds a value of `kind` (a `Kind` value), written in `form`."""

    text: str
    start: int
    end: int
    kind: str
    form: str

    @property
    def value(self) -> str:
        return self.text[self.start : self.end]


@dataclass(frozen=True)
class Value:
    value: str
    kind: str
    form: str


# Sentences per language; "{}" is where the value goes. Each kind has its own, as people write them.
SENTENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "de": {
        Kind.IBAN: ("Bitte überweisen Sie den Betrag auf {}.", "Meine IBAN lautet {}, danke!", "IBAN: {}"),
        Kind.CARD: ("Die Kreditkarte {} wurde belastet.", "Kartennummer {} (gültig bis 12/27).", "Karte: {}"),
        Kind.EMAIL: ("Schreib mir an {}.", "Kontakt: {}, Betreff Angebot", "Die Mail von <{}> kam gestern."),
        Kind.PHONE: ("Ruf mich unter {} an.", "Tel.: {}", "Erreichbar ist er mobil ({}), ab 9 Uhr."),
        Kind.IP: ("Der Server hat die Adresse {}.", "Zugriff von {} blockiert.", "ping {} schlägt fehl"),
        Kind.URL: ("Die Datenbank liegt unter {} bereit.", "Verbindung: {}", "Siehe {}."),
        Kind.API_KEY: ("Hier der Schlüssel: {}", "export API_KEY={}", "Der Key {} funktioniert nicht."),
        Kind.JWT: ("Das Token {} ist abgelaufen.", "Cookie: session={}", "JWT: {}"),
        Kind.TOKEN: ("Authorization: Bearer {}", "curl -H 'Authorization: Bearer {}' https://api.intern"),
        Kind.PASSWORD: ("Passwort: {}", 'DB_PASSWORD="{}"', "Das Kennwort = {}", "password={}"),
        Kind.PRIVATE_KEY: ("Der Schlüssel vom Server:\n{}\nBitte nicht weitergeben.", "{}"),
        Kind.NAME: ("Ich habe mit {} gesprochen.", "Das Angebot für {} ist fertig.", "{} kommt morgen."),
        Kind.TAX_ID: ("Meine Steuer-ID ist {}.", "Steuerliche Identifikationsnummer: {}", "IdNr. {}"),
        Kind.VAT_ID: ("USt-IdNr.: {}", "Unsere Umsatzsteuer-ID lautet {}.", "Rechnung an {} (Kleinunternehmer)"),
    },
    "en": {
        Kind.IBAN: ("Please transfer the amount to {}.", "My IBAN is {}, thanks!", "Account: {}"),
        Kind.CARD: ("The card {} was charged twice.", "Card number {} (expires 12/27).", "Visa: {}"),
        Kind.EMAIL: ("Write to me at {}.", "Contact: {}, subject offer", "The mail from <{}> came yesterday."),
        Kind.PHONE: ("Call me at {}.", "Phone: {}", "You can reach her ({}) after 9am."),
        Kind.IP: ("The server's address is {}.", "Blocked access from {}.", "ping {} fails"),
        Kind.URL: ("The database is at {} now.", "Connection string: {}", "See {}."),
        Kind.API_KEY: ("Here is the key: {}", "export API_KEY={}", "The key {} does not work."),
        Kind.JWT: ("The token {} has expired.", "Cookie: session={}", "JWT: {}"),
        Kind.TOKEN: ("Authorization: Bearer {}", "curl -H 'Authorization: Bearer {}' https://api.internal"),
        Kind.PASSWORD: ("Password: {}", 'DB_PASSWORD="{}"', "secret = {}", "password={}"),
        Kind.PRIVATE_KEY: ("The server's key:\n{}\nDo not share it.", "{}"),
        Kind.NAME: ("I talked to {} today.", "The offer for {} is ready.", "{} will come tomorrow."),
        Kind.TAX_ID: ("My German tax id is {}.", "Steuer-ID: {}", "Tax id {}"),
        Kind.VAT_ID: ("VAT ID: {}", "Our VAT number is {}.", "Invoice to {} (sole trader)"),
    },
}


class Maker:
    """Values of every kind from one seeded random source (and Faker seeded from it)."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.fakers = {locale: Faker(locale) for locale in LOCALES}
        for index, faker in enumerate(self.fakers.values()):
            faker.seed_instance(seed * 10 + index)
        self.terms = {
            locale: sorted({faker.name() for _ in range(TERMS_PER_LOCALE)} | {faker.company() for _ in range(10)})
            for locale, faker in self.fakers.items()
        }

    def values(self, kind: str, locale: str) -> Value:
        return getattr(self, f"_{kind.lower()}")(self.fakers[locale], locale)

    # Faker's values (its IBANs pass mod-97: de_DE gives DE, en_US gives GB ones).
    def _iban(self, faker: Faker, locale: str) -> Value:
        iban = faker.iban()
        if self.rng.random() < 0.5:
            return Value(" ".join(iban[i : i + 4] for i in range(0, len(iban), 4)), Kind.IBAN, f"{locale} grouped")
        return Value(iban, Kind.IBAN, f"{locale} compact")

    def _card(self, faker: Faker, locale: str) -> Value:
        provider = self.rng.choice(CARD_TYPES)
        number = faker.credit_card_number(card_type=provider)
        style = self.rng.choice(("compact", "spaces", "hyphens"))
        if style != "compact":
            sizes = (4, 6, 5) if len(number) == 15 and provider == "amex" else (4,) * 5
            groups, at = [], 0
            for size in sizes:
                if at < len(number):
                    groups.append(number[at : at + size])
                    at += size
            number = (" " if style == "spaces" else "-").join(groups)
        return Value(number, Kind.CARD, f"{provider} {style}")

    def _email(self, faker: Faker, locale: str) -> Value:
        form = self.rng.choice(("email", "free_email", "company_email"))
        return Value(getattr(faker, form)(), Kind.EMAIL, f"{locale} {form}")

    def _phone(self, faker: Faker, locale: str) -> Value:
        number = faker.phone_number()
        while number.startswith("(00"):  # Faker's area codes may start with 0: no German number does
            number = faker.phone_number()
        if locale == "de_DE":
            return Value(number, Kind.PHONE, "de_DE (Faker)")
        # The detector claims German and international numbers, not US national ones: both are measured.
        if number.startswith(("+1", "001")):
            return Value(number.split("x")[0], Kind.PHONE, "en_US international")
        return Value(number, Kind.PHONE, "en_US national (not claimed)")

    def _ip(self, faker: Faker, locale: str) -> Value:
        form = self.rng.choice(("ipv4_public", "ipv4_private", "ipv6", "ipv6 compressed"))
        if form == "ipv6 compressed":
            network = ipaddress.IPv6Network(f"{faker.ipv6()}/{self.rng.choice((32, 48, 64, 96))}", strict=False)
            host = ipaddress.IPv6Address(int(network.network_address) + self.rng.randrange(1, 65536))
            return Value(host.compressed, Kind.IP, form)
        return Value(getattr(faker, form)(), Kind.IP, form)

    def _url(self, faker: Faker, locale: str) -> Value:
        scheme = self.rng.choice(("https", "postgres", "mysql", "redis", "ftp", "amqp"))
        host = self.rng.choice((faker.domain_name(), faker.ipv4_private()))
        password = self._secret(self.rng.randint(8, 20), string.ascii_letters + string.digits + "!$%-_.~")
        path = self.rng.choice(("", "/", "/app", ":5432/prod", "/repo.git"))
        return Value(f"{scheme}://{faker.user_name()}:{password}@{host}{path}", Kind.URL, scheme)

    def _password(self, faker: Faker, locale: str) -> Value:
        form = self.rng.choice(("faker", "word+digits"))
        if form == "faker":
            return Value(faker.password(length=self.rng.randint(10, 16)), Kind.PASSWORD, form)
        return Value(f"{faker.word().capitalize()}{self.rng.randint(10, 2099)}!", Kind.PASSWORD, form)

    def _name(self, faker: Faker, locale: str) -> Value:
        return Value(self.rng.choice(self.terms[locale]), Kind.NAME, f"{locale} listed")

    # The vendors' formats, made here (Faker has none of them).
    def _api_key(self, faker: Faker, locale: str) -> Value:
        alnum = string.ascii_letters + string.digits
        vendor = self.rng.choice(
            ("openai", "openai-legacy", "anthropic", "github", "github-pat", "aws", "slack", "google")
        )
        key = {
            "openai": lambda: "sk-proj-" + self._secret(156, alnum + "-_"),
            "openai-legacy": lambda: "sk-" + self._secret(48, alnum),
            "anthropic": lambda: "sk-ant-api03-" + self._secret(93, alnum + "-_") + "AA",
            "github": lambda: self.rng.choice("pousr").join(("gh", "_")) + self._secret(36, alnum),
            "github-pat": lambda: (
                f"github_pat_11{self._secret(20, string.ascii_uppercase + string.digits)}_" + self._secret(59, alnum)
            ),
            "aws": lambda: self.rng.choice(("AKIA", "ASIA")) + self._secret(16, string.ascii_uppercase + "234567"),
            "slack": lambda: (
                f"xox{self.rng.choice('bpa')}-{self.rng.randint(10**10, 10**13)}-"
                f"{self.rng.randint(10**10, 10**13)}-{self._secret(24, alnum)}"
            ),
            "google": lambda: "AIza" + self._secret(35, alnum + "-_"),
        }[vendor]()
        return Value(key, Kind.API_KEY, vendor)

    def _jwt(self, faker: Faker, locale: str) -> Value:
        header = {"alg": self.rng.choice(("HS256", "RS256", "ES256")), "typ": "JWT"}
        claims = {"sub": faker.uuid4(), "name": faker.name(), "iat": self.rng.randint(1_600_000_000, 1_800_000_000)}
        signature = bytes(self.rng.getrandbits(8) for _ in range(self.rng.choice((32, 64, 256))))
        parts = [_b64url(json.dumps(header).encode()), _b64url(json.dumps(claims).encode()), _b64url(signature)]
        return Value(".".join(parts), Kind.JWT, header["alg"])

    def _token(self, faker: Faker, locale: str) -> Value:
        return Value(
            self._secret(self.rng.randint(20, 64), string.ascii_letters + string.digits + "-._~"), Kind.TOKEN, "bearer"
        )

    def _private_key(self, faker: Faker, locale: str) -> Value:
        label = self.rng.choice(
            ("RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY")
        )
        body = base64.b64encode(
            bytes(self.rng.getrandbits(8) for _ in range(self.rng.choice((121, 400, 1190))))
        ).decode()
        lines = [body[i : i + (70 if label.startswith("OPENSSH") else 64)] for i in range(0, len(body), 64)]
        headers = ["Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-128-CBC,0F3B1C2D4E5F60718293A4B5C6D7E8F9", ""]
        if label == "RSA PRIVATE KEY" and self.rng.random() < 0.3:
            lines = headers + lines
        block = "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"])
        return Value(block, Kind.PRIVATE_KEY, label)

    def _tax_id(self, faker: Faker, locale: str) -> Value:
        tax_id = steuer_id(self.rng)
        if self.rng.random() < 0.5:
            return Value(f"{tax_id[:2]} {tax_id[2:5]} {tax_id[5:8]} {tax_id[8:]}", Kind.TAX_ID, "grouped")
        return Value(tax_id, Kind.TAX_ID, "compact")

    def _vat_id(self, faker: Faker, locale: str) -> Value:
        first = str(self.rng.randint(10_000_000, 99_999_999))
        number = first + mod_11_10_check_digit(first)
        form = self.rng.choice(("compact", "spaced"))
        return Value(f"DE{number}" if form == "compact" else f"DE {number}", Kind.VAT_ID, form)

    def _secret(self, length: int, alphabet: str) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(length))


KINDS: tuple[str, ...] = tuple(kind.value for kind in Kind)


def steuer_id(rng: random.Random) -> str:
    """A valid German tax id (Faker has none): 11 digits, the first not 0; of the first ten, one digit
    twice, or (as issued since 2016) three times but not three in a row, the others at most once; then
    the ISO 7064 MOD 11,10 check digit."""
    while True:
        times = rng.choice((2, 3))
        digits = rng.sample("0123456789", 11 - times)
        repeated = digits[0]
        for _ in range(times - 1):
            digits.insert(rng.randrange(len(digits) + 1), repeated)
        first = "".join(digits)
        if first[0] != "0" and repeated * 3 not in first:
            return first + mod_11_10_check_digit(first)


def labelled(per_kind: int = 200, seed: int = SEED) -> list[Labelled]:
    """`per_kind` values of every kind, half German and half English, in paragraphs of a few sentences
    with Faker's prose around them."""
    maker = Maker(seed)
    values = [
        (maker.values(kind, locale), locale) for kind in KINDS for n in range(per_kind) for locale in (LOCALES[n % 2],)
    ]
    maker.rng.shuffle(values)
    samples: list[Labelled] = []
    for at in range(0, len(values), 4):
        parts: list[str] = []
        spans: list[tuple[int, int, Value]] = []
        for value, locale in values[at : at + 4]:
            faker = maker.fakers[locale]
            before = "" if maker.rng.random() < 0.3 else faker.sentence() + " "
            sentence = maker.rng.choice(SENTENCES[locale[:2]][value.kind])
            head, tail = sentence.split("{}")
            offset = sum(len(part) for part in parts) + len(before) + len(head)
            spans.append((offset, offset + len(value.value), value))
            parts.append(before + head + value.value + tail + maker.rng.choice((" ", "\n", "\n\n")))
        text = "".join(parts)
        samples.extend(Labelled(text, start, end, value.kind, value.form) for start, end, value in spans)
    return samples


def terms(seed: int = SEED) -> tuple[str, ...]:
    """The listed names that `labelled` with the same seed embeds."""
    return tuple(name for names in Maker(seed).terms.values() for name in names)


@dataclass(frozen=True)
class Outcome:
    """What detect made of one labelled value: found with its exact span and kind, covered by findings
    of any kind (so it would be replaced all the same), or missed (what was found in its place)."""

    sample: Labelled
    exact: bool
    covered: bool
    found: tuple[Finding, ...]


def outcomes(
    samples: list[Labelled], names: tuple[str, ...] = (), found: Mapping[str, tuple[Finding, ...]] | None = None
) -> Iterator[Outcome]:
    """How each sample fared, with the findings `detect` makes here, or those given in `found` by text (made
    elsewhere: bench/redact.py --browser gets them from Pyodide)."""
    findings_of: dict[str, tuple[Finding, ...]] = dict(found or {})
    for sample in samples:
        if sample.text not in findings_of:
            findings_of[sample.text] = detect(sample.text, names)
        near = tuple(f for f in findings_of[sample.text] if f.start < sample.end and f.end > sample.start)
        exact = any((f.start, f.end, f.kind.value) == (sample.start, sample.end, sample.kind) for f in near)
        covered_chars = {i for f in near for i in range(f.start, f.end)}
        covered = all(i in covered_chars for i in range(sample.start, sample.end) if not sample.text[i].isspace())
        yield Outcome(sample, exact, covered, near)


def unlabelled(samples: list[Labelled], names: tuple[str, ...] = ()) -> list[tuple[str, Finding]]:
    """Findings in the labelled corpus that touch no labelled value: false positives in Faker's prose
    and the sentences around the values."""
    by_text: dict[str, list[Labelled]] = {}
    for sample in samples:
        by_text.setdefault(sample.text, []).append(sample)
    return [
        (text, f)
        for text, labels in by_text.items()
        for f in detect(text, names)
        if not any(f.start < s.end and f.end > s.start for s in labels)
    ]


# Clean text: where it comes from, and the text.
def clean_texts(prose_paragraphs: int = 400, seed: int = SEED) -> list[tuple[str, str]]:
    texts = [(str(path.relative_to(ROOT)), path.read_text("utf-8")) for path in _clean_files()]
    texts.append(("tests/xss_corpus.py corpus", "\n".join(xss_corpus())))
    for index, locale in enumerate(LOCALES):
        faker = Faker(locale)
        faker.seed_instance(seed + index)
        texts.append((f"Faker {locale} text", "\n\n".join(faker.paragraph(8) for _ in range(prose_paragraphs))))
    return texts


def _clean_files() -> list[Path]:
    markdown = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return markdown + sorted((ROOT / "src").rglob("*.py"))


# Real values in the clean text, looked at one by one: replacing them is right, so they are not false
# positives. Each is the finding's text, with why.
TRUE_IN_CLEAN: dict[str, str] = {
    "max@example.com": "docs/export-format.md: an email address (the example domain is no exception)",
    "a@example.com": "a docstring's example email address",
    "evil.com@trusted.com": "the XSS corpus: an email address, whatever it was meant to trick",
    "ftp://user:pass@evil.com/": "the XSS corpus: a URL with a user name and password",
    "pwd123": 'the XSS corpus: data-secret="pwd123" is a secret assigned',
}


def false_positives(texts: list[tuple[str, str]]) -> list[tuple[str, str, Finding]]:
    """(source, found text, finding) for every finding in clean text that is not listed in TRUE_IN_CLEAN."""
    return [
        (source, text[f.start : f.end], f)
        for source, text in texts
        for f in detect(text)
        if text[f.start : f.end] not in TRUE_IN_CLEAN
    ]


def words(texts: list[tuple[str, str]]) -> int:
    return sum(len(text.split()) for _, text in texts)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass(frozen=True)
class Recall:
    """Of `total` labelled values of a kind (in the forms the detectors claim), how many were found
    with their exact span and kind, and how many were replaced whole all the same (any kind)."""

    total: int
    exact: int
    covered: int
    misses: tuple[Outcome, ...]

    @property
    def rate(self) -> float:
        return self.exact / self.total if self.total else 0.0


def recall(results: list[Outcome]) -> dict[str, Recall]:
    """Recall per kind; forms marked "(not claimed)" are a kind of their own (PHONE (not claimed))."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in results:
        claimed = "(not claimed)" not in outcome.sample.form
        groups.setdefault(outcome.sample.kind + ("" if claimed else " (not claimed)"), []).append(outcome)
    return {
        kind: Recall(
            len(group),
            sum(o.exact for o in group),
            sum(o.covered for o in group),
            tuple(o for o in group if not o.exact),
        )
        for kind, group in groups.items()
    }
