"""A warning before sending what would not fit the model's context, as its server reported the size."""

from __future__ import annotations

from dataclasses import replace

from plauder.core.admin import AdminPreset, PresetBackend, apply_preset
from plauder.core.context import context_size, context_warning
from plauder.core.records import Attachment, Backend, BackendKind, Settings
from plauder.core.state import ChatState, Notice
from plauder.core.tokens import MESSAGE_TOKENS, REPLY_TOKENS

NOW = 1_700_000_000_000.0
LLAMA = Backend("b", "llama.cpp", BackendKind("openai"), "http://127.0.0.1:8080/v1", fetched_models=("smol", "big"))
SIZED = Settings(backends=(replace(LLAMA, contexts={"smol": 100}),), default_backend_id="b", default_model="smol")


def test_the_size_is_the_one_the_server_gave_for_the_chosen_model() -> None:
    assert context_size(SIZED, ("b", "smol")) == 100
    assert context_size(SIZED, ("b", "big")) is None  # the server said nothing of it
    assert context_size(SIZED, ("gone", "smol")) is None and context_size(SIZED, None) is None


def test_a_message_that_does_not_fit_is_warned_about_one_that_fits_is_not() -> None:
    """388 characters is 97 tokens, with the markers 104: over 100. 360 characters (90 + 7) fit."""
    state = ChatState(SIZED)
    assert context_warning(state, "x" * 360, NOW) is None
    assert 388 // 4 + MESSAGE_TOKENS + REPLY_TOKENS == 104
    assert context_warning(state, "x" * 388, NOW) == Notice(
        "context.over", {"tokens": 104, "size": 100, "model": "smol"}
    )


def test_files_count_and_no_size_means_no_warning() -> None:
    """The attached files go with the message, so they count; a model without a known size is never warned about."""
    with_file = ChatState(SIZED, attachments=(Attachment("a.txt", 400, "text/plain", "y" * 400),))
    assert context_warning(with_file, "Hi", NOW) is not None
    unsized = ChatState(replace(SIZED, default_model="big"))
    assert context_warning(unsized, "x" * 100_000, NOW) is None


def test_an_admins_backend_keeps_the_sizes_fetched_with_its_models() -> None:
    preset = AdminPreset(backends=(PresetBackend("admin-l", "L", BackendKind("openai"), "http://l/v1", ("smol",)),))
    fetched = Settings(
        backends=(
            Backend(
                "admin-l",
                "L",
                BackendKind("openai"),
                "http://l/v1",
                contexts={"smol": 8},
            ),
        )
    )
    assert apply_preset(fetched, preset).backends[0].contexts == {"smol": 8}


def test_backend_records_keep_the_sizes_and_drop_what_is_no_size() -> None:
    sized = replace(LLAMA, contexts={"smol": 2048})
    assert Backend.from_record(sized.to_record()) == sized
    assert "contexts" not in LLAMA.to_record()  # records of servers that tell no size stay as they were
    odd = {**sized.to_record(), "contexts": {"a": True, "b": -1, "c": 5, "d": "big"}}
    assert Backend.from_record(odd).contexts == {"c": 5}
