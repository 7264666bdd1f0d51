"""Trust levels of backends, and what the privacy guard does with a message for each: the policy.

A backend is internal (this machine or the company network), a processor under contract (for example
an EU host bound by a data processing agreement), or external. Each level has an action: send as typed,
replace findings by placeholders, or block a message that holds any.

The defaults: internal off (the data stays in-house), external redact (the issue's rule), and processor
redact as well: a contract limits what the processor may do with the data, but the text still leaves
the company and is stored by a third party, and placeholders cost the model little; an admin who trusts
the contract more sets it to off.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class Trust(StrEnum):
    INTERNAL = "internal"
    PROCESSOR = "processor"
    EXTERNAL = "external"


class Action(StrEnum):
    OFF = "off"
    REDACT = "redact"
    BLOCK = "block"


Policy = Mapping[Trust, Action]
DEFAULT_POLICY: Policy = {Trust.INTERNAL: Action.OFF, Trust.PROCESSOR: Action.REDACT, Trust.EXTERNAL: Action.REDACT}


def trust_from(value: Any) -> Trust | None:
    """A stored trust level, or None for anything else (the backend's address decides then)."""
    return Trust(value) if value in set(Trust) else None


def policy_from(record: Any) -> dict[Trust, Action]:
    """A stored policy ({"external": "block"}); levels and actions that are not known are left out."""
    if not isinstance(record, Mapping):
        return {}
    return {
        Trust(level): Action(action)
        for level, action in record.items()
        if level in set(Trust) and action in set(Action)
    }


def policy_record(policy: Policy) -> dict[str, str]:
    return {str(level): str(action) for level, action in policy.items()}
