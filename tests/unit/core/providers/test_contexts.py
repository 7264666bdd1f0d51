"""Context sizes read from the model list, where a server puts them there."""

from __future__ import annotations

import json
from pathlib import Path

from plauder.core.providers import contexts_from
from plauder.core.providers.openai import parse_contexts
from plauder.core.records import BackendKind

FIXTURE = Path(__file__).parents[2] / "fixtures" / "models" / "llamacpp_v1_models.json"


def test_llamacpp_reports_the_context_it_was_started_with() -> None:
    """Recorded from the real server (xllamacpp, SmolLM2 started with 2,048 of its 8,192 trained tokens)."""
    assert contexts_from(BackendKind("openai"), FIXTURE.read_text("utf-8")) == {"SmolLM2-135M-Instruct": 2048}


def test_vllm_and_openrouter_fields_and_servers_that_say_nothing() -> None:
    listing = {
        "data": [
            {"id": "qwen", "max_model_len": 32768},  # vLLM
            {"id": "claude", "context_length": 200000},  # OpenRouter
            {"id": "gpt-4o-mini", "object": "model"},  # OpenAI: nothing
            {"id": "odd", "max_model_len": "big", "meta": {"n_ctx": True}, "context_length": -1},
            {"max_model_len": 4096},  # no id
        ]
    }
    assert parse_contexts(listing) == {"qwen": 32768, "claude": 200000}
    assert parse_contexts([]) == {} and parse_contexts({"data": "x"}) == {}


def test_other_kinds_and_unreadable_bodies_give_no_sizes() -> None:
    assert contexts_from(BackendKind("ollama"), json.dumps({"models": [{"name": "llama3"}]})) == {}
    assert contexts_from(BackendKind("anthropic"), json.dumps({"data": [{"id": "c", "context_length": 9}]})) == {}
    assert contexts_from(BackendKind("openai"), "<html>") == {}
