"""The OpenAI-compatible images API: the request as documented, the answer's two forms, and the errors named."""

from __future__ import annotations

import base64
import json

from plauder.core.i18n import translate
from plauder.core.image_api import (
    Drawn,
    build_request,
    from_backend,
    media_type,
    parse_response,
    refused,
    timed_out,
)
from plauder.core.providers import BackendConfig
from plauder.core.records import BackendKind, ErrorInfo, Generation

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16
BACKEND = BackendConfig(BackendKind("openai"), "http://images.lan:8080", "sk-secret")


def body(**entries: object) -> str:
    return json.dumps({"created": 1_713_833_628, **entries})


def test_the_request_asks_for_base64_with_the_parameters_set() -> None:
    """POST <root>/images/generations with prompt, model and n; size and quality only when chosen."""
    request = build_request(BACKEND, "a red fox", Generation("b", "flux-dev", size="512x512", count=2))
    assert (request.method, request.url) == ("POST", "http://images.lan:8080/v1/images/generations")
    assert request.headers["authorization"] == "Bearer sk-secret"
    assert json.loads(request.body or "") == {
        "prompt": "a red fox",
        "model": "flux-dev",
        "n": 2,
        "size": "512x512",
        "response_format": "b64_json",
    }
    plain = json.loads(build_request(BACKEND, "x", Generation("b", "sd", quality="hd")).body or "")
    assert plain == {"prompt": "x", "model": "sd", "n": 1, "quality": "hd", "response_format": "b64_json"}


def test_gpt_image_models_are_not_sent_response_format() -> None:
    """OpenAI's reference: the GPT image models always answer in base64 and do not take the parameter."""
    request = build_request(
        BackendConfig(BackendKind("openai"), "https://api.openai.com/v1"), "x", Generation("b", "gpt-image-1")
    )
    assert request.url == "https://api.openai.com/v1/images/generations"
    assert "response_format" not in json.loads(request.body or "")
    assert "authorization" not in request.headers


def test_base64_pictures_and_revised_prompts_are_read() -> None:
    answer = body(
        data=[
            {"b64_json": base64.b64encode(PNG).decode(), "revised_prompt": " A fox in the snow "},
            {"b64_json": base64.b64encode(JPEG).decode()},
        ]
    )
    assert parse_response(answer, "http://h") == [Drawn(data=PNG, revised_prompt="A fox in the snow"), Drawn(data=JPEG)]


def test_urls_are_resolved_against_the_api_root_and_data_urls_carry_bytes() -> None:
    answer = body(
        data=[
            {"url": "https://files.example.com/img-1.png?sig=abc"},
            {"url": "/v1/files/2.png"},
            {"url": "files/3.png"},
            {"url": "data:image/png;base64," + base64.b64encode(PNG).decode()},
        ]
    )
    assert parse_response(answer, "http://h:8080") == [
        Drawn(url="https://files.example.com/img-1.png?sig=abc"),
        Drawn(url="http://h:8080/v1/files/2.png"),
        Drawn(url="http://h:8080/v1/files/3.png"),
        Drawn(data=PNG),
    ]


def test_unreadable_entries_are_left_out_and_no_picture_at_all_is_malformed() -> None:
    mixed = body(data=[{"b64_json": "not base64!"}, {"b64_json": base64.b64encode(PNG).decode()}, {}])
    assert parse_response(mixed, "http://h") == [Drawn(data=PNG)]
    for answer in (body(data=[]), body(), "<html>gateway</html>", body(data=[{"b64_json": "%%%"}])):
        result = parse_response(answer, "http://h")
        assert isinstance(result, ErrorInfo) and result.kind == "malformed"


def test_media_types_come_from_the_bytes() -> None:
    assert media_type(PNG) == "image/png"
    assert media_type(JPEG) == "image/jpeg"
    assert media_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert media_type(b"GIF89a...") == "image/gif"
    assert media_type(b"<html>") is None
    assert media_type(b"") is None


def test_only_the_backends_own_origin_is_fetched() -> None:
    assert from_backend("http://images.lan:8080/v1/files/1.png", "http://images.lan:8080/v1")
    assert from_backend("HTTP://Images.LAN:8080/x.png", "http://images.lan:8080")
    assert not from_backend("http://images.lan:9000/x.png", "http://images.lan:8080/v1")
    assert not from_backend("https://files.example.com/x.png", "http://images.lan:8080")
    assert not from_backend("https://images.lan:8080/x.png", "http://images.lan:8080")


def error_body(
    message: str, code: str | None = None, param: str | None = None, kind: str = "invalid_request_error"
) -> str:
    return json.dumps({"error": {"code": code, "message": message, "param": param, "type": kind}})


def test_a_content_policy_refusal_is_named_with_the_servers_words() -> None:
    words = "Your request was rejected as a result of our safety system."
    for answer in (
        error_body(words, code="content_policy_violation"),
        error_body(words, code="moderation_blocked", kind="image_generation_user_error"),
    ):
        info = refused(400, {}, answer, size="1024x1024", api_key="", now=0)
        assert (info.kind, info.message_key, info.server_message) == ("refused", "error.image_refused", words)
        assert info.hint_keys == ("hint.image_reword",)


def test_an_unsupported_size_is_named_with_the_size_asked_for() -> None:
    words = "Invalid value: '999x999'. Supported values are: '256x256', '512x512', and '1024x1024'."
    info = refused(400, {}, error_body(words, param="size"), size="999x999", api_key="", now=0)
    assert (info.kind, info.message_key, info.params) == (
        "size",
        "error.image_size",
        {"status": 400, "size": "999x999"},
    )
    quoted = refused(
        400, {}, error_body("'999x999' is not one of ['1024x1024'] - 'size'"), size="999x999", api_key="", now=0
    )
    assert quoted.message_key == "error.image_size" and quoted.params["size"] == "999x999"
    other = refused(400, {}, error_body("Request size too large"), size=None, api_key="", now=0)
    assert other.message_key == "error.bad_request"
    assert translate("de", info.message_key, **info.params).startswith(
        "Das Bildmodell erzeugt keine Bilder mit 999x999"
    )


def test_other_errors_stay_as_any_backends() -> None:
    other = refused(400, {}, error_body("prompt is too long"), size=None, api_key="", now=0)
    assert other.message_key == "error.bad_request"
    auth = refused(
        401, {}, error_body("bad key sk-secret", code="content_policy_violation"), size=None, api_key="sk-secret", now=0
    )
    assert auth.message_key == "error.auth" and "sk-secret" not in auth.server_message


def test_the_timeout_says_pictures_take_long_in_both_languages() -> None:
    info = timed_out(300)
    assert (info.kind, info.params) == ("timeout", {"seconds": "300"})
    assert translate("en", info.message_key, **info.params) == "No picture came within 300 seconds."
    assert "Bild-Zeitlimit" in translate("de", info.hint_keys[0])
