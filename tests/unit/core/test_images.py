"""Pictures for vision models: which files are taken, the size they are sent at, how a message keeps them,
and the request each provider gets (its documented shape), while a message without pictures keeps its own."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plauder.core import attaching, thread, turns
from plauder.core.images import MAX_SIDE, precheck, scaled, side_limit, source_type, stored_type
from plauder.core.privacy.outgoing import outgoing
from plauder.core.privacy.policy import Guard
from plauder.core.providers import provider_for
from plauder.core.providers.types import BackendConfig
from plauder.core.records import Backend, BackendKind, Conversation, Image, Message, MessageStatus, Role, Settings
from plauder.core.requests import chat_request_for
from plauder.core.state import ChatState

PHOTO = Image("img-1", "photo.jpg", "image/jpeg", 2048, 1536, 480_000)
SKETCH = Image("img-2", "sketch.png", "image/png", 300, 200, 9_000)
BYTES = {"img-1": "/9j/AAAA", "img-2": "iVBORw0K"}


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((4000, 3000), (2048, 1536)),  # a 12-megapixel photo
        ((3000, 4000), (1536, 2048)),
        ((2048, 10), (2048, 10)),  # at the limit: as it is
        ((800, 600), (800, 600)),  # never made larger
        ((100_000, 1), (2048, 1)),  # no side below a pixel
        ((3001, 2001), (2048, 1366)),  # rounded to the nearest pixel
    ],
)
def test_scaled_keeps_the_aspect_and_never_grows(size: tuple[int, int], expected: tuple[int, int]) -> None:
    assert scaled(*size) == expected


@given(st.integers(1, 20_000), st.integers(1, 20_000), st.integers(16, 4096))
def test_scaled_fits_the_limit_and_keeps_the_ratio(width: int, height: int, limit: int) -> None:
    new_width, new_height = scaled(width, height, limit)
    assert max(new_width, new_height) == min(limit, max(width, height))
    assert new_width <= width and new_height <= height
    factor = max(new_width, new_height) / max(width, height)
    exact = min(width, height) * factor  # the short side, scaled exactly: within half a pixel, at least one
    assert abs(min(new_width, new_height) - max(1.0, exact)) <= 0.5 + 1e-9


def test_scaled_refuses_an_empty_picture() -> None:
    with pytest.raises(ValueError, match="0 x 5"):
        scaled(0, 5)


def test_the_default_limit_is_2048() -> None:
    assert scaled(5000, 100) == (MAX_SIDE, 41) and MAX_SIDE == 2048


def test_the_limit_is_the_backends_the_message_goes_to() -> None:
    """The selected backend's own longest side; the default with no backend chosen, or one that is gone."""
    small = Backend("s", "Small", BackendKind("ollama"), "http://127.0.0.1:11434", image_max_side=512)
    settings = Settings(backends=(small,))
    assert side_limit(settings, ("s", "llava")) == 512
    assert side_limit(settings, None) == side_limit(settings, ("gone", "m")) == MAX_SIDE


@pytest.mark.parametrize(
    ("name", "browser_type", "expected"),
    [
        ("a.png", "", "image/png"),
        ("A.JPG", "", "image/jpeg"),
        ("b.jpeg", "image/jpeg", "image/jpeg"),
        ("c.webp", "", "image/webp"),
        ("d.gif", "image/gif", "image/gif"),
        ("clipboard", "image/png", "image/png"),  # a pasted picture often has no useful name
        ("e.heic", "image/heic", None),
        ("notes.txt", "text/plain", None),
    ],
)
def test_source_type(name: str, browser_type: str, expected: str | None) -> None:
    assert source_type(name, browser_type) == expected


def test_precheck_refuses_empty_and_huge_files_by_name() -> None:
    assert precheck("a.png", 1000) is None
    assert precheck("a.png", 0).key == "attach.image_unreadable"  # type: ignore[union-attr]
    huge = precheck("a.png", 60_000_000)
    assert huge is not None and (huge.name, huge.key, huge.params) == ("a.png", "attach.too_big", {"limit": "50 MB"})


def test_photos_stay_jpeg_and_everything_else_becomes_png() -> None:
    assert stored_type("image/jpeg") == "image/jpeg"
    assert {stored_type(t) for t in ("image/png", "image/webp", "image/gif")} == {"image/png"}


