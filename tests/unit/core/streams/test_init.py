"""The streams package's public names."""

from __future__ import annotations

from plauder.core import streams


def test_public_names_are_pinned() -> None:
    """Exactly these names are public, and each one exists."""
    assert sorted(streams.__all__) == [
        "EXCERPT_CHARS",
        "LineDecoder",
        "MAX_NESTING",
        "Malformed",
        "NDJSONDecoder",
        "SSEDecoder",
        "ServerSentEvent",
        "parse_json",
    ]
    assert all(hasattr(streams, name) for name in streams.__all__)
