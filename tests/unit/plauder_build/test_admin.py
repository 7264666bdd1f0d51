"""The admin's presets: read completely into core's AdminPreset, refused with a message naming the key."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from plauder.core.admin import AdminPreset, PresetBackend
from plauder.core.prices import Price, PriceTable
from plauder.core.privacy.trust import Action, Trust
from plauder.core.records import BackendKind
from plauder_build.admin import load_admin_config, parse_admin_config, script_json
from plauder_build.errors import BuildError

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "deploy" / "plauder.example.toml"

GATEWAY = """
[app]
title = "ACME Chat"
language = "de"
lock = ["backends"]
[network]
only_listed_backends = true
[[backends]]
id = "gw"
name = "Gateway"
url = "https://llm.acme.internal:8443/v1"
models = ["a", "b"]
key = "none"
[[backends]]
id = "oai"
name = "OpenAI"
url = "https://api.openai.com/v1"
default = true
"""


def test_shipped_example_is_valid_and_restricts_connections() -> None:
    """The documented example builds: two backends, the gateway default, only their origins callable."""
    preset = load_admin_config(EXAMPLE)
    assert [b.id for b in preset.backends] == ["admin-gateway", "admin-openai"]
    assert (preset.default_backend_id, preset.default_model) == ("admin-gateway", "llama-3.3-70b")
    assert preset.allowed_origins() == ("https://llm.acme.internal", "https://api.openai.com")


def test_the_file_s_words_become_core_s_preset() -> None:
    """`url`, `key` and `default` in the file are the preset's base URL, needs_key and default; ids get the prefix."""
    preset = parse_admin_config(GATEWAY)
    gateway = PresetBackend(
        "admin-gw", "Gateway", BackendKind("openai"), "https://llm.acme.internal:8443/v1", ("a", "b"), False
    )
    assert preset.backends[0] == gateway and preset.backends[1].needs_key
    assert (preset.default_backend_id, preset.default_model) == ("admin-oai", None)
    assert preset.locked("backends") and preset.language == "de" and preset.title == "ACME Chat"
    assert preset.allows("https://llm.acme.internal:8443/other") and not preset.allows("https://evil.example/v1")


def test_page_data_reads_back_as_the_same_preset() -> None:
    """What the build puts in the page is what the page's Python reads."""
    for preset in (parse_admin_config(GATEWAY), load_admin_config(EXAMPLE), AdminPreset()):
        assert AdminPreset.from_record(json.loads(script_json(preset.to_record()))) == preset


def test_the_admin_s_names_reach_the_preset() -> None:
    """`[privacy] names` become the names every message to an external backend has replaced."""
    preset = parse_admin_config('[privacy]\nnames = ["ACME Corp", "Erika Mustermann"]')
    assert preset.privacy_names == ("ACME Corp", "Erika Mustermann")
    assert load_admin_config(EXAMPLE).privacy_names
    with pytest.raises(BuildError, match="privacy.names must be a list of non-empty strings"):
        parse_admin_config('[privacy]\nnames = ["ACME", ""]')
    with pytest.raises(BuildError, match="privacy.terms is not a known setting"):
        parse_admin_config('[privacy]\nterms = ["ACME"]')


def test_trust_levels_and_the_privacy_policy_reach_the_preset() -> None:
    """A backend's `trust`, `[privacy.policy]` per level and the "privacy" lock; a wrong word names its key."""
    preset = parse_admin_config(
        GATEWAY.replace('key = "none"', 'key = "none"\ntrust = "processor"').replace(
            'lock = ["backends"]', 'lock = ["backends", "privacy"]'
        )
        + '[privacy.policy]\nexternal = "block"\ninternal = "off"\n'
    )
    assert preset.backends[0].trust is Trust.PROCESSOR and preset.backends[1].trust is None
    assert preset.privacy_policy == {Trust.EXTERNAL: Action.BLOCK, Trust.INTERNAL: Action.OFF}
    assert preset.locked("privacy")
    assert AdminPreset.from_record(json.loads(script_json(preset.to_record()))) == preset
    with pytest.raises(BuildError, match="backends\\[0\\].trust must be one of internal, processor, external"):
        parse_admin_config(GATEWAY.replace('key = "none"', 'key = "none"\ntrust = "friendly"'))
    with pytest.raises(BuildError, match="privacy.policy.external must be one of off, redact, block, not 'drop'"):
        parse_admin_config('[privacy.policy]\nexternal = "drop"')
    with pytest.raises(BuildError, match="privacy.policy.partner is not a known setting"):
        parse_admin_config('[privacy.policy]\npartner = "off"')


