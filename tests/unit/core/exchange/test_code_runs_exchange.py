"""What code blocks printed when they ran (core/running) goes through Plauder's export and back, as does the time
limit; a file whose runs are malformed is refused, naming the field (docs/export-format.md)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from plauder.core.exchange import ImportProblem, export_json, parse_export
from plauder.core.exchange.snapshot import Snapshot
from plauder.core.records import CodeRun, Role, RunOutcome
from tests.unit.fixtures.snapshots import T0, sample_snapshot

RUNS = (
    CodeRun("0123456789abcdef", RunOutcome.DONE, "hello\n", "careful\n", "45", "", 0.02, 0, T0 + 50),
    CodeRun("fedcba9876543210", RunOutcome.TIMEOUT, "tick\n" * 3, seconds=10.0, cut=7, ran_at=T0 + 60),
    CodeRun("00000000ffffffff", RunOutcome.DONE, error="Traceback (most recent call last):\n…", ran_at=T0 + 70),
)


def with_runs() -> tuple[Snapshot, str]:
    sample = sample_snapshot()
    answer = next(m for m in sample.messages if m.role is Role.ASSISTANT)
    ran = replace(answer, runs=RUNS)
    settings = replace(sample.settings, code_seconds=30)
    snapshot = replace(
        sample, settings=settings, messages=tuple(ran if m.id == answer.id else m for m in sample.messages)
    )
    return snapshot, answer.id


def test_runs_and_the_time_limit_go_through_an_export_and_back() -> None:
    snapshot, answer_id = with_runs()
    text = export_json(snapshot, include_keys=True, exported_at_ms=T0)
    data = json.loads(text)
    assert data["settings"]["code_seconds"] == 30
    messages = data["conversations"][0]["messages"]
    entry = next(m for m in messages if m["id"] == answer_id)
    assert entry["runs"][1] == {
        "code": "fedcba9876543210",
        "outcome": "timeout",
        "stdout": "tick\n" * 3,
        "seconds": 10.0,
        "cut": 7,
        "ran_at": T0 + 60,
    }
    assert all("runs" not in m for m in messages if m["id"] != answer_id)  # the others' records as they were
    assert parse_export(text) == snapshot


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda run: run.update(outcome="exploded"), "outcome"),
        (lambda run: run.update(stdout=["hello"]), "stdout"),
        (lambda run: run.update(seconds="fast"), "seconds"),
        (lambda run: run.update(cut=1.5), "cut"),
        (lambda run: run.pop("code"), "code"),
    ],
)
def test_a_malformed_run_refuses_the_file_naming_its_field(edit: Any, field: str) -> None:
    snapshot, answer_id = with_runs()
    data = json.loads(export_json(snapshot, include_keys=True, exported_at_ms=T0))
    messages = data["conversations"][0]["messages"]
    index = next(i for i, m in enumerate(messages) if m["id"] == answer_id)
    edit(messages[index]["runs"][2])
    with pytest.raises(ImportProblem) as caught:
        parse_export(json.dumps(data))
    assert (caught.value.key, caught.value.params) == (
        "import.invalid",
        {"path": f"conversations[0].messages[{index}].runs[2].{field}"},
    )


def test_a_time_limit_that_is_no_whole_number_refuses_the_file() -> None:
    snapshot, _answer_id = with_runs()
    data = json.loads(export_json(snapshot, include_keys=True, exported_at_ms=T0))
    data["settings"]["code_seconds"] = "ten"
    with pytest.raises(ImportProblem) as caught:
        parse_export(json.dumps(data))
    assert caught.value.params == {"path": "settings.code_seconds"}
