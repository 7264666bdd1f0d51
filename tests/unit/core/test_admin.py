"""The admin's backends in force over the user's settings, keeping what the user may set."""

from __future__ import annotations

import json

from plauder.core.admin import AdminPreset, PresetBackend, apply_preset, is_managed
from plauder.core.records import Backend, BackendKind, Preset, Settings

GATEWAY = PresetBackend("admin-gw", "Gateway", BackendKind("openai"), "https://gw/v1", ("a", "b"), needs_key=False)
OPENAI = PresetBackend("admin-oai", "OpenAI", BackendKind("openai"), "https://api.openai.com/v1", ())
PRESET = AdminPreset(backends=(GATEWAY, OPENAI), default_backend_id="admin-gw", default_model="b")
OWN = Backend("mine", "My llama", BackendKind("openai"), "http://127.0.0.1:8080", "k")


def test_fresh_user_gets_the_admin_backends_and_default() -> None:
    settings = apply_preset(Settings(), PRESET)
    assert [b.id for b in settings.backends] == ["admin-gw", "admin-oai"]
    assert (settings.default_backend_id, settings.default_model) == ("admin-gw", "b")
    assert settings.backends[0].models == ("a", "b") and all(is_managed(b) for b in settings.backends)


def test_user_key_timeout_and_own_backends_survive_but_admin_fields_win() -> None:
    """The user's key for a backend that needs one stays; a renamed or moved preset takes effect."""
    tampered = Backend("admin-oai", "Renamed", BackendKind("openai"), "https://evil/v1", "sk-user", timeout_seconds=30)
    settings = apply_preset(Settings((tampered, OWN), "mine", "x"), PRESET)
    oai = settings.backend("admin-oai")
    assert oai is not None and (oai.name, oai.base_url, oai.api_key, oai.timeout_seconds) == (
        "OpenAI",
        "https://api.openai.com/v1",
        "sk-user",
        30,
    )
    assert settings.backend("mine") == OWN and settings.default_backend_id == "mine"


def test_no_key_is_kept_for_a_backend_that_needs_none_and_dropped_presets_go() -> None:
    stale = Backend("admin-old", "Old", BackendKind("ollama"), "http://old:11434")
    keyed = Backend("admin-gw", "Gateway", BackendKind("openai"), "https://gw/v1", "leftover")
    settings = apply_preset(Settings((stale, keyed), "admin-old", "m"), PRESET)
    assert settings.backend("admin-old") is None and settings.backend("admin-gw").api_key == ""  # type: ignore[union-attr]
    assert (settings.default_backend_id, settings.default_model) == ("admin-gw", "b")


def test_locked_backends_leave_only_the_admin_ones() -> None:
    locked = AdminPreset(lock=frozenset({"backends"}), backends=(GATEWAY,), default_backend_id="admin-gw")
    settings = apply_preset(Settings((OWN,), "mine", "x"), locked)
    assert [b.id for b in settings.backends] == ["admin-gw"] and settings.default_model == "a"


def test_without_preset_nothing_changes() -> None:
    settings = Settings((OWN,), "mine", "x")
    assert apply_preset(settings, AdminPreset()) == settings
    assert AdminPreset().allows("http://anything:1/")


def test_the_admins_backends_leave_the_users_presets_alone() -> None:
    settings = Settings(presets=(Preset("p1", "Reviewer", "Review."),))
    assert apply_preset(settings, AdminPreset()).presets == settings.presets


def test_the_preset_reads_back_from_its_record() -> None:
    """The page carries `to_record()` as JSON; `from_record` gives the same preset, and no record means none."""
    full = AdminPreset("ACME", "de", frozenset({"backends", "language"}), True, (GATEWAY, OPENAI), "admin-gw", "b")
    assert AdminPreset.from_record(json.loads(json.dumps(full.to_record()))) == full
    assert AdminPreset.from_record(None) == AdminPreset() == AdminPreset.from_record(AdminPreset().to_record())


def test_listed_backends_name_the_only_origins_the_page_may_call() -> None:
    """Each listed backend's origin once, in the admin's order; without the list any host may be called."""
    gateway_again = PresetBackend("admin-gw2", "Gateway 2", BackendKind("ollama"), "https://GW/api")
    listed = AdminPreset(only_listed_backends=True, backends=(GATEWAY, OPENAI, gateway_again))
    assert listed.allowed_origins() == ("https://gw", "https://api.openai.com")
    assert listed.allows("https://gw/other") and not listed.allows("https://evil/v1")
    assert PRESET.allowed_origins() is None and PRESET.allows("https://evil/v1")


def test_the_admins_image_models_win_and_the_users_picture_timeout_stays() -> None:
    admin = AdminPreset(
        backends=(
            PresetBackend("admin-img", "Pictures", BackendKind("openai"), "https://img/v1", image_models=("flux",)),
        )
    )
    fresh = apply_preset(Settings(), admin).backend("admin-img")
    assert fresh is not None and fresh.image_models == ("flux",)
    own = Backend(
        "admin-img", "x", BackendKind("openai"), "https://img/v1", image_models=("mine",), image_timeout_seconds=900
    )
    kept = apply_preset(Settings(backends=(own,)), admin).backend("admin-img")
    assert kept is not None and (kept.image_models, kept.image_timeout_seconds) == (("flux",), 900)
    assert AdminPreset.from_record(admin.to_record()) == admin


def test_the_admins_picture_size_is_in_force_and_without_it_the_users_stays() -> None:
    """An admin's longest side for pictures replaces the user's; a preset backend without one keeps the user's."""
    own = Backend("admin-gw", "x", BackendKind("openai"), "https://gw/v1", image_max_side=1024)
    settings = Settings(backends=(own,))
    fixed = AdminPreset(
        backends=(PresetBackend("admin-gw", "Gateway", BackendKind("openai"), "https://gw/v1", image_max_side=1568),)
    )
    assert (backend := apply_preset(settings, fixed).backend("admin-gw")) and backend.image_max_side == 1568
    assert (fresh := apply_preset(Settings(), fixed).backend("admin-gw")) and fresh.image_max_side == 1568
    free = AdminPreset(backends=(PresetBackend("admin-gw", "Gateway", BackendKind("openai"), "https://gw/v1"),))
    assert (kept := apply_preset(settings, free).backend("admin-gw")) and kept.image_max_side == 1024
    assert AdminPreset.from_record(json.loads(json.dumps(fixed.to_record()))) == fixed
