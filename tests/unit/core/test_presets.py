from __future__ import annotations

from plauder.core import turns
from plauder.core.presets import preset_from_form, preset_model, started_from
from plauder.core.records import Backend, BackendKind, Conversation, Preset, Settings
from plauder.core.state import ChatState

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
    started = started_from(fresh, preset, {})
    assert (started.system_prompt, started.temperature, started.max_tokens) == ("Review.", 0.2, 500)
    assert (started.backend_id, started.model) == ("b0", "picked")  # the picker's choice


def test_a_presets_model_counts_only_while_its_backend_exists() -> None:
    assert preset_model(Preset("p1", "Reviewer", backend_id="b1", model="m1"), SETTINGS) == ("b1", "m1")
    assert preset_model(Preset("p1", "Old", backend_id="gone", model="old-model"), SETTINGS) is None
    assert preset_model(Preset("p1", "No model"), SETTINGS) is None


TRANSLATOR = Preset("p1", "Translator", "Translate into {{target:French}} for {{reader}}. Today is {{date}}.")


def test_a_presets_variables_are_filled_with_the_values_it_was_chosen_with() -> None:
    fresh = Conversation("c1", "t", 1.0, 1.0)
    values = {"target": "German", "reader": "lawyers", "date": "Monday"}
    started = started_from(fresh, TRANSLATOR, values)
    assert started.system_prompt == "Translate into German for lawyers. Today is Monday."


def test_a_variable_without_a_value_takes_its_default() -> None:
    """Also what a preset edited since it was chosen gets for a variable it did not have then."""
    started = started_from(Conversation("c1", "t", 1.0, 1.0), TRANSLATOR, {"reader": "lawyers"})
    assert started.system_prompt == "Translate into French for lawyers. Today is ."


def test_the_next_new_chat_starts_from_the_chosen_preset_as_filled_in() -> None:
    state = ChatState(SETTINGS.with_preset(TRANSLATOR))
    chosen = turns.choose_preset(state, "p1", {"target": "Italian", "reader": "children", "date": "today"}).state
    step = turns.send(chosen, "Hello", 5.0)
    assert step.state.current is not None
    assert step.state.current.system_prompt == "Translate into Italian for children. Today is today."
    assert turns.choose_preset(chosen, None).state.preset_values == {}
