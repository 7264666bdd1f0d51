from __future__ import annotations

from plauder.core.presets import preset_from_form, preset_model, started_from
from plauder.core.records import Backend, BackendKind, Conversation, Preset, Settings

SETTINGS = Settings().with_backend(Backend("b1", "Team", BackendKind("openai"), "http://x/v1", manual_models=("m1",)))


def test_the_form_makes_a_preset_with_tidy_fields() -> None:
    preset = preset_from_form("p1", "  Code   reviewer ", " Review carefully. ", ("b1", "m1"), "0.2", "500")
    assert preset == Preset("p1", "Code reviewer", "Review carefully.", "b1", "m1", 0.2, 500)
    plain = preset_from_form("p2", "Plain", "", None, "", "")
    assert plain == Preset("p2", "Plain")


def test_a_preset_needs_a_name() -> None:
    assert preset_from_form("p1", "   ", "prompt", None, "", "") == "presets.name_missing"


def test_a_new_conversation_takes_the_presets_prompt_and_parameters() -> None:
    fresh = Conversation("c1", "t", 1.0, 1.0, backend_id="b0", model="picked")
    preset = Preset("p1", "Reviewer", "Review.", "b1", "m1", 0.2, 500)
    started = started_from(fresh, preset)
    assert (started.system_prompt, started.temperature, started.max_tokens) == ("Review.", 0.2, 500)
    assert (started.backend_id, started.model) == ("b0", "picked")  # the picker's choice


def test_a_presets_model_counts_only_while_its_backend_exists() -> None:
    assert preset_model(Preset("p1", "Reviewer", backend_id="b1", model="m1"), SETTINGS) == ("b1", "m1")
    assert preset_model(Preset("p1", "Old", backend_id="gone", model="old-model"), SETTINGS) is None
    assert preset_model(Preset("p1", "No model"), SETTINGS) is None
