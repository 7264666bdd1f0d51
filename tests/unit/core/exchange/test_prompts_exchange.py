"""Saved prompts travel in the export file, are checked on import, and join on a merge only under a free name."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from plauder.core.exchange import ImportProblem, Snapshot, export_json, parse_export
from plauder.core.exchange.merge import merge
from plauder.core.records import Prompt, Settings
from tests.unit.fixtures.snapshots import T0, sample_snapshot

MINE = Prompt("p1", "summary", "Summarize {{text}} in {{n:3}} sentences.")


def test_prompts_come_back_from_an_export() -> None:
    sample = sample_snapshot()
    snapshot = replace(sample, settings=sample.settings.with_prompt(MINE))
    assert parse_export(export_json(snapshot, include_keys=True, exported_at_ms=T0)) == snapshot


@pytest.mark.parametrize(
    ("prompt", "path"),
    [({"id": "p1", "name": 3}, "settings.prompts[0].name"), ({"name": "x"}, "settings.prompts[0].id")],
)
def test_a_bad_prompt_refuses_the_file_naming_its_field(prompt: dict[str, object], path: str) -> None:
    document = json.loads(export_json(sample_snapshot(), include_keys=False, exported_at_ms=T0))
    document["settings"]["prompts"] = [prompt]
    with pytest.raises(ImportProblem) as caught:
        parse_export(json.dumps(document))
    assert (caught.value.key, caught.value.params) == ("import.invalid", {"path": path})


def test_a_merge_adds_prompts_with_new_ids_and_free_names_only() -> None:
    """The prompt here keeps its id and its name: a file's prompt with either is left out."""
    theirs = (
        Prompt("p1", "summary", "Old text"),
        Prompt("p2", "SUMMARY", "Another summary"),
        Prompt("p3", "translate", "Translate {{text}}"),
    )
    current = Snapshot(settings=Settings(prompts=(MINE,)))
    result = merge(current, Snapshot(settings=Settings(prompts=theirs)))
    assert result.snapshot.settings.prompts == (MINE, theirs[2])
    assert result.settings_changed
    assert merge(result.snapshot, result.snapshot).snapshot == result.snapshot
