"""The privacy guard: personal data and secrets found in a message and replaced by placeholders
before it leaves for an external backend, and put back in the answer.

Pure Python (the standard library only), so it runs in the page as it runs in the tests. Detectors
are small modules, one kind of thing each (`accounts`, `tax_ids`, `contacts`, `network`,
`credentials`, `terms`); `detect` runs them all, and `redaction` issues and restores the placeholders.
`policy` decides which backends get redacted requests, `outgoing` builds them and restores their answers, and
`note` words what the user reads about it (those three import records and are not re-exported here,
since records itself holds a conversation's `Redactions`).
"""

from plauder.core.privacy.detect import detect
from plauder.core.privacy.findings import Finding, Kind
from plauder.core.privacy.redaction import Redacted, Redactions, redact, restore

__all__ = ["Finding", "Kind", "Redacted", "Redactions", "detect", "redact", "restore"]