def test_a_message_keeps_its_pictures_as_records_without_bytes() -> None:
    message = Message("m", "c", None, Role.USER, "Look", 1.0, images=(PHOTO, SKETCH))
    record = message.to_record()
    assert record["images"][0] == {
        "id": "img-1",
        "name": "photo.jpg",
        "media_type": "image/jpeg",
        "width": 2048,
        "height": 1536,
        "size": 480_000,
    }
    assert Message.from_record(json.loads(json.dumps(record))) == message
    assert "images" not in replace(message, images=()).to_record()  # records without pictures stay as they were


def sent(kind: str, images: dict[str, str] | None = BYTES) -> dict:  # type: ignore[type-arg]
    conversation = Conversation("c", "t", 1.0, 1.0, backend_id="b", model="m", system_prompt="Be brief.")
    conversation, question, answer = thread.send(conversation, "What is this?", 2.0, images=(PHOTO, SKETCH))
    request = chat_request_for(conversation, [question, answer], continuing=False, images=images)
    provider = provider_for(BackendKind(kind))
    return json.loads(provider.build_chat_request(BackendConfig(BackendKind(kind), "http://h"), request).body or "")


def test_openai_compatible_gets_a_text_part_and_image_url_parts_with_data_urls() -> None:
    """https://platform.openai.com/docs/guides/images-vision: content is a list of typed parts."""
    assert sent("openai")["messages"][1] == {
        "role": "user",
        "content": [
            {"type": "text", "text": "What is this?"},
            {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/AAAA"}},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0K"}},
        ],
    }


def test_anthropic_gets_base64_image_blocks_before_the_text() -> None:
    """https://docs.anthropic.com/en/docs/build-with-claude/vision: image blocks with a base64 source."""
    assert sent("anthropic")["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/AAAA"}},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0K"}},
                {"type": "text", "text": "What is this?"},
            ],
        }
    ]


def test_ollama_gets_bare_base64_in_the_message_images() -> None:
    """https://github.com/ollama/ollama/blob/main/docs/api.md#chat-request-with-images."""
    assert sent("ollama")["messages"][1] == {
        "role": "user",
        "content": "What is this?",
        "images": ["/9j/AAAA", "iVBORw0K"],
    }


def test_a_picture_whose_bytes_are_not_here_is_left_out() -> None:
    assert sent("ollama", {"img-2": "iVBORw0K"})["messages"][1]["images"] == ["iVBORw0K"]
    assert sent("openai", None)["messages"][1] == {"role": "user", "content": "What is this?"}


def test_pictures_alone_send_no_empty_text() -> None:
    conversation = Conversation("c", "t", 1.0, 1.0, backend_id="b", model="m")
    conversation, question, answer = thread.send(conversation, "", 2.0, images=(SKETCH,))
    request = chat_request_for(conversation, [question, answer], continuing=False, images=BYTES)
    for kind in ("openai", "anthropic"):
        http = provider_for(BackendKind(kind)).build_chat_request(BackendConfig(BackendKind(kind), "http://h"), request)
        (part,) = json.loads(http.body or "")["messages"][0]["content"]
        assert part["type"] in {"image", "image_url"}


def test_redaction_keeps_the_pictures() -> None:
    conversation = Conversation("c", "t", 1.0, 1.0, backend_id="b", model="m")
    conversation, question, answer = thread.send(conversation, "Mail max@example.com", 2.0, images=(PHOTO,))
    request = outgoing(conversation, [question, answer], False, Guard(), images=BYTES).request
    assert request.messages[0].content == "Mail [EMAIL_1]"
    assert [image.data for image in request.messages[0].images] == ["/9j/AAAA"]


SETTINGS = Settings(
    backends=(Backend(id="b", name="B", kind=BackendKind("openai"), base_url="http://127.0.0.1:1/v1"),),
    default_backend_id="b",
    default_model="m",
)


def test_pictures_join_the_draft_go_with_the_message_and_can_be_removed() -> None:
    state = attaching.attached(ChatState(SETTINGS), [PHOTO, SKETCH]).state
    assert state.images == (PHOTO, SKETCH)
    state = attaching.image_detached(state, 0).state
    assert state.images == (SKETCH,)
    assert attaching.image_detached(state, 5).state == state
    step = turns.send(state, "", 10.0)  # a picture alone is a message
    question = next(m for m in step.state.messages.values() if m.role is Role.USER)
    assert question.images == (SKETCH,) and step.state.images == ()
    assert step.state.current is not None and step.state.current.title == "sketch.png"
    answer = next(m for m in step.state.messages.values() if m.role is Role.ASSISTANT)
    assert answer.status is MessageStatus.STREAMING
