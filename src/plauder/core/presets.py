"""Prompt presets ("personas"): what the editor makes of its fields, and a conversation started from one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from plauder.core.prompt_vars import fill
from plauder.core.records import Conversation, Preset, Settings
from plauder.core.requests import parameters_from_form


def preset_from_form(
    preset_id: str, name: str, system_prompt: str, model: tuple[str, str] | None, temperature: str, max_tokens: str
) -> Preset | str:
    """The preset the editor's fields describe, or the message key of what is missing."""
    if not name.strip():
        return "presets.name_missing"
    parameters = parameters_from_form(system_prompt, temperature, max_tokens)
    backend_id, model_name = model or (None, None)
    return Preset(preset_id, " ".join(name.split()), backend_id=backend_id, model=model_name, **parameters)


def preset_model(preset: Preset, settings: Settings) -> tuple[str, str] | None:
    """The model a preset names, if its backend still exists; else None (the usual default applies)."""
    if preset.model and settings.backend(preset.backend_id) is not None:
        return str(preset.backend_id), preset.model
    return None


def started_from(conversation: Conversation, preset: Preset, values: Mapping[str, str]) -> Conversation:
    """A new conversation set up by `preset`: its system prompt, with its variables filled from `values` (the
    user's answers and the built-ins, core/prompt_vars.py; a variable not among them takes its default), and its
    parameters. The model is the picker's, which shows the preset's model once it is chosen, unless the user then
    picks another. Filled when the chat starts, so a preset edited since it was chosen goes as it reads now."""
    return replace(
        conversation,
        system_prompt=fill(preset.system_prompt, values, values),
        temperature=preset.temperature,
        max_tokens=preset.max_tokens,
    )
