"""Recall per kind on the labelled corpus, false positives on clean text: the targets of issue 16.

The corpus is generated with a fixed seed (tests/privacy_corpus.py), so the figures are exact and
any change shows. bench/redact.py prints the same figures with the misses.
"""

from __future__ import annotations

import random
from functools import cache

import pytest

from plauder.core.privacy.checksums import mod_11_10_check_digit
from tests import privacy_corpus as pc

PER_KIND = 200
# Issue 16: 99% where a checksum confirms the value, 97% for the formats matched by pattern.
TARGETS = {"IBAN": 0.99, "CARD": 0.99, "TAX_ID": 0.99, "VAT_ID": 0.99, "EMAIL": 0.97, "PHONE": 0.97, "IP": 0.97}
TARGETS |= dict.fromkeys(("API_KEY", "JWT", "PRIVATE_KEY", "TOKEN", "URL"), 0.97)
# Gaps, measured and named rather than hidden:
# - PHONE (not claimed): US numbers written nationally (405-475-3215), which contacts.py does not claim.
MEASURED = {"PHONE (not claimed)": 0.0}
FALSE_POSITIVES_PER_10K = 1.0


@cache
def figures() -> dict[str, pc.Recall]:
    return pc.recall(list(pc.outcomes(pc.labelled(PER_KIND), pc.terms())))


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_recall_meets_the_target(kind: str) -> None:
    """Each kind the issue sets a target for is found, exact span and kind, at that rate or better
    (or at the figure measured, where a gap is named above)."""
    target = min(TARGETS[kind], MEASURED.get(kind, 1.0))
    assert figures()[kind].rate >= target, [o.sample.value for o in figures()[kind].misses[:5]]


def test_the_gaps_are_what_was_measured() -> None:
    """A named gap stays as measured: when a detector closes it, this fails and the note above goes."""
    assert {kind: round(figures()[kind].rate, 3) for kind in MEASURED} == {
        kind: round(rate, 3) for kind, rate in MEASURED.items()
    }


def test_listed_names_and_passwords_are_found() -> None:
    """No target in the issue, but a drop would be a regression: listed names all, passwords nearly
    (Faker's passwords with a bracket after a letter read as a call, one starting with % or $ as a
    template: credentials._NOT_A_SECRET; 96.3% of 1,000 in bench/redact.py)."""
    assert figures()["NAME"].rate == 1.0
    assert figures()["PASSWORD"].rate >= 0.96


def test_no_finding_outside_the_labelled_values() -> None:
    """The prose and sentences around the labelled values hold nothing to replace."""
    assert pc.unlabelled(pc.labelled(PER_KIND), pc.terms()) == []


def test_false_positives_on_clean_text() -> None:
    """At most one false positive per 10,000 words of the repository's Markdown and source, the XSS
    corpus and Faker's prose (real values in them are listed in privacy_corpus.TRUE_IN_CLEAN)."""
    texts = pc.clean_texts()
    found = pc.false_positives(texts)
    assert len(found) * 10_000 / pc.words(texts) <= FALSE_POSITIVES_PER_10K, [(s, v) for s, v, _ in found]


def test_true_values_in_clean_text_are_still_found() -> None:
    """Each value listed as real in the clean text is still a finding (else the list is stale)."""
    found = {text[f.start : f.end] for _, text in pc.clean_texts(prose_paragraphs=0) for f in pc.detect(text)}
    assert set(pc.TRUE_IN_CLEAN) <= found


def test_tax_ids_are_valid() -> None:
    """The corpus's German tax ids are valid, and of both kinds: one digit of the first ten twice or
    three times (never three in a row), the others at most once."""
    counts = set()
    for seed in range(100):
        tax_id = pc.steuer_id(random.Random(seed))
        first = tax_id[:10]
        assert len(tax_id) == 11 and tax_id[0] != "0" and tax_id[-1] == mod_11_10_check_digit(first)
        repeated = sorted(first.count(d) for d in set(first))
        assert repeated[-2] == 1 and not any(d * 3 in first for d in first)
        counts.add(repeated[-1])
    assert counts == {2, 3}
