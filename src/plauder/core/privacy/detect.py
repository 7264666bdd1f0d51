"""Every finding in a text: all detectors run, overlaps settled (see `findings.settled`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from plauder.core.privacy.accounts import cards, ibans
from plauder.core.privacy.contacts import emails, phones
from plauder.core.privacy.credentials import api_keys, passwords
from plauder.core.privacy.findings import Finding, settled
from plauder.core.privacy.network import ip_addresses, urls_with_credentials
from plauder.core.privacy.tax_ids import tax_ids, vat_ids
from plauder.core.privacy.terms import term_finder

Detector = Callable[[str], Iterator[Finding]]
DETECTORS: tuple[Detector, ...] = (
    api_keys,
    passwords,
    urls_with_credentials,
    ibans,
    cards,
    tax_ids,
    vat_ids,
    emails,
    ip_addresses,
    phones,
)


def detect(text: str, terms: Iterable[str] = ()) -> tuple[Finding, ...]:
    """The findings in `text`, in text order, none overlapping; `terms` are names to find as well."""
    detectors: tuple[Detector, ...] = (*DETECTORS, term_finder(terms))
    found = [finding for detector in detectors for finding in detector(text)]
    return settled(found)
