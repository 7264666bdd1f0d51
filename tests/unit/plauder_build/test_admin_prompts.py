"""The admin's prompt library in the build config: read into core's AdminPreset, mistakes named by their key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plauder.core.admin import AdminPreset
from plauder.core.prompt_vars import variables
from plauder.core.records import Prompt
from plauder_build.admin import load_admin_config, parse_admin_config
from plauder_build.errors import BuildError

EXAMPLE = Path(__file__).resolve().parents[3] / "deploy" / "plauder.example.toml"

PROMPTS = """
[[prompts]]
name = "Summary"
text = "Summarize {{text}}"
[[prompts]]
name = "reply-mail"
text = "Reply to {{sender}}"
"""


def test_the_admin_s_prompts_reach_the_preset_and_the_page() -> None:
    preset = parse_admin_config(PROMPTS)
    assert preset.prompts == (
        Prompt("admin-summary", "Summary", "Summarize {{text}}"),
        Prompt("admin-reply-mail", "reply-mail", "Reply to {{sender}}"),
    )
    assert AdminPreset.from_record(preset.to_record()) == preset


def test_the_example_ships_prompts_with_variables() -> None:
    prompts = load_admin_config(EXAMPLE).prompts
    assert [p.name for p in prompts] == ["summary", "reply-mail"]
    assert [v.name for v in variables(prompts[0].text)] == ["sentences", "text"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[[prompts]]\nname = "two words"\ntext = "x"', "prompts[0].name"),
        ('[[prompts]]\ntext = "x"', "prompts[0].name"),
        ('[[prompts]]\nname = "a"', "prompts[0].text"),
        ('[[prompts]]\nname = "a"\ntext = "x"\ncolour = "red"', "prompts[0].colour"),
        ('[[prompts]]\nname = "a"\ntext = "x"\n[[prompts]]\nname = "A"\ntext = "y"', "prompts[1].name"),
        ('prompts = ["a"]', "prompts[0]"),
    ],
)
def test_prompt_mistakes_stop_the_build_naming_the_key(text: str, named: str) -> None:
    with pytest.raises(BuildError, match=re.escape(named)):
        parse_admin_config(text)