def test_the_admin_s_prices_reach_the_preset_exactly() -> None:
    """`[prices]`: numbers or strings per million tokens become exact Decimals in the admin's currency."""
    preset = parse_admin_config(
        '[prices]\ncurrency = "EUR"\n[prices.models]\n"gpt-4o-mini" = { prompt = 0.15, answer = "0.60" }\n'
        '"llama3.2:3b" = { prompt = 0, answer = 0 }'
    )
    assert preset.prices == PriceTable(
        "EUR", {"gpt-4o-mini": Price(Decimal("0.15"), Decimal("0.60")), "llama3.2:3b": Price(Decimal(0), Decimal(0))}
    )
    example = load_admin_config(EXAMPLE).prices
    assert example.currency == "EUR" and example.price("llama-3.3-70b") == Price(Decimal("0.1"), Decimal("0.3"))
    assert load_admin_config(None).prices == PriceTable()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[prices.models]\nm = { prompt = 1, answer = 2 }", "prices.currency is required"),
        ("[prices]\ncurrency = 'EUR'\n[prices.models]\nm = { prompt = -1, answer = 2 }", "prices.models.m needs"),
        ("[prices]\ncurrency = 'EUR'\n[prices.models]\nm = { prompt = 1 }", "prices.models.m needs prompt and"),
        ("[prices]\ncurrency = 'EUR'\n[prices.models]\nm = { prompt = 1, answer = 'free' }", "prices.models.m"),
        ("[prices]\ncurrency = 'EUR'\n[prices.models]\nm = { prompt = 1, answer = 1, cached = 0 }", "m.cached is"),
        ("[prices]\ncurrency = 'EUR'\n[prices.models]\nm = 3", "prices.models.m must be a dict"),
        ("[prices]\nmodel = {}", "prices.model is not a known setting"),
    ],
)
def test_price_mistakes_stop_the_build_naming_the_key(text: str, named: str) -> None:
    with pytest.raises(BuildError, match=None) as caught:
        parse_admin_config(text, "plauder.toml")
    assert named in str(caught.value)


def test_no_config_allows_any_host() -> None:
    preset = load_admin_config(None)
    assert preset.allowed_origins() is None and preset.to_record()["backends"] == []


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[app]\ntitel = 'x'", "app.titel is not a known setting"),
        ("[app]\nlanguage = 'fr'", "app.language must be one of"),
        ("[app]\nlock = ['models']", "app.lock names 'models'"),
        ("[[backends]]\nid='a'\nname='A'\nurl='ftp://x'", "backends[0].url must be an http"),
        ("[[backends]]\nid='a'\nname='A'\nurl='http://x'\nkind='gemini'", "backends[0].kind must be one of"),
        ("[[backends]]\nid='a'\nname='A'\nurl='http://x'\nkey='maybe'", "backends[0].key must be"),
        ("[[backends]]\nname='A'\nurl='http://x'", "backends[0].id is required"),
        ("[[backends]]\nid='our gpt'\nname='A'\nurl='http://x'", "backends[0].id must be a short name"),
        ("[[backends]]\nid='a'\nname='A'\nurl='http://x'\nmodels=['m']\ndefault_model='n'", "'n' is not in"),
        ("[network]\nonly_listed_backends = true", "no [[backends]] are listed"),
        ("[app]\ntitle = 3", "app.title must be a str"),
        ("app = [", "not valid TOML"),
    ],
)
def test_mistakes_stop_the_build_naming_the_key(text: str, named: str) -> None:
    with pytest.raises(BuildError, match=None) as caught:
        parse_admin_config(text, "plauder.toml")
    assert named in str(caught.value) and str(caught.value).startswith("plauder.toml: ")


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="cannot read the admin config"):
        load_admin_config(tmp_path / "nope.toml")


def test_script_json_cannot_close_its_script_element() -> None:
    """An admin's title with </script> stays data."""
    assert "</" not in script_json({"title": "</script><script>alert(1)</script>"})


def test_the_admin_s_retention_and_its_lock_reach_the_preset() -> None:
    """`[retention] days` is the preset's default for deleting idle conversations; "retention" can be locked."""
    preset = parse_admin_config('[app]\nlock = ["retention"]\n[retention]\ndays = 30')
    assert preset.retention_days == 30 and preset.locked("retention")
    assert AdminPreset.from_record(json.loads(script_json(preset.to_record()))) == preset
    assert load_admin_config(EXAMPLE).retention_days == 180
    assert load_admin_config(None).retention_days is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[retention]\ndays = 0", "retention.days must be a whole number of days from 1 to 36500, not 0"),
        ("[retention]\ndays = 36501", "retention.days must be a whole number"),
        ("[retention]\ndays = true", "retention.days must be a whole number"),
        ("[retention]\ndays = 1.5", "retention.days must be a int, not float"),
        ("[retention]\nweeks = 2", "retention.weeks is not a known setting"),
    ],
)
def test_retention_mistakes_stop_the_build_naming_the_key(text: str, named: str) -> None:
    with pytest.raises(BuildError) as caught:
        parse_admin_config(text, "plauder.toml")
    assert named in str(caught.value)


def test_image_models_reach_the_preset_for_an_openai_kind_only() -> None:
    drawing = GATEWAY.replace('models = ["a", "b"]', 'models = ["a", "b"]\nimage_models = ["flux-dev"]')
    assert parse_admin_config(drawing).backends[0].image_models == ("flux-dev",)
    ollama = '[[backends]]\nid = "o"\nname = "O"\nkind = "ollama"\nurl = "http://o:11434"\nimage_models = ["x"]\n'
    with pytest.raises(BuildError, match=r"backends\[0\]\.image_models"):
        parse_admin_config(ollama)
    with pytest.raises(BuildError, match=r"image_models"):
        parse_admin_config(GATEWAY.replace('models = ["a", "b"]', "image_models = [1]"))


def test_a_pictures_longest_side_reaches_the_preset_within_its_range() -> None:
    sized = GATEWAY.replace('models = ["a", "b"]', 'models = ["a", "b"]\nimage_max_side = 1568')
    assert parse_admin_config(sized).backends[0].image_max_side == 1568
    assert parse_admin_config(GATEWAY).backends[0].image_max_side is None
    for bad in ("100", "9000", "true", '"1568"'):
        with pytest.raises(BuildError, match=r"backends\[0\]\.image_max_side"):
            parse_admin_config(GATEWAY.replace('models = ["a", "b"]', f"image_max_side = {bad}"))
