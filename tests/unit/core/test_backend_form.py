"""The settings form: defaults per kind, model names typed by hand, URL validation."""

from __future__ import annotations

from plauder.core.backend_form import edited, form_values, new_backend, split_models
from plauder.core.records import BackendKind


def test_new_backends_start_with_the_kind_s_usual_url() -> None:
    """Each kind starts with the URL its server usually has."""
    assert new_backend("x", BackendKind("ollama")).base_url == "http://localhost:11434"
    assert new_backend("x", BackendKind("anthropic")).base_url == "https://api.anthropic.com"


def test_manual_models_are_split_trimmed_and_deduplicated() -> None:
    """'a, b,,a ' gives a and b, in order."""
    assert split_models("a, b,,a ") == ("a", "b")


def test_edited_backend_takes_the_form_values() -> None:
    """Trimmed values land in the backend; an empty name falls back to the kind's name."""
    form = {
        "name": " ",
        "base_url": " http://127.0.0.1:8080/v1 ",
        "api_key": " sk-1 ",
        "manual_models": "m1, m2",
        "timeout_seconds": "30",
    }
    result = edited(new_backend("x", BackendKind("openai")), form)
    assert not isinstance(result, str)
    assert (result.name, result.base_url, result.api_key, result.manual_models, result.timeout_seconds) == (
        "OpenAI-compatible",
        "http://127.0.0.1:8080/v1",
        "sk-1",
        ("m1", "m2"),
        30.0,
    )


def test_form_values_read_back_unchanged() -> None:
    """What the form shows for a backend gives the same backend when saved untouched."""
    backend = new_backend("x", BackendKind("ollama"))
    assert edited(backend, form_values(backend)) == backend


def test_timeout_must_be_a_sensible_number_of_seconds() -> None:
    """A timeout that is not a number between 1 s and an hour is refused with its own message."""
    backend = new_backend("x", BackendKind("ollama"))
    for bad in ("soon", "0", "100000"):
        assert edited(backend, {**form_values(backend), "timeout_seconds": bad}) == "settings.timeout_invalid"


def test_url_without_http_scheme_is_refused() -> None:
    """A URL that is not http(s) gives the message key to show, and changes nothing."""
    backend = new_backend("x", BackendKind("openai"))
    for bad in ("javascript:alert(1)", "localhost:8080"):
        assert edited(backend, {**form_values(backend), "base_url": bad}) == "settings.url_invalid"


def test_image_models_and_their_own_timeout_are_taken_where_the_kind_draws() -> None:
    """An OpenAI-compatible backend takes image models and a picture timeout; a kind without the images API
    keeps none, and a picture timeout that is no sensible number is refused like the other."""
    openai = new_backend("x", BackendKind("openai"))
    form = {**form_values(openai), "image_models": "flux-dev, sdxl,,flux-dev", "image_timeout_seconds": "900"}
    result = edited(openai, form)
    assert not isinstance(result, str) and (result.image_models, result.image_timeout_seconds) == (
        ("flux-dev", "sdxl"),
        900.0,
    )
    assert form_values(result)["image_models"] == "flux-dev, sdxl"
    assert edited(openai, {**form, "image_timeout_seconds": "0"}) == "settings.timeout_invalid"
    ollama = new_backend("y", BackendKind("ollama"))
    drawn = edited(ollama, {**form_values(ollama), "image_models": "flux-dev"})
    assert not isinstance(drawn, str) and drawn.image_models == ()


def test_the_pictures_longest_side_is_set_per_backend_within_its_range() -> None:
    """Any kind takes a longest side for the pictures it is sent (a vision model need not draw); the form shows it
    back, and a side that is no whole number from 256 to 8192 is refused with its own message."""
    ollama = new_backend("y", BackendKind("ollama"))
    assert form_values(ollama)["image_max_side"] == "2048"
    result = edited(ollama, {**form_values(ollama), "image_max_side": " 768 "})
    assert not isinstance(result, str) and result.image_max_side == 768
    assert form_values(result)["image_max_side"] == "768"
    for bad in ("255", "8193", "1024.5", "", "big"):
        assert edited(ollama, {**form_values(ollama), "image_max_side": bad}) == "settings.image_side_invalid"
