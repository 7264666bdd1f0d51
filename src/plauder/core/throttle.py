"""When a streaming answer is written to storage: in steps, not on every token."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Throttle:
    """`due(now)` is true at most once per `interval_ms`; the first call is always due."""

    interval_ms: float
    last_ms: float | None = None

    def due(self, now_ms: float) -> bool:
        if self.last_ms is not None and now_ms - self.last_ms < self.interval_ms:
            return False
        self.last_ms = now_ms
        return True
