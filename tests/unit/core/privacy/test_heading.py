"""The header's destination line names the hosts and the trust level the policy uses, in both languages."""

from __future__ import annotations

from plauder.core.admin import AdminPreset, PresetBackend
from plauder.core.privacy.heading import DestinationLine, destination_line
from plauder.core.privacy.trust import Trust
from plauder.core.records import Backend, BackendKind

OPENAI = BackendKind("openai")


def test_the_address_decides_when_nobody_set_a_level() -> None:
    local = Backend("b1", "Local", OPENAI, "http://127.0.0.1:8080/v1")
    public = Backend("b2", "Cloud", OPENAI, "https://user:pw@api.example.com/v1")
    assert destination_line("en", [local], AdminPreset()) == DestinationLine(
        Trust.INTERNAL,
        "to 127.0.0.1:8080",
        "internal",
        "Internal: this backend is on this computer or in your organisation's network.",
    )
    line = destination_line("de", [public], AdminPreset())
    assert (line.trust, line.text, line.badge) == (Trust.EXTERNAL, "an api.example.com", "extern")


def test_the_user_s_level_shows_as_the_policy_applies_it() -> None:
    """A public host the user calls a processor under contract reads so, and a local one the user calls
    external reads external: the line never says other than the policy does."""
    eu = Backend("b1", "EU", OPENAI, "https://llm.example.eu/v1", trust=Trust.PROCESSOR)
    line = destination_line("en", [eu], AdminPreset())
    assert (line.trust, line.badge) == (Trust.PROCESSOR, "under contract")
    assert destination_line("de", [eu], AdminPreset()).badge == "unter Vertrag"
    doubted = Backend("b2", "Box", OPENAI, "http://10.0.0.7/v1", trust=Trust.EXTERNAL)
    assert destination_line("en", [doubted], AdminPreset()).badge == "external"


def test_the_admin_s_level_stands_over_the_user_s() -> None:
    admins = PresetBackend("a1", "EU", OPENAI, "https://llm.example.eu/v1", trust=Trust.PROCESSOR)
    preset = AdminPreset(backends=(admins,))
    mine = Backend("a1", "EU", OPENAI, "https://llm.example.eu/v1", trust=Trust.INTERNAL)
    assert destination_line("en", [mine], preset).trust is Trust.PROCESSOR


def test_side_by_side_names_each_host_once_and_the_least_trusted_level() -> None:
    """Compared models on two hosts: the next message leaves for both, so both are named, and the level is
    the one that exposes it most."""
    local = Backend("b1", "Local", OPENAI, "http://127.0.0.1:8080/v1")
    also_local = Backend("b2", "Local too", OPENAI, "http://127.0.0.1:8080/v1")
    eu = Backend("b3", "EU", OPENAI, "https://llm.example.eu/v1", trust=Trust.PROCESSOR)
    line = destination_line("en", [local, eu, also_local], AdminPreset())
    assert (line.trust, line.text, line.badge) == (
        Trust.PROCESSOR,
        "to 127.0.0.1:8080, llm.example.eu",
        "under contract",
    )
    public = Backend("b4", "Cloud", OPENAI, "https://api.example.com/v1")
    assert destination_line("de", [eu, public], AdminPreset()).badge == "extern"
